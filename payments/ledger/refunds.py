"""Taking a sale back: refunds through a gateway, and the cancellation or
return of a sold sub-order.

A refund credits the gateway's clearing account; shopper_funds gives back
what the order held for the shopper (cancelled sub-orders, overpayment);
the rest is taken, in proportion, from the sub-orders sold: seller
(pending or available) +(p−d), commission +d. A cancellation or return
takes back what is left of the sale: seller +(g−c), commission +c,
shopper_funds −g (a refund is due); COD: commission +c, receivable −c.
A released sub-order's Stripe transfer is reversed after the commit
(``payments.ledger.stripe_payouts``).

Commission taken back by partial refunds is path-independent: after
refunds totalling R of a sub-order sold for G with commission C, exactly
``floor(C × R / G)`` (all of C once R = G) has been reversed.

The callers (``payments.ledger.posting``) hold the order's lock."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Sum

from marketplace.order.models import SellerOrder
from payments.ledger.accounts import account_id
from payments.ledger.journal import post_entry
from payments.ledger.models import AccountKind as K
from payments.ledger.models import EntryKind, JournalLine, SaleState, SubOrderLedger
from payments.models import Transaction, TransactionEvent


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


def post_refund(*, tx: Transaction, event: TransactionEvent) -> None:
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


def reverse_sale(sub: SellerOrder, *, reason: str) -> None:
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
    reverse the part just taken back, after the commit. Imported here: the
    Stripe payout modules import the payment services, which post through
    this one."""
    if seller_order_ids:
        from payments.ledger.stripe_payouts import schedule_transfer_reversals

        schedule_transfer_reversals(seller_order_ids=seller_order_ids)
