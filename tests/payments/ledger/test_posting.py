"""What each movement of money writes to the books, through the services the
shop really calls (checkout, verified provider events, the order workflow)."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from marketplace.order import services as order_services
from payments.ledger.models import AccountKind as K
from payments.ledger.models import EntryKind, JournalEntry, JournalLine, SaleState, SubOrderLedger
from payments.ledger.posting import release_available
from payments.ledger.selectors import account_balances, ledger_total, seller_balance
from payments.webhooks import claim_event
from tests.payments.ledger.actions import deliver, entry_kinds, pay, place, refund, unbalanced_entries
from tests.payments.ledger.conftest import DEFAULT_RATE_BPS, SQUID_PRICE, TEA_PRICE, TEA_RATE_BPS

SHIPPING_A, SHIPPING_B = 30_000, 25_000
LATER = datetime.timedelta(days=8)


def _balance(kind, *, seller=None, gateway=""):
    return account_balances().get((kind, seller.pk if seller else None, gateway), 0)


def test_an_online_payment_books_each_sellers_share_and_the_commission(channel, tea, squid, seller_a, seller_b):
    order = place(channel, [(tea, 2), (squid, 1)], gateway="pay_later")
    assert JournalEntry.objects.count() == 0  # nothing moves at checkout
    pay(order, fee=4_400)
    commission_a = 2 * TEA_PRICE * TEA_RATE_BPS // 10_000
    commission_b = SQUID_PRICE * DEFAULT_RATE_BPS // 10_000
    assert entry_kinds(order) == [EntryKind.PAYMENT, EntryKind.FEE, EntryKind.SALE, EntryKind.SALE]
    assert _balance(K.GATEWAY_CLEARING, gateway="pay_later") == order.total_amount - 4_400
    assert _balance(K.GATEWAY_FEE_EXPENSE, gateway="pay_later") == 4_400
    assert _balance(K.COMMISSION_REVENUE) == -(commission_a + commission_b)
    assert _balance(K.SHOPPER_FUNDS) == 0
    a, b = seller_balance(seller=seller_a), seller_balance(seller=seller_b)
    assert (a.pending, a.available) == (2 * TEA_PRICE + SHIPPING_A - commission_a, 0)
    assert (b.pending, b.available) == (SQUID_PRICE + SHIPPING_B - commission_b, 0)
    sale = JournalEntry.objects.get(kind=EntryKind.SALE, seller_order__seller=seller_a)
    assert [(line["rate_bps"], line["commission"]) for line in sale.data["lines"]] == [(TEA_RATE_BPS, commission_a)]
    assert ledger_total() == 0 and unbalanced_entries() == []


def test_a_partial_payment_books_the_money_but_no_sale(channel, tea, seller_a):
    order = place(channel, [(tea, 1)], gateway="pay_later")
    pay(order, amount=order.total_amount - 1)
    assert entry_kinds(order) == [EntryKind.PAYMENT]
    assert _balance(K.SHOPPER_FUNDS) == -(order.total_amount - 1)
    pay(order, amount=1)
    assert entry_kinds(order) == [EntryKind.PAYMENT, EntryKind.PAYMENT, EntryKind.SALE]
    assert _balance(K.SHOPPER_FUNDS) == 0


def test_a_notification_delivered_twice_posts_once(channel, tea):
    order = place(channel, [(tea, 1)], gateway="pay_later")
    tx = order.transactions.get()
    for _ in range(2):
        with transaction.atomic():
            if claim_event(provider="test", event_id="evt_1", tx=tx):
                pay(order)
    assert entry_kinds(order) == [EntryKind.PAYMENT, EntryKind.SALE]


def test_money_becomes_available_only_after_the_return_window(channel, tea, seller_a, owner_a):
    order = place(channel, [(tea, 1)], gateway="pay_later")
    pay(order)
    sub = order.seller_orders.get()
    owed = seller_balance(seller=seller_a).pending
    assert release_available(now=timezone.now() + LATER) == 0  # not delivered: nothing to release
    deliver(sub, owner_a)
    assert release_available(now=timezone.now() + datetime.timedelta(days=6)) == 0
    assert release_available(now=timezone.now() + LATER) == 1
    assert release_available(now=timezone.now() + LATER) == 0  # idempotent
    balance = seller_balance(seller=seller_a)
    assert (balance.pending, balance.available) == (0, owed)
    assert JournalEntry.objects.filter(kind=EntryKind.RELEASE).count() == 1


def test_cash_on_delivery_makes_the_seller_owe_the_commission(channel, tea, seller_a, owner_a):
    order = place(channel, [(tea, 3)], gateway="cod")
    sub = order.seller_orders.get()
    deliver(sub, owner_a, cod=True)
    commission = 3 * TEA_PRICE * TEA_RATE_BPS // 10_000
    balance = seller_balance(seller=seller_a)
    assert (balance.pending, balance.available, balance.cod_owed) == (0, 0, commission)
    assert _balance(K.COMMISSION_REVENUE) == -commission
    assert entry_kinds(order) == [EntryKind.COD_COLLECTED]


def test_partial_refunds_take_back_commission_in_proportion(channel, tea, seller_a):
    order = place(channel, [(tea, 2)], gateway="pay_later")
    pay(order)
    sub = order.seller_orders.get()
    gross, commission = sub.total_amount, 2 * TEA_PRICE * TEA_RATE_BPS // 10_000
    refund(order, 100_001, seller_order=sub)
    state = SubOrderLedger.objects.get(pk=sub.pk)
    assert (state.refunded, state.commission_reversed) == (100_001, commission * 100_001 // gross)
    refund(order, gross - 100_001, seller_order=sub)
    state.refresh_from_db()
    assert (state.refunded, state.commission_reversed) == (gross, commission)
    balance = seller_balance(seller=seller_a)
    assert (balance.pending, balance.available) == (0, 0)
    assert _balance(K.COMMISSION_REVENUE) == 0
    assert _balance(K.GATEWAY_CLEARING, gateway="pay_later") == 0


def test_a_refund_without_a_sub_order_is_split_across_the_sellers(channel, tea, squid, seller_a, seller_b):
    order = place(channel, [(tea, 1), (squid, 1)], gateway="pay_later")
    pay(order)
    before_a, before_b = seller_balance(seller=seller_a).pending, seller_balance(seller=seller_b).pending
    refund(order, 10_001)
    taken_a = before_a - seller_balance(seller=seller_a).pending
    taken_b = before_b - seller_balance(seller=seller_b).pending
    parts = JournalEntry.objects.get(kind=EntryKind.REFUND).data["parts"]
    assert sum(parts.values()) == 10_001 and len(parts) == 2
    assert 0 < taken_a < parts[str(order.seller_orders.get(seller=seller_a).pk)]
    assert 0 < taken_b < parts[str(order.seller_orders.get(seller=seller_b).pk)]
    assert unbalanced_entries() == []


def test_a_refund_after_payout_leaves_the_seller_owing(channel, tea, seller_a, owner_a, operator, bank_accounts):
    from payments.ledger.payouts import run_payouts

    order = place(channel, [(tea, 1)], gateway="pay_later")
    pay(order)
    sub = order.seller_orders.get()
    deliver(sub, owner_a)
    release_available(now=timezone.now() + LATER)
    run_payouts(actor=operator, now=timezone.now() + LATER)
    refund(order, 50_000, seller_order=sub)
    balance = seller_balance(seller=seller_a)
    taken_back = 50_000 - TEA_PRICE * TEA_RATE_BPS // 10_000 * 50_000 // sub.total_amount
    assert balance.available == -taken_back
    assert balance.payable == 0


def test_cancelling_a_paid_sub_order_moves_its_money_to_the_shopper(channel, tea, squid, seller_a, seller_b, owner_b):
    order = place(channel, [(tea, 1), (squid, 1)], gateway="pay_later")
    pay(order)
    sub_b = order.seller_orders.get(seller=seller_b)
    order_services.cancel_seller_order(seller_order=sub_b, actor=owner_b, reason="Hết hàng")
    assert seller_balance(seller=seller_b).pending == 0
    assert _balance(K.SHOPPER_FUNDS) == -sub_b.total_amount
    assert SubOrderLedger.objects.get(pk=sub_b.pk).state == SaleState.REVERSED
    refund(order, sub_b.total_amount)  # the refund of the cancelled part touches no seller
    assert _balance(K.SHOPPER_FUNDS) == 0
    assert seller_balance(seller=seller_a).pending == TEA_PRICE + SHIPPING_A - TEA_PRICE * TEA_RATE_BPS // 10_000


def test_cancelling_before_payment_books_nothing_and_the_rest_is_sold_when_paid(channel, tea, squid, seller_b, owner_b):
    order = place(channel, [(tea, 1), (squid, 1)], gateway="pay_later")
    sub_b = order.seller_orders.get(seller=seller_b)
    order_services.cancel_seller_order(seller_order=sub_b, actor=owner_b, reason="Hết hàng")
    assert JournalEntry.objects.count() == 0
    pay(order, amount=order.total_amount - sub_b.total_amount)
    assert entry_kinds(order) == [EntryKind.PAYMENT, EntryKind.SALE]


def test_a_returned_cod_parcel_gives_the_commission_back(channel, tea, seller_a, owner_a):
    order = place(channel, [(tea, 1)], gateway="cod")
    sub = order.seller_orders.get()
    deliver(sub, owner_a, cod=True)
    order_services.mark_returned(seller_order=sub, actor=owner_a, reason="Hàng lỗi")
    assert seller_balance(seller=seller_a).cod_owed == 0
    assert _balance(K.COMMISSION_REVENUE) == 0


@pytest.mark.parametrize(
    "statement", ["UPDATE ledger_journalline SET amount = amount + 1", "DELETE FROM ledger_journalline"]
)
def test_journal_lines_cannot_be_changed(channel, tea, statement):
    pay(place(channel, [(tea, 1)], gateway="pay_later"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)


def test_the_database_refuses_an_unbalanced_entry(channel, tea):
    pay(place(channel, [(tea, 1)], gateway="pay_later"))
    line = JournalLine.objects.first()
    entry = JournalEntry.objects.create(kind=EntryKind.PAYMENT, idempotency_key="forged")
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic():
        JournalLine.objects.create(entry=entry, account_id=line.account_id, amount=1)
