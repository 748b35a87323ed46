"""Realistic shipping methods for the demo sellers."""

from __future__ import annotations

from typing import Any

from marketplace.seller.models import Seller
from marketplace.shipping.models import ShippingMethod, ShippingMethodKind
from marketplace.shipping.services import create_shipping_method


def _demo_methods(seller: Seller) -> list[dict[str, Any]]:
    own = [seller.province_id] if seller.province_id else []

    def zones(own_fee: int, other_fee: int) -> list[dict[str, Any]]:
        rest = [{"rest_of_country": True, "fee": other_fee}]
        return ([{"provinces": own, "fee": own_fee}] if own else []) + rest

    methods: list[dict[str, Any]] = [
        {
            "name": "Giao tiêu chuẩn",
            "kind": ShippingMethodKind.FLAT,
            "zones": zones(30_000, 45_000),
            "min_delivery_days": 2,
            "max_delivery_days": 4,
        },
        {
            "name": "Miễn phí cho đơn từ 500.000 ₫",
            "description": "Giao tiết kiệm; đơn dưới 500.000 ₫ tính phí theo khu vực.",
            "kind": ShippingMethodKind.FREE_OVER,
            "zones": zones(25_000, 40_000),
            "free_over_amount": 500_000,
            "min_delivery_days": 3,
            "max_delivery_days": 6,
        },
    ]
    if own:
        place = ", ".join(part for part in (seller.street_address, seller.commune and seller.commune.name) if part)
        methods.append(
            {
                "name": "Nhận tại cơ sở",
                "description": f"Nhận hàng tại {place}." if place else "Nhận hàng tại cơ sở sản xuất.",
                "kind": ShippingMethodKind.PICKUP,
                "zones": [{"provinces": own, "fee": 0}],
                "min_delivery_days": 0,
                "max_delivery_days": 1,
            }
        )
    return methods


def ensure_demo_shipping_methods(seller: Seller) -> list[ShippingMethod]:
    """Give ``seller`` its demo methods (standard delivery, free over
    500.000 ₫, and pickup where the seller has an address); methods it already
    has by those names are left alone. Returns the seller's methods."""
    have = set(ShippingMethod.objects.filter(seller=seller).values_list("name", flat=True))
    for spec in _demo_methods(seller):
        if spec["name"] not in have:
            create_shipping_method(seller=seller, actor=None, **spec)
    return list(ShippingMethod.objects.filter(seller=seller).order_by("sort_order", "pk"))
