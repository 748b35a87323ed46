"""MoMo test set-up: the gateway configured against a local MoMo stand-in,
an order of two sellers' products paid by MoMo, and the shopper's way there."""

from __future__ import annotations

import pytest

from marketplace.checkout import services as checkout_services
from marketplace.order.access import order_access_token
from marketplace.order.models import Order
from payments.models import WebhookEvent
from tests.marketplace.checkout.helpers import ready_checkout, shop_state
from tests.payments.standins.momo import MoMoStandIn

PARTNER_CODE = "MOMOOCOP2026"
ACCESS_KEY = "F8OCOPACCESS26"
SECRET_KEY = "MoMoTestSecretKey0123456789abcdef"


@pytest.fixture
def momo(settings):
    with MoMoStandIn(partner_code=PARTNER_CODE, access_key=ACCESS_KEY, secret_key=SECRET_KEY) as standin:
        settings.PAYMENT_GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "payments.gateways.momo.MoMo"]
        settings.MOMO_PARTNER_CODE = PARTNER_CODE
        settings.MOMO_ACCESS_KEY = ACCESS_KEY
        settings.MOMO_SECRET_KEY = SECRET_KEY
        settings.MOMO_ENDPOINT = standin.endpoint
        yield standin


@pytest.fixture
def momo_order(channel, tea, squid, momo) -> Order:
    """Two sellers' products, placed with MoMo: unconfirmed, unpaid."""
    return checkout_services.complete_checkout(
        checkout=ready_checkout(channel, [(tea, 1), (squid, 2)]), payment_gateway="momo"
    )


def go_to_momo(client, order: Order, momo: MoMoStandIn) -> dict:
    """The shopper opens the pay page and is sent on to MoMo's payUrl: the
    create request MoMo received (and verified) for it."""
    response = client.get(f"/thanh-toan/don/{order_access_token(order)}/")
    assert response.status_code == 302
    created = len(momo.requests)
    response = client.get(response["Location"])
    assert response.status_code == 302, response.content
    assert len(momo.requests) == created + 1
    assert response["Location"].startswith(f"{momo.endpoint}/v2/gateway/pay?t=")
    return momo.requests[-1]


def state() -> dict[str, object]:
    return {**shop_state(), "webhook_events": sorted(WebhookEvent.objects.values_list("provider", "event_id"))}
