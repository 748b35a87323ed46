"""A seller's own product list: its members and the operators see every
product of the seller (drafts, unpublished, unlisted by an operator), the
shop only what ``visible_products`` allows."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Q

from marketplace.graphql.channel.resolvers import get_channel_or_error
from marketplace.graphql.core.connection import CountableConnection, paginate
from marketplace.graphql.core.context import ChannelContext
from marketplace.graphql.core.selection import selected_fields
from marketplace.graphql.product.filters import filter_products
from marketplace.graphql.product.optimizer import optimize_products
from marketplace.graphql.product.resolvers import resolve_product_connection
from marketplace.graphql.product.sorting import product_sort_keys
from marketplace.graphql.product.types import ProductCountableConnection
from marketplace.graphql.seller.access import can_see_private
from marketplace.product.models import Product
from marketplace.search.backends import get_search_backend
from marketplace.seller import models


def resolve_seller_products(
    info: graphene.ResolveInfo,
    seller: models.Seller,
    *,
    channel: str | None = None,
    filter: Any = None,
    search: str | None = None,
    sort_by: Any = None,
    first: int | None = None,
    last: int | None = None,
    after: str | None = None,
    before: str | None = None,
    **_: Any,
) -> CountableConnection:
    if not can_see_private(info, seller):
        return resolve_product_connection(
            info,
            channel=channel,
            restrict=Q(seller_id=seller.pk),
            filter=filter,
            search=search,
            sort_by=sort_by,
            first=first,
            last=last,
            after=after,
            before=before,
        )
    channel_obj = get_channel_or_error(info.context, channel)
    products = filter_products(Product.objects.filter(seller_id=seller.pk), filter, channel_obj)
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
