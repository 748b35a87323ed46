"""Refunds (payments.refunds.refund_order) through Stripe's refund API:
the whole order or one seller's part, by an operator or that seller, never
more than was charged, an idempotency key on every call."""

from __future__ import annotations

import pytest
from django.db import connection

from marketplace.order.models import OrderChargeStatus, SellerOrder
from payments.errors import PaymentError
from payments.models import Transaction, TransactionEventType
from payments.refunds import refund_order
from tests.marketplace.checkout.helpers import run_in_threads, shop_state
from tests.payments.stripe.conftest import deliver, paid_order, place_order

T = TransactionEventType


def _charge(standin, session) -> dict:
    return standin.objects[standin.objects[session["payment_intent"]]["latest_charge"]]


def _sub(order, owner) -> SellerOrder:
    return order.seller_orders.get(seller__members__user=owner)


def test_an_operator_refunds_the_whole_order(client, channel, tea, squid, operator, stripe_standin):
    order, session = paid_order(client, channel, [(tea, 1), (squid, 1)], stripe_standin)
    events = refund_order(order=order, actor=operator, reason="Khách đổi ý")
    assert [(e.type, e.amount, e.actor_id) for e in events] == [(T.REFUND_SUCCESS, order.total_amount, operator.pk)]
    (call,) = stripe_standin.calls("POST", "/v1/refunds")
    assert call["params"]["payment_intent"] == session["payment_intent"]
    assert call["params"]["amount"] == str(order.total_amount)
    assert call["headers"]["Idempotency-Key"].startswith("chocop-refund-")
    assert _charge(stripe_standin, session)["amount_refunded"] == order.total_amount
    tx = order.transactions.get()
    assert (tx.charged_amount, tx.refunded_amount) == (0, order.total_amount)
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.NONE
    # Stripe's charge.refunded webhook that follows adds nothing.
    response = deliver(client, stripe_standin.send("charge.refunded", _charge(stripe_standin, session)))
    assert response.status_code == 200
    tx.refresh_from_db()
    assert tx.refunded_amount == order.total_amount and tx.events.filter(type=T.REFUND_SUCCESS).count() == 1


def test_a_seller_refunds_its_own_part_once(client, channel, tea, squid, owner_a, stripe_standin):
    order, session = paid_order(client, channel, [(tea, 1), (squid, 1)], stripe_standin)
    sub_a = _sub(order, owner_a)
    (event,) = refund_order(order=order, seller_order=sub_a, actor=owner_a, reason="Hàng bị dập")
    assert (event.amount, event.seller_order_id, event.actor_id) == (sub_a.total_amount, sub_a.pk, owner_a.pk)
    before = shop_state()
    with pytest.raises(PaymentError) as error:
        refund_order(order=order, seller_order=sub_a, actor=owner_a, amount=1_000)
    assert error.value.code == "INVALID_AMOUNT"
    assert shop_state() == before
    assert len(stripe_standin.calls("POST", "/v1/refunds")) == 1
    tx = order.transactions.get()
    assert tx.charged_amount == order.total_amount - sub_a.total_amount


def test_partial_refunds_of_a_part_stop_at_its_total(client, channel, tea, squid, owner_a, operator, stripe_standin):
    order, _ = paid_order(client, channel, [(tea, 1), (squid, 1)], stripe_standin)
    sub_a = _sub(order, owner_a)
    refund_order(order=order, seller_order=sub_a, actor=owner_a, amount=20_000)
    with pytest.raises(PaymentError) as error:
        refund_order(order=order, seller_order=sub_a, actor=operator, amount=sub_a.total_amount - 20_000 + 1)
    assert error.value.code == "INVALID_AMOUNT" and error.value.field == "amount"
    (rest,) = refund_order(order=order, seller_order=sub_a, actor=operator)
    assert rest.amount == sub_a.total_amount - 20_000
    keys = [c["headers"]["Idempotency-Key"] for c in stripe_standin.calls("POST", "/v1/refunds")]
    assert len(keys) == len(set(keys)) == 2


def test_never_more_than_was_charged(client, channel, tea, operator, stripe_standin):
    order, _ = paid_order(client, channel, [(tea, 1)], stripe_standin)
    refund_order(order=order, actor=operator, amount=10_000)
    before = shop_state()
    for amount in (order.total_amount, order.total_amount - 10_000 + 1):
        with pytest.raises(PaymentError) as error:
            refund_order(order=order, actor=operator, amount=amount)
        assert error.value.code == "INVALID_AMOUNT"
    assert shop_state() == before
    assert len(stripe_standin.calls("POST", "/v1/refunds")) == 1


