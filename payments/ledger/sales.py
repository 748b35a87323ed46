"""Sales: a sub-order booked to its seller, with the commission rates of
its lines snapshot in the entry's ``data``. Online, once the order is fully
charged: shopper_funds +G, seller_pending −(G−C), commission −C. Cash on
delivery, when the cash is collected: cod_receivable(seller) +C,
commission −C (the seller holds the cash, so nothing waits for release).

``SubOrderLedger`` keeps where each sub-order stands; the callers
(``payments.ledger.posting``) hold the order's lock."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from marketplace.order.models import OrderLine, SellerOrder
from payments.ledger.accounts import account_id
from payments.ledger.commission import commission_of, rates_for
from payments.ledger.journal import post_entry
from payments.ledger.models import AccountKind as K
from payments.ledger.models import EntryKind, SaleState, SubOrderLedger
from payments.models import TransactionEvent


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


def locked_sale_state(sub: SellerOrder) -> SubOrderLedger:
    """``sub``'s ledger row, created on first use, locked until the commit."""
    state, _ = SubOrderLedger.objects.select_for_update(of=("self",)).get_or_create(
        seller_order_id=sub.pk, defaults={"seller_id": sub.seller_id}
    )
    return state


def release_due(sub: SellerOrder) -> datetime.datetime | None:
    """When ``sub``'s return window closes: ``LEDGER_RETURN_WINDOW_DAYS``
    after delivery; ``None`` until it is delivered."""
    if sub.delivered_at is None:
        return None
    return sub.delivered_at + datetime.timedelta(days=settings.LEDGER_RETURN_WINDOW_DAYS)


def post_sale(sub: SellerOrder) -> None:
    """Book ``sub``, paid online, as a sale pending release; a sub-order
    already booked is left alone."""
    state = locked_sale_state(sub)
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
    state.release_due_at = state.release_due_at or release_due(sub)
    state.save()


def post_cod_collected(*, seller_order_id: int, event: TransactionEvent) -> None:
    """The seller collected ``event.amount`` in cash for the sub-order: book
    the commission it owes; a sub-order already booked is left alone."""
    sub = SellerOrder.objects.get(pk=seller_order_id)
    state = locked_sale_state(sub)
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
