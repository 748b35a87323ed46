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

Commission taken back by partial refunds is path-independent: after
refunds totalling R of a sub-order sold for G with commission C, exactly
``floor(C × R / G)`` (all of C once R = G) has been reversed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from marketplace.order.models import Order, OrderLine, SellerOrder, SellerOrderStatus
from payments.ledger.accounts import account_id
from payments.ledger.commission import commission_of, rates_for
from payments.ledger.errors import LedgerError
from payments.ledger.models import AccountKind as K
from payments.ledger.models import EntryKind, JournalEntry, JournalLine, SaleState, SubOrderLedger
from payments.models import Transaction, TransactionEvent, TransactionEventType

COD_GATEWAY = "cod"
_INACTIVE = (SellerOrderStatus.CANCELLED, SellerOrderStatus.RETURNED)
Lines = Iterable[tuple[int, int]]


def post_entry(
    *,
    kind: str,
    key: str,
    lines: Lines,
    order_id: object = None,
    seller_order_id: int | None = None,
    transaction_event_id: int | None = None,
    payout_id: int | None = None,
    currency: str = "VND",
    memo: str = "",
    data: dict | None = None,
    new_key: bool = False,
) -> JournalEntry | None:
    """Write one balanced entry of ``lines`` ((account id, signed đồng)),
    merged per account, zero lines dropped. Returns ``None`` when ``key``
    was posted before or nothing moves. ``new_key``: the key cannot exist
    yet (it names a row just created), so skip the look-up and savepoint.
    Raises ``LedgerError("UNBALANCED")`` (the database would refuse it at
    commit anyway)."""
    merged: dict[int, int] = defaultdict(int)
    for account, amount in lines:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise LedgerError("UNBALANCED", f"non-integer amount {amount!r}")
        merged[account] += amount
    merged = {account: amount for account, amount in merged.items() if amount}
    if sum(merged.values()) != 0:
        raise LedgerError("UNBALANCED", f"entry {key} sums to {sum(merged.values())}")
    if not merged:
        return None

    def write() -> JournalEntry:
        entry = JournalEntry.objects.create(
            kind=kind,
            idempotency_key=key,
            order_id=order_id,
            seller_order_id=seller_order_id,
            transaction_event_id=transaction_event_id,
            payout_id=payout_id,
            currency=currency,
            memo=memo[:255],
            data=data or {},
        )
        # One INSERT for all lines: balanced at the end of the statement.
        JournalLine.objects.bulk_create(
            [JournalLine(entry=entry, account_id=account, amount=amount) for account, amount in merged.items()]
        )
        return entry

    if new_key:
        return write()
    if JournalEntry.objects.filter(idempotency_key=key).exists():
        return None
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        if JournalEntry.objects.filter(idempotency_key=key).exists():
            return None  # a concurrent retry posted it
        raise


# --- transaction events (from payments.services._record) -------------------------------


def post_transaction_events(*, tx: Transaction, rows: Sequence[TransactionEvent], fees: Sequence[int]) -> None:
    """Book what ``_record`` just stored: ``rows`` with the provider's fee of
    each (``fees``, same order). The caller holds the order's lock."""
    charged_online = False
    for row, fee in zip(rows, fees, strict=True):
        if row.type == TransactionEventType.CHARGE_SUCCESS and row.amount:
            if tx.gateway == COD_GATEWAY:
                if row.seller_order_id is not None:
                    _post_cod_collected(seller_order_id=row.seller_order_id, event=row)
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
            _post_refund(tx=tx, event=row)
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
            _post_sale(sub)


def _commission(sub: SellerOrder) -> tuple[int, list[dict]]:
    lines = list(
        OrderLine.objects.filter(seller_order_id=sub.pk)
        .order_by("sort_order", "pk")
        .values_list("pk", "total_price_amount", "variant__product__category_id")
    )
    rates = rates_for(seller_id=sub.seller_id, category_ids={category for _, _, category in lines})
    snapshot = [
        {
            "line": str(pk),
            "category": category,
            "amount": amount,
            "rate_bps": rates[category],
            "commission": commission_of(amount, rates[category]),
        }
        for pk, amount, category in lines
    ]
    return sum(item["commission"] for item in snapshot), snapshot


