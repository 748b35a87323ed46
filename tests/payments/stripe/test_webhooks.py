"""Stripe's webhooks: verified with Stripe's signature scheme, one effect
per event id and per payment, in any order; the amount must be what is due."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from django.db import connection
from django.test import Client

from marketplace.order.models import OrderChargeStatus, OrderStatus, SellerOrderStatus
from payments.gateways.stripe.services import flagged_events
from payments.gateways.stripe.webhooks import fetch_fee
from payments.models import Transaction, TransactionEventType, WebhookEvent
from tests.marketplace.checkout.helpers import run_in_threads, shop_state
from tests.payments.standins.stripe import FEE_RATE, event_payload, sign
from tests.payments.stripe.conftest import WEBHOOK_SECRET, deliver, open_session, paid_order, place_order

T = TransactionEventType


def _statuses(order) -> set[str]:
    return set(order.seller_orders.values_list("status", flat=True))


def test_a_completed_session_pays_and_confirms_the_order(client, channel, tea, squid, stripe_standin):
    order, session = paid_order(client, channel, [(tea, 1), (squid, 2)], stripe_standin)
    tx = order.transactions.get()
    assert tx.charged_amount == order.total_amount
    assert order.charge_status == OrderChargeStatus.FULL and order.status == OrderStatus.CONFIRMED
    assert _statuses(order) == {SellerOrderStatus.CONFIRMED}
    charge = tx.events.get(type=T.CHARGE_SUCCESS)
    assert charge.psp_reference == session["payment_intent"] and charge.amount == order.total_amount
    # Stripe's fee is read from the charge's balance transaction (the stand-in's rate).
    assert stripe_standin.calls("GET", f"/v1/payment_intents/{session['payment_intent']}")
    assert fetch_fee(session["payment_intent"]) == round(order.total_amount * FEE_RATE) > 0
    assert fetch_fee("pi_test_missing") == 0


@pytest.mark.parametrize(
    "tamper",
    ["wrong_secret", "stale", "missing", "body_changed", "garbage"],
)
def test_a_forged_or_stale_signature_is_refused_and_changes_nothing(client, channel, tea, stripe_standin, tamper):
    order = place_order(channel, [(tea, 1)])
    session = open_session(client, order, stripe_standin)
    good = stripe_standin.complete_session(session["id"])
    payload, signature = good.payload, good.signature
    if tamper == "wrong_secret":
        signature = sign(payload, "whsec_someone_else")
    elif tamper == "stale":
        signature = sign(payload, WEBHOOK_SECRET, timestamp=int(time.time()) - 10 * 60)
    elif tamper == "missing":
        signature = ""
    elif tamper == "body_changed":
        payload = payload.replace(b'"amount_total": ', b'"amount_total": 1')
    else:
        payload = b"not json at all"
        signature = sign(payload, WEBHOOK_SECRET)
    before = shop_state()
    response = deliver(client, (payload, signature))
    assert response.status_code == 400
    assert shop_state() == before
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_deliveries_of_one_event_have_one_effect(channel, tea, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    session = open_session(Client(), order, stripe_standin)
    delivery = stripe_standin.complete_session(session["id"])

    def post():
        return deliver(Client(), delivery)

    responses = run_in_threads([post] * 10)
    assert [r.status_code for r in responses] == [200] * 10
    outcomes = sorted(r.json()["outcome"] for r in responses)
    assert outcomes == ["duplicate"] * 9 + ["handled"]
    tx = Transaction.objects.get(order=order)
    assert tx.charged_amount == order.total_amount
    assert tx.events.filter(type=T.CHARGE_SUCCESS).count() == 1
    assert WebhookEvent.objects.filter(provider="stripe").count() == 1
    assert order.events.filter(action="confirm").count() == 1
    connection.close()


def test_session_completed_and_payment_intent_succeeded_charge_once(client, channel, tea, stripe_standin):
    order, session = paid_order(client, channel, [(tea, 1)], stripe_standin)
    intent = stripe_standin.objects[session["payment_intent"]]
    response = deliver(client, stripe_standin.send("payment_intent.succeeded", intent))
    assert response.status_code == 200 and response.json()["outcome"] == "handled"
    tx = order.transactions.get()
    assert tx.charged_amount == order.total_amount
    assert tx.events.filter(type=T.CHARGE_SUCCESS).count() == 1


def test_payment_intent_succeeded_alone_pays_the_order(client, channel, tea, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    session = open_session(client, order, stripe_standin)
    stripe_standin.complete_session(session["id"])  # session event lost; the intent's arrives
    intent = stripe_standin.objects[stripe_standin.objects[session["id"]]["payment_intent"]]
    assert deliver(client, stripe_standin.send("payment_intent.succeeded", intent)).status_code == 200
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL and _statuses(order) == {SellerOrderStatus.CONFIRMED}


@pytest.mark.parametrize("charge_metadata", [True, False])
def test_a_refund_event_before_the_payment_event_leaves_the_order_refunded(
    client, channel, tea, stripe_standin, charge_metadata
):
    order = place_order(channel, [(tea, 1)])
    session = open_session(client, order, stripe_standin)
    completed = stripe_standin.complete_session(session["id"])
    intent = stripe_standin.objects[stripe_standin.objects[session["id"]]["payment_intent"]]
    charge = stripe_standin.objects[intent["latest_charge"]]
    charge.update(amount_refunded=order.total_amount, refunded=True)  # refunded at Stripe's dashboard
    if not charge_metadata:  # found through the payment intent's metadata at Stripe
        charge["metadata"] = {}
    refunded = stripe_standin.send("charge.refunded", charge)

    assert deliver(client, refunded).json()["outcome"] == "handled"
    assert deliver(client, completed).json()["outcome"] == "handled"
    tx = order.transactions.get()
    assert (tx.charged_amount, tx.refunded_amount) == (0, order.total_amount)
    assert tx.events.filter(type=T.CHARGE_SUCCESS).count() == 1
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.NONE
    assert _statuses(order) == {SellerOrderStatus.UNCONFIRMED}


def test_cumulative_refund_events_out_of_order_count_each_dong_once(client, channel, tea, stripe_standin):
    order, session = paid_order(client, channel, [(tea, 2)], stripe_standin)
    charge = stripe_standin.objects[stripe_standin.objects[session["payment_intent"]]["latest_charge"]]
    first = stripe_standin.send("charge.refunded", {**charge, "amount_refunded": 50_000})
    second = stripe_standin.send("charge.refunded", {**charge, "amount_refunded": 80_000})
    deliver(client, second)
    deliver(client, first)  # late: says less than we know
    tx = order.transactions.get()
    assert tx.refunded_amount == 80_000
    assert tx.charged_amount == order.total_amount - 80_000


def test_a_wrong_amount_is_recorded_flagged_and_not_confirmed(client, channel, tea, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    session = open_session(client, order, stripe_standin)
    response = deliver(client, stripe_standin.complete_session(session["id"], amount=order.total_amount - 1_000))
    assert response.status_code == 200
    tx = order.transactions.get()
    assert tx.charged_amount == 0
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.NONE and _statuses(order) == {SellerOrderStatus.UNCONFIRMED}
    (flag,) = flagged_events()
    assert flag.transaction_id == tx.pk and flag.amount == order.total_amount - 1_000
    assert flag.message.startswith("[KIỂM TRA]")


def test_an_event_for_an_unknown_order_changes_nothing(client, channel, tea, stripe_standin):
    place_order(channel, [(tea, 1)])
    before = shop_state()
    obj = {
        "id": "cs_test_unknown",
        "object": "checkout.session",
        "payment_status": "paid",
        "status": "complete",
        "amount_total": 100_000,
        "currency": "vnd",
        "payment_intent": "pi_test_unknown",
        "metadata": {"transaction_id": str(uuid.uuid4()), "order_id": str(uuid.uuid4())},
    }
    response = deliver(client, stripe_standin.send("checkout.session.completed", obj))
    assert response.status_code == 200 and response.json()["outcome"] == "unknown"
    assert shop_state() == before
    assert not WebhookEvent.objects.exists()


def test_metadata_naming_another_order_changes_nothing(client, channel, tea, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    other = place_order(channel, [(tea, 1)])
    session = open_session(client, order, stripe_standin)
    stripe_standin.complete_session(session["id"])
    obj = dict(stripe_standin.objects[session["id"]])
    obj["metadata"] = {**obj["metadata"], "order_id": str(other.pk)}
    before = shop_state()
    assert deliver(client, stripe_standin.send("checkout.session.completed", obj)).json()["outcome"] == "unknown"
    assert shop_state() == before


def test_a_failed_payment_is_recorded_and_the_order_waits(client, channel, tea, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    tx = order.transactions.get()
    intent = {
        "id": "pi_test_failed",
        "object": "payment_intent",
        "amount": order.total_amount,
        "currency": "vnd",
        "status": "requires_payment_method",
        "metadata": {"transaction_id": str(tx.pk), "order_id": str(order.pk)},
        "last_payment_error": {"message": "Your card was declined."},
    }
    assert deliver(client, stripe_standin.send("payment_intent.payment_failed", intent)).status_code == 200
    failure = tx.events.get(type=T.CHARGE_FAILURE)
    assert failure.message == "Your card was declined." and failure.psp_reference == "pi_test_failed"
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.NONE and _statuses(order) == {SellerOrderStatus.UNCONFIRMED}


def test_a_dispute_is_flagged_for_the_operator(client, channel, tea, stripe_standin):
    order, session = paid_order(client, channel, [(tea, 1)], stripe_standin)
    dispute = {
        "id": "dp_test_1",
        "object": "dispute",
        "amount": order.total_amount,
        "currency": "vnd",
        "charge": stripe_standin.objects[session["payment_intent"]]["latest_charge"],
        "payment_intent": session["payment_intent"],
        "reason": "fraudulent",
        "status": "needs_response",
    }
    assert deliver(client, stripe_standin.send("charge.dispute.created", dispute)).json()["outcome"] == "handled"
    (flag,) = flagged_events()
    assert flag.message.startswith("[TRANH CHẤP]") and "fraudulent" in flag.message
    tx = order.transactions.get()
    assert tx.charged_amount == order.total_amount  # the money stays until Stripe decides


def test_other_event_types_are_acknowledged_and_ignored(client, channel, tea, stripe_standin):
    place_order(channel, [(tea, 1)])
    before = shop_state()
    payload = event_payload("customer.created", {"id": "cus_1", "object": "customer"})
    response = deliver(client, (payload, sign(payload, WEBHOOK_SECRET)))
    assert response.status_code == 200 and response.json()["outcome"] == "ignored"
    assert shop_state() == before


def test_the_webhook_is_absent_without_stripe_keys(client, settings, stripe_standin):
    settings.STRIPE_SECRET_KEY = ""
    payload = event_payload("customer.created", {"id": "cus_1", "object": "customer"})
    assert deliver(client, (payload, sign(payload, WEBHOOK_SECRET))).status_code == 404
    assert client.get("/thanh-toan/stripe/webhook/").status_code == 405
    assert json.loads(payload)["type"] == "customer.created"


def test_a_duplicate_delivery_costs_two_queries(client, channel, tea, stripe_standin, django_assert_num_queries):
    order = place_order(channel, [(tea, 1)])
    session = open_session(client, order, stripe_standin)
    delivery = stripe_standin.complete_session(session["id"])
    assert deliver(client, delivery).json()["outcome"] == "handled"
    with django_assert_num_queries(2):  # find the transaction, see the event was handled
        assert deliver(client, delivery).json()["outcome"] == "duplicate"
