"""Sellers: farmer households, cooperatives (HTX) and enterprises.

The public profile is for everyone; the private side (status, contact
details, application, documents, history, team, every product) resolves only
for the seller's members and operators and is null for anyone else."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

import graphene
from django.db.models import QuerySet
from django.http import HttpRequest
from graphene import relay

from marketplace.graphql.core.connection import CountableConnection, countable_connection
from marketplace.graphql.core.context import is_operator
from marketplace.graphql.core.descriptions import editorjs_from_text
from marketplace.graphql.core.enums import ThumbnailFormatEnum, enum_value
from marketplace.graphql.core.types import Image, ModelObjectType
from marketplace.graphql.geography.types import Commune, Province
from marketplace.graphql.product.category import product_connection_field
from marketplace.graphql.product.media import validate_thumbnail_size
from marketplace.graphql.product.ocop import OcopCertificate
from marketplace.graphql.seller import loaders
from marketplace.graphql.seller.access import can_see_private
from marketplace.graphql.seller.enums import SellerKindEnum, SellerStatusEnum
from marketplace.graphql.seller.onboarding_types import (
    SellerChecklistItem,
    SellerDocument,
    SellerNotice,
    SellerTransition,
)
from marketplace.graphql.seller.products import resolve_seller_products
from marketplace.graphql.seller.team_types import SellerInvitation, SellerMember
from marketplace.graphql.seller.warehouse_types import Warehouse
from marketplace.product.selectors import shop_sellers
from marketplace.seller import models
from marketplace.seller.selectors import last_transition, onboarding_checklist, seller_notice

__all__ = ["Seller", "SellerCountableConnection", "SellerKindEnum", "sellers_for_request"]


def sellers_for_request(request: HttpRequest) -> QuerySet[models.Seller]:
    """Shoppers see approved sellers; operators every seller."""
    return models.Seller.objects.all() if is_operator(request) else shop_sellers()


def private(resolver: Callable[..., Any]) -> staticmethod:
    """Resolve only for the seller's members and operators; null for anyone else."""

    @wraps(resolver)
    def resolve(root: models.Seller, info: graphene.ResolveInfo, **kwargs: Any) -> Any:
        return resolver(root, info, **kwargs) if can_see_private(info, root) else None

    return staticmethod(resolve)


PRIVATE = " Members of the seller and operators only (null for anyone else)."


class Seller(ModelObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    kind = graphene.Field(SellerKindEnum, required=True)
    description = graphene.JSONString(description="Description of the seller (Editor.js blocks).")
    province = graphene.Field(Province)
    commune = graphene.Field(Commune)
    logo = graphene.Field(
        Image,
        size=graphene.Int(description="Accepted for compatibility; the original image is returned."),
        format=graphene.Argument(ThumbnailFormatEnum),
    )
    created = graphene.DateTime(required=True)
    products = product_connection_field(
        "The seller's products in the channel. Its members and operators see every product of the seller, "
        "published or not; anyone else what the shop shows."
    )
    # The private side.
    status = graphene.Field(SellerStatusEnum, description="Where the seller stands in onboarding." + PRIVATE)
    phone = graphene.String(description="Contact phone, E.164." + PRIVATE)
    email = graphene.String(description="Contact email." + PRIVATE)
    street_address = graphene.String(description="House number, hamlet, street." + PRIVATE)
    tax_code = graphene.String(description="Tax code." + PRIVATE)
    submitted_at = graphene.DateTime(description="When the application was last submitted." + PRIVATE)
    onboarding_checklist = graphene.List(
        graphene.NonNull(SellerChecklistItem), description="What the application needs, done or not." + PRIVATE
    )
    notice = graphene.Field(SellerNotice, description="The latest decision, in words." + PRIVATE)
    documents = graphene.List(graphene.NonNull(SellerDocument), description="Current documents." + PRIVATE)
    transitions = graphene.List(
        graphene.NonNull(SellerTransition), description="The audit trail, oldest first." + PRIVATE
    )
    members = graphene.List(graphene.NonNull(SellerMember), description="Users working for the seller." + PRIVATE)
    invitations = graphene.List(graphene.NonNull(SellerInvitation), description="Open invitations." + PRIVATE)
    warehouses = graphene.List(
        graphene.NonNull(Warehouse), description="Where the seller ships from, the main one first." + PRIVATE
    )
    ocop_certificates = graphene.List(
        graphene.NonNull(OcopCertificate), description="OCOP certificates, latest decision first." + PRIVATE
    )

    class Meta:
        description = "A producer that sells on the marketplace: a household, a cooperative or an enterprise."
        interfaces = (relay.Node,)
        model = models.Seller

    @staticmethod
    def resolve_kind(root: models.Seller, info: graphene.ResolveInfo) -> str:
        return enum_value(root.kind)

    @staticmethod
    def resolve_description(root: models.Seller, info: graphene.ResolveInfo) -> dict | None:
        return editorjs_from_text(root.description, updated_at=root.updated_at)

    @staticmethod
    def resolve_logo(
        root: models.Seller, info: graphene.ResolveInfo, size: int | None = None, format: Any = None
    ) -> Image | None:
        validate_thumbnail_size(size)
        if not root.logo:
            return None
        return Image(url=info.context.build_absolute_uri(root.logo.url), alt=root.name)

    @staticmethod
    def resolve_created(root: models.Seller, info: graphene.ResolveInfo) -> Any:
        return root.created_at

    @staticmethod
    def resolve_products(root: models.Seller, info: graphene.ResolveInfo, **args: Any) -> CountableConnection:
        return resolve_seller_products(info, root, **args)

    resolve_status = private(lambda root, info: enum_value(root.status))
    resolve_phone = private(lambda root, info: root.phone)
    resolve_email = private(lambda root, info: root.email)
    resolve_street_address = private(lambda root, info: root.street_address)
    resolve_tax_code = private(lambda root, info: root.tax_code)
    resolve_onboarding_checklist = private(lambda root, info: onboarding_checklist(root))
    resolve_notice = private(lambda root, info: seller_notice(root))
    resolve_documents = private(lambda root, info: loaders.seller_documents(root))
    resolve_transitions = private(lambda root, info: loaders.seller_transitions(root))
    resolve_members = private(lambda root, info: loaders.seller_members(root))
    resolve_invitations = private(lambda root, info: loaders.seller_invitations(root))
    resolve_warehouses = private(lambda root, info: loaders.seller_warehouses(root))
    resolve_ocop_certificates = private(lambda root, info: loaders.seller_certificates(root))

    @private
    def resolve_submitted_at(root: models.Seller, info: graphene.ResolveInfo) -> datetime.datetime | None:
        if hasattr(root, "submitted_at"):  # annotated by the review queue
            return root.submitted_at
        submitted = last_transition(root, action=models.SellerAction.SUBMIT)
        return submitted.created_at if submitted else None

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.Seller | None:
        """Shoppers find approved sellers; members their own in any status; operators all."""
        seller = models.Seller.objects.select_related("province", "commune").filter(pk=pk).first()
        if seller is None:
            return None
        visible = seller.status == models.SellerStatus.APPROVED or can_see_private(info, seller)
        return seller if visible else None


SellerCountableConnection = countable_connection(Seller)
