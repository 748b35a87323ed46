"""Stripe sellers are paid one transfer per released sub-order (the order's
number as transfer group), COD commission they owe taken from the first
transfers, a sub-order never paid twice; a refund after the transfer
reverses the seller's part of it at Stripe (against the Stripe stand-in)."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from payments.ledger.models import EntryKind, JournalEntry, Payout, SubOrderTransfer, TransferStatus
from payments.ledger.payouts import run_payouts
from payments.ledger.posting import release_available
from payments.ledger.selectors import ledger_total, seller_balance
from payments.ledger.services import set_payout_account
from payments.ledger.stripe_payouts import split_payout
from tests.payments.ledger.actions import deliver, pay, place, refund
from tests.payments.standins.stripe import running

LATER = datetime.timedelta(days=8)
ACCOUNT = "acct_1Nv0FGQ9RKHgCVdK"


@pytest.fixture
def standin(settings, seller_a, owner_a):
    with running(api_key="sk_test_ledger", webhook_secret="whsec_ledger") as standin:
        settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_ledger", "whsec_ledger"
        settings.STRIPE_API_BASE = standin.url
        set_payout_account(actor=owner_a, seller=seller_a, method="stripe", stripe_account_id=ACCOUNT)
        yield standin


def _released_online(channel, tea, owner_a, quantity: int):
    order = place(channel, [(tea, quantity)], gateway="pay_later")
    pay(order)
    deliver(order.seller_orders.get(), owner_a)
    return order


def _net(order) -> int:
    ledger = order.seller_orders.get().ledger
    return (ledger.gross - ledger.refunded) - (ledger.commission - ledger.commission_reversed)


def test_the_shortfall_is_taken_from_the_first_transfers():
    assert split_payout(150, [100, 50]) == ([100, 50], 0)
    assert split_payout(120, [100, 50]) == ([70, 50], 0)
    assert split_payout(30, [100, 50]) == ([0, 30], 0)
    assert split_payout(170, [100, 50]) == ([100, 50], 20)


def test_one_transfer_per_sub_order_with_cod_commission_netted(
    channel, tea, owner_a, seller_a, operator, standin, django_capture_on_commit_callbacks
):
    first = _released_online(channel, tea, owner_a, 1)
    second = _released_online(channel, tea, owner_a, 3)
    cod = place(channel, [(tea, 2)], gateway="cod")
    deliver(cod.seller_orders.get(), owner_a, cod=True)
    release_available(now=timezone.now() + LATER)
    owed = seller_balance(seller=seller_a).cod_owed
    assert owed > 0

    run_payouts(actor=operator, now=timezone.now() + LATER)

    calls = standin.calls("POST", "/v1/transfers")
    assert [(c["params"]["transfer_group"], int(c["params"]["amount"])) for c in calls] == [
        (first.number, _net(first) - owed),
        (second.number, _net(second)),
    ]
    transfers = list(SubOrderTransfer.objects.order_by("pk"))
    assert [t.status for t in transfers] == [TransferStatus.SENT, TransferStatus.SENT]
    assert len({c["headers"]["Idempotency-Key"] for c in calls}) == 2
    payout = Payout.objects.get(seller=seller_a)
    assert payout.amount == sum(t.amount for t in transfers) and payout.netted == owed
    assert seller_balance(seller=seller_a).available == 0 and seller_balance(seller=seller_a).cod_owed == 0

    # Next week: only the newly released sub-order is paid; the database refuses paying one twice.
    third = _released_online(channel, tea, owner_a, 2)
    release_available(now=timezone.now() + 2 * LATER)
    run_payouts(actor=operator, now=timezone.now() + 2 * LATER)
    calls = standin.calls("POST", "/v1/transfers")
    assert [c["params"]["transfer_group"] for c in calls] == [first.number, second.number, third.number]
    with pytest.raises(IntegrityError), transaction.atomic():
        SubOrderTransfer.objects.create(
            payout=payout, seller_order_id=transfers[0].seller_order_id, share=1, amount=1, transfer_group="x"
        )
    assert ledger_total() == 0


def test_a_sub_order_wholly_netted_needs_no_transfer(channel, tea, owner_a, seller_a, operator, standin):
    small = _released_online(channel, tea, owner_a, 1)
    big = _released_online(channel, tea, owner_a, 9)
    for _ in range(6):  # enough COD commission owed to eat the first sub-order's net
        cod = place(channel, [(tea, 9)], gateway="cod")
        deliver(cod.seller_orders.get(), owner_a, cod=True)
    release_available(now=timezone.now() + LATER)
    owed = seller_balance(seller=seller_a).cod_owed
    assert _net(small) < owed < _net(small) + _net(big)

    run_payouts(actor=operator, now=timezone.now() + LATER)

    (call,) = standin.calls("POST", "/v1/transfers")
    assert call["params"]["transfer_group"] == big.number
    assert int(call["params"]["amount"]) == _net(small) + _net(big) - owed
    statuses = list(SubOrderTransfer.objects.order_by("pk").values_list("status", "amount"))
    assert statuses == [(TransferStatus.NETTED, 0), (TransferStatus.SENT, int(call["params"]["amount"]))]


def test_a_refund_after_the_transfer_reverses_the_sellers_part(
    channel, tea, owner_a, seller_a, operator, standin, django_capture_on_commit_callbacks
):
    order = _released_online(channel, tea, owner_a, 2)
    release_available(now=timezone.now() + LATER)
    run_payouts(actor=operator, now=timezone.now() + LATER)
    transfer = SubOrderTransfer.objects.get()
    before = _net(order)

    with django_capture_on_commit_callbacks(execute=True):
        refund(order, 50_000)

    taken_back = before - _net(order)
    assert 0 < taken_back < 50_000  # the seller's part; the commission part comes back to the platform
    (call,) = standin.calls("POST", f"/v1/transfers/{transfer.reference}/reversals")
    assert int(call["params"]["amount"]) == taken_back
    assert standin.objects[transfer.reference]["amount_reversed"] == taken_back
    assert JournalEntry.objects.filter(kind=EntryKind.TRANSFER_BACK).count() == 1
    assert seller_balance(seller=seller_a).available == 0  # nothing left to net next week
    # A later run retries due reversals: none is due, nothing is reversed twice.
    run_payouts(actor=operator, now=timezone.now() + 2 * LATER)
    assert len(standin.calls("POST", f"/v1/transfers/{transfer.reference}/reversals")) == 1
    assert ledger_total() == 0


def test_a_reversal_missed_after_the_commit_is_made_by_the_next_run(channel, tea, owner_a, seller_a, operator, standin):
    order = _released_online(channel, tea, owner_a, 2)
    release_available(now=timezone.now() + LATER)
    run_payouts(actor=operator, now=timezone.now() + LATER)
    transfer = SubOrderTransfer.objects.get()
    refund(order, order.total_amount)  # on-commit hooks never run inside the test's transaction
    assert standin.calls("POST", f"/v1/transfers/{transfer.reference}/reversals") == []
    assert seller_balance(seller=seller_a).available == -transfer.amount

    run_payouts(actor=operator, now=timezone.now() + 2 * LATER)

    (call,) = standin.calls("POST", f"/v1/transfers/{transfer.reference}/reversals")
    assert int(call["params"]["amount"]) == transfer.amount
    assert seller_balance(seller=seller_a).available == 0
    assert ledger_total() == 0
