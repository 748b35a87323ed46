"""The bank's signed incoming-transfer webhook: a verified exact credit pays
the order once; forged, stale, replayed, malformed or misdirected calls and
wrong amounts never charge anything."""

from __future__ import annotations

import json
import time

import pytest

from marketplace.order.models import OrderChargeStatus, OrderStatus
from payments.models import WebhookEvent
from payments.vietqr.models import BankCredit, CreditSource, ReviewReason, TransferReview
from payments.vietqr.webhook import SIGNATURE_HEADER, sign
from tests.marketplace.checkout.helpers import run_in_threads
from tests.payments.standins.vietqr import notification_body
from tests.payments.vietqr.helpers import SECRET, line, payment_state

URL = "/thanh-toan/vietqr/webhook/"
ACCOUNT = "0011001932418"


def post(client, body: bytes, *, secret: str = SECRET, timestamp: int | None = None, header: str | None = None):
    if header is None:
        header = sign(secret=secret, body=body, timestamp=int(time.time()) if timestamp is None else timestamp)
    return client.post(URL, data=body, content_type="application/json", headers={SIGNATURE_HEADER: header})


def test_a_signed_exact_credit_pays_the_order(client, vietqr_order, transfer):
    response = post(
        client, notification_body(line(transfer.reference, vietqr_order.total_amount), account_number=ACCOUNT)
    )
    assert response.status_code == 200 and response.json() == {"status": "matched"}
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.FULL and vietqr_order.status == OrderStatus.CONFIRMED
    assert BankCredit.objects.get().source == CreditSource.WEBHOOK


def test_a_replayed_notification_changes_nothing(client, vietqr_order, transfer):
    body = notification_body(line(transfer.reference, vietqr_order.total_amount), account_number=ACCOUNT)
    post(client, body)
    before = payment_state()
    response = post(client, body)
    assert response.status_code == 200 and response.json() == {"status": "duplicate"}
    assert payment_state() == before


