"""Every change to payments: transactions created through a gateway, the
events gateways report, and cash collected on delivery.

A transaction's amounts change only here, by ``F()`` expressions while its
row is locked, each change recorded as a ``TransactionEvent``. Lock order:
order → sub-order → transaction (as everywhere: see
``marketplace.warehouse.services``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.core.money import Money, format_money
from marketplace.order.models import Order, OrderAction, OrderEvent, SellerOrder, SellerOrderStatus
from marketplace.order.services import (
    confirm_paid_seller_orders,
    lock_order,
    lock_seller_order,
    party_of,
    refresh_charge_status,
)
from marketplace.order.status import Party
from payments.einvoice.services import schedule_invoices
from payments.errors import PaymentError
from payments.gateways.base import GatewayEvent, PaymentGateway
from payments.gateways.cod import CashOnDelivery
from payments.ledger.posting import post_transaction_events
from payments.models import Transaction, TransactionEvent, TransactionEventType
from payments.registry import available_gateways, get_gateway

AnyUser = User | AnonymousUser
T = TransactionEventType

# How each event type moves the transaction's amounts: {field: +1 / -1}.
_EFFECTS: dict[str, dict[str, int]] = {
    T.AUTHORIZATION_SUCCESS: {"authorized_amount": +1},
    T.CHARGE_SUCCESS: {"charged_amount": +1},
    T.REFUND_SUCCESS: {"refunded_amount": +1, "charged_amount": -1},
    T.CANCEL_SUCCESS: {"canceled_amount": +1, "authorized_amount": -1},
}


def require_gateway(gateway_id: str, *, currency: str) -> PaymentGateway:
    """The gateway ``gateway_id`` if it runs here and takes ``currency``.
    Raises ``PaymentError``: ``NOT_FOUND`` or ``NOT_SUPPORTED`` (field ``gateway``)."""
    gateway = get_gateway(gateway_id)
    if gateway is None:
        raise PaymentError("NOT_FOUND", _("Phương thức thanh toán không tồn tại."), field="gateway")
    if not gateway.supports(currency):
        raise PaymentError(
            "NOT_SUPPORTED", _("Phương thức thanh toán này không nhận loại tiền của đơn hàng."), field="gateway"
        )
    return gateway


def initialize_gateways(
    *, amount: int, currency: str, gateway_ids: Sequence[str] | None = None, data: Mapping[str, Any] | None = None
) -> list[tuple[PaymentGateway, dict[str, Any]]]:
    """``paymentGatewayInitialize``: each available gateway (or those asked
    for) with what a client needs to offer it. Changes nothing."""
    gateways = available_gateways(currency)
    if gateway_ids is not None:
        wanted = set(gateway_ids)
        gateways = [g for g in gateways if g.id in wanted]
    return [(g, g.initialize(amount=amount, currency=currency, data=data)) for g in gateways]


def _record(
    tx: Transaction,
    events: Sequence[GatewayEvent],
    *,
    actor: AnyUser | None = None,
    seller_order: SellerOrder | None = None,
) -> list[TransactionEvent]:
    """Store ``events`` and move the amounts, in one UPDATE, and post them to
    the ledger (``payments.ledger.posting``). The caller holds the order's
    and the transaction's locks (or has just created both)."""
    if not events:
        return []
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    rows = TransactionEvent.objects.bulk_create(
        [
            TransactionEvent(
                transaction=tx,
                type=event.type,
                amount=event.amount,
                currency=tx.currency,
                psp_reference=event.psp_reference,
                message=event.message[:512],
                seller_order=seller_order,
                actor_id=actor_id,
            )
            for event in events
        ]
    )
    deltas: dict[str, int] = {}
    for event in events:
        for field, sign in _EFFECTS.get(event.type, {}).items():
            deltas[field] = deltas.get(field, 0) + sign * event.amount
    if deltas:
        Transaction.objects.filter(pk=tx.pk).update(
            **{field: Greatest(F(field) + Value(delta), Value(0)) for field, delta in deltas.items()}
        )
        tx.refresh_from_db(fields=list(deltas))
    references = [e.psp_reference for e in events if e.psp_reference]
    if references and not tx.psp_reference:
        Transaction.objects.filter(pk=tx.pk).update(psp_reference=references[0])
        tx.psp_reference = references[0]
    # The books follow in the same transaction (charges, fees, refunds, COD cash).
    post_transaction_events(tx=tx, rows=rows, fees=[event.fee for event in events])
    return rows


def start_transaction(
    *, order: Order, gateway: PaymentGateway, actor: AnyUser | None = None, data: Mapping[str, Any] | None = None
) -> Transaction:
    """``transactionInitialize`` for a new order: create its transaction and
    record what the gateway reports. Runs inside the caller's
    ``transaction.atomic`` (the order is being placed)."""
    tx = Transaction.objects.create(order=order, gateway=gateway.id, name=gateway.name, currency=order.currency)
    _record(tx, gateway.initialize_transaction(transaction=tx, amount=order.total_amount, data=data), actor=actor)
    return tx


