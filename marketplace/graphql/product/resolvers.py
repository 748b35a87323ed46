"""Root and nested resolvers for products: channel, visibility, filters,
search, sorting, query planning and pagination, in that order."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Q

from marketplace.graphql.channel.resolvers import get_channel_or_error
from marketplace.graphql.core.connection import CountableConnection, paginate
from marketplace.graphql.core.context import ChannelContext
from marketplace.graphql.core.ids import from_global_id_or_error, require_one_of
from marketplace.graphql.core.selection import selected_fields
from marketplace.graphql.product.filters import filter_products
from marketplace.graphql.product.optimizer import optimize_products, optimize_variants
from marketplace.graphql.product.sorting import product_sort_keys
from marketplace.graphql.product.types import ProductCountableConnection
from marketplace.graphql.product.visibility import products_for_request
from marketplace.product.models import ProductVariant
from marketplace.search.backends import get_search_backend


def resolve_product_connection(
    info: graphene.ResolveInfo,
    *,
    channel: str | None = None,
    restrict: Q | None = None,
    filter: Any = None,
    search: str | None = None,
    sort_by: Any = None,
    first: int | None = None,
    last: int | None = None,
    after: str | None = None,
    before: str | None = None,
    **_: Any,
) -> CountableConnection:
    """A page of the products a requester may list in ``channel`` (default
    channel when omitted), narrowed by ``restrict`` (e.g. one category tree)."""
    channel_obj = get_channel_or_error(info.context, channel)
    products = products_for_request(info.context, channel_obj, listed_only=True)
    if restrict is not None:
        products = products.filter(restrict)
    products = filter_products(products, filter, channel_obj)
    text = (search or (filter.get("search") if filter else None) or "").strip()
    if text:
        products = get_search_backend().search(products, text)
    keys = product_sort_keys(
        sort_by, channel_obj, searching=bool(text), has_rank="search_rank" in products.query.annotations
    )
    products = optimize_products(products, selected_fields(info, "edges", "node"), channel_obj)
    return paginate(
        products,
        connection_type=ProductCountableConnection,
        sort_keys=keys,
        first=first,
        last=last,
        after=after,
        before=before,
        wrap=lambda product: ChannelContext(product, channel_obj),
        connection_name="products",
    )


def resolve_product(
    info: graphene.ResolveInfo, *, pk: int | None, slug: str | None, channel_slug: str | None
) -> ChannelContext | None:
    """One product by primary key or slug if the requester may see it (listed or
    not), else None."""
    channel = get_channel_or_error(info.context, channel_slug)
    products = products_for_request(info.context, channel, listed_only=False)
    products = products.filter(pk=pk) if pk is not None else products.filter(slug=slug)
    product = optimize_products(products, selected_fields(info), channel).first()
    return None if product is None else ChannelContext(product, channel)


def resolve_variant(
    info: graphene.ResolveInfo, *, pk: int | None, sku: str | None, channel_slug: str | None
) -> ChannelContext | None:
    """One variant whose product the requester may see, else None."""
    channel = get_channel_or_error(info.context, channel_slug)
    products = products_for_request(info.context, channel, listed_only=False)
    variants = ProductVariant.objects.filter(product__in=products)
    variants = variants.filter(pk=pk) if pk is not None else variants.filter(sku=sku)
    variant = optimize_variants(variants, selected_fields(info), channel, with_product=True).first()
    return None if variant is None else ChannelContext(variant, channel)


def resolve_product_by_id_or_slug(
    info: graphene.ResolveInfo, *, id: str | None, slug: str | None, channel: str | None
) -> ChannelContext | None:
    require_one_of(id=id, slug=slug)
    pk = from_global_id_or_error(id, "Product") if id is not None else None
    return resolve_product(info, pk=pk, slug=slug, channel_slug=channel)


def resolve_variant_by_id_or_sku(
    info: graphene.ResolveInfo, *, id: str | None, sku: str | None, channel: str | None
) -> ChannelContext | None:
    require_one_of(id=id, sku=sku)
    pk = from_global_id_or_error(id, "ProductVariant") if id is not None else None
    return resolve_variant(info, pk=pk, sku=sku, channel_slug=channel)
