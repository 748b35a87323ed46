"""The shopper's VietQR pay page: a QR that decodes to our account, the
exact amount and the order's reference, with the same facts in text; the
same reference on every visit; nothing paid by visiting."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from marketplace.order.access import order_access_token
from marketplace.order.models import OrderChargeStatus
from payments.registry import available_gateways
from payments.vietqr.emvco import check_crc, decode
from payments.vietqr.models import VietQRTransfer
from payments.vietqr.references import ALPHABET, find_references, new_reference
from payments.vietqr.services import ensure_transfer
from tests.payments.vietqr.helpers import payment_state
from tests.payments.vietqr.qr_image import decode_svg_qr


def pay_url(order) -> str:
    return f"/thanh-toan/don/{order_access_token(order)}/"


def test_the_page_shows_a_qr_of_the_exact_transfer_and_the_same_facts_in_text(client, vietqr_order):
    before = payment_state()
    response = client.get(pay_url(vietqr_order))
    assert response.status_code == 200
    html = response.content.decode()
    transfer = VietQRTransfer.objects.get(transaction__order=vietqr_order)
    svg = re.search(r'<figure id="vietqr-code">(<svg.*?</svg>)', html, re.S).group(1)
    payload = decode_svg_qr(svg)
    assert check_crc(payload)
    data = decode(payload)
    assert (data.bank_bin, data.account, data.amount, data.purpose) == (
        "970415",
        "0011001932418",
        vietqr_order.total_amount,
        transfer.reference,
    )
    assert data.service == "QRIBFTTA" and data.initiation == "12" and data.currency == "704"
    for text in (
        "VietinBank",
        "0011001932418",
        "CONG TY CHO OCOP",
        "380.000",
        transfer.reference,
        "Nội dung chuyển khoản",
    ):
        assert text in html, text
    assert timezone.localtime(transfer.expires_at).strftime("%H:%M %d/%m/%Y") in html
    assert "Đơn hàng được xác nhận khi sàn nhận được" in html
    # Looking at the page pays nothing.
    after = payment_state()
    assert after["orders"] == before["orders"] and after["charged"] == before["charged"]


def test_every_visit_shows_the_same_reference(client, vietqr_order):
    client.get(pay_url(vietqr_order))
    client.get(pay_url(vietqr_order))
    assert VietQRTransfer.objects.filter(transaction__order=vietqr_order).count() == 1


def test_the_reference_expires_with_the_payment_window(vietqr_order, settings):
    settings.VIETQR_PAYMENT_TTL_HOURS = 6
    tx = vietqr_order.transactions.get()
    transfer = ensure_transfer(tx=tx)
    assert transfer.expires_at == tx.created_at + datetime.timedelta(hours=6)


def test_an_expired_reference_shows_no_qr(client, vietqr_order, transfer):
    VietQRTransfer.objects.filter(pk=transfer.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    html = client.get(pay_url(vietqr_order)).content.decode()
    assert 'id="vietqr-code"' not in html and "đã hết hạn" in html


def test_a_paid_order_goes_to_its_order_page(client, vietqr_order):
    type(vietqr_order).objects.filter(pk=vietqr_order.pk).update(charge_status=OrderChargeStatus.FULL)
    response = client.get(pay_url(vietqr_order))
    assert response.status_code == 302 and response["Location"].startswith("/don-hang/")


def test_vietqr_is_offered_only_with_a_valid_account(vietqr_settings):
    assert "vietqr" in [g.id for g in available_gateways("VND")]
    vietqr_settings.VIETQR_ACCOUNT_NUMBER = ""
    assert "vietqr" not in [g.id for g in available_gateways("VND")]
    vietqr_settings.VIETQR_ACCOUNT_NUMBER = "0011001932418"
    vietqr_settings.VIETQR_ACCOUNT_NAME = " "
    assert "vietqr" not in [g.id for g in available_gateways("VND")]
    vietqr_settings.VIETQR_ACCOUNT_NAME = "CONG TY CHO OCOP"
    vietqr_settings.VIETQR_BANK_BIN = "9704"
    assert "vietqr" not in [g.id for g in available_gateways("VND")]


def test_references_are_short_random_and_memo_safe():
    references = {new_reference() for _ in range(2000)}
    assert len(references) == 2000
    for reference in references:
        assert len(reference) == 12 and reference.startswith("OCOP")
        assert set(reference[4:]) <= set(ALPHABET)
        assert find_references(f"IBFT {reference.lower()} tu NGUYEN VAN AN") == [reference]


@pytest.mark.django_db
def test_a_reference_is_unique_in_the_database(vietqr_order, transfer):
    from django.db import IntegrityError, transaction

    from payments.models import Transaction

    other = Transaction.objects.create(order=vietqr_order, gateway="vietqr", currency="VND")
    with pytest.raises(IntegrityError), transaction.atomic():
        VietQRTransfer.objects.create(transaction=other, reference=transfer.reference, expires_at=timezone.now())


def test_a_memo_may_hold_false_candidates_before_the_real_reference(vietqr_order, transfer):
    # "CHO OCOP" + the next words reads like a reference once spaces go.
    memo = f"CHO OCOP 12345678 {transfer.reference}"
    assert find_references(memo)[0] == "OCOP12345678"
    from payments.vietqr.matching import _find_transfer

    assert _find_transfer(memo) == (transfer.reference, transfer)
