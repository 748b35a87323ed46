"""What the hosted-page gateways (VNPay, MoMo) share: the shopper is sent to
the provider's own page with a reference of ours, and the provider tells our
server the outcome in a signed notification (IPN).

- ``start_attempt`` records one attempt to pay a transaction: a
  ``CHARGE_REQUEST`` event whose ``psp_reference`` is a fresh reference (the
  provider's "order id" for this attempt), carrying the amount asked for.
  That event is the mapping from the provider's reference back to our
  transaction; every visit to the provider's page is a new attempt, so a
  shopper who failed or gave up can try again.
- ``apply_notification`` applies a notification whose signature the gateway
  has verified: unknown reference, wrong amount, an order already paid, and a
  notification handled before each change nothing; otherwise the outcome is
  recorded through ``payments.services.record_provider_events`` together with
  ``payments.webhooks.claim_event`` in one database transaction.
"""

from __future__ import annotations

import enum
import logging
import secrets
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.order.models import Order, OrderChargeStatus, OrderStatus
from marketplace.order.services import lock_order
from payments.errors import PaymentError
from payments.gateways.base import GatewayEvent
from payments.models import Transaction, TransactionEvent, TransactionEventType
from payments.services import lock_transaction, record_provider_events
from payments.webhooks import claim_event

logger = logging.getLogger(__name__)

# More attempts than this on one transaction is not a shopper retrying.
MAX_ATTEMPTS = 20


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an absolute URL ("" for a relative one):
    where our own start page is, seen from the shopper's request."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


@dataclass(frozen=True)
class Attempt:
    reference: str
    amount: int
    transaction: Transaction


class Outcome(enum.Enum):
    RECORDED = "recorded"
    UNKNOWN = "unknown"
    AMOUNT_MISMATCH = "amount_mismatch"
    ALREADY_CONFIRMED = "already_confirmed"


# A reference: up to 12 letters and digits of the order's number (so an
# operator recognises it at the provider), the transaction's id in hex (so an
# IPN finds its attempt by the transaction's index), 24 random bits. At most
# 50 characters: MoMo's shortest documented orderId limit.
_NUMBER_CHARS, _TX_HEX, _RANDOM_HEX = 12, 32, 6


def new_reference(tx: Transaction, order: Order) -> str:
    prefix = "".join(ch for ch in order.number if ch.isascii() and ch.isalnum())[:_NUMBER_CHARS]
    return f"{prefix}{tx.pk.hex.upper()}{secrets.token_hex(_RANDOM_HEX // 2).upper()}"


def _transaction_id(reference: str) -> uuid.UUID | None:
    """The transaction id inside a reference ``new_reference`` made."""
    if len(reference) < _TX_HEX + _RANDOM_HEX or len(reference) > 100 or not reference.isascii():
        return None
    try:
        return uuid.UUID(hex=reference[-(_TX_HEX + _RANDOM_HEX) : -_RANDOM_HEX])
    except ValueError:
        return None


@transaction.atomic
def start_attempt(*, tx: Transaction, gateway_id: str) -> Attempt:
    """Record a new attempt to pay what is still due on ``tx``'s order.

    Raises ``PaymentError``: ``NOT_FOUND`` (not a transaction of this
    gateway), ``INVALID_STATUS`` (the order is paid or cancelled),
    ``LIMIT_EXCEEDED`` (too many attempts). Nothing changes then."""
    order = lock_order(tx.order_id)
    locked = lock_transaction(tx.pk)
    if locked.gateway != gateway_id:
        raise PaymentError("NOT_FOUND", _("Không tìm thấy giao dịch."))
    due = order.total_amount - locked.charged_amount
    if order.status == OrderStatus.CANCELLED or order.charge_status == OrderChargeStatus.FULL or due <= 0:
        raise PaymentError("INVALID_STATUS", _("Đơn hàng này không cần thanh toán nữa."))
    attempts = TransactionEvent.objects.filter(transaction=locked, type=TransactionEventType.CHARGE_REQUEST).count()
    if attempts >= MAX_ATTEMPTS:
        raise PaymentError("LIMIT_EXCEEDED", _("Bạn đã thử thanh toán quá nhiều lần. Vui lòng liên hệ hỗ trợ."))
    reference = new_reference(locked, order)
    TransactionEvent.objects.create(
        transaction=locked,
        type=TransactionEventType.CHARGE_REQUEST,
        amount=due,
        currency=locked.currency,
        psp_reference=reference,
        message=f"{gateway_id}: chuyển sang trang thanh toán",
    )
    return Attempt(reference=reference, amount=due, transaction=locked)


