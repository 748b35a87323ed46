"""The payment services issue e-invoices by themselves: a verified payment
of a two-seller order exports one invoice per seller once its transaction
commits (a repeated notification exports nothing more), a COD sub-order its
own when its cash is recorded; the beat task and ``manage.py
issue_einvoices`` issue what an after-commit attempt missed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from payments.tasks import issue_missing_invoices_task
from tests.payments import statement_books as sb
from tests.payments.ledger.actions import deliver, pay, place

pytestmark = pytest.mark.django_db

_ledger_settings = sb._ledger_settings
owner_a, owner_b, seller_a, seller_b = sb.owner_a, sb.owner_b, sb.seller_a, sb.seller_b
product_a, product_b, tea, squid = sb.product_a, sb.product_b, sb.tea, sb.squid
tea_category, tea_in_category, paid_order = sb.tea_category, sb.tea_in_category, sb.paid_order


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.EINVOICE_PROVIDER = "file"
    settings.EINVOICE_EXPORT_DIR = tmp_path / "einvoices"
    return tmp_path / "einvoices"


def exported(export_dir) -> list[str]:
    return sorted(p.stem for p in export_dir.glob("*.json")) if export_dir.exists() else []


def test_a_paid_two_seller_order_exports_two_invoices_once(
    channel,
    tea_in_category,
    squid,
    export_dir,
    django_capture_on_commit_callbacks,
):
    order = place(channel, [(tea_in_category, 1), (squid, 2)], gateway="pay_later")
    with django_capture_on_commit_callbacks(execute=True):
        pay(order)
        assert exported(export_dir) == []  # nothing before the payment commits
    numbers = sorted(order.seller_orders.values_list("number", flat=True))
    assert len(numbers) == 2 and exported(export_dir) == numbers
    before = {p.name: p.read_bytes() for p in export_dir.glob("*.json")}
    with django_capture_on_commit_callbacks(execute=True):
        pay(order, amount=1)  # a later notification of the same order
    assert {p.name: p.read_bytes() for p in export_dir.glob("*.json")} == before


def test_an_unpaid_order_exports_nothing(
    channel,
    tea_in_category,
    squid,
    export_dir,
    django_capture_on_commit_callbacks,
):
    order = place(channel, [(tea_in_category, 1), (squid, 1)], gateway="pay_later")
    with django_capture_on_commit_callbacks(execute=True):
        pay(order, amount=order.total_amount - 1)
    assert exported(export_dir) == []


def test_a_cod_sub_order_exports_its_invoice_when_its_cash_is_recorded(
    channel,
    tea_in_category,
    squid,
    seller_a,
    seller_b,
    owner_a,
    owner_b,
    export_dir,
    django_capture_on_commit_callbacks,
):
    order = place(channel, [(tea_in_category, 1), (squid, 1)], gateway="cod")
    sub_a, sub_b = order.seller_orders.get(seller=seller_a), order.seller_orders.get(seller=seller_b)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(sub_a, owner_a, cod=True)
    assert exported(export_dir) == [sub_a.number]
    with django_capture_on_commit_callbacks(execute=True):
        deliver(sub_b, owner_b, cod=True)
    assert exported(export_dir) == sorted([sub_a.number, sub_b.number])


def test_the_task_and_the_command_issue_what_was_missed(
    paid_order,
    export_dir,
    django_capture_on_commit_callbacks,
):
    # paid_order's callbacks never ran (the test's transaction does not commit).
    assert exported(export_dir) == []
    assert issue_missing_invoices_task() == 2
    numbers = sorted(paid_order.seller_orders.values_list("number", flat=True))
    assert exported(export_dir) == numbers
    out = io.StringIO()
    call_command("issue_einvoices", stdout=out)
    assert "0 invoices issued, 2 already on file" in out.getvalue()
    for path in export_dir.glob("*.json"):
        path.unlink()
    out = io.StringIO()
    call_command("issue_einvoices", stdout=out)
    assert "2 invoices issued" in out.getvalue() and exported(export_dir) == numbers
