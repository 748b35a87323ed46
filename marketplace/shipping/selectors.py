"""Reads of the shipping area for the seller centre."""

from __future__ import annotations

from marketplace.seller.models import Seller
from marketplace.shipping.models import ShippingMethod
from marketplace.shipping.pricing import offer_queryset


def shipping_methods_of(*, seller: Seller, active_only: bool = False) -> list[ShippingMethod]:
    """The seller's methods in display order, with zones (and their province
    codes) and weight bands loaded: three queries."""
    methods = offer_queryset().filter(seller=seller)
    if active_only:
        methods = methods.filter(is_active=True)
    return list(methods.order_by("sort_order", "pk"))