def _state(sub: SellerOrder) -> SubOrderLedger:
    state, _ = SubOrderLedger.objects.select_for_update(of=("self",)).get_or_create(
        seller_order_id=sub.pk, defaults={"seller_id": sub.seller_id}
    )
    return state


def _release_due(sub: SellerOrder) -> datetime.datetime | None:
    if sub.delivered_at is None:
        return None
    return sub.delivered_at + datetime.timedelta(days=settings.LEDGER_RETURN_WINDOW_DAYS)


def _post_sale(sub: SellerOrder) -> None:
    state = _state(sub)
    if state.state != SaleState.NONE:
        return
    commission, snapshot = _commission(sub)
    gross = sub.total_amount
    post_entry(
        kind=EntryKind.SALE,
        key=f"sale:{sub.pk}",
        lines=[
            (account_id(K.SHOPPER_FUNDS), gross),
            (account_id(K.SELLER_PENDING, seller_id=sub.seller_id), -(gross - commission)),
            (account_id(K.COMMISSION_REVENUE), -commission),
        ],
        order_id=sub.order_id,
        seller_order_id=sub.pk,
        currency=sub.currency,
        data={"lines": snapshot},
    )
    state.state, state.gross, state.commission = SaleState.PENDING, gross, commission
    state.release_due_at = state.release_due_at or _release_due(sub)
    state.save()


def _post_cod_collected(*, seller_order_id: int, event: TransactionEvent) -> None:
    sub = SellerOrder.objects.get(pk=seller_order_id)
    state = _state(sub)
    if state.state != SaleState.NONE:
        return
    commission, snapshot = _commission(sub)
    post_entry(
        kind=EntryKind.COD_COLLECTED,
        key=f"cod:{sub.pk}",
        lines=[
            (account_id(K.COD_RECEIVABLE, seller_id=sub.seller_id), commission),
            (account_id(K.COMMISSION_REVENUE), -commission),
        ],
        order_id=sub.order_id,
        seller_order_id=sub.pk,
        transaction_event_id=event.pk,
        currency=sub.currency,
        data={"lines": snapshot, "cash": event.amount},
    )
    # The seller already holds the cash: nothing waits for release.
    state.is_cod, state.state, state.gross, state.commission = True, SaleState.AVAILABLE, event.amount, commission
    state.released_at = timezone.now()
    state.save()


def _seller_account(state: SubOrderLedger) -> int:
    kind = K.SELLER_AVAILABLE if state.state == SaleState.AVAILABLE else K.SELLER_PENDING
    return account_id(kind, seller_id=state.seller_id)


def _take_back(state: SubOrderLedger, part: int) -> list[tuple[int, int]]:
    """Lines that take ``part`` of a sold sub-order back from its seller and
    the platform (debits), updating ``state`` (saved by the caller)."""
    refunded = state.refunded + part
    target = state.commission if refunded >= state.gross else state.commission * refunded // state.gross
    reversed_now = target - state.commission_reversed
    state.refunded, state.commission_reversed = refunded, target
    return [(_seller_account(state), part - reversed_now), (account_id(K.COMMISSION_REVENUE), reversed_now)]


def _held_for_shopper(order_id: object) -> int:
    total = JournalLine.objects.filter(account_id=account_id(K.SHOPPER_FUNDS), entry__order_id=order_id).aggregate(
        total=Sum("amount")
    )["total"]
    return -(total or 0)


