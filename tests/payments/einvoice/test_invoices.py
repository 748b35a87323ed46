"""E-invoices of paid sub-orders (Decree 123/2020 fields) through the file
export: a paid two-seller order makes one invoice per seller with its own
tax code, lines, VAT (integer rounding of VAT-inclusive prices) and totals
that add up to what the shopper paid; unpaid sub-orders get none; issuing
is once per sub-order, also when asked concurrently; nothing is issued
when the payment's transaction rolls back."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from payments.einvoice.builder import build_invoice, load_seller_order
from payments.einvoice.errors import EInvoiceError
from payments.einvoice.file_export import FileExportProvider
from payments.einvoice.services import issue_invoice, issue_invoices_for_order, schedule_invoices
from payments.einvoice.vat import split_inclusive
from tests.marketplace.checkout.helpers import run_in_threads
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
    settings.EINVOICE_VAT_RATE = 5
    settings.EINVOICE_SHIPPING_VAT_RATE = 10
    settings.EINVOICE_CATEGORY_VAT_RATES = {}
    return tmp_path / "einvoices"


@pytest.fixture
def tax_codes(seller_a, seller_b):
    seller_a.tax_code, seller_a.street_address = "0101234567", "Xóm 5, xã Tân Cương"
    seller_a.save(update_fields=["tax_code", "street_address"])
    seller_b.tax_code = "5700123456-001"
    seller_b.save(update_fields=["tax_code"])


def read(export_dir, seller_order) -> dict:
    return json.loads((export_dir / f"{seller_order.number}.json").read_text(encoding="utf-8"))


def line_figures(invoice: dict) -> list[tuple]:
    return [
        (
            line["name"],
            line["quantity"],
            line["unit_price"],
            line["amount_before_tax"],
            line["vat_rate"],
            line["vat_amount"],
            line["amount"],
        )
        for line in invoice["lines"]
    ]


def test_a_paid_two_seller_order_makes_one_invoice_per_seller(paid_order, seller_a, seller_b, tax_codes, export_dir):
    issued = issue_invoices_for_order(order_id=paid_order.pk)
    sub_a, sub_b = paid_order.seller_orders.get(seller=seller_a), paid_order.seller_orders.get(seller=seller_b)
    assert sorted(i.reference for i in issued) == sorted([sub_a.number, sub_b.number])
    assert all(i.created for i in issued)
    assert sorted(p.name for p in export_dir.iterdir()) == sorted([f"{sub_a.number}.json", f"{sub_b.number}.json"])

    a, b = read(export_dir, sub_a), read(export_dir, sub_b)
    assert a["reference"] == sub_a.number and a["order_number"] == paid_order.number
    assert a["seller"]["name"] == "HTX Chè Tân Cương" and a["seller"]["tax_code"] == "0101234567"
    assert a["seller"]["address"].startswith("Xóm 5, xã Tân Cương, ")
    assert b["seller"]["name"] == seller_b.name and b["seller"]["tax_code"] == "5700123456-001"
    for invoice in (a, b):
        assert invoice["buyer"]["name"] == "Nguyễn Văn An"
        assert (
            invoice["buyer"]["address"].startswith("12 Lê Thánh Tông, ") and "Quảng Ninh" in invoice["buyer"]["address"]
        )
        assert invoice["buyer"]["tax_code"] == "" and invoice["buyer"]["email"] == "khach@example.vn"
        assert invoice["currency"] == "VND" and invoice["payment_method"] == "CK"
        assert invoice["schema"] == "cho-ocop/einvoice/1"

    # 2 × 120.000 tea at 5 % and 30.000 shipping at 10 %, prices VAT-inclusive, rounded to whole đồng.
    assert line_figures(a) == [
        ("Chè búp Tân Cương (Gói 200 g)", 2, 114_286, 228_571, 5, 11_429, 240_000),
        ("Phí vận chuyển (Giao tiêu chuẩn)", 1, 27_273, 27_273, 10, 2_727, 30_000),
    ]
    assert (a["total_before_tax"], a["total_vat"], a["total"]) == (255_844, 14_156, 270_000)
    assert a["total_in_words"] == "Hai trăm bảy mươi nghìn đồng"
    assert a["vat_summary"] == [
        {"rate": 5, "amount_before_tax": 228_571, "vat_amount": 11_429, "amount": 240_000},
        {"rate": 10, "amount_before_tax": 27_273, "vat_amount": 2_727, "amount": 30_000},
    ]
    assert line_figures(b) == [
        ("Chả mực Hạ Long (Gói 200 g)", 1, 80_952, 80_952, 5, 4_048, 85_000),
        ("Phí vận chuyển (Giao tiêu chuẩn)", 1, 22_727, 22_727, 10, 2_273, 25_000),
    ]
    assert (b["total_before_tax"], b["total_vat"], b["total"]) == (103_679, 6_321, 110_000)
    # Each seller's invoice is its own part; together they are what the shopper paid.
    assert a["total"] == sub_a.total_amount and b["total"] == sub_b.total_amount
    assert a["total"] + b["total"] == paid_order.total_amount
    for invoice in (a, b):
        assert invoice["total_before_tax"] + invoice["total_vat"] == invoice["total"]
        assert sum(line["amount"] for line in invoice["lines"]) == invoice["total"]


def test_a_category_rate_applies_to_its_products(paid_order, seller_a, settings, export_dir):
    settings.EINVOICE_CATEGORY_VAT_RATES = {"che": 10}
    sub_a = paid_order.seller_orders.get(seller=seller_a)
    issue_invoice(seller_order_id=sub_a.pk)
    tea_line = read(export_dir, sub_a)["lines"][0]
    assert (tea_line["vat_rate"], tea_line["amount_before_tax"], tea_line["vat_amount"]) == (10, 218_182, 21_818)


@pytest.mark.parametrize(
    "amount, rate, parts",
    [
        (240_000, 5, (228_571, 11_429)),
        (1, 5, (1, 0)),
        (21, 5, (20, 1)),
        (11, 10, (10, 1)),
        (99, 8, (92, 7)),
        (5, 0, (5, 0)),
    ],
)
def test_vat_is_split_from_inclusive_prices_with_integer_rounding(amount, rate, parts):
    assert split_inclusive(amount, rate) == parts


def test_issuing_again_changes_nothing(paid_order, seller_a, export_dir):
    sub_a = paid_order.seller_orders.get(seller=seller_a)
    first = issue_invoice(seller_order_id=sub_a.pk)
    content = (export_dir / f"{sub_a.number}.json").read_bytes()
    again = issue_invoices_for_order(order_id=paid_order.pk)
    assert first.created and [i.created for i in again if i.reference == sub_a.number] == [False]
    assert (export_dir / f"{sub_a.number}.json").read_bytes() == content
    assert len(list(export_dir.glob("*.json"))) == 2 and not list(export_dir.glob(".tmp-*"))


def test_concurrent_exports_write_one_complete_file(paid_order, seller_a, export_dir):
    invoice = build_invoice(load_seller_order(paid_order.seller_orders.get(seller=seller_a).pk))
    provider = FileExportProvider(export_dir)
    results = run_in_threads([lambda: provider.issue(invoice) for _ in range(8)])
    assert sorted(r.created for r in results) == [False] * 7 + [True]
    assert json.loads((export_dir / f"{invoice.reference}.json").read_text())["total"] == invoice.total
    assert not list(export_dir.glob(".tmp-*"))


def test_unpaid_sub_orders_get_no_invoice(channel, tea_in_category, squid, seller_a, owner_a, export_dir):
    unpaid = place(channel, [(tea_in_category, 1), (squid, 1)], gateway="pay_later")
    assert issue_invoices_for_order(order_id=unpaid.pk) == []
    with pytest.raises(EInvoiceError) as refused:
        issue_invoice(seller_order_id=unpaid.seller_orders.get(seller=seller_a).pk)
    assert refused.value.code == "NOT_PAID"
    pay(unpaid, amount=unpaid.total_amount - 1)  # partly paid: no sale booked yet
    assert issue_invoices_for_order(order_id=unpaid.pk) == []
    assert not export_dir.exists() or not list(export_dir.iterdir())


def test_cod_invoices_each_sub_order_once_its_cash_is_collected(
    channel, tea_in_category, squid, seller_a, owner_a, export_dir
):
    order = place(channel, [(tea_in_category, 1), (squid, 1)], gateway="cod")
    sub_a = order.seller_orders.get(seller=seller_a)
    deliver(sub_a, owner_a, cod=True)
    issued = issue_invoices_for_order(order_id=order.pk)
    assert [i.reference for i in issued] == [sub_a.number]
    invoice = read(export_dir, sub_a)
    assert invoice["payment_method"] == "TM" and invoice["total"] == sub_a.total_amount


def test_invoices_follow_the_payments_commit(
    channel, tea_in_category, squid, export_dir, django_capture_on_commit_callbacks
):
    order = place(channel, [(tea_in_category, 1), (squid, 1)], gateway="pay_later")
    with django_capture_on_commit_callbacks(execute=False) as rolled_back:
        with pytest.raises(RuntimeError), transaction.atomic():
            pay(order)
            schedule_invoices(order_id=order.pk)
            raise RuntimeError("the webhook handler failed after recording the payment")
    assert rolled_back == [] and not export_dir.exists()
    with django_capture_on_commit_callbacks(execute=True) as committed:
        with transaction.atomic():
            pay(order)
            schedule_invoices(order_id=order.pk)
        assert not export_dir.exists()  # nothing before the commit
    assert any(getattr(callback, "func", None) is issue_invoices_for_order for callback in committed)
    assert sorted(p.stem for p in export_dir.glob("*.json")) == sorted(
        order.seller_orders.values_list("number", flat=True)
    )


def test_an_unsafe_reference_is_refused(tmp_path):
    provider = FileExportProvider(tmp_path)
    for reference in ["../x", "a/b", "", ".hidden"]:
        with pytest.raises(ValueError):
            provider.path_for(reference)
