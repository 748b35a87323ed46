from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Q
from django.utils.translation import gettext as _

from marketplace.core.text import vietnamese_slugify
from marketplace.graphql.core.connection import ConnectionField, CountableConnection, SortKey, paginate
from marketplace.graphql.core.enums import enum_value
from marketplace.graphql.core.errors import PERMISSION_DENIED, ApiError
from marketplace.graphql.core.ids import from_global_id_or_error, require_one_of
from marketplace.graphql.core.selection import selected_fields
from marketplace.graphql.seller.access import can_see_private, memberships
from marketplace.graphql.seller.enums import SellerStatusEnum
from marketplace.graphql.seller.loaders import plan_sellers
from marketplace.graphql.seller.mutations import (
    SellerApplicationSubmit,
    SellerApprove,
    SellerChangesRequest,
    SellerDocumentReview,
    SellerDocumentUpload,
    SellerRegister,
    SellerReinstate,
    SellerReject,
    SellerReviewStart,
    SellerSuspend,
    SellerUpdate,
)
from marketplace.graphql.seller.team_mutations import (
    SellerInvitationAccept,
    SellerInvitationRevoke,
    SellerMemberInvite,
    SellerMemberRemove,
    SellerMemberUpdate,
)
from marketplace.graphql.seller.types import Seller, SellerCountableConnection, SellerKindEnum, sellers_for_request
from marketplace.seller import models
from marketplace.seller.permissions import is_operator
from marketplace.seller.selectors import review_queue


class SellerFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Name contains (diacritics optional).")
    kinds = graphene.List(graphene.NonNull(SellerKindEnum))
    provinces = graphene.List(graphene.NonNull(graphene.String), description="Province codes.")


class SellerQueries(graphene.ObjectType):
    seller = graphene.Field(
        Seller,
        id=graphene.ID(description="ID of the seller."),
        slug=graphene.String(description="Slug of the seller."),
        description="Look up a seller by ID or slug: approved sellers for everyone, the requester's own sellers "
        "in any status, every seller for operators.",
    )
    sellers = ConnectionField(
        SellerCountableConnection,
        filter=graphene.Argument(SellerFilterInput),
        description="List of the marketplace's sellers, by name.",
    )
    my_sellers = graphene.List(
        graphene.NonNull(Seller),
        required=True,
        description="Sellers the requester works for (owner or staff), in the order they joined; empty when anonymous.",
    )
    seller_applications = ConnectionField(
        SellerCountableConnection,
        status=graphene.List(
            graphene.NonNull(SellerStatusEnum),
            description="Only these statuses of the queue (SUBMITTED, IN_REVIEW); others match nothing.",
        ),
        description="Operators: applications waiting for a decision (submitted or in review), the longest-waiting "
        "first.",
    )

    @staticmethod
    def resolve_seller(
        root: None, info: graphene.ResolveInfo, id: str | None = None, slug: str | None = None
    ) -> models.Seller | None:
        require_one_of(id=id, slug=slug)
        sellers = plan_sellers(models.Seller.objects.select_related("province", "commune"), selected_fields(info))
        if id is not None:
            seller = sellers.filter(pk=from_global_id_or_error(id, "Seller")).first()
        else:
            seller = sellers.filter(slug=slug).first()
        if seller is None:
            return None
        return seller if seller.status == models.SellerStatus.APPROVED or can_see_private(info, seller) else None

    @staticmethod
    def resolve_sellers(root: None, info: graphene.ResolveInfo, filter: Any = None, **args: Any) -> CountableConnection:
        sellers = sellers_for_request(info.context).select_related("province", "commune")
        if filter:
            if filter.get("search"):
                text = filter["search"].strip()
                sellers = sellers.filter(Q(name__icontains=text) | Q(slug__icontains=vietnamese_slugify(text)))
            if filter.get("kinds") is not None:
                sellers = sellers.filter(kind__in=[enum_value(kind) for kind in filter["kinds"]])
            if filter.get("provinces") is not None:
                sellers = sellers.filter(province_id__in=filter["provinces"])
        sellers = plan_sellers(sellers, selected_fields(info, "edges", "node"))
        return paginate(
            sellers,
            connection_type=SellerCountableConnection,
            sort_keys=[SortKey("name"), SortKey("slug")],
            connection_name="sellers",
            **args,
        )

    @staticmethod
    def resolve_my_sellers(root: None, info: graphene.ResolveInfo) -> list[models.Seller]:
        user = info.context.user
        if not user.is_authenticated or not user.is_active:
            return []
        sellers = models.Seller.objects.filter(members__user_id=user.pk).select_related("province", "commune")
        sellers = plan_sellers(sellers.order_by("members__created_at", "members__pk"), selected_fields(info))
        found = list(sellers)
        memberships(info.context)  # one query for every seller's private fields
        return found

    @staticmethod
    def resolve_seller_applications(
        root: None, info: graphene.ResolveInfo, status: list[Any] | None = None, **args: Any
    ) -> CountableConnection:
        if not is_operator(info.context.user):
            raise ApiError(_("Chỉ cán bộ quản lý sàn mới xem được hồ sơ chờ duyệt."), code=PERMISSION_DENIED)
        queue = review_queue()
        if status is not None:
            queue = queue.filter(status__in=[enum_value(value) for value in status])
        queue = plan_sellers(queue, selected_fields(info, "edges", "node"))
        return paginate(
            queue,
            connection_type=SellerCountableConnection,
            sort_keys=[SortKey("submitted_at")],
            connection_name="sellerApplications",
            **args,
        )


class SellerMutations(graphene.ObjectType):
    seller_register = SellerRegister.Field()
    seller_update = SellerUpdate.Field()
    seller_document_upload = SellerDocumentUpload.Field()
    seller_application_submit = SellerApplicationSubmit.Field()
    seller_review_start = SellerReviewStart.Field()
    seller_changes_request = SellerChangesRequest.Field()
    seller_approve = SellerApprove.Field()
    seller_reject = SellerReject.Field()
    seller_suspend = SellerSuspend.Field()
    seller_reinstate = SellerReinstate.Field()
    seller_document_review = SellerDocumentReview.Field()
    seller_member_invite = SellerMemberInvite.Field()
    seller_invitation_revoke = SellerInvitationRevoke.Field()
    seller_invitation_accept = SellerInvitationAccept.Field()
    seller_member_remove = SellerMemberRemove.Field()
    seller_member_update = SellerMemberUpdate.Field()
