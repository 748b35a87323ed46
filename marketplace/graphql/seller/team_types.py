"""The people of a seller: its user members and open invitations."""

from __future__ import annotations

import graphene
from graphene import relay

from marketplace.graphql.account.types import User
from marketplace.graphql.core.enums import enum_value
from marketplace.graphql.core.types import ModelObjectType
from marketplace.graphql.seller.access import member_role, memberships
from marketplace.graphql.seller.enums import SellerRoleEnum
from marketplace.seller import models
from marketplace.seller.emails import invitation_url
from marketplace.seller.permissions import is_operator


class SellerMember(ModelObjectType):
    user = graphene.Field(User, required=True)
    role = graphene.Field(SellerRoleEnum, required=True)
    created_at = graphene.DateTime(required=True, description="When the user joined.")

    class Meta:
        description = "A user who works for a seller, with a role (owner or staff)."
        model = models.SellerMember

    @staticmethod
    def resolve_role(root: models.SellerMember, info: graphene.ResolveInfo) -> str:
        return enum_value(root.role)


class SellerInvitation(ModelObjectType):
    email = graphene.String(required=True, description="Invited email (empty for a phone invitation).")
    phone = graphene.String(required=True, description="Invited phone number, E.164 (empty for an email one).")
    role = graphene.Field(SellerRoleEnum, required=True)
    created_at = graphene.DateTime(required=True)
    expires_at = graphene.DateTime(required=True)
    accepted_at = graphene.DateTime()
    revoked_at = graphene.DateTime()
    is_open = graphene.Boolean(required=True, description="Neither accepted, revoked nor expired.")
    url = graphene.String(
        description="The link that accepts the invitation, to share by SMS or Zalo. Owners of the seller only."
    )

    class Meta:
        description = "An owner's invitation for someone to join a seller, by email or phone."
        interfaces = (relay.Node,)
        model = models.SellerInvitation

    @staticmethod
    def resolve_role(root: models.SellerInvitation, info: graphene.ResolveInfo) -> str:
        return enum_value(root.role)

    @staticmethod
    def resolve_is_open(root: models.SellerInvitation, info: graphene.ResolveInfo) -> bool:
        return root.is_open()

    @staticmethod
    def resolve_url(root: models.SellerInvitation, info: graphene.ResolveInfo) -> str | None:
        if member_role(info, root.seller_id) != models.SellerRole.OWNER:
            return None
        return invitation_url(root)

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.SellerInvitation | None:
        invitation = models.SellerInvitation.objects.filter(pk=pk).first()
        if invitation is None:
            return None
        visible = is_operator(info.context.user) or invitation.seller_id in memberships(info.context)
        return invitation if visible else None
