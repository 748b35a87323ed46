"""Issue 8 (Stripe) end to end, in Chromium at phone size: a guest buys from
two sellers, chooses Stripe at checkout and is sent to Stripe's hosted
Checkout page (a local stand-in the real ``stripe`` library talks to).
Paying there makes "Stripe" send a signed ``checkout.session.completed``
webhook to our endpoint, then sends the guest back: the order shows paid,
and each seller's centre shows its own sub-order confirmed and paid.

The ORM sets the stage and checks the outcome; every step a user takes goes
through the pages."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from marketplace.order.models import Order, OrderChargeStatus, SellerOrderStatus
from payments.models import TransactionEventType, WebhookEvent
from tests.browser.steps import guest_checkout, sellers_see_it_paid, shopper_screen, shot
from tests.factories import commune_of
from tests.marketplace.checkout.helpers import SHIPPING_FEE_A, SHIPPING_FEE_B
from tests.payments.standins.stripe import running

pytestmark = pytest.mark.django_db(transaction=True)

API_KEY = "sk_test_browser"
WEBHOOK_SECRET = "whsec_browser"
STRIPE_NAME = "Thẻ quốc tế (Stripe)"


@pytest.fixture
def stripe_standin(live_server, settings):
    webhook_url = f"{live_server.url}/thanh-toan/stripe/webhook/"
    with running(api_key=API_KEY, webhook_secret=WEBHOOK_SECRET, webhook_url=webhook_url) as standin:
        settings.PAYMENT_GATEWAYS = [
            "payments.gateways.cod.CashOnDelivery",
            "payments.gateways.stripe.gateway.StripeGateway",
        ]
        settings.STRIPE_SECRET_KEY = API_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = standin.url
        cache.clear()
        yield standin
        cache.clear()


def test_guest_pays_a_two_seller_order_with_stripe(phone, browser, live_server, stripe_standin, products):
    page = phone
    expected_total = 2 * 120_000 + 85_000 + SHIPPING_FEE_A + SHIPPING_FEE_B
    guest_checkout(
        page,
        products,
        quantities=(2, 1),
        email="khach.the@example.vn",
        name="Lê Thị Hoa",
        phone="0903 123 456",
        province="22",
        commune_code=commune_of("22").code,
        street="5 Bến Đoan",
        payment=STRIPE_NAME,
    )

    # Stripe's hosted page, for the whole order in whole đồng.
    expect(page).to_have_url(re.compile(r"^" + re.escape(stripe_standin.url) + r"/pay/cs_"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Thanh toán {expected_total:,} ₫".replace(",", "."))
    order = Order.objects.get()
    assert order.total_amount == expected_total and order.charge_status == OrderChargeStatus.NONE
    assert set(order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.UNCONFIRMED}
    (create,) = stripe_standin.calls("POST", "/v1/checkout/sessions")
    assert create["headers"]["Idempotency-Key"] and create["params"]["payment_intent_data"]["transfer_group"] == (
        order.number
    )
    shot(page, "stripe-1-provider-page")
    page.get_by_role("button", name="Thanh toán").click()

    # Back on our site: the signed webhook paid the order before the guest returned.
    expect(page).to_have_url(re.compile(r"/don-hang/[^/]+/$"))
    assert [d.status for d in stripe_standin.deliveries] == [200]
    expect(page.locator("#charge-status")).to_have_text("Đã thanh toán")
    expect(page.get_by_text("Đã nhận thanh toán qua Stripe. Cảm ơn bạn!")).to_be_visible()
    expect(page.locator(".seller-order .status")).to_have_text(["Đã xác nhận", "Đã xác nhận"])
    shopper_screen(page)
    shot(page, "stripe-2-order-paid")
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL
    tx = order.transactions.get()
    assert tx.charged_amount == expected_total
    assert tx.events.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1
    assert WebhookEvent.objects.filter(provider="stripe").count() == 1

    # Each seller sees its own sub-order confirmed and paid by Stripe.
    sellers_see_it_paid(browser, live_server.url, order, payment=STRIPE_NAME, shot_prefix="stripe-3")
