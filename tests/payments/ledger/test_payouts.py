"""Weekly payout runs: netting COD commission, bank files, Stripe failures,
reruns and concurrent runs paying nobody twice, the command, permissions."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.seller.storage import private_document_storage
from payments.ledger.errors import LedgerError
from payments.ledger.models import EntryKind, JournalEntry, LedgerAudit, Payout, PayoutRun, PayoutStatus
from payments.ledger.payouts import run_payouts
from payments.ledger.posting import release_available
from payments.ledger.selectors import ledger_total, seller_balance
from payments.ledger.services import set_payout_account
from tests.marketplace.checkout.helpers import run_in_threads
from tests.payments.ledger.actions import deliver, pay, place
from tests.payments.ledger.conftest import DEFAULT_RATE_BPS, SQUID_PRICE, TEA_PRICE, TEA_RATE_BPS
from tests.payments.standins.stripe import running

LATER = datetime.timedelta(days=8)


def _sold_and_released(channel, tea, squid, owner_a, owner_b):
    """Seller A: one online sale released; seller B: one COD sale."""
    online = place(channel, [(tea, 2)], gateway="pay_later")
    pay(online)
    deliver(online.seller_orders.get(), owner_a)
    cod = place(channel, [(squid, 2)], gateway="cod")
    deliver(cod.seller_orders.get(), owner_b, cod=True)
    release_available(now=timezone.now() + LATER)
    return online, cod


def _file_rows(run: PayoutRun, layout: str) -> list[list[str]]:
    path = run.files.get(bank_format=layout).path
    with private_document_storage().open(path) as handle:
        return list(csv.reader(io.StringIO(handle.read().decode("utf-8"))))


def test_a_run_pays_available_money_into_bank_files(
    channel, tea, squid, seller_a, seller_b, owner_a, owner_b, operator, bank_accounts
):
    online, _ = _sold_and_released(channel, tea, squid, owner_a, owner_b)
    sub = online.seller_orders.get()
    owed_a = sub.total_amount - 2 * TEA_PRICE * TEA_RATE_BPS // 10_000
    run = run_payouts(actor=operator, now=timezone.now() + LATER)
    assert (run.payout_count, run.total_amount, run.started_by) == (1, owed_a, operator)
    payout = Payout.objects.get(run=run)
    assert (payout.seller, payout.status, payout.amount) == (seller_a, PayoutStatus.IN_FILE, owed_a)
    # Seller A banks at Vietcombank (BIN 970436): that bank's own layout.
    assert _file_rows(run, "vietcombank") == [
        ["STT", "So tai khoan", "Ten tai khoan", "So tien", "Dien giai"],
        [
            "1",
            "0011001234567",
            "HTX CHE TAN CUONG",
            str(owed_a),
            f"CHO OCOP THANH TOAN {run.period:%Y%m%d} NB{seller_a.pk}",
        ],
    ]
    balance = seller_balance(seller=seller_a)
    assert (balance.available, balance.paid_out) == (0, owed_a)
    # Seller B only owes COD commission: not paid, still owing.
    assert seller_balance(seller=seller_b).cod_owed == 2 * SQUID_PRICE * DEFAULT_RATE_BPS // 10_000
    assert ledger_total() == 0
    assert list(LedgerAudit.objects.filter(action__startswith="payout_run").values_list("action", "actor")) == [
        ("payout_run.finish", operator.pk),
        ("payout_run.start", operator.pk),
    ]


def test_cod_commission_owed_is_netted_from_the_next_payout(
    channel, tea, squid, seller_b, owner_a, owner_b, operator, bank_accounts
):
    _sold_and_released(channel, tea, squid, owner_a, owner_b)
    owed = seller_balance(seller=seller_b).cod_owed
    online_b = place(channel, [(squid, 3)], gateway="pay_later")
    pay(online_b)
    deliver(online_b.seller_orders.get(), owner_b)
    release_available(now=timezone.now() + LATER)
    available = seller_balance(seller=seller_b).available
    run = run_payouts(actor=operator, now=timezone.now() + LATER)
    payout = Payout.objects.get(run=run, seller=seller_b)
    assert (payout.amount, payout.available, payout.netted) == (available - owed, available, owed)
    # The generic NAPAS layout for a bank other than Vietcombank; the name without diacritics.
    rows = _file_rows(run, "napas")
    assert rows[0] == ["STT", "Ma ngan hang", "So tai khoan", "Ten nguoi thu huong", "So tien", "Noi dung"]
    assert rows[1][1:5] == ["970415", "108001234567", "NGUYEN VAN DUC", str(available - owed)]
    balance = seller_balance(seller=seller_b)
    assert (balance.available, balance.cod_owed) == (0, 0)


def test_a_second_run_in_the_same_week_pays_nobody_twice(
    channel, tea, squid, owner_a, owner_b, operator, bank_accounts
):
    _sold_and_released(channel, tea, squid, owner_a, owner_b)
    first = run_payouts(actor=operator, now=timezone.now() + LATER)
    second = run_payouts(actor=None, by_system=True, now=timezone.now() + LATER)
    assert second.pk == first.pk
    assert Payout.objects.count() == 1
    assert JournalEntry.objects.filter(kind=EntryKind.PAYOUT).count() == 1


def test_a_seller_without_a_payout_account_keeps_its_money(channel, tea, squid, seller_a, owner_a, owner_b, operator):
    _sold_and_released(channel, tea, squid, owner_a, owner_b)
    available = seller_balance(seller=seller_a).available
    run = run_payouts(actor=operator, now=timezone.now() + LATER)
    assert Payout.objects.get(run=run).status == PayoutStatus.NO_ACCOUNT
    assert (run.payout_count, seller_balance(seller=seller_a).available) == (0, available)


def test_a_refused_stripe_transfer_puts_the_money_back(
    channel, tea, squid, seller_a, owner_a, owner_b, operator, settings
):
    settings.STRIPE_SECRET_KEY = ""  # Stripe not configured here: the transfer cannot be made
    set_payout_account(actor=owner_a, seller=seller_a, method="stripe", stripe_account_id="acct_1Nv0FGQ9RKHgCVdK")
    _sold_and_released(channel, tea, squid, owner_a, owner_b)
    available = seller_balance(seller=seller_a).available
    run_payouts(actor=operator, now=timezone.now() + LATER)
    payout = Payout.objects.get(seller=seller_a)
    assert payout.status == PayoutStatus.FAILED and payout.message
    assert seller_balance(seller=seller_a).available == available
    assert ledger_total() == 0


def test_stripe_sellers_get_a_transfer_per_sub_order_once(
    channel, tea, squid, seller_a, owner_a, owner_b, operator, settings
):
    with running(api_key="sk_test_ledger", webhook_secret="whsec_ledger") as standin:
        settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_ledger", "whsec_ledger"
        settings.STRIPE_API_BASE = standin.url
        set_payout_account(actor=owner_a, seller=seller_a, method="stripe", stripe_account_id="acct_1Nv0FGQ9RKHgCVdK")
        online, _cod = _sold_and_released(channel, tea, squid, owner_a, owner_b)
        available = seller_balance(seller=seller_a).available
        run_payouts(actor=operator, now=timezone.now() + LATER)
        run_payouts(actor=operator, now=timezone.now() + LATER)  # a rerun of the week sends nothing more
        run_payouts(actor=operator, now=timezone.now() + 2 * LATER)  # nor next week's run
        payout = Payout.objects.get(seller=seller_a)
        assert (payout.status, payout.amount) == (PayoutStatus.SENT, available)
        (call,) = standin.calls("POST", "/v1/transfers")
        (transfer,) = payout.transfers.all()
        assert transfer.seller_order_id == online.seller_orders.get().pk
        assert call["headers"]["Idempotency-Key"] == f"transfer-{transfer.pk}"
        assert call["params"]["amount"] == str(available)
        assert call["params"]["destination"] == "acct_1Nv0FGQ9RKHgCVdK"
        assert call["params"]["transfer_group"] == online.number
        assert call["params"]["metadata"]["seller_order"] == str(transfer.seller_order_id)
        assert payout.reference == transfer.reference and transfer.reference.startswith("tr_")
        assert seller_balance(seller=seller_a).available == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_pay_each_seller_once(channel, tea, squid, owner_a, owner_b, operator, bank_accounts):
    _sold_and_released(channel, tea, squid, owner_a, owner_b)
    this_week, next_week = timezone.now() + LATER, timezone.now() + LATER + datetime.timedelta(days=7)
    results = run_in_threads(
        [
            lambda: run_payouts(actor=operator, now=this_week),
            lambda: run_payouts(actor=operator, now=this_week),
            lambda: run_payouts(actor=operator, now=next_week),
        ]
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert Payout.objects.count() == 1
    assert JournalEntry.objects.filter(kind=EntryKind.PAYOUT).count() == 1
    assert ledger_total() == 0


def test_only_operators_run_payouts(channel, tea, squid, owner_a, owner_b, stranger, bank_accounts):
    _sold_and_released(channel, tea, squid, owner_a, owner_b)
    for user in (owner_a, stranger, None):
        with pytest.raises(LedgerError) as exc:
            run_payouts(actor=user, now=timezone.now() + LATER)
        assert exc.value.code == "PERMISSION_DENIED"
    assert not PayoutRun.objects.exists() and not Payout.objects.exists()


def test_the_command_releases_and_runs(channel, tea, squid, owner_a, owner_b, operator, bank_accounts):
    online = place(channel, [(tea, 1)], gateway="pay_later")
    pay(online)
    deliver(online.seller_orders.get(), owner_a)
    sub = online.seller_orders.get()
    sub.ledger.release_due_at = timezone.now() - datetime.timedelta(minutes=1)
    sub.ledger.save()  # the return window is over
    out = io.StringIO()
    call_command("run_payouts", "--operator", operator.email, stdout=out)
    assert "released 1 sub-orders" in out.getvalue() and "1 payouts" in out.getvalue()
    assert PayoutRun.objects.get().started_by == operator


def test_payout_accounts_are_set_by_the_owner_or_an_operator_and_audited(seller_a, owner_a, stranger, operator):
    with pytest.raises(LedgerError) as exc:
        set_payout_account(actor=stranger, seller=seller_a, method="bank", bank_bin="970436", account_number="0011001")
    assert exc.value.code == "NOT_FOUND"
    with pytest.raises(LedgerError) as exc:
        set_payout_account(
            actor=owner_a, seller=seller_a, method="bank", bank_bin="12", account_number="1", holder_name="A"
        )
    assert (exc.value.code, exc.value.field) == ("INVALID", "bank_bin")
    set_payout_account(
        actor=owner_a,
        seller=seller_a,
        method="bank",
        bank_bin="970436",
        account_number="0011 0012 34567",
        holder_name="An",
    )
    set_payout_account(actor=operator, seller=seller_a, method="stripe", stripe_account_id="acct_1Nv0FGQ9RKHgCVdK")
    audits = list(LedgerAudit.objects.filter(action="payout_account").order_by("pk"))
    assert [(a.actor, a.old and a.old["method"], a.new["method"]) for a in audits] == [
        (owner_a, None, "bank"),
        (operator, "bank", "stripe"),
    ]
    assert audits[0].new["account_number"] == "…4567"  # never the whole number in the audit trail


def test_the_weekly_beat_task_releases_and_pays_as_the_system(channel, tea, owner_a, bank_accounts, settings):
    from payments.ledger.tasks import run_weekly_payouts_task

    assert settings.CELERY_BEAT_SCHEDULE["ledger-weekly-payouts"]["task"] == "ledger.run_weekly_payouts"
    assert settings.CELERY_BEAT_SCHEDULE["ledger-release-available"]["task"] == "ledger.release_available"
    online = place(channel, [(tea, 1)], gateway="pay_later")
    pay(online)
    deliver(online.seller_orders.get(), owner_a)
    state = online.seller_orders.get().ledger
    state.release_due_at = timezone.now() - datetime.timedelta(minutes=1)
    state.save()
    run_id = run_weekly_payouts_task.delay().get()
    run = PayoutRun.objects.get(pk=run_id)
    assert (run.payout_count, run.started_by) == (1, None)
    assert LedgerAudit.objects.filter(action="payout_run.start", actor=None).exists()
