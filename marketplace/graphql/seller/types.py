"""Sellers: farmer households, cooperatives (HTX) and enterprises."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from graphene import relay

from marketplace.graphql.core.connection import CountableConnection, countable_connection
from marketplace.graphql.core.context import is_operator
from marketplace.graphql.core.descriptions import editorjs_from_text
from marketplace.graphql.core.enums import ThumbnailFormatEnum, enum_from_choices
from marketplace.graphql.core.types import Image, ModelObjectType
from marketplace.graphql.geography.types import Commune, Province
from marketplace.graphql.product.category import product_connection_field
from marketplace.graphql.product.media import validate_thumbnail_size
from marketplace.graphql.product.resolvers import resolve_product_connection
from marketplace.product.selectors import shop_sellers
from marketplace.seller import models

SellerKindEnum = enum_from_choices(
    "SellerKindEnum", models.SellerKind, "Kind of seller: farmer household, cooperative (HTX) or enterprise."
)


def sellers_for_request(request: HttpRequest) -> QuerySet[models.Seller]:
    """Shoppers see approved sellers; operators every seller."""
    return models.Seller.objects.all() if is_operator(request) else shop_sellers()


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
    products = product_connection_field("The seller's products in the channel.")

    class Meta:
        description = "A producer that sells on the marketplace: a household, a cooperative or an enterprise."
        interfaces = (relay.Node,)
        model = models.Seller

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
        return resolve_product_connection(info, restrict=Q(seller_id=root.pk), **args)

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.Seller | None:
        return sellers_for_request(info.context).filter(pk=pk).first()


SellerCountableConnection = countable_connection(Seller)
