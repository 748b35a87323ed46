"""``sortBy: ProductOrder`` with Saleor's field names, turned into keyset sort keys."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import F, FloatField, OuterRef, Subquery, Value
from django.utils.translation import gettext as _

from marketplace.channel.models import Channel
from marketplace.graphql.core.connection import SortKey
from marketplace.graphql.core.enums import OrderDirection, enum_value
from marketplace.graphql.core.errors import INVALID, ApiError
from marketplace.product.models import ProductChannelListing
from marketplace.product.selectors import channel_variant_prices


class ProductOrderField(graphene.Enum):
    NAME = "NAME"
    RANK = "RANK"
    PRICE = "PRICE"
    MINIMAL_PRICE = "MINIMAL_PRICE"
    LAST_MODIFIED = "LAST_MODIFIED"
    DATE = "DATE"
    TYPE = "TYPE"
    PUBLISHED = "PUBLISHED"
    PUBLICATION_DATE = "PUBLICATION_DATE"
    PUBLISHED_AT = "PUBLISHED_AT"
    LAST_MODIFIED_AT = "LAST_MODIFIED_AT"
    RATING = "RATING"
    CREATED_AT = "CREATED_AT"

    @property
    def description(self) -> str:
        return {
            "NAME": "Sort products by name.",
            "RANK": "Sort products by rank. Note: This option is available only with the `search` filter.",
            "PRICE": "Sort products by price (the cheapest variant in the channel).",
            "MINIMAL_PRICE": "Sort products by a minimal price of a product's variant.",
            "LAST_MODIFIED": "Sort products by update date.",
            "DATE": "Sort products by update date.",
            "TYPE": "Sort products by type.",
            "PUBLISHED": "Sort products by publication status.",
            "PUBLICATION_DATE": "Sort products by publication date.",
            "PUBLISHED_AT": "Sort products by publication date.",
            "LAST_MODIFIED_AT": "Sort products by update date.",
            "RATING": "Sort products by rating.",
            "CREATED_AT": "Sort products by creation date.",
        }[self.name]


class ProductOrder(graphene.InputObjectType):
    direction = graphene.Argument(
        OrderDirection, required=True, description="Specifies the direction in which to sort."
    )
    field = graphene.Argument(ProductOrderField, description="Sort products by the selected field.")

    class Meta:
        description = "Sorting of products."


def _listing_value(channel: Channel, field: str) -> Subquery:
    return Subquery(ProductChannelListing.objects.filter(channel=channel, product_id=OuterRef("pk")).values(field)[:1])


def product_sort_keys(sort_by: Any, channel: Channel, *, searching: bool, has_rank: bool) -> list[SortKey]:
    """Keys for ``sort_by`` (default: slug, or rank when searching). Every
    order ends with the unique slug so that pages never overlap.

    Raises ``ApiError`` (INVALID) for RANK without a search."""
    field = enum_value(sort_by.get("field")) if sort_by else None
    descending = enum_value(sort_by.get("direction")) == "DESC" if sort_by else searching
    if field is None:
        if not searching:
            return [SortKey("slug", descending)]
        field = "RANK"
    if field == "RANK" and not searching:
        raise ApiError(_("Chỉ sắp xếp theo RANK được khi có tìm kiếm."), code=INVALID)

    def key(name: str, expression: Any = None) -> SortKey:
        return SortKey(name, descending, expression)

    by_field: dict[str, list[SortKey]] = {
        "NAME": [key("name")],
        # A search with no usable words ranks nothing: every rank is equal.
        "RANK": [key("search_rank") if has_rank else key("sort_rank", Value(0.0, output_field=FloatField()))],
        "PRICE": [
            key(
                "sort_price",
                Subquery(
                    channel_variant_prices(channel)
                    .filter(variant__product_id=OuterRef("pk"))
                    .order_by("price_amount")
                    .values("price_amount")[:1]
                ),
            ),
            key("name"),
        ],
        "MINIMAL_PRICE": [key("sort_minimal_price", _listing_value(channel, "discounted_price_amount")), key("name")],
        "TYPE": [key("sort_type", F("product_type__name"))],
        "PUBLISHED": [key("sort_published", _listing_value(channel, "is_published"))],
        "PUBLICATION_DATE": [key("sort_published_at", _listing_value(channel, "published_at"))],
        "PUBLISHED_AT": [key("sort_published_at", _listing_value(channel, "published_at"))],
        "LAST_MODIFIED": [key("updated_at")],
        "LAST_MODIFIED_AT": [key("updated_at")],
        "DATE": [key("updated_at")],
        "CREATED_AT": [key("created_at")],
        "RATING": [key("rating")],
    }
    return [*by_field[field], key("slug")]
