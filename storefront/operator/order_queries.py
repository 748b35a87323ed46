"""Reads of the operators' order pages, each in a fixed number of queries.
Operators see every order (the views let only operators in); the workflow's
rules stay in ``marketplace.order``."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from marketplace.account.addresses import normalize_phone
from marketplace.core.errors import DomainError
from marketplace.order.models import Order, OrderEvent, OrderLine, SellerOrder

_ADDRESS = ("shipping_address", "shipping_address__province", "shipping_address__commune")
MIN_PHONE_DIGITS = 6  # fewer would match half the country


def all_orders() -> QuerySet[Order]:
    """Every order, newest first, with its address and its sub-orders' sellers."""
    return (
        Order.objects.select_related(*_ADDRESS)
        .prefetch_related(
            Prefetch("seller_orders", queryset=SellerOrder.objects.select_related("seller").order_by("number"))
        )
        .order_by("-created_at", "-number")
    )


def _phone_match(text: str) -> Q | None:
    try:
        return Q(shipping_address__phone=normalize_phone(text))
    except DomainError:
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= MIN_PHONE_DIGITS and len(digits) == len(text.replace(" ", "").replace(".", "")):
            return Q(shipping_address__phone__contains=digits.lstrip("0"))
    return None


def filter_orders(orders: QuerySet[Order], filters: dict[str, Any]) -> QuerySet[Order]:
    """Narrow ``orders`` by status and by what an operator has in hand: an
    order or sub-order number, the buyer's email, or a phone number (any
    way it is written, or its last digits)."""
    if filters.get("status"):
        orders = orders.filter(status=filters["status"])
    text = " ".join((filters.get("q") or "").split())
    if not text:
        return orders
    matches = (
        Q(number__iexact=text)
        | Q(number__icontains=text)
        | Q(pk__in=SellerOrder.objects.filter(number__iexact=text).values("order_id"))
        | Q(user_email__icontains=text)
    )
    phone = _phone_match(text)
    if phone is not None:
        matches |= phone
    return orders.filter(matches)


def order_for_operator(order_id: object) -> Order | None:
    """The order ``order_id`` with everything its operator page shows (five
    queries): address, buyer; sub-orders with seller and lines; the events
    with their actors, oldest first. None if there is no such order."""
    try:
        pk = order_id if isinstance(order_id, uuid.UUID) else uuid.UUID(str(order_id))
    except (TypeError, ValueError, AttributeError):
        return None
    return (
        Order.objects.filter(pk=pk)
        .select_related("user", *_ADDRESS)
        .prefetch_related(
            Prefetch(
                "seller_orders",
                queryset=SellerOrder.objects.select_related("seller")
                .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("sort_order", "pk")))
                .order_by("number"),
            ),
            Prefetch(
                "events",
                queryset=OrderEvent.objects.select_related("actor", "seller_order").order_by("created_at", "pk"),
            ),
        )
        .first()
    )
