"""Writing a new order: one ``Order`` split into one ``SellerOrder`` per
seller, with snapshot lines, in a fixed number of queries whatever the number
of lines and sellers. Called by ``marketplace.checkout.services.complete_checkout``,
which has validated everything, holds the checkout's lock and then allocates
the stock for the lines written here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.db import connection, transaction
from django.utils import timezone

from marketplace.account.models import Address, User
from marketplace.channel.models import Channel
from marketplace.order.models import (
    ORDER_NUMBER_SEQUENCE,
    Order,
    OrderAction,
    OrderEvent,
    OrderLine,
    SellerOrder,
    SellerOrderStatus,
)
from marketplace.order.status import order_status_from
from marketplace.order.tasks import send_order_placed_emails


@dataclass(frozen=True)
class LineSpec:
    variant_id: int
    product_name: str
    variant_name: str
    sku: str
    quantity: int
    unit_price_amount: int
    weight_grams: int = 0


@dataclass(frozen=True)
class SellerOrderSpec:
    seller_id: int
    shipping_method_id: int | None
    shipping_method_name: str
    shipping_amount: int
    lines: Sequence[LineSpec]

    @property
    def subtotal_amount(self) -> int:
        return sum(line.unit_price_amount * line.quantity for line in self.lines)


def next_order_number() -> str:
    """``OC-2611-000123``: year and month, then a number from a PostgreSQL
    sequence (unique under any concurrency, never reused; gaps are fine)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [ORDER_NUMBER_SEQUENCE])
        (value,) = cursor.fetchone()
    return f"OC-{timezone.localdate():%y%m}-{value:06d}"


def place_order(
    *,
    channel: Channel,
    user: User | None,
    email: str,
    language_code: str,
    shipping_address: Address,
    billing_address: Address,
    groups: Sequence[SellerOrderSpec],
    payment_gateway: str,
    initial_status: str,
    checkout_token: uuid.UUID | None = None,
    idempotency_key: str = "",
    customer_note: str = "",
) -> tuple[Order, list[OrderLine]]:
    """Write the order, its sub-orders (numbered ``<order>-1``, ``-2``… in
    the order given), their lines and the ``placed`` event; the addresses
    are the order's own detached copies. Runs inside the caller's
    ``transaction.atomic``; sends nothing (the caller schedules emails)."""
    number = next_order_number()
    subtotal = sum(group.subtotal_amount for group in groups)
    shipping = sum(group.shipping_amount for group in groups)
    order = Order.objects.create(
        number=number,
        channel=channel,
        user=user,
        user_email=email,
        language_code=language_code,
        status=order_status_from([initial_status] * len(groups)),
        shipping_address=shipping_address,
        billing_address=billing_address,
        currency=channel.currency_code,
        subtotal_amount=subtotal,
        shipping_amount=shipping,
        total_amount=subtotal + shipping,
        payment_gateway=payment_gateway,
        checkout_token=checkout_token,
        idempotency_key=idempotency_key,
        customer_note=customer_note,
    )
    now = timezone.now()
    confirmed_at = now if initial_status == SellerOrderStatus.CONFIRMED else None
    seller_orders = SellerOrder.objects.bulk_create(
        [
            SellerOrder(
                order=order,
                seller_id=group.seller_id,
                number=f"{number}-{index}",
                status=initial_status,
                shipping_method_id=group.shipping_method_id,
                shipping_method_name=group.shipping_method_name,
                currency=order.currency,
                subtotal_amount=group.subtotal_amount,
                shipping_amount=group.shipping_amount,
                total_amount=group.subtotal_amount + group.shipping_amount,
                confirmed_at=confirmed_at,
            )
            for index, group in enumerate(groups, start=1)
        ]
    )
    lines = []
    for seller_order, group in zip(seller_orders, groups, strict=True):
        for spec in group.lines:
            lines.append(
                OrderLine(
                    order=order,
                    seller_order=seller_order,
                    variant_id=spec.variant_id,
                    product_name=spec.product_name,
                    variant_name=spec.variant_name,
                    product_sku=spec.sku,
                    quantity=spec.quantity,
                    currency=order.currency,
                    unit_price_amount=spec.unit_price_amount,
                    total_price_amount=spec.unit_price_amount * spec.quantity,
                    weight_grams=spec.weight_grams,
                    sort_order=len(lines),
                )
            )
    OrderLine.objects.bulk_create(lines)
    OrderEvent.objects.create(
        order=order, actor=user, action=OrderAction.PLACED, to_status=order.status, data={"number": number}
    )
    return order, lines


def schedule_placed_emails(order: Order) -> None:
    """Tell the shopper and each seller once the transaction commits."""
    transaction.on_commit(partial(send_order_placed_emails.delay, order_id=str(order.pk)))
