"""Reads of orders, each in a fixed number of queries whatever the number of
orders, sub-orders and lines. Permission is checked by the fetchers in
``marketplace.order.access``; these take what the caller may already see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from marketplace.account.models import User
from marketplace.order.models import Order, OrderEvent, OrderLine, SellerOrder
from marketplace.seller.models import Seller


def _address_related(prefix: str) -> list[str]:
    return [prefix, f"{prefix}__province", f"{prefix}__commune"]


def orders_for_user(user: User) -> QuerySet[Order]:
    """The shopper's orders, newest first (``me.orders``), each with its
    sub-orders (seller joined) and lines, in three queries in all."""
    return (
        Order.objects.filter(user_id=user.pk)
        .select_related(*_address_related("shipping_address"))
        .prefetch_related(
            Prefetch("seller_orders", queryset=SellerOrder.objects.select_related("seller").order_by("number")),
            Prefetch("lines", queryset=OrderLine.objects.order_by("sort_order", "pk")),
        )
        .order_by("-created_at", "-number")
    )


def order_detail(order: Order) -> Order:
    """``order`` re-read with everything its page shows: addresses with their
    divisions; sub-orders with seller and lines; the events, oldest first."""
    return (
        Order.objects.filter(pk=order.pk)
        .select_related("channel", *_address_related("shipping_address"), *_address_related("billing_address"))
        .prefetch_related(
            Prefetch(
                "seller_orders",
                queryset=SellerOrder.objects.select_related("seller")
                .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("sort_order", "pk")))
                .order_by("number"),
            ),
            Prefetch("events", queryset=OrderEvent.objects.select_related("seller_order").order_by("created_at", "pk")),
        )
        .get()
    )


def seller_orders_for_seller(seller: Seller, *, status: str | None = None) -> QuerySet[SellerOrder]:
    """The seller's sub-orders for the seller centre, newest first, with their
    lines and the shipping address (what a seller may see of the order)."""
    found = SellerOrder.objects.filter(seller_id=seller.pk)
    if status:
        found = found.filter(status=status)
    return (
        found.select_related("order", *_address_related("order__shipping_address"))
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("sort_order", "pk")))
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class BuyerView:
    """What a seller needs to ship a sub-order, and nothing more: not the
    buyer's email or account, not the other sellers' lines."""

    order_number: str
    seller_order_number: str
    recipient_name: str
    phone: str
    phone_national: str
    street_address: str
    commune_name: str
    province_name: str
    address_lines: list[str]
    customer_note: str
    lines: list[OrderLine]


def seller_order_buyer_view(seller_order: SellerOrder) -> BuyerView:
    """The buyer's details as the seller of ``seller_order`` may see them
    (two queries: the order with its address, the sub-order's lines)."""
    order = Order.objects.select_related(*_address_related("shipping_address")).get(pk=seller_order.order_id)
    address = order.shipping_address
    lines = list(OrderLine.objects.filter(seller_order_id=seller_order.pk).order_by("sort_order", "pk"))
    if address is None:  # the address row was removed by hand; keep the page working
        return BuyerView(order.number, seller_order.number, "", "", "", "", "", "", [], order.customer_note, lines)
    street = ", ".join(part for part in (address.street_address_1, address.street_address_2) if part)
    return BuyerView(
        order_number=order.number,
        seller_order_number=seller_order.number,
        recipient_name=address.full_name,
        phone=address.phone,
        phone_national=address.phone_national,
        street_address=street,
        commune_name=address.commune.name,
        province_name=address.province.full_name,
        address_lines=address.lines(),
        customer_note=order.customer_note,
        lines=lines,
    )