def find_attempt(*, gateway_id: str, reference: str) -> Attempt | None:
    """The attempt ``reference`` names, with its transaction and order: one
    query by the transaction's id (none for a reference we cannot have made)."""
    transaction_id = _transaction_id(reference)
    if transaction_id is None:
        return None
    event = (
        TransactionEvent.objects.select_related("transaction__order")
        .filter(
            transaction_id=transaction_id,
            type=TransactionEventType.CHARGE_REQUEST,
            psp_reference=reference,
            transaction__gateway=gateway_id,
        )
        .order_by("pk")
        .first()
    )
    if event is None:
        return None
    return Attempt(reference=reference, amount=event.amount, transaction=event.transaction)


@dataclass(frozen=True)
class Notification:
    """A provider's verified word on one attempt. ``event_id`` identifies the
    notification at the provider (the same on every redelivery)."""

    gateway_id: str
    reference: str
    event_id: str
    amount: int
    paid: bool
    psp_reference: str
    message: str
    payload: bytes = b""


def apply_notification(notification: Notification) -> Outcome:
    """Apply a notification whose signature was verified. ``RECORDED`` when
    it took effect now; ``ALREADY_CONFIRMED`` when this notification was
    handled before or the order was paid before (nothing changes, except
    that a second payment of a paid order is logged as an ``INFO`` event
    with its amount, for the operator to refund)."""
    attempt = find_attempt(gateway_id=notification.gateway_id, reference=notification.reference)
    if attempt is None:
        return Outcome.UNKNOWN
    if notification.amount != attempt.amount:
        return Outcome.AMOUNT_MISMATCH
    tx = attempt.transaction
    with transaction.atomic():
        # Same lock order as record_provider_events: order, then transaction.
        order = lock_order(tx.order_id)
        lock_transaction(tx.pk)
        already_paid = order.charge_status == OrderChargeStatus.FULL
        if already_paid and not notification.paid:
            return Outcome.ALREADY_CONFIRMED
        if not claim_event(
            provider=notification.gateway_id,
            event_id=notification.event_id,
            event_type="payment" if notification.paid else "failure",
            payload=notification.payload,
            tx=tx,
        ):
            return Outcome.ALREADY_CONFIRMED
        if already_paid:
            # Paid twice (a second tab paid too): the amounts stay as they
            # are, and the log shows the operator what to refund.
            logger.warning(
                "%s: order %s paid again (%s)", notification.gateway_id, order.number, notification.reference
            )
            record_provider_events(
                tx=tx,
                events=[
                    GatewayEvent(
                        type=TransactionEventType.INFO,
                        amount=notification.amount,
                        psp_reference=notification.psp_reference,
                        message=f"Đơn đã được thanh toán trước đó: cần hoàn lại khoản này. {notification.message}",
                    )
                ],
            )
            return Outcome.ALREADY_CONFIRMED
        event_type = TransactionEventType.CHARGE_SUCCESS if notification.paid else TransactionEventType.CHARGE_FAILURE
        record_provider_events(
            tx=tx,
            events=[
                GatewayEvent(
                    type=event_type,
                    amount=notification.amount,
                    psp_reference=notification.psp_reference,
                    message=notification.message,
                )
            ],
        )
    return Outcome.RECORDED
