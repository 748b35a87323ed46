"""VNPay test set-up: the gateway configured with a test terminal, an order
of two sellers' products paid by VNPay, and the shopper's way to VNPay's page."""

from __future__ import annotations

import urllib.parse

import pytest

from marketplace.checkout import services as checkout_services
from marketplace.order.access import order_access_token
from marketplace.order.models import Order
from payments.models import WebhookEvent
from tests.marketplace.checkout.helpers import ready_checkout, shop_state
from tests.payments.standins import vnpay as standin

TMN_CODE = "OCOPTEST"
SECRET = "VNPAYTESTSECRET0123456789ABCDEFG"
PAYMENT_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"


@pytest.fixture
def vnpay_settings(settings):
    settings.PAYMENT_GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "payments.gateways.vnpay.VNPay"]
    settings.VNPAY_TMN_CODE = TMN_CODE
    settings.VNPAY_HASH_SECRET = SECRET
    settings.VNPAY_PAYMENT_URL = PAYMENT_URL
    return settings


@pytest.fixture
def vnpay_order(channel, tea, squid, vnpay_settings) -> Order:
    """Two sellers' products, placed with VNPay: unconfirmed, unpaid."""
    return checkout_services.complete_checkout(
        checkout=ready_checkout(channel, [(tea, 1), (squid, 2)]), payment_gateway="vnpay"
    )


def go_to_vnpay(client, order: Order) -> dict[str, str]:
    """The shopper opens the pay page and follows it to VNPay: the query of
    the URL VNPay's page receives."""
    response = client.get(f"/thanh-toan/don/{order_access_token(order)}/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302, response.content
    url = urllib.parse.urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == PAYMENT_URL
    return dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))


def vnpay_result(request: dict[str, str], *, paid: bool = True, **changes: str) -> dict[str, str]:
    """VNPay's signed result for ``request`` (its stand-in's own signing),
    with ``changes`` applied before signing."""
    params = standin.result_params(request, tmn_code=TMN_CODE, secret=SECRET, paid=paid)
    params.pop("vnp_SecureHash")
    params.update(changes)
    return standin.sign(params, SECRET)


def state() -> dict[str, object]:
    return {**shop_state(), "webhook_events": sorted(WebhookEvent.objects.values_list("provider", "event_id"))}
