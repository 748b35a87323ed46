"""``filter: ProductFilterInput`` with Saleor's field names, plus OCOP fields."""

from __future__ import annotations

import math
from typing import Any

import graphene
from django.db.models import Exists, OuterRef, Q, QuerySet

from marketplace.channel.models import Channel
from marketplace.graphql.core.enums import enum_value
from marketplace.graphql.core.ids import pks_from_global_ids
from marketplace.product.models import ProductChannelListing
from marketplace.product.selectors import available_stocks, category_tree_ids, channel_variant_prices


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Float(description="Price greater than or equal to.")
    lte = graphene.Float(description="Price less than or equal to.")


class IntRangeInput(graphene.InputObjectType):
    gte = graphene.Int(description="Value greater than or equal to.")
    lte = graphene.Int(description="Value less than or equal to.")


class DateTimeRangeInput(graphene.InputObjectType):
    gte = graphene.DateTime(description="Start date.")
    lte = graphene.DateTime(description="End date.")


class StockAvailability(graphene.Enum):
    IN_STOCK = "IN_STOCK"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class ProductFilterInput(graphene.InputObjectType):
    is_published = graphene.Boolean(description="Published in the channel (operators see unpublished too).")
    categories = graphene.List(graphene.NonNull(graphene.ID), description="In these categories or below them.")
    has_category = graphene.Boolean()
    price = graphene.Field(PriceRangeInput, description="A variant priced within this range in the channel.")
    minimal_price = graphene.Field(PriceRangeInput, description="The cheapest variant within this range.")
    updated_at = graphene.Field(DateTimeRangeInput)
    product_types = graphene.List(graphene.NonNull(graphene.ID))
    stock_availability = graphene.Field(StockAvailability)
    search = graphene.String(description="Words to look for; diacritics are optional ('nuoc mam').")
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    sellers = graphene.List(graphene.NonNull(graphene.ID), description="Products of these sellers.")
    ocop_star_rating = graphene.Field(IntRangeInput, description="OCOP star rank within this range.")
    origin_provinces = graphene.List(
        graphene.NonNull(graphene.String), description="Codes of the provinces the products come from."
    )

    class Meta:
        description = "Filters for the product list."


MONEY_BOUND = 10**15  # far above any price; keeps a client's 1e300 inside a bigint


def _range(prefix: str, bounds: Any, *, money: bool = False) -> Q:
    """``gte``/``lte`` bounds; for money, rounded inwards to whole đồng."""
    condition = Q()
    for lookup, rounding in (("gte", math.ceil), ("lte", math.floor)):
        value = bounds.get(lookup) if bounds else None
        if value is None:
            continue
        if money:
            value = rounding(max(-MONEY_BOUND, min(MONEY_BOUND, value)))
        condition &= Q(**{f"{prefix}__{lookup}": value})
    return condition


def filter_products(queryset: QuerySet, filters: Any, channel: Channel) -> QuerySet:
    """Apply every given filter (all must hold). IDs of the wrong type raise
    ``ApiError`` (INVALID). ``search`` is applied by the caller."""
    if not filters:
        return queryset
    listing = ProductChannelListing.objects.filter(channel=channel, product_id=OuterRef("pk"))
    if filters.get("is_published") is not None:
        queryset = queryset.filter(Exists(listing.filter(is_published=filters["is_published"])))
    if filters.get("categories") is not None:
        queryset = queryset.filter(
            category_id__in=category_tree_ids(pks_from_global_ids(filters["categories"], "Category"))
        )
    if filters.get("has_category") is not None:
        queryset = queryset.filter(category__isnull=not filters["has_category"])
    if filters.get("price") is not None:
        prices = channel_variant_prices(channel).filter(variant__product_id=OuterRef("pk"))
        queryset = queryset.filter(Exists(prices.filter(_range("price_amount", filters["price"], money=True))))
    if filters.get("minimal_price") is not None:
        condition = _range("discounted_price_amount", filters["minimal_price"], money=True)
        queryset = queryset.filter(Exists(listing.filter(condition)))
    if filters.get("updated_at") is not None:
        queryset = queryset.filter(_range("updated_at", filters["updated_at"]))
    if filters.get("product_types") is not None:
        queryset = queryset.filter(product_type_id__in=pks_from_global_ids(filters["product_types"], "ProductType"))
    if filters.get("stock_availability") is not None:
        in_stock = Exists(available_stocks(channel).filter(product_variant__product_id=OuterRef("pk")))
        queryset = queryset.filter(in_stock if enum_value(filters["stock_availability"]) == "IN_STOCK" else ~in_stock)
    if filters.get("ids") is not None:
        queryset = queryset.filter(pk__in=pks_from_global_ids(filters["ids"], "Product"))
    if filters.get("slugs") is not None:
        queryset = queryset.filter(slug__in=filters["slugs"])
    if filters.get("sellers") is not None:
        queryset = queryset.filter(seller_id__in=pks_from_global_ids(filters["sellers"], "Seller"))
    if filters.get("ocop_star_rating") is not None:
        queryset = queryset.filter(
            _range("ocop_certificate__star_rating", filters["ocop_star_rating"]), ocop_certificate__revoked=False
        )
    if filters.get("origin_provinces") is not None:
        queryset = queryset.filter(origin_province_id__in=filters["origin_provinces"])
    return queryset