def test_the_same_credit_in_a_later_statement_is_a_duplicate(client, operator, vietqr_order, transfer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.payments.standins.vietqr import statement_csv

    credit = line(transfer.reference, vietqr_order.total_amount)
    post(client, notification_body(credit, account_number=ACCOUNT))
    client.force_login(operator)
    client.post("/quan-ly/vietqr/sao-ke/", {"file": SimpleUploadedFile("s.csv", statement_csv([credit]))})
    assert vietqr_order.transactions.get().charged_amount == vietqr_order.total_amount
    assert BankCredit.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_deliveries_charge_once(vietqr_settings, channel, shopper, tea, squid):
    from django.test import Client

    from marketplace.checkout import services as checkout_services
    from payments.vietqr.services import ensure_transfer
    from tests.marketplace.checkout.helpers import ready_checkout

    checkout = ready_checkout(channel, [(tea, 1), (squid, 1)], user=shopper, email=shopper.email)
    order = checkout_services.complete_checkout(checkout=checkout, user=shopper, payment_gateway="vietqr")
    reference = ensure_transfer(tx=order.transactions.get()).reference
    body = notification_body(line(reference, order.total_amount), account_number=ACCOUNT)
    results = run_in_threads([lambda: post(Client(), body).json()["status"] for _ in range(10)])
    assert sorted(results) == ["duplicate"] * 9 + ["matched"]
    assert order.transactions.get().charged_amount == order.total_amount
    assert WebhookEvent.objects.filter(provider="vietqr").count() == 1


@pytest.mark.parametrize(("delta", "reason"), [(-10_000, ReviewReason.UNDERPAID), (1, ReviewReason.OVERPAID)])
def test_a_wrong_amount_is_queued_not_charged(client, vietqr_order, transfer, delta, reason):
    before = payment_state()
    body = notification_body(line(transfer.reference, vietqr_order.total_amount + delta), account_number=ACCOUNT)
    response = post(client, body)
    assert response.status_code == 202 and response.json() == {"status": "queued"}
    assert TransferReview.objects.get().reason == reason
    after = payment_state()
    for key in ("orders", "seller_orders", "transactions", "tx_events", "stock"):
        assert after[key] == before[key], key


def test_an_unknown_order_reference_is_queued(client, vietqr_order, transfer):
    before = payment_state()
    response = post(client, notification_body(line("OCOPZZZZZZZZ", 380_000), account_number=ACCOUNT))
    assert response.status_code == 202
    assert TransferReview.objects.get().reason == ReviewReason.UNKNOWN
    assert payment_state()["orders"] == before["orders"] and payment_state()["charged"] == before["charged"]


def _signed_parts(body: bytes) -> tuple[int, str]:
    timestamp = int(time.time())
    return timestamp, sign(secret=SECRET, body=body, timestamp=timestamp).split("v1=")[1]


@pytest.mark.parametrize(
    "case",
    ["wrong_secret", "no_header", "garbage_header", "body_changed", "timestamp_changed", "stale", "future"],
)
def test_forged_or_stale_calls_are_refused_and_change_nothing(client, vietqr_order, transfer, case):
    body = notification_body(line(transfer.reference, vietqr_order.total_amount), account_number=ACCOUNT)
    timestamp, digest = _signed_parts(body)
    header = {
        "wrong_secret": sign(secret="not-the-secret", body=body, timestamp=timestamp),
        "no_header": "",
        "garbage_header": "sha256=abc",
        "body_changed": f"t={timestamp},v1={digest}",
        "timestamp_changed": f"t={timestamp + 1},v1={digest}",
        "stale": sign(secret=SECRET, body=body, timestamp=timestamp - 360),
        "future": sign(secret=SECRET, body=body, timestamp=timestamp + 360),
    }[case]
    sent = body.replace(b'"amount": ', b'"amount": 1') if case == "body_changed" else body
    before = payment_state()
    response = post(client, sent, header=header)
    assert response.status_code == 401
    assert response.json()["status"] == ("stale_timestamp" if case in {"stale", "future"} else "invalid_signature")
    assert payment_state() == before


def test_a_rotated_secret_may_send_two_signatures(client, vietqr_order, transfer):
    body = notification_body(line(transfer.reference, vietqr_order.total_amount), account_number=ACCOUNT)
    timestamp, digest = _signed_parts(body)
    response = post(client, body, header=f"t={timestamp},v1={'0' * 64},v1={digest}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        (b"not json", 400, "invalid_payload"),
        (b"[1, 2]", 400, "invalid_payload"),
        (json.dumps({"id": "FT1", "amount": "380000", "description": "x", "booked_at": "2026-11-25"}), 400, None),
        (json.dumps({"id": "FT1", "amount": -5, "description": "x", "booked_at": "2026-11-25"}), 400, None),
        (json.dumps({"id": "", "amount": 5, "description": "x", "booked_at": "2026-11-25"}), 400, None),
        (json.dumps({"id": "FT1", "amount": 5, "description": "x", "booked_at": "hôm qua"}), 400, None),
        (
            json.dumps(
                {"id": "FT1", "amount": 5, "description": "x", "booked_at": "2026-11-25", "account_number": "9"}
            ),
            422,
            "wrong_account",
        ),
    ],
)
def test_malformed_or_misdirected_bodies_are_refused(client, transfer, payload, status, code):
    body = payload if isinstance(payload, bytes) else payload.encode()
    before = payment_state()
    response = post(client, body)
    assert response.status_code == status
    assert response.json()["status"] == (code or "invalid_payload")
    assert payment_state() == before


def test_without_a_secret_the_webhook_is_off(client, vietqr_order, transfer, settings):
    settings.VIETQR_WEBHOOK_SECRET = ""
    before = payment_state()
    body = notification_body(line(transfer.reference, vietqr_order.total_amount), account_number=ACCOUNT)
    assert post(client, body, secret="").status_code == 404
    assert payment_state() == before


def test_only_post_is_accepted(client, transfer):
    assert client.get(URL).status_code == 405


def test_the_tolerance_is_five_minutes_either_way():
    from payments.vietqr.webhook import WebhookRejected, verify_signature

    body = b'{"id": "FT1"}'
    now = 1_800_000_000
    for offset in (-300, 0, 300):
        header = sign(secret=SECRET, body=body, timestamp=now + offset)
        verify_signature(header=header, body=body, secret=SECRET, tolerance=300, now=now)
    for offset in (-301, 301):
        header = sign(secret=SECRET, body=body, timestamp=now + offset)
        with pytest.raises(WebhookRejected) as refused:
            verify_signature(header=header, body=body, secret=SECRET, tolerance=300, now=now)
        assert (refused.value.status, refused.value.code) == (401, "stale_timestamp")
