"""``checkoutComplete``: a checkout becomes one order, split per seller.

The checkout row is locked first, so a double click or a retry waits for the
first completion and then finds its order (the order keeps the checkout's
token, unique in the database): one order, one allocation, whatever happens.
Everything is validated again (the cart may have sat for days), then the
order is written, the stock allocated under stock row locks in primary-key
order, the payment transaction created through the gateway and the checkout
deleted — all in one transaction, so a refusal (``INSUFFICIENT_STOCK`` …)
leaves nothing behind. Emails go after commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.checkout.errors import CheckoutError, checkout_not_found
from marketplace.checkout.models import Checkout, CheckoutDelivery, CheckoutLine
from marketplace.checkout.selectors import AnyUser, CheckoutSummary, checkout_summary, may_use_checkout
from marketplace.core.compiled import CompiledQuery, generic_plans_for_this_transaction
from marketplace.order.models import Order, SellerOrderStatus
from marketplace.order.placement import LineSpec, SellerOrderSpec, place_order, schedule_placed_emails
from marketplace.warehouse.models import Reservation
from marketplace.warehouse.services import InsufficientStock, StockNeed, allocate_stocks
from payments.errors import PaymentError
from payments.registry import all_gateways
from payments.services import require_gateway, start_transaction

MAX_IDEMPOTENCY_KEY_LENGTH = 128

_LOCKED_FOR_COMPLETION = CompiledQuery(
    lambda *, checkout: (
        Checkout.objects.select_for_update(of=("self",))
        .select_related("channel", "billing_address", "shipping_address__province", "shipping_address__commune")
        .filter(pk=checkout)
    ),
    checkout=uuid.UUID,
)

# An order placed earlier with the same idempotency key (a retry).
_EARLIER_ORDER = CompiledQuery(
    # The unique index is partial (keys not empty): the same condition,
    # written as a literal, lets a prepared statement's generic plan use it.
    lambda *, email, key: (
        Order.objects.filter(user_email=email, idempotency_key=key)
        .exclude(idempotency_key=RawSQL("''", ()))
        .order_by("created_at")[:1]
    ),
    email=str,
    key=str,
)

_PROBLEM_MESSAGES = {
    "SELLER_UNAVAILABLE": _("Một người bán trong giỏ hàng hiện tạm ngừng bán hàng."),
    "PRODUCT_NOT_PUBLISHED": _("Một sản phẩm trong giỏ hàng không còn được bày bán."),
    "UNAVAILABLE_VARIANT_IN_CHANNEL": _("Một sản phẩm trong giỏ hàng chưa có giá bán."),
    "PRODUCT_UNAVAILABLE_FOR_PURCHASE": _("Một sản phẩm trong giỏ hàng chưa mở bán."),
    "QUANTITY_GREATER_THAN_LIMIT": _("Số lượng một sản phẩm vượt quá mức cho phép."),
}


def _may_see(order: Order, user: AnyUser | None) -> bool:
    if order.user_id is None:
        return True  # a guest's order: the checkout token was the proof
    return bool(user is not None and user.is_authenticated and user.pk == order.user_id)


def _validate(summary: CheckoutSummary) -> None:
    """Raise the first reason ``summary`` cannot become an order."""
    checkout = summary.checkout
    if not summary.groups:
        raise CheckoutError("NO_LINES", _("Giỏ hàng đang trống."), field="lines")
    for line in summary.lines:
        if line.problem:
            raise CheckoutError(
                line.problem, str(_PROBLEM_MESSAGES[line.problem]), field="lines", variants=[line.variant.pk]
            )
    if not checkout.email:
        raise CheckoutError("EMAIL_NOT_SET", _("Vui lòng nhập email để nhận thông tin đơn hàng."), field="email")
    if summary.shipping_address is None:
        raise CheckoutError("SHIPPING_ADDRESS_NOT_SET", _("Vui lòng nhập địa chỉ giao hàng."), field="shipping_address")
    for group in summary.groups:
        if group.delivery is None:
            raise CheckoutError(
                "SHIPPING_METHOD_NOT_SET",
                _("Vui lòng chọn cách giao hàng cho các sản phẩm của %(seller)s.") % {"seller": group.seller.name},
                field="shipping_method",
            )
        if group.chosen is None:
            raise CheckoutError(
                "DELIVERY_METHOD_NOT_APPLICABLE",
                _("Cách giao hàng đã chọn cho %(seller)s không còn áp dụng; vui lòng chọn lại.")
                % {"seller": group.seller.name},
                field="shipping_method",
            )


def _clean_key(raw: str | None) -> str:
    key = str(raw or "").strip()
    if len(key) > MAX_IDEMPOTENCY_KEY_LENGTH:
        raise CheckoutError("INVALID", _("Khóa chống gửi trùng quá dài."), field="idempotency_key")
    return key


def complete_checkout(
    *,
    checkout: Checkout,
    user: AnyUser | None = None,
    payment_gateway: str | None = None,
    idempotency_key: str | None = None,
    payment_data: Mapping[str, Any] | None = None,
) -> Order:
    """Turn ``checkout`` into an order paid through ``payment_gateway`` (the
    first of ``settings.PAYMENT_GATEWAYS`` by default: cash on delivery) and
    return it. Completing the same checkout again — or sending the same
    ``idempotency_key`` for the same email — returns the same order.

    ``user`` is whoever asks: a checkout attached to an account completes
    only for that account; a signed-in shopper completing a guest cart gets
    the order in their account.

    Raises ``CheckoutError`` (nothing changed): ``NOT_FOUND``, ``NO_LINES``,
    a line's purchase problem (``SELLER_UNAVAILABLE``,
    ``PRODUCT_NOT_PUBLISHED``, ``QUANTITY_GREATER_THAN_LIMIT``…),
    ``EMAIL_NOT_SET``, ``SHIPPING_ADDRESS_NOT_SET``,
    ``SHIPPING_METHOD_NOT_SET``, ``DELIVERY_METHOD_NOT_APPLICABLE``,
    ``PAYMENT_ERROR`` (``payment_gateway``), ``INSUFFICIENT_STOCK``
    (``variants`` names the short ones) or ``INVALID`` (``idempotency_key``)."""
    key = _clean_key(idempotency_key)
    with transaction.atomic():
        generic_plans_for_this_transaction()
        locked = _LOCKED_FOR_COMPLETION.first(checkout=checkout.pk)
        if locked is None:
            # Completed meanwhile (a double click, a retry): the same order.
            order = Order.objects.filter(checkout_token=checkout.pk).first()
            if order is None or not _may_see(order, user):
                raise checkout_not_found()
            return order
        if not may_use_checkout(locked, user):
            raise checkout_not_found()
        if key:
            earlier = _EARLIER_ORDER.first(email=locked.email, key=key)
            if earlier is not None and _may_see(earlier, user):
                return earlier
        summary = checkout_summary(locked, now=timezone.now())
        _validate(summary)
        try:
            gateway = require_gateway(payment_gateway or _default_gateway_id(), currency=locked.currency)
        except PaymentError as exc:
            raise CheckoutError("PAYMENT_ERROR", exc.message, field="payment_gateway") from exc
        order_user = (
            locked.user
            if locked.user_id
            else (user if user is not None and user.is_authenticated and user.is_active else None)
        )
        # The checkout's addresses are already detached copies: the order
        # takes them over (nobody else points at them).
        shipping_address = summary.shipping_address
        billing_address = shipping_address
        if locked.billing_address_id and locked.billing_address_id != shipping_address.pk:
            billing_address = locked.billing_address
        groups = [
            SellerOrderSpec(
                seller_id=group.seller.pk,
                shipping_method_id=group.chosen.method_id,
                shipping_method_name=group.chosen.name,
                shipping_amount=group.chosen.fee,
                lines=[
                    LineSpec(
                        variant_id=item.variant.pk,
                        product_name=item.variant.product.name,
                        variant_name=item.variant.name,
                        sku=item.variant.sku,
                        quantity=item.line.quantity,
                        unit_price_amount=item.unit_price.amount,
                        weight_grams=item.weight_grams,
                    )
                    for item in group.lines
                ],
            )
            for group in summary.groups
        ]
        initial = SellerOrderStatus.CONFIRMED if gateway.confirms_unpaid_orders else SellerOrderStatus.UNCONFIRMED
        try:
            # No savepoint of its own: a refusal here rolls the whole completion back anyway.
            with transaction.atomic(savepoint=False):
                order, lines = place_order(
                    channel=locked.channel,
                    user=order_user,
                    email=locked.email,
                    language_code=locked.language_code,
                    shipping_address=shipping_address,
                    billing_address=billing_address,
                    groups=groups,
                    payment_gateway=gateway.id,
                    initial_status=initial,
                    checkout_token=locked.pk,
                    idempotency_key=key,
                    customer_note=locked.customer_note,
                )
        except IntegrityError as exc:  # the same idempotency key, sent for another cart meanwhile
            raise CheckoutError("INVALID", _("Khóa chống gửi trùng đã được dùng."), field="idempotency_key") from exc
        try:
            allocate_stocks(
                channel_id=locked.channel_id,
                needs=[StockNeed(line.pk, line.variant_id, line.quantity) for line in lines],
                checkout_token=locked.pk,
            )
        except InsufficientStock as exc:
            raise CheckoutError(
                "INSUFFICIENT_STOCK",
                _("Rất tiếc, một số sản phẩm vừa hết hàng. Vui lòng giảm số lượng hoặc bỏ chúng khỏi giỏ."),
                field="lines",
                variants=exc.variant_ids,
            ) from exc
        start_transaction(order=order, gateway=gateway, actor=order_user, data=payment_data)
        _delete_checkout(locked)
        schedule_placed_emails(order)
    return order


def _delete_checkout(checkout: Checkout) -> None:
    """Delete the completed checkout with its lines, their reservations and
    its delivery choices in one statement (the ORM's cascade would read the
    lines first and spend a query per table). Nothing else refers to these
    rows; foreign keys are checked at commit. The caller holds the lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH reservations AS (
                DELETE FROM {Reservation._meta.db_table} WHERE checkout_line_id IN (
                    SELECT id FROM {CheckoutLine._meta.db_table} WHERE checkout_id = %(token)s)
            ), deliveries AS (
                DELETE FROM {CheckoutDelivery._meta.db_table} WHERE checkout_id = %(token)s
            ), lines AS (
                DELETE FROM {CheckoutLine._meta.db_table} WHERE checkout_id = %(token)s
            )
            DELETE FROM {Checkout._meta.db_table} WHERE token = %(token)s
            """,
            {"token": checkout.pk},
        )


def _default_gateway_id() -> str:
    """The first gateway listed in ``settings.PAYMENT_GATEWAYS``."""
    return next(iter(all_gateways()), "")
