"""A seller's team: invitations by email or phone, joining, leaving, roles."""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext as _

from marketplace.account.models import User as UserModel
from marketplace.graphql.core.enums import enum_value
from marketplace.graphql.core.ids import from_global_id_or_error
from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.seller.access import forget_memberships, seller_for_member
from marketplace.graphql.seller.enums import SellerRoleEnum
from marketplace.graphql.seller.errors import SellerError
from marketplace.graphql.seller.team_types import SellerInvitation, SellerMember
from marketplace.graphql.seller.types import Seller
from marketplace.seller import models, services
from marketplace.seller.errors import SellerError as DomainSellerError


def _member_user(global_id: str) -> UserModel:
    """The user named by ``global_id``; whether they belong to the seller is the service's check."""
    user = UserModel.objects.filter(pk=from_global_id_or_error(global_id, "User")).first()
    if user is None:
        raise DomainSellerError("NOT_FOUND", _("Người này không phải thành viên của cơ sở."), field="user_id")
    return user


class SellerMemberInvite(BaseMutation):
    invitation = graphene.Field(SellerInvitation)
    seller = graphene.Field(Seller)

    class Arguments:
        seller_id = graphene.ID(required=True, description="ID of the seller.")
        email = graphene.String(description="Email of the person invited (or give a phone).")
        phone = graphene.String(description="Phone of the person invited (or give an email).")
        role = graphene.Argument(SellerRoleEnum, description="Role once joined; staff by default.")

    class Meta:
        description = (
            "Owners: invite someone by email (mailed a link) or phone (share `invitation.url`). Inviting the same "
            "contact again renews the invitation."
        )
        error_type_class = SellerError

    @classmethod
    def perform_mutation(
        cls,
        root: Any,
        info: graphene.ResolveInfo,
        *,
        seller_id: str,
        email: str | None = None,
        phone: str | None = None,
        role: Any = None,
    ) -> SellerMemberInvite:
        seller = seller_for_member(info, seller_id)
        invitation = services.invite_member(
            seller=seller,
            actor=info.context.user,
            email=email,
            phone=phone,
            role=enum_value(role) or models.SellerRole.STAFF,
        )
        return cls(invitation=invitation, seller=seller, errors=[])


class SellerInvitationRevoke(BaseMutation):
    invitation = graphene.Field(SellerInvitation)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the invitation.")

    class Meta:
        description = "Owners: withdraw an open invitation; its link stops working."
        error_type_class = SellerError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str) -> SellerInvitationRevoke:
        pk = from_global_id_or_error(id, "SellerInvitation")
        user = info.context.user
        invitation = (
            models.SellerInvitation.objects.filter(pk=pk, seller__members__user_id=user.pk)
            .select_related("seller")
            .first()
            if user.is_authenticated
            else None
        )
        if invitation is None:
            raise DomainSellerError("NOT_FOUND", _("Không tìm thấy lời mời."))
        invitation = services.revoke_invitation(invitation=invitation, actor=user)
        return cls(invitation=invitation, errors=[])


class SellerInvitationAccept(BaseMutation):
    member = graphene.Field(SellerMember)
    seller = graphene.Field(Seller)

    class Arguments:
        token = graphene.String(required=True, description="The token from the invitation link.")

    class Meta:
        description = "Join a seller with the role of the invitation. Requires sign-in with the invited contact."
        error_type_class = SellerError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, token: str) -> SellerInvitationAccept:
        member = services.accept_invitation(token=token, user=info.context.user)
        forget_memberships(info.context)
        return cls(member=member, seller=member.seller, errors=[])


class SellerMemberRemove(BaseMutation):
    seller = graphene.Field(Seller)

    class Arguments:
        seller_id = graphene.ID(required=True, description="ID of the seller.")
        user_id = graphene.ID(required=True, description="ID of the member's user; one's own ID to leave.")

    class Meta:
        description = "Owners: remove a member. Any member: leave. A seller keeps at least one owner."
        error_type_class = SellerError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, seller_id: str, user_id: str
    ) -> SellerMemberRemove:
        seller = seller_for_member(info, seller_id)
        services.remove_member(seller=seller, actor=info.context.user, user=_member_user(user_id))
        forget_memberships(info.context)
        return cls(seller=seller, errors=[])


class SellerMemberUpdate(BaseMutation):
    member = graphene.Field(SellerMember)

    class Arguments:
        seller_id = graphene.ID(required=True, description="ID of the seller.")
        user_id = graphene.ID(required=True, description="ID of the member's user.")
        role = graphene.Argument(SellerRoleEnum, required=True, description="The new role.")

    class Meta:
        description = "Owners: change a member's role. A seller keeps at least one owner."
        error_type_class = SellerError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, seller_id: str, user_id: str, role: Any
    ) -> SellerMemberUpdate:
        seller = seller_for_member(info, seller_id)
        member = services.set_member_role(
            seller=seller, actor=info.context.user, user=_member_user(user_id), role=enum_value(role)
        )
        forget_memberships(info.context)
        return cls(member=member, errors=[])
