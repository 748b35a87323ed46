"""The shopper's pay page: the order's gateway says what comes next."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from django.db import transaction

from marketplace.checkout import services as checkout_services
from marketplace.order.access import order_access_token
from payments.gateways.base import GatewayEvent, PaymentStep
from payments.models import TransactionEventType
from payments.services import record_provider_events
from tests.marketplace.checkout.helpers import ready_checkout
from tests.payments.gateways import PayLater

pytestmark = pytest.mark.django_db


class HostedPage(PayLater):
    """An online gateway that sends the shopper to the provider's page."""

    id = "hosted_page"

    def payment_step(self, *, transaction, order, return_url: str) -> PaymentStep:
        return PaymentStep(redirect_url=f"https://pay.example.vn/{order.number}?back={return_url}")


class OwnPage(PayLater):
    id = "own_page"

    def payment_step(self, *, transaction, order, return_url: str) -> PaymentStep:
        return PaymentStep(template="404.html", context={"reference": "OCOPTEST"})

    def initialize(self, *, amount: int, currency: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {}


GATEWAYS = [
    "payments.gateways.cod.CashOnDelivery",
    "tests.payments.test_pay_page.HostedPage",
    "tests.payments.test_pay_page.OwnPage",
]


def _order(channel, product, gateway):
    return checkout_services.complete_checkout(
        checkout=ready_checkout(channel, [(product, 1)]), payment_gateway=gateway
    )


def test_cash_on_delivery_goes_straight_to_the_order_page(client, channel, tea, settings):
    settings.PAYMENT_GATEWAYS = GATEWAYS
    token = order_access_token(_order(channel, tea, "cod"))
    response = client.get(f"/thanh-toan/don/{token}/")
    assert response.status_code == 302 and response["Location"] == f"/don-hang/{token}/"


def test_a_hosted_gateway_redirects_to_the_provider_with_the_way_back(client, channel, tea, settings):
    settings.PAYMENT_GATEWAYS = GATEWAYS
    order = _order(channel, tea, "hosted_page")
    token = order_access_token(order)
    response = client.get(f"/thanh-toan/don/{token}/")
    assert response.status_code == 302
    assert response["Location"] == f"https://pay.example.vn/{order.number}?back=http://testserver/don-hang/{token}/"
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_gateway_with_its_own_page_renders_it(client, channel, tea, settings):
    settings.PAYMENT_GATEWAYS = GATEWAYS
    token = order_access_token(_order(channel, tea, "own_page"))
    response = client.get(f"/thanh-toan/don/{token}/")
    assert response.status_code == 200
    assert response.templates[0].name == "404.html"
    assert response.context["reference"] == "OCOPTEST"


def test_a_paid_order_is_not_paid_again(client, channel, tea, settings):
    settings.PAYMENT_GATEWAYS = GATEWAYS
    order = _order(channel, tea, "hosted_page")
    tx = order.transactions.get()
    with transaction.atomic():
        record_provider_events(
            tx=tx, events=[GatewayEvent(type=TransactionEventType.CHARGE_SUCCESS, amount=order.total_amount)]
        )
    token = order_access_token(order)
    response = client.get(f"/thanh-toan/don/{token}/")
    assert response["Location"] == f"/don-hang/{token}/"


def test_a_forged_or_altered_token_is_not_found(client, channel, tea, settings):
    settings.PAYMENT_GATEWAYS = GATEWAYS
    token = order_access_token(_order(channel, tea, "hosted_page"))
    assert client.get(f"/thanh-toan/don/{token[:-2]}xx/").status_code == 404
    assert client.get("/thanh-toan/don/not-a-token/").status_code == 404
    assert client.post(f"/thanh-toan/don/{token}/").status_code in (403, 405)
