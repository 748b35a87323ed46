"""Stripe tests: the real ``stripe`` library against the local stand-in
(tests/payments/standins/stripe.py), webhooks signed with Stripe's scheme."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.checkout import services as checkout_services
from marketplace.order.access import order_access_token
from marketplace.order.models import Order
from tests.marketplace.checkout.helpers import ready_checkout
from tests.payments.standins.stripe import Delivery, StripeStandIn, running

API_KEY = "sk_test_standin_key"
WEBHOOK_SECRET = "whsec_standin_secret"
GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "payments.gateways.stripe.gateway.StripeGateway"]


@pytest.fixture
def stripe_standin(settings):
    with running(api_key=API_KEY, webhook_secret=WEBHOOK_SECRET) as standin:
        settings.STRIPE_SECRET_KEY = API_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = standin.url
        settings.PAYMENT_GATEWAYS = GATEWAYS
        yield standin


def place_order(channel, lines, *, gateway: str = "stripe", user=None) -> Order:
    return checkout_services.complete_checkout(
        checkout=ready_checkout(channel, lines, user=user), payment_gateway=gateway
    )


def pay_url(order: Order) -> str:
    return reverse("payments:pay", kwargs={"token": order_access_token(order)})


def open_session(client: Client, order: Order, standin: StripeStandIn) -> dict:
    """Visit the pay page; the Checkout Session it redirected to."""
    response = client.get(pay_url(order))
    assert response.status_code == 302, response.content[:500]
    session_id = response["Location"].rsplit("/", 1)[-1]
    return standin.objects[session_id]


def deliver(client: Client, delivery: Delivery | tuple[bytes, str]):
    payload, signature = (delivery.payload, delivery.signature) if isinstance(delivery, Delivery) else delivery
    return client.post(
        reverse("payments:stripe_webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )


def paid_order(client: Client, channel, lines, standin: StripeStandIn) -> tuple[Order, dict]:
    """An order paid through Stripe (webhook delivered); with its session."""
    order = place_order(channel, lines)
    session = open_session(client, order, standin)
    response = deliver(client, standin.complete_session(session["id"]))
    assert response.status_code == 200 and response.json()["outcome"] == "handled"
    order.refresh_from_db()
    return order, standin.objects[session["id"]]
