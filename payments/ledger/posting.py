"""Posting: what each movement of money writes to the books.

Called explicitly, inside the caller's transaction, by ``payments.services``
(every recorded transaction event) and ``marketplace.order.services``
(delivery, cancellation, return). Every caller holds the order's row lock,
so postings for one order never interleave. Each entry has an idempotency
key (unique): a retried hook posts nothing the second time.

=============  ==================================================================
event          entry (debit + / credit −)
=============  ==================================================================
online charge  clearing(gw) +A, shopper_funds −A; when the order is fully charged,
               per sub-order ("sale"): shopper_funds +G, seller_pending −(G−C),
               commission −C (C = Σ line commission, rates snapshot in ``data``)
gateway fee    fee_expense(gw) +F, clearing(gw) −F
COD collected  cod_receivable(seller) +C, commission −C (the seller holds the cash)
release        after delivery + ``LEDGER_RETURN_WINDOW_DAYS``: pending +X, available −X
refund         clearing(gw) −A; shopper_funds + what the order held for the shopper
               (cancelled sub-orders, overpayment); the rest per sub-order:
               seller (pending or available) +(p−d), commission +d; a released
               sub-order's Stripe transfer is reversed after the commit
               (``payments.ledger.stripe_payouts``)
cancel/return  of a sold sub-order, what is left of it: seller +(g−c), commission +c,
               shopper_funds −g (refund due); COD: commission +c, receivable −c
payout         see ``payments.ledger.payouts``
=============  ==================================================================

This module decides which entries an event calls for; the entries
themselves are written by ``payments.ledger.journal`` (balanced,
idempotent), ``payments.ledger.sales`` (sale, COD collected) and
``payments.ledger.refunds`` (refund, cancel/return).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from marketplace.order.models import Order, SellerOrder, SellerOrderStatus
from payments.ledger.accounts import account_id
from payments.ledger.journal import post_entry
from payments.ledger.models import AccountKind as K
from payments.ledger.models import EntryKind, SaleState, SubOrderLedger
from payments.ledger.refunds import post_refund, reverse_sale
from payments.ledger.sales import locked_sale_state, post_cod_collected, post_sale, release_due
from payments.models import Transaction, TransactionEvent, TransactionEventType

COD_GATEWAY = "cod"
_INACTIVE = (SellerOrderStatus.CANCELLED, SellerOrderStatus.RETURNED)


# --- transaction events (from payments.services._record) -------------------------------


def post_transaction_events(*, tx: Transaction, rows: Sequence[TransactionEvent], fees: Sequence[int]) -> None:
    """Book what ``_record`` just stored: ``rows`` with the provider's fee of
    each (``fees``, same order). The caller holds the order's lock."""
    charged_online = False
    for row, fee in zip(rows, fees, strict=True):
        if row.type == TransactionEventType.CHARGE_SUCCESS and row.amount:
            if tx.gateway == COD_GATEWAY:
                if row.seller_order_id is not None:
                    post_cod_collected(seller_order_id=row.seller_order_id, event=row)
            else:
                post_entry(
                    kind=EntryKind.PAYMENT,
                    key=f"payment:{row.pk}",
                    lines=[
                        (account_id(K.GATEWAY_CLEARING, gateway=tx.gateway), row.amount),
                        (account_id(K.SHOPPER_FUNDS), -row.amount),
                    ],
                    order_id=tx.order_id,
                    transaction_event_id=row.pk,
                    currency=tx.currency,
                )
                charged_online = True
        elif row.type == TransactionEventType.REFUND_SUCCESS and row.amount:
            post_refund(tx=tx, event=row)
        if fee:
            post_entry(
                kind=EntryKind.FEE,
                key=f"fee:{row.pk}",
                lines=[
                    (account_id(K.GATEWAY_FEE_EXPENSE, gateway=tx.gateway), fee),
                    (account_id(K.GATEWAY_CLEARING, gateway=tx.gateway), -fee),
                ],
                order_id=tx.order_id,
                transaction_event_id=row.pk,
                currency=tx.currency,
            )
    if charged_online:
        allocate_paid_order(order_id=tx.order_id)


def allocate_paid_order(*, order_id: object) -> None:
    """Once an order's online charges cover its active sub-orders, book each
    unsold one as a sale to its seller. The caller holds the order's lock."""
    charged = (
        Transaction.objects.filter(order_id=order_id)
        .exclude(gateway=COD_GATEWAY)
        .aggregate(total=Sum("charged_amount"))["total"]
        or 0
    )
    if not charged:
        return
    subs = list(SellerOrder.objects.filter(order_id=order_id).exclude(status__in=_INACTIVE).order_by("pk"))
    if not subs or charged < sum(sub.total_amount for sub in subs):
        return
    sold = set(
        SubOrderLedger.objects.filter(seller_order__in=subs).exclude(state=SaleState.NONE).values_list("pk", flat=True)
    )
    for sub in subs:
        if sub.pk not in sold:
            post_sale(sub)


# --- the order workflow (from marketplace.order.services._transition) -----------------


def on_seller_order_transition(*, seller_order: SellerOrder, from_status: str) -> None:
    """``seller_order`` (saved, locked with its order) just moved from
    ``from_status``: delivery starts the return window, a cancellation or a
    return takes the sale back; a cancellation may leave the rest of a
    partly paid order fully paid."""
    status = seller_order.status
    if status == SellerOrderStatus.DELIVERED:
        state = locked_sale_state(seller_order)
        state.release_due_at = release_due(seller_order)
        state.save(update_fields=["release_due_at"])
    elif status in _INACTIVE:
        reverse_sale(seller_order, reason=status)
        if status == SellerOrderStatus.CANCELLED:
            allocate_paid_order(order_id=seller_order.order_id)


# --- release (periodic) ----------------------------------------------------------------


def release_available(*, now: datetime.datetime | None = None) -> int:
    """Move every sub-order whose return window has passed from pending to
    available; returns how many. Idempotent: run it as often as you like."""
    now = now or timezone.now()
    due = list(
        SubOrderLedger.objects.filter(state=SaleState.PENDING, release_due_at__lte=now)
        .order_by("pk")
        .values_list("pk", "seller_order__order_id")
    )
    released = 0
    for seller_order_id, order_id in due:
        with transaction.atomic():
            Order.objects.select_for_update(of=("self",)).filter(pk=order_id).first()
            state = SubOrderLedger.objects.select_for_update(of=("self",)).get(pk=seller_order_id)
            if state.state != SaleState.PENDING or state.release_due_at is None or state.release_due_at > now:
                continue
            amount = (state.gross - state.refunded) - (state.commission - state.commission_reversed)
            post_entry(
                kind=EntryKind.RELEASE,
                key=f"release:{seller_order_id}",
                lines=[
                    (account_id(K.SELLER_PENDING, seller_id=state.seller_id), amount),
                    (account_id(K.SELLER_AVAILABLE, seller_id=state.seller_id), -amount),
                ],
                order_id=order_id,
                seller_order_id=seller_order_id,
            )
            state.state, state.released_at = SaleState.AVAILABLE, now
            state.save(update_fields=["state", "released_at"])
            released += 1
    return released