def lock_transaction(transaction_id: object) -> Transaction:
    return Transaction.objects.select_for_update(of=("self",)).get(pk=transaction_id)


@transaction.atomic
def process_transaction(*, tx: Transaction, data: Mapping[str, Any] | None = None) -> Transaction:
    """``transactionProcess``: hand the client's data to the gateway and
    record what it reports; the order's charge status follows. Raises
    ``PaymentError("NOT_FOUND")`` when the gateway no longer runs."""
    order = lock_order(tx.order_id)
    locked = lock_transaction(tx.pk)
    gateway = get_gateway(locked.gateway)
    if gateway is None:
        raise PaymentError("NOT_FOUND", _("Phương thức thanh toán không tồn tại."), field="gateway")
    _record(locked, gateway.process(transaction=locked, data=data))
    refresh_charge_status(order)
    return locked


def record_provider_events(
    *, tx: Transaction, events: Sequence[GatewayEvent], seller_order: SellerOrder | None = None
) -> Transaction:
    """What a provider told us in a verified notification (a webhook, an IPN,
    a matched bank statement line): record ``events`` on ``tx`` under the
    order's and the transaction's locks; the order's charge status follows,
    and an order now fully paid has its sub-orders confirmed. Runs inside the
    caller's ``transaction.atomic`` (together with ``webhooks.claim_event``),
    so a rollback leaves nothing behind. Returns the locked, updated
    transaction."""
    order = lock_order(tx.order_id)
    locked = lock_transaction(tx.pk)
    _record(locked, events, seller_order=seller_order)
    refresh_charge_status(order)
    confirm_paid_seller_orders(order=order)
    # Paid sub-orders get their e-invoice after this transaction commits.
    schedule_invoices(order_id=order.pk)
    return locked


@transaction.atomic
def mark_cod_collected(*, seller_order: SellerOrder, actor: AnyUser | None, amount: int) -> TransactionEvent:
    """The seller (or an operator) records the cash the courier collected for
    one sub-order: a ``CHARGE_SUCCESS`` of exactly the sub-order's total on
    the order's cash-on-delivery transaction.

    Raises ``PaymentError``: ``NOT_FOUND`` (not the actor's sub-order),
    ``NOT_COD``, ``INVALID_STATUS`` (not shipped or delivered),
    ``INVALID_AMOUNT`` (field ``amount``), ``ALREADY_COLLECTED`` (recorded
    before: two clicks at once record one charge). Nothing changes then."""
    order = lock_order(seller_order.order_id)
    locked = lock_seller_order(seller_order.pk)
    parties = party_of(user=actor, seller_order=locked, order=order)
    if not parties & {Party.SELLER, Party.OPERATOR}:
        raise PaymentError("NOT_FOUND", _("Không tìm thấy đơn hàng."), field="id")
    tx = (
        Transaction.objects.select_for_update(of=("self",))
        .filter(order_id=order.pk, gateway=CashOnDelivery.id)
        .order_by("created_at", "pk")
        .first()
    )
    if tx is None:
        raise PaymentError("NOT_COD", _("Đơn hàng này không thanh toán khi nhận hàng."))
    if TransactionEvent.objects.filter(transaction=tx, seller_order=locked, type=T.CHARGE_SUCCESS).exists():
        raise PaymentError("ALREADY_COLLECTED", _("Tiền của đơn hàng này đã được ghi nhận."))
    if locked.status not in (SellerOrderStatus.SHIPPED, SellerOrderStatus.DELIVERED):
        raise PaymentError("INVALID_STATUS", _("Chỉ ghi nhận tiền thu hộ khi đơn đã được gửi đi hoặc đã giao."))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount != locked.total_amount:
        raise PaymentError(
            "INVALID_AMOUNT",
            _("Số tiền thu phải đúng bằng tổng đơn hàng: %(total)s.")
            % {"total": format_money(Money(locked.total_amount, locked.currency))},
            field="amount",
        )
    try:
        with transaction.atomic():
            (event,) = _record(
                tx,
                [GatewayEvent(type=T.CHARGE_SUCCESS, amount=amount, message="Đã thu tiền khi giao hàng")],
                actor=actor,
                seller_order=locked,
            )
    except IntegrityError as exc:  # the database's own guard against a second charge
        raise PaymentError("ALREADY_COLLECTED", _("Tiền của đơn hàng này đã được ghi nhận.")) from exc
    refresh_charge_status(order)
    schedule_invoices(order_id=order.pk)  # the collected sub-order's invoice, after the commit
    OrderEvent.objects.create(
        order=order,
        seller_order=locked,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=OrderAction.PAYMENT_COLLECTED,
        from_status=locked.status,
        to_status=locked.status,
        data={"amount": amount, "currency": tx.currency, "transaction": str(tx.pk)},
    )
    return event