def _split(amount: int, weights: Sequence[int]) -> list[int]:
    """``amount`` split in proportion to ``weights`` (largest remainder;
    ties to the earlier weight); never more than a weight."""
    total = sum(weights)
    shares = [amount * w // total for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in remainders[: amount - sum(shares)]:
        shares[i] += 1
    return shares


def _post_refund(*, tx: Transaction, event: TransactionEvent) -> None:
    """Money went back to the shopper through ``tx``'s gateway."""
    amount = event.amount
    lines: list[tuple[int, int]] = [(account_id(K.GATEWAY_CLEARING, gateway=tx.gateway), -amount)]
    states = list(
        SubOrderLedger.objects.select_for_update(of=("self",))
        .filter(seller_order__order_id=tx.order_id, is_cod=False, state__in=(SaleState.PENDING, SaleState.AVAILABLE))
        .order_by("pk")
    )
    if event.seller_order_id is not None:
        states = [s for s in states if s.pk == event.seller_order_id]
        from_sales = min(amount, sum(s.gross - s.refunded for s in states))
    else:
        from_sales = max(0, amount - max(0, _held_for_shopper(tx.order_id)))
        from_sales = min(from_sales, sum(s.gross - s.refunded for s in states))
    parts = _split(from_sales, [s.gross - s.refunded for s in states]) if from_sales else [0] * len(states)
    touched = []
    for state, part in zip(states, parts, strict=True):
        if part:
            lines += _take_back(state, part)
            touched.append(state)
    lines.append((account_id(K.SHOPPER_FUNDS), amount - from_sales))
    post_entry(
        kind=EntryKind.REFUND,
        key=f"refund:{event.pk}",
        lines=lines,
        order_id=tx.order_id,
        seller_order_id=touched[0].pk if len(touched) == 1 else None,
        transaction_event_id=event.pk,
        currency=tx.currency,
        data={"parts": {str(s.pk): p for s, p in zip(states, parts, strict=True) if p}},
    )
    for state in touched:
        state.save(update_fields=["refunded", "commission_reversed"])
    _reverse_transfers_after_commit([s.pk for s in touched if s.state == SaleState.AVAILABLE])


def _reverse_sale(sub: SellerOrder, *, reason: str) -> None:
    """A sold sub-order was cancelled or returned: take back what is left."""
    state = SubOrderLedger.objects.select_for_update(of=("self",)).filter(pk=sub.pk).first()
    if state is None or state.state not in (SaleState.PENDING, SaleState.AVAILABLE):
        return
    left = state.gross - state.refunded
    commission_left = state.commission - state.commission_reversed
    if state.is_cod:
        lines = [
            (account_id(K.COMMISSION_REVENUE), commission_left),
            (account_id(K.COD_RECEIVABLE, seller_id=state.seller_id), -commission_left),
        ]
    else:
        lines = [
            (_seller_account(state), left - commission_left),
            (account_id(K.COMMISSION_REVENUE), commission_left),
            (account_id(K.SHOPPER_FUNDS), -left),
        ]
    post_entry(
        kind=EntryKind.REVERSAL,
        key=f"reversal:{sub.pk}",
        lines=lines,
        order_id=sub.order_id,
        seller_order_id=sub.pk,
        currency=sub.currency,
        memo=reason,
    )
    was_released = state.state == SaleState.AVAILABLE and not state.is_cod
    state.state = SaleState.REVERSED
    state.save(update_fields=["state"])
    if was_released:
        _reverse_transfers_after_commit([state.pk])


def _reverse_transfers_after_commit(seller_order_ids: list[int]) -> None:
    """Released sub-orders may have been transferred to a Stripe seller:
    reverse the part just taken back, after the commit. Imported here, as
    the transfers module posts its entries through this one."""
    if seller_order_ids:
        from payments.ledger.stripe_payouts import schedule_transfer_reversals

        schedule_transfer_reversals(seller_order_ids=seller_order_ids)


# --- the order workflow (from marketplace.order.services._transition) -----------------


def on_seller_order_transition(*, seller_order: SellerOrder, from_status: str) -> None:
    """``seller_order`` (saved, locked with its order) just moved from
    ``from_status``: delivery starts the return window, a cancellation or a
    return takes the sale back; a cancellation may leave the rest of a
    partly paid order fully paid."""
    status = seller_order.status
    if status == SellerOrderStatus.DELIVERED:
        state = _state(seller_order)
        state.release_due_at = _release_due(seller_order)
        state.save(update_fields=["release_due_at"])
    elif status in _INACTIVE:
        _reverse_sale(seller_order, reason=status)
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
