"""The pay page sends the shopper to a Stripe Checkout Session for the
whole order, reused on later visits, created with an idempotency key."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import resolve, reverse

from marketplace.order.access import get_order_by_token
from marketplace.order.models import OrderChargeStatus, SellerOrderStatus
from marketplace.order.services import cancel_seller_order
from payments.gateways.stripe.gateway import StripeGateway
from payments.models import TransactionEventType
from payments.registry import available_gateways
from tests.marketplace.checkout.helpers import run_in_threads, shop_state
from tests.payments.stripe.conftest import deliver, open_session, pay_url, place_order

T = TransactionEventType


def test_stripe_is_offered_only_when_both_secrets_are_set(settings, stripe_standin):
    assert "stripe" in [g.id for g in available_gateways("VND")]
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert "stripe" not in [g.id for g in available_gateways("VND")]
    settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_SECRET_KEY = "whsec_x", ""
    assert "stripe" not in [g.id for g in available_gateways("VND")]
    assert not StripeGateway().supports("USD")


def test_the_pay_page_redirects_to_a_session_for_the_whole_order(client, channel, tea, squid, stripe_standin):
    order = place_order(channel, [(tea, 2), (squid, 1)])
    tx = order.transactions.get()
    session = open_session(client, order, stripe_standin)

    # One payment for the whole order, in whole đồng (VND is zero-decimal).
    assert session["amount_total"] == order.total_amount
    assert session["currency"] == "vnd" and session["mode"] == "payment"
    names = [item["price_data"]["product_data"]["name"] for item in session["line_items_sent"]]
    assert "Chè búp Tân Cương" in names and "Chả mực Hạ Long" in names
    assert any(name.startswith("Phí giao hàng") for name in names)
    assert session["metadata"] == {
        "order_id": str(order.pk),
        "order_number": order.number,
        "transaction_id": str(tx.pk),
    }
    assert session["client_reference_id"] == str(tx.pk)
    assert session["payment_intent_data"]["transfer_group"] == order.number
    # Back to our return page, by the order's signed link.
    match = resolve(urlsplit(session["success_url"]).path)
    assert session["success_url"].startswith("http://testserver/") and match.view_name == "payments:stripe_return"
    assert get_order_by_token(match.kwargs["token"]) == order
    assert session["cancel_url"] == session["success_url"] + "?ket-qua=huy"
    (call,) = stripe_standin.calls("POST", "/v1/checkout/sessions")
    assert call["headers"]["Idempotency-Key"] == f"chocop-checkout-{tx.pk}-0-{order.total_amount}"
    # Visiting the pay page charged nothing.
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.NONE
    assert set(order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.UNCONFIRMED}


def test_a_second_visit_reuses_the_open_session(client, channel, tea, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    first = open_session(client, order, stripe_standin)
    second = open_session(client, order, stripe_standin)
    assert first["id"] == second["id"]
    assert len(stripe_standin.calls("POST", "/v1/checkout/sessions")) == 1
    tx = order.transactions.get()
    assert list(tx.events.filter(type=T.INFO).values_list("psp_reference", flat=True)) == [first["id"]]


@pytest.mark.django_db(transaction=True)
def test_two_visits_at_once_open_one_session(channel, tea, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    tx = order.transactions.get()
    gateway = StripeGateway()

    def visit():
        return gateway.payment_step(transaction=tx, order=order, return_url="http://testserver/don-hang/x/")

    steps = run_in_threads([visit, visit, visit])
    assert len({step.redirect_url for step in steps}) == 1, steps
    # Every create call carried the same key, so Stripe made one session.
    keys = {c["headers"]["Idempotency-Key"] for c in stripe_standin.calls("POST", "/v1/checkout/sessions")}
    assert len(keys) == 1
    assert len([o for o in stripe_standin.objects.values() if o["object"] == "checkout.session"]) == 1
    assert tx.events.filter(type=T.INFO, psp_reference__startswith="cs_").count() == 1
    connection.close()


def test_a_changed_amount_expires_the_old_session_and_opens_a_new_one(
    client, channel, tea, squid, owner_b, stripe_standin
):
    order = place_order(channel, [(tea, 1), (squid, 1)])
    first = open_session(client, order, stripe_standin)
    sub_b = order.seller_orders.get(seller__members__user=owner_b)
    cancel_seller_order(seller_order=sub_b, actor=owner_b, reason="Hết hàng")
    second = open_session(client, order, stripe_standin)
    assert second["id"] != first["id"]
    assert stripe_standin.objects[first["id"]]["status"] == "expired"
    assert second["amount_total"] == order.total_amount - sub_b.total_amount


def test_coming_back_from_stripe_marks_nothing_paid(client, channel, tea, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    session = open_session(client, order, stripe_standin)
    stripe_standin.complete_session(session["id"])  # paid at Stripe, webhook not delivered (no URL)
    response = client.get(session["success_url"].removeprefix("http://testserver"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/don-hang/")
    assert "Stripe đang xác nhận thanh toán" in response.content.decode()
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.NONE
    assert order.transactions.get().charged_amount == 0


def test_coming_back_says_where_the_payment_stands(client, channel, tea, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    session = open_session(client, order, stripe_standin)
    cancelled = client.get(session["cancel_url"].removeprefix("http://testserver"), follow=True)
    assert "Bạn chưa thanh toán qua Stripe" in cancelled.content.decode()
    deliver(client, stripe_standin.complete_session(session["id"]))
    paid = client.get(session["success_url"].removeprefix("http://testserver"), follow=True)
    assert "Đã nhận thanh toán qua Stripe. Cảm ơn bạn!" in paid.content.decode()
    # A forged token is simply not found.
    assert client.get(reverse("payments:stripe_return", kwargs={"token": "forged"})).status_code == 404
    # Once paid, the pay page goes straight to the order page.
    assert client.get(pay_url(order))["Location"].startswith("/don-hang/")


def test_stripe_unreachable_shows_a_message_and_changes_nothing(client, channel, tea, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    before = shop_state()
    stripe_standin.fail_next = 10
    response = client.get(pay_url(order))
    assert response.status_code == 200
    assert "Chưa mở được trang thanh toán" in response.content.decode()
    assert shop_state() == before
