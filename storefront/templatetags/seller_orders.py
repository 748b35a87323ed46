"""The seller centre dashboard's order figure, read where the dashboard shows
it (``{% new_order_count request.seller as n %}``): one COUNT, only for
sellers whose dashboard has the figures block."""

from __future__ import annotations

from django import template

from marketplace.seller.models import Seller
from storefront.seller_centre.order_queries import new_order_count as count_new_orders

register = template.Library()


@register.simple_tag
def new_order_count(seller: Seller | None) -> int:
    """Sub-orders of ``seller`` still to confirm or pack (0 without a seller)."""
    return count_new_orders(seller) if seller is not None else 0
