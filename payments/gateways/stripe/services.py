"""What Stripe tells us, written down: the Checkout Sessions opened for a
transaction and the effects of verified webhook events. Every write goes
through ``payments.services.record_provider_events`` under the order's and
the transaction's locks (order → transaction); the checks that make an
event take effect once per payment (``checkout.session.completed`` and
``payment_intent.succeeded`` report the same money) run under those locks.
Callers hold ``transaction.atomic`` with ``payments.webhooks.claim_event``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum

from marketplace.core.money import Money, format_money
from marketplace.order.models import Order, SellerOrder, SellerOrderStatus
from marketplace.order.services import lock_order
from payments.gateways.base import GatewayEvent
from payments.models import Transaction, TransactionEvent, TransactionEventType
from payments.services import lock_transaction, record_provider_events

T = TransactionEventType
GATEWAY_ID = "stripe"
SESSION_MESSAGE = "Stripe Checkout Session"
# Operator-visible flags: INFO events whose message starts so (admin's
# transaction page lists them; ``flagged_events`` finds them).
AMOUNT_FLAG = "[KIỂM TRA] "
DISPUTE_FLAG = "[TRANH CHẤP] "


@dataclass(frozen=True)
class Payment:
    """A payment Stripe reports: its payment intent, amount and currency
    (lower case, as Stripe writes it) and the fee when known."""

    payment_intent: str
    amount: int
    currency: str
    fee: int = 0


def amount_due(order: Order) -> int:
    """What is still to be charged: the sub-orders not cancelled, less what
    every transaction of the order has charged."""
    due = (
        SellerOrder.objects.filter(order_id=order.pk)
        .exclude(status=SellerOrderStatus.CANCELLED)
        .aggregate(total=Sum("total_amount"))["total"]
        or 0
    )
    charged = Transaction.objects.filter(order_id=order.pk).aggregate(total=Sum("charged_amount"))["total"] or 0
    return due - charged


def known_session_ids(tx: Transaction) -> list[str]:
    """The Checkout Sessions opened for ``tx``, oldest first."""
    return list(
        TransactionEvent.objects.filter(transaction_id=tx.pk, type=T.INFO, psp_reference__startswith="cs_")
        .order_by("created_at", "pk")
        .values_list("psp_reference", flat=True)
    )


@transaction.atomic
def remember_session(*, tx: Transaction, session_id: str, amount: int) -> None:
    """Note that Checkout Session ``session_id`` for ``amount`` belongs to
    ``tx`` (once, even when two visits opened it at the same moment)."""
    lock_order(tx.order_id)
    locked = lock_transaction(tx.pk)
    if TransactionEvent.objects.filter(transaction_id=locked.pk, psp_reference=session_id).exists():
        return
    event = GatewayEvent(type=T.INFO, amount=amount, psp_reference=session_id, message=SESSION_MESSAGE)
    record_provider_events(tx=locked, events=[event])


def find_transaction(*, transaction_id: object, payment_intent: str, order_id: object = None) -> Transaction | None:
    """The Stripe transaction an event is about: by the id in its metadata,
    else by a payment intent recorded before. ``None`` when unknown or when
    the metadata's order is not the transaction's."""
    tx = None
    try:
        pk = uuid.UUID(str(transaction_id)) if transaction_id else None
    except ValueError:
        pk = None
    if pk is not None:
        tx = Transaction.objects.filter(pk=pk, gateway=GATEWAY_ID).first()
    if tx is None and payment_intent:
        tx = (
            Transaction.objects.filter(gateway=GATEWAY_ID, events__psp_reference=payment_intent)
            .order_by("created_at")
            .first()
        )
    if tx is not None and order_id and str(order_id) != str(tx.order_id):
        return None
    return tx


def _charge_recorded(tx: Transaction, payment_intent: str) -> bool:
    return TransactionEvent.objects.filter(
        transaction_id=tx.pk, psp_reference=payment_intent, type__in=[T.CHARGE_SUCCESS, T.INFO]
    ).exists()


def _charge_event(order: Order, tx: Transaction, payment: Payment) -> GatewayEvent:
    """``CHARGE_SUCCESS`` when the payment is exactly what is due; otherwise
    an ``INFO`` flagged for the operator (the order stays unconfirmed)."""
    due = amount_due(order)
    if payment.currency.upper() == tx.currency and payment.amount == due:
        return GatewayEvent(
            type=T.CHARGE_SUCCESS, amount=payment.amount, psp_reference=payment.payment_intent, fee=payment.fee
        )
    paid = f"{payment.amount} {payment.currency.upper()}"
    message = f"{AMOUNT_FLAG}Stripe báo đã thu {paid}, đơn hàng cần {format_money(Money(due, tx.currency))}"
    return GatewayEvent(type=T.INFO, amount=payment.amount, psp_reference=payment.payment_intent, message=message)


def record_payment(*, tx: Transaction, payment: Payment) -> list[GatewayEvent]:
    """A session completed or a payment intent succeeded: record the charge
    once per payment intent. Returns what was recorded (nothing for a
    payment already known)."""
    order = lock_order(tx.order_id)
    locked = lock_transaction(tx.pk)
    if _charge_recorded(locked, payment.payment_intent):
        return []
    events = [_charge_event(order, locked, payment)]
    record_provider_events(tx=locked, events=events)
    return events


def record_payment_failure(*, tx: Transaction, payment_intent: str, amount: int, message: str) -> list[GatewayEvent]:
    lock_order(tx.order_id)
    locked = lock_transaction(tx.pk)
    events = [GatewayEvent(type=T.CHARGE_FAILURE, amount=amount, psp_reference=payment_intent, message=message)]
    record_provider_events(tx=locked, events=events)
    return events


def record_refunds(*, tx: Transaction, payment: Payment, charge_id: str, refunded_total: int) -> list[GatewayEvent]:
    """``charge.refunded``: Stripe says ``refunded_total`` of the charge is
    refunded by now (cumulative), so a late, early or repeated event records
    only what we have not: the difference with our refunded amount. An
    event before the payment's own (out of order) records the charge first."""
    order = lock_order(tx.order_id)
    locked = lock_transaction(tx.pk)
    events: list[GatewayEvent] = []
    if not _charge_recorded(locked, payment.payment_intent):
        events.append(_charge_event(order, locked, payment))
    new = refunded_total - locked.refunded_amount
    if new > 0:
        events.append(
            GatewayEvent(type=T.REFUND_SUCCESS, amount=new, psp_reference=charge_id, message="Hoàn tiền trên Stripe")
        )
    record_provider_events(tx=locked, events=events)
    return events


def record_dispute(*, tx: Transaction, dispute_id: str, amount: int, reason: str) -> list[GatewayEvent]:
    """``charge.dispute.created``: the card holder disputes the payment; the
    operator must answer at Stripe. Recorded as a flagged ``INFO``."""
    lock_order(tx.order_id)
    locked = lock_transaction(tx.pk)
    message = f"{DISPUTE_FLAG}Khách hàng khiếu nại thanh toán với ngân hàng ({reason or 'không rõ lý do'})"
    events = [GatewayEvent(type=T.INFO, amount=amount, psp_reference=dispute_id, message=message)]
    record_provider_events(tx=locked, events=events)
    return events


def flagged_events():
    """Stripe events an operator has to look at (amount mismatches, disputes), newest first."""
    return (
        TransactionEvent.objects.filter(transaction__gateway=GATEWAY_ID, type=T.INFO)
        .filter(message__regex=r"^\[(KIỂM TRA|TRANH CHẤP)\]")
        .select_related("transaction")
        .order_by("-created_at", "-pk")
    )