@pytest.mark.parametrize("amount", [0, -5, True, "10000", 1.5])
def test_bad_amounts_are_refused(client, channel, tea, operator, stripe_standin, amount):
    order, _ = paid_order(client, channel, [(tea, 1)], stripe_standin)
    before = shop_state()
    with pytest.raises(PaymentError) as error:
        refund_order(order=order, actor=operator, amount=amount)
    assert error.value.code == "INVALID_AMOUNT"
    assert shop_state() == before and not stripe_standin.calls("POST", "/v1/refunds")


def test_who_may_refund(client, channel, tea, squid, owner_a, owner_b, stranger, stripe_standin):
    order, _ = paid_order(client, channel, [(tea, 1), (squid, 1)], stripe_standin)
    sub_a = _sub(order, owner_a)
    other_order, _ = paid_order(client, channel, [(squid, 1)], stripe_standin)
    before = shop_state()
    refused = [
        (dict(order=order, seller_order=sub_a, actor=owner_b), "NOT_FOUND"),  # another seller's part
        (dict(order=order, seller_order=sub_a, actor=stranger), "NOT_FOUND"),
        (dict(order=order, seller_order=sub_a, actor=None), "NOT_FOUND"),
        (dict(order=order, actor=owner_a), "PERMISSION_DENIED"),  # a seller, the whole order
        (dict(order=other_order, seller_order=sub_a, actor=owner_a), "NOT_FOUND"),  # part of another order
    ]
    for kwargs, code in refused:
        with pytest.raises(PaymentError) as error:
            refund_order(**kwargs)
        assert error.value.code == code, kwargs
    assert shop_state() == before and not stripe_standin.calls("POST", "/v1/refunds")


def test_an_unpaid_order_has_nothing_to_refund(channel, tea, operator, stripe_standin):
    order = place_order(channel, [(tea, 1)])
    with pytest.raises(PaymentError) as error:
        refund_order(order=order, actor=operator)
    assert error.value.code == "NOT_CHARGED"


def test_a_refused_refund_at_stripe_changes_nothing(client, channel, tea, operator, stripe_standin):
    order, session = paid_order(client, channel, [(tea, 1)], stripe_standin)
    _charge(stripe_standin, session)["amount_refunded"] = order.total_amount  # refunded at Stripe, event lost
    before = shop_state()
    with pytest.raises(PaymentError) as error:
        refund_order(order=order, actor=operator, amount=5_000)
    assert error.value.code == "PROVIDER_ERROR"
    assert shop_state() == before


@pytest.mark.django_db(transaction=True)
def test_two_refunds_of_one_part_at_once_refund_it_once(channel, tea, squid, owner_a, operator, stripe_standin):
    from django.test import Client

    order, _ = paid_order(Client(), channel, [(tea, 1), (squid, 1)], stripe_standin)
    sub_a = _sub(order, owner_a)

    def by(actor):
        return lambda: refund_order(order=order, seller_order=sub_a, actor=actor)

    results = run_in_threads([by(owner_a), by(operator)])
    assert sum(isinstance(r, list) for r in results) == 1
    assert [r.code for r in results if isinstance(r, PaymentError)] == ["INVALID_AMOUNT"]
    assert len(stripe_standin.calls("POST", "/v1/refunds")) == 1
    assert Transaction.objects.get(order=order).refunded_amount == sub_a.total_amount
    connection.close()


def test_cash_on_delivery_is_not_refunded_automatically(channel, tea, owner_a, operator, stripe_standin):
    from marketplace.order.services import mark_packed, mark_shipped
    from payments.services import mark_cod_collected

    order = place_order(channel, [(tea, 1)], gateway="cod")
    sub = order.seller_orders.get()
    mark_packed(seller_order=sub, actor=owner_a)
    mark_shipped(seller_order=sub, actor=owner_a, carrier="VNPost", tracking_number="VN1")
    mark_cod_collected(seller_order=sub, actor=owner_a, amount=sub.total_amount)
    before = shop_state()
    with pytest.raises(PaymentError) as error:
        refund_order(order=order, actor=operator)
    assert error.value.code == "NOT_SUPPORTED"
    assert shop_state() == before
