"""Issue 8 (VietQR) end to end, in Chromium at phone size: a guest buys from
two sellers and chooses VietQR bank transfer. The pay page's QR, read from a
screenshot with a real decoder (zxing-cpp), holds a VietQR payload whose CRC
checks, for our account, the exact total and the reference the page prints.
Nothing is paid yet. An operator then uploads the bank's statement with
that transfer: the order page shows it paid and confirmed, and each seller's
centre shows its own sub-order confirmed and paid.

The ORM sets the stage and checks the outcome; every step a user takes goes
through the pages."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from django.core.cache import cache
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from marketplace.order.models import Order, OrderChargeStatus, SellerOrderStatus
from payments.models import TransactionEventType, WebhookEvent
from payments.vietqr.emvco import check_crc, decode
from tests.browser.conftest import phone_context
from tests.browser.steps import (
    FACTORY_PASSWORD,
    assert_vietnamese,
    guest_checkout,
    sellers_see_it_paid,
    shopper_screen,
    shot,
    sign_in,
)
from tests.factories import OperatorFactory, commune_of
from tests.marketplace.checkout.helpers import SHIPPING_FEE_A, SHIPPING_FEE_B
from tests.payments.standins.vietqr import BankLine, statement_csv

pytestmark = pytest.mark.django_db(transaction=True)

VIETQR_NAME = "Chuyển khoản ngân hàng (VietQR)"
ACCOUNT = "0011001932418"


@pytest.fixture
def vietqr_on(settings):
    settings.PAYMENT_GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "payments.vietqr.gateway.VietQRGateway"]
    settings.VIETQR_BANK_BIN = "970415"
    settings.VIETQR_BANK_NAME = "VietinBank"
    settings.VIETQR_ACCOUNT_NUMBER = ACCOUNT
    settings.VIETQR_ACCOUNT_NAME = "CONG TY CHO OCOP"
    cache.clear()
    yield settings
    cache.clear()


def read_qr(png: bytes) -> str:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, "the pay page's QR does not decode"
    return found[0].text


def test_guest_pays_a_two_seller_order_by_vietqr(phone, browser, live_server, vietqr_on, products, tmp_path):
    page = phone
    expected_total = 2 * 120_000 + 85_000 + SHIPPING_FEE_A + SHIPPING_FEE_B
    guest_checkout(
        page,
        products,
        quantities=(2, 1),
        email="khach.ck@example.vn",
        name="Trần Văn Bình",
        phone="0912 345 678",
        province="22",
        commune_code=commune_of("22").code,
        street="12 Lê Thánh Tông",
        payment=VIETQR_NAME,
    )

    # Our own pay page: a QR and the same facts in text.
    expect(page).to_have_url(re.compile(r"/thanh-toan/don/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Chuyển khoản qua mã VietQR")
    reference = page.locator("#vietqr-reference").inner_text()
    assert re.fullmatch(r"OCOP[0-9A-HJKMNP-TV-Z]{8}", reference)
    expect(page.locator("#vietqr-bank")).to_have_text("VietinBank")
    expect(page.locator("#vietqr-account")).to_have_text(ACCOUNT)
    expect(page.locator("#vietqr-holder")).to_have_text("CONG TY CHO OCOP")
    expect(page.locator("#vietqr-amount")).to_contain_text(f"{expected_total:,}".replace(",", "."))
    shopper_screen(page)
    shot(page, "vietqr-1-pay-page")
    payload = read_qr(page.locator("#vietqr-code svg").screenshot())
    assert check_crc(payload)
    data = decode(payload)
    assert (data.bank_bin, data.account, data.amount, data.purpose) == ("970415", ACCOUNT, expected_total, reference)
    assert (data.service, data.currency, data.country) == ("QRIBFTTA", "704", "VN")
    order = Order.objects.get()
    assert order.total_amount == expected_total and order.charge_status == OrderChargeStatus.NONE
    assert set(order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.UNCONFIRMED}
    pay_url = page.url

    # The shopper's bank app transferred it; an operator uploads the statement.
    statement = tmp_path / "sao-ke-vietinbank.csv"
    statement.write_bytes(
        statement_csv(
            [
                BankLine("FT26330777", -22_000, "Phi dich vu SMS thang 11", timezone.now()),
                BankLine("FT26330778", expected_total, f"IBFT {reference} TRAN VAN BINH chuyen", timezone.now()),
            ]
        )
    )
    OperatorFactory(email="can.bo@ocop.example.vn")
    with phone_context(browser, live_server.url) as context:
        operator_page = context.new_page()
        sign_in(operator_page, email="can.bo@ocop.example.vn", password=FACTORY_PASSWORD)
        operator_page.goto("/quan-ly/vietqr/sao-ke/")
        operator_page.get_by_label("Tệp sao kê (CSV)").set_input_files(str(statement))
        operator_page.get_by_role("button", name="Tải lên và đối soát").click()
        expect(operator_page.get_by_text("Đã đọc sao kê: 1 khớp, 0 chờ xử lý, 0 trùng, 1 bỏ qua.")).to_be_visible()
        assert_vietnamese(operator_page)
        shot(operator_page, "vietqr-2-statement-uploaded")

    # The shopper's order page: paid, both sub-orders confirmed.
    page.goto(pay_url)  # a paid order's pay page leads to the order page
    expect(page).to_have_url(re.compile(r"/don-hang/[^/]+/$"))
    expect(page.locator("#charge-status")).to_have_text("Đã thanh toán")
    expect(page.locator(".seller-order .status")).to_have_text(["Đã xác nhận", "Đã xác nhận"])
    shopper_screen(page)
    shot(page, "vietqr-3-order-paid")
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL
    tx = order.transactions.get()
    assert tx.charged_amount == expected_total
    assert tx.events.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1
    assert WebhookEvent.objects.filter(provider="vietqr", event_id="FT26330778").count() == 1

    # Each seller sees its own sub-order confirmed and paid by VietQR.
    sellers_see_it_paid(browser, live_server.url, order, payment=VIETQR_NAME, shot_prefix="vietqr-4")
