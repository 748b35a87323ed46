"""Issue 8 (VNPay) end to end, in Chromium at phone size: a guest buys from two
sellers, chooses VNPay at checkout and is sent to VNPay's page (a local
stand-in that checks our signature the way VNPay does). Paying there makes
"VNPay" call our IPN, then sends the guest back: the order shows paid, and
each seller's centre shows its own sub-order confirmed and paid by VNPay.

The ORM sets the stage and checks the outcome; every step a user takes goes
through the pages."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from marketplace.order.models import Order, OrderChargeStatus, SellerOrderStatus
from payments.models import TransactionEventType
from tests.browser.steps import guest_checkout, sellers_see_it_paid, shopper_screen, shot
from tests.factories import commune_of
from tests.marketplace.checkout.helpers import SHIPPING_FEE_A, SHIPPING_FEE_B
from tests.payments.standins.vnpay import VNPayStandIn

pytestmark = pytest.mark.django_db(transaction=True)

TMN_CODE = "OCOPTEST"
SECRET = "VNPAYBROWSERSECRET0123456789ABCD"
VNPAY_NAME = "VNPay (thẻ ATM, thẻ quốc tế, QR ngân hàng)"


@pytest.fixture
def vnpay(live_server, settings):
    with VNPayStandIn(tmn_code=TMN_CODE, secret=SECRET, ipn_url=f"{live_server.url}/thanh-toan/vnpay/ipn/") as standin:
        settings.PAYMENT_GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "payments.gateways.vnpay.VNPay"]
        settings.VNPAY_TMN_CODE = TMN_CODE
        settings.VNPAY_HASH_SECRET = SECRET
        settings.VNPAY_PAYMENT_URL = standin.payment_url
        cache.clear()
        yield standin
        cache.clear()


def test_guest_pays_a_two_seller_order_by_vnpay(phone, browser, live_server, vnpay, products):
    page = phone
    expected_total = 2 * 120_000 + 85_000 + SHIPPING_FEE_A + SHIPPING_FEE_B
    guest_checkout(
        page,
        products,
        quantities=(2, 1),
        email="khach.vnpay@example.vn",
        name="Trần Thị Bình",
        phone="0987 654 321",
        province="22",
        commune_code=commune_of("22").code,
        street="8 Hạ Long",
        payment=VNPAY_NAME,
    )

    # VNPay's page: our signed request was accepted, for the order's total.
    expect(page).to_have_url(re.compile(r"^" + re.escape(vnpay.payment_url)))
    expect(page.locator("#amount")).to_have_text(f"{expected_total:,}")
    order = Order.objects.get()
    assert order.total_amount == expected_total and order.charge_status == OrderChargeStatus.NONE
    assert set(order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.UNCONFIRMED}
    assert vnpay.rejected == [] and len(vnpay.requests) == 1
    assert vnpay.requests[0]["vnp_Amount"] == str(expected_total * 100)
    shot(page, "vnpay-1-provider-page")
    page.get_by_role("button", name="Thanh toán").click()

    # Back on our site: VNPay's IPN has paid the order before the guest returns.
    expect(page).to_have_url(re.compile(r"/don-hang/[^/]+/$"))
    assert vnpay.ipn_answers == [{"RspCode": "00", "Message": "Confirm Success"}]
    expect(page.locator("#charge-status")).to_have_text("Đã thanh toán")
    expect(page.get_by_text("Đã nhận thanh toán qua VNPay. Cảm ơn bạn!")).to_be_visible()
    expect(page.locator(".seller-order .status")).to_have_text(["Đã xác nhận", "Đã xác nhận"])
    shopper_screen(page)
    shot(page, "vnpay-2-order-paid")
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL
    tx = order.transactions.get()
    assert tx.charged_amount == expected_total
    assert tx.events.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1

    # Each seller sees its own sub-order confirmed and paid by VNPay.
    sellers_see_it_paid(browser, live_server.url, order, payment=VNPAY_NAME, shot_prefix="vnpay-3")
