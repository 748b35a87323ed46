"""Operators upload the bank's statement: exact credits with a reference pay
their orders, everything else waits in the queue, repeats are ignored, bad
files are refused in Vietnamese with nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from marketplace.order.models import OrderChargeStatus, OrderStatus, SellerOrderStatus
from payments.models import WebhookEvent
from payments.vietqr.models import BankCredit, CreditOutcome, ReviewReason, StatementUpload, TransferReview
from payments.vietqr.services import expire_unpaid_transfers
from tests.payments.standins.vietqr import BankLine, statement_csv
from tests.payments.vietqr.helpers import line, payment_state

URL = "/quan-ly/vietqr/sao-ke/"


def upload(client: Client, data: bytes, name: str = "sao-ke-vietinbank.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


@pytest.fixture
def op_client(client, operator):
    client.force_login(operator)
    return client


def test_an_exact_credit_pays_the_order_and_confirms_both_sellers(op_client, vietqr_order, transfer):
    response = upload(op_client, statement_csv([line(transfer.reference, vietqr_order.total_amount)]))
    assert response.status_code == 302
    page = op_client.get(response["Location"])
    assert "1 khớp, 0 chờ xử lý, 0 trùng, 0 bỏ qua" in page.content.decode()
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.FULL
    assert vietqr_order.status == OrderStatus.CONFIRMED
    assert set(vietqr_order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.CONFIRMED}
    tx = vietqr_order.transactions.get()
    assert tx.charged_amount == vietqr_order.total_amount
    assert tx.events.filter(type="CHARGE_SUCCESS", psp_reference="FT2633001").count() == 1
    credit = BankCredit.objects.get()
    assert credit.outcome == CreditOutcome.MATCHED and credit.transfer == transfer
    assert WebhookEvent.objects.filter(provider="vietqr", event_id="FT2633001").exists()
    assert not TransferReview.objects.exists()


@pytest.mark.parametrize(
    ("delta", "reason"),
    [(-1_000, ReviewReason.UNDERPAID), (+5_000, ReviewReason.OVERPAID)],
)
def test_a_wrong_amount_waits_for_an_operator_and_pays_nothing(op_client, vietqr_order, transfer, delta, reason):
    before = payment_state()
    upload(op_client, statement_csv([line(transfer.reference, vietqr_order.total_amount + delta)]))
    review = TransferReview.objects.get()
    assert review.reason == reason and review.transfer == transfer
    assert review.expected_amount == vietqr_order.total_amount
    after = payment_state()
    for key in ("orders", "seller_orders", "transactions", "tx_events", "stock"):
        assert after[key] == before[key], key
    queue = op_client.get("/quan-ly/vietqr/cho-xu-ly/").content.decode()
    assert vietqr_order.number in queue and str(review.get_reason_display()) in queue


def test_a_credit_after_expiry_is_queued(op_client, vietqr_order, transfer):
    late = transfer.expires_at + datetime.timedelta(minutes=1)
    upload(op_client, statement_csv([line(transfer.reference, vietqr_order.total_amount, at=late)]))
    assert TransferReview.objects.get().reason == ReviewReason.EXPIRED
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.NONE


def test_a_credit_for_an_order_cancelled_by_expiry_is_queued(op_client, vietqr_order, transfer):
    # Paid in time, but the statement came after the expiry cancelled the order.
    paid_at = transfer.expires_at - datetime.timedelta(hours=1)
    assert expire_unpaid_transfers(now=transfer.expires_at + datetime.timedelta(minutes=5)) == 1
    upload(op_client, statement_csv([line(transfer.reference, vietqr_order.total_amount, at=paid_at)]))
    assert TransferReview.objects.get().reason == ReviewReason.EXPIRED
    vietqr_order.refresh_from_db()
    assert vietqr_order.status == OrderStatus.CANCELLED and vietqr_order.charge_status == OrderChargeStatus.NONE


def test_an_unknown_reference_is_queued(op_client, vietqr_order, transfer):
    upload(op_client, statement_csv([line("OCOP00000000", vietqr_order.total_amount)]))
    review = TransferReview.objects.get()
    assert review.reason == ReviewReason.UNKNOWN and review.transfer is None
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.NONE


def test_a_bank_line_seen_before_is_ignored(op_client, vietqr_order, transfer):
    data = statement_csv([line(transfer.reference, vietqr_order.total_amount - 1_000)])
    upload(op_client, data)
    before = payment_state()
    response = upload(op_client, data)  # the same statement again
    assert "0 khớp, 0 chờ xử lý, 1 trùng" in op_client.get(response["Location"]).content.decode()
    after = payment_state()
    assert {k: v for k, v in after.items() if k != "uploads"} == {k: v for k, v in before.items() if k != "uploads"}
    assert StatementUpload.objects.order_by("-pk").first().duplicate_count == 1


def test_the_same_line_twice_in_one_file_counts_once(op_client, vietqr_order, transfer):
    exact = line(transfer.reference, vietqr_order.total_amount)
    upload(op_client, statement_csv([exact, exact]))
    upload_row = StatementUpload.objects.get()
    assert (upload_row.matched_count, upload_row.duplicate_count) == (1, 1)
    assert vietqr_order.transactions.get().charged_amount == vietqr_order.total_amount


def test_debits_are_skipped_and_english_semicolon_files_are_read(op_client, vietqr_order, transfer):
    text = (
        "Date;Reference;Amount;Description\n"
        f"2026-11-25 09:00:00;FT1;-50000;Phi SMS\n"
        f"{timezone.localtime(transfer.created_at).strftime('%Y-%m-%d %H:%M:%S')};FT2;{vietqr_order.total_amount};"
        f"thanh toan {transfer.reference.lower()}\n"
    )
    upload(op_client, text.encode())
    upload_row = StatementUpload.objects.get()
    assert (upload_row.row_count, upload_row.skipped_count, upload_row.matched_count) == (2, 1, 1)
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.FULL


def test_a_reference_broken_by_the_bank_still_matches(op_client, vietqr_order, transfer):
    ref = transfer.reference
    broken = BankLine("FT3", vietqr_order.total_amount, f"IBFT {ref[:6]} {ref[6:]}-NGUYEN VAN AN", transfer.created_at)
    upload(op_client, statement_csv([broken]))
    assert BankCredit.objects.get().outcome == CreditOutcome.MATCHED


GOOD_HEADER = "Ngày giao dịch,Mã giao dịch,Số tiền,Nội dung\n"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("sao-ke.xlsx", b"PK\x03\x04", "dạng CSV"),
        ("sao-ke.csv", b"", "Tệp sao kê trống"),  # Django refuses an empty upload
        ("sao-ke.csv", "Ngày,Số tiền\n01/11/2026,1000\n".encode("cp1258", errors="replace") + b"\xff", "UTF-8"),
        ("sao-ke.csv", b"a\x00b", "không phải văn bản CSV"),
        ("sao-ke.csv", "Ngày,Số tiền,Nội dung\n25/11/2026,100000,x\n".encode(), "phải có các cột"),
        ("sao-ke.csv", (GOOD_HEADER + "25/11/2026,FT1,12.5,x\n").encode(), "Dòng 2: số tiền không hợp lệ"),
        ("sao-ke.csv", (GOOD_HEADER + "25/11/2026,FT1,100000,x\n31/02/2026,FT2,1000,y\n").encode(), "Dòng 3: ngày"),
        ("sao-ke.csv", (GOOD_HEADER + "25/11/2026,,100000,x\n").encode(), "Dòng 2: thiếu mã giao dịch"),
        ("sao-ke.csv", (GOOD_HEADER + "25/11/2026,FT1\n").encode(), "Dòng 2: thiếu cột"),
        ("sao-ke.csv", GOOD_HEADER.encode(), "không có giao dịch nào"),
    ],
)
def test_a_bad_file_is_refused_in_vietnamese_and_changes_nothing(op_client, transfer, name, data, message):
    before = payment_state()
    response = upload(op_client, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert payment_state() == before


def test_a_file_over_the_limit_is_refused(op_client, transfer, settings):
    settings.VIETQR_STATEMENT_MAX_BYTES = 1024
    before = payment_state()
    data = (GOOD_HEADER + "25/11/2026,FT1,100000,x\n" * 60).encode()
    response = upload(op_client, data)
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
    assert payment_state() == before


def test_a_valid_file_with_one_bad_line_stores_nothing(op_client, vietqr_order, transfer):
    good = f"25/11/2026,FT1,{vietqr_order.total_amount},{transfer.reference}\n"
    before = payment_state()
    response = upload(op_client, (GOOD_HEADER + good + "25/11/2026,FT2,mot tram,x\n").encode())
    assert response.status_code == 400
    assert payment_state() == before


# --- who may upload -----------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client, vietqr_order, transfer):
    before = payment_state()
    response = upload(client, statement_csv([line(transfer.reference, vietqr_order.total_amount)]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert payment_state() == before


@pytest.mark.parametrize("who", ["shopper", "owner_a"])
def test_shoppers_and_sellers_get_not_found(client, vietqr_order, transfer, request, who):
    client.force_login(request.getfixturevalue(who))
    before = payment_state()
    assert client.get(URL).status_code == 404
    response = upload(client, statement_csv([line(transfer.reference, vietqr_order.total_amount)]))
    assert response.status_code == 404
    assert payment_state() == before


def test_the_upload_form_needs_its_csrf_token(operator, vietqr_order, transfer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    before = payment_state()
    response = upload(client, statement_csv([line(transfer.reference, vietqr_order.total_amount)]))
    assert response.status_code == 403
    assert payment_state() == before
    page = client.get(URL)
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in page.content.decode()


def test_uploads_page_query_budget(op_client, operator, vietqr_order, transfer, django_assert_num_queries):
    for number in range(3):
        upload(op_client, statement_csv([line(transfer.reference, 1_000, bank_reference=f"FT-{number}")]))
    # session, user, the uploads with their uploader
    with django_assert_num_queries(3):
        response = op_client.get(URL)
    assert response.status_code == 200 and response.content.decode().count("sao-ke-vietinbank.csv") == 3
