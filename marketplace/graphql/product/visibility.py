"""Which products a request may see: shoppers get the shop's rules
(``visible_products``), operators everything listed in the channel."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from marketplace.channel.models import Channel
from marketplace.graphql.core.context import is_operator
from marketplace.product.models import Product
from marketplace.product.selectors import operator_products, visible_products


def products_for_request(request: HttpRequest, channel: Channel, *, listed_only: bool) -> QuerySet[Product]:
    """``listed_only`` for lists; single fetches also reach products hidden from lists."""
    if is_operator(request):
        return operator_products(channel)
    return visible_products(channel, listed_only=listed_only)
