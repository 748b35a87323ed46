"""MoMo's IPN: only a verified result of a paid attempt pays an order; MoMo
gets 204 once a notification is handled, and a 4xx with nothing changed for
anything else."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from django.test import Client

from marketplace.order.models import OrderChargeStatus, OrderStatus, SellerOrderStatus
from payments.models import TransactionEventType, WebhookEvent
from tests.marketplace.checkout.helpers import run_in_threads
from tests.payments.momo.conftest import go_to_momo, state
from tests.payments.standins import momo as standin

pytestmark = pytest.mark.django_db
IPN = "/thanh-toan/momo/ipn/"


def _post(client, body: dict | bytes) -> int:
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(IPN, data=data, content_type="application/json").status_code


def test_a_paid_result_pays_the_order_and_confirms_both_sellers(client, momo, momo_order):
    result = momo.result(go_to_momo(client, momo_order, momo))
    response = client.post(IPN, data=json.dumps(result), content_type="application/json")
    assert response.status_code == 204 and response.content == b""
    momo_order.refresh_from_db()
    assert momo_order.charge_status == OrderChargeStatus.FULL
    assert momo_order.status == OrderStatus.CONFIRMED
    assert set(momo_order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.CONFIRMED}
    tx = momo_order.transactions.get()
    assert tx.charged_amount == momo_order.total_amount
    charge = tx.events.get(type=TransactionEventType.CHARGE_SUCCESS)
    assert charge.psp_reference == str(result["transId"])


def test_a_cancelled_payment_is_recorded_as_a_failure_and_the_order_waits(client, momo, momo_order):
    assert _post(client, momo.result(go_to_momo(client, momo_order, momo), paid=False)) == 204
    momo_order.refresh_from_db()
    assert momo_order.charge_status == OrderChargeStatus.NONE
    assert set(momo_order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.UNCONFIRMED}
    assert momo_order.transactions.get().events.filter(type=TransactionEventType.CHARGE_FAILURE).count() == 1


def test_amounts_quoted_as_text_are_read_too(client, momo, momo_order):
    request = go_to_momo(client, momo_order, momo)
    result = momo.result(request, amount=str(request["amount"]), resultCode="0", transId="4088878000")
    assert _post(client, result) == 204
    momo_order.refresh_from_db()
    assert momo_order.charge_status == OrderChargeStatus.FULL


def _now_ms() -> int:
    return int(time.time() * 1000)


def _forged(momo, request):
    result = momo.result(request)
    return {**result, "signature": standin.momo_signature("guessed", standin.result_raw(momo.access_key, result))}


def _tampered_amount(momo, request):
    return {**momo.result(request), "amount": request["amount"] - 100_000}


def _tampered_result(momo, request):
    return {**momo.result(request, paid=False), "resultCode": 0}


def _unsigned(momo, request):
    result = momo.result(request)
    del result["signature"]
    return result


def _wrong_amount(momo, request):
    return momo.result(request, amount=request["amount"] - 1_000)


def _unknown_order(momo, request):
    return momo.result(request, orderId=f"OC2611999999{uuid.uuid4().hex.upper()}ABCDEF")


def _other_partner(momo, request):
    return momo.result(request, partnerCode="MOMOOTHER")


def _stale(momo, request):
    return momo.result(request, response_time=_now_ms() - 2 * 3600 * 1000)


def _from_the_future(momo, request):
    return momo.result(request, response_time=_now_ms() + 3600 * 1000)


def _absurd_time(momo, request):
    return momo.result(request, response_time=10**18)


def _not_a_number(momo, request):
    return momo.result(request, amount=True)


def _not_json(momo, request):
    return b"partnerCode=MOMO&amount=1"


def _a_list(momo, request):
    return b"[]"


@pytest.mark.parametrize(
    ("forge", "status"),
    [
        (_forged, 400),
        (_tampered_amount, 400),
        (_tampered_result, 400),
        (_unsigned, 400),
        (_wrong_amount, 400),
        (_other_partner, 400),
        (_stale, 400),
        (_from_the_future, 400),
        (_absurd_time, 400),
        (_not_a_number, 400),
        (_not_json, 400),
        (_a_list, 400),
        (_unknown_order, 404),
    ],
)
def test_a_bad_notification_is_refused_and_nothing_changes(client, momo, momo_order, forge, status):
    request = go_to_momo(client, momo_order, momo)
    before = state()
    assert _post(client, forge(momo, request)) == status
    assert state() == before


def test_only_post_is_taken(client, momo, momo_order):
    result = momo.result(go_to_momo(client, momo_order, momo))
    before = state()
    assert client.get(IPN, {k: str(v) for k, v in result.items()}).status_code == 405
    assert state() == before


def test_a_replayed_notification_is_acknowledged_and_changes_nothing(client, momo, momo_order):
    result = momo.result(go_to_momo(client, momo_order, momo))
    assert _post(client, result) == 204
    before = state()
    assert _post(client, result) == 204
    assert state() == before


def test_a_second_payment_is_logged_for_a_refund_and_changes_no_amount(client, momo, momo_order):
    first = go_to_momo(client, momo_order, momo)
    second = go_to_momo(client, momo_order, momo)
    assert first["orderId"] != second["orderId"]
    assert _post(client, momo.result(first)) == 204
    paid_twice = momo.result(second)
    assert _post(client, paid_twice) == 204
    tx = momo_order.transactions.get()
    assert tx.charged_amount == momo_order.total_amount
    assert tx.events.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1
    assert tx.events.get(type=TransactionEventType.INFO).psp_reference == str(paid_twice["transId"])
    before = state()
    assert _post(client, paid_twice) == 204
    assert state() == before


def test_a_new_attempt_after_a_failure_can_pay(client, momo, momo_order):
    failed = go_to_momo(client, momo_order, momo)
    assert _post(client, momo.result(failed, paid=False)) == 204
    retry = go_to_momo(client, momo_order, momo)
    assert retry["orderId"] != failed["orderId"]
    assert _post(client, momo.result(retry)) == 204
    momo_order.refresh_from_db()
    assert momo_order.charge_status == OrderChargeStatus.FULL


def test_the_ipn_answers_in_fixed_queries(
    client, momo, momo_order, django_assert_num_queries, django_assert_max_num_queries
):
    request = go_to_momo(client, momo_order, momo)
    with django_assert_num_queries(0):
        assert _post(client, _forged(momo, request)) == 400
    with django_assert_num_queries(0):
        assert _post(client, _stale(momo, request)) == 400
    with django_assert_num_queries(1):
        assert _post(client, _unknown_order(momo, request)) == 404
    with django_assert_num_queries(1):
        assert _post(client, _wrong_amount(momo, request)) == 400
    # The payment: our part is a dozen queries; the order's confirmation and
    # the ledger's entries per sub-order are theirs to budget.
    result = momo.result(request)
    with django_assert_max_num_queries(110):
        assert _post(client, result) == 204
    # Delivered again: find the attempt; savepoint, lock order and
    # transaction; the claim's savepoint, refused insert, rollback; release.
    with django_assert_num_queries(9):
        assert _post(client, result) == 204


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_deliveries_pay_once(momo, momo_order):
    result = momo.result(go_to_momo(Client(), momo_order, momo))
    body = json.dumps(result)
    statuses = run_in_threads(
        [lambda: Client().post(IPN, data=body, content_type="application/json").status_code for _ in range(10)]
    )
    assert statuses == [204] * 10
    tx = momo_order.transactions.get()
    assert tx.charged_amount == momo_order.total_amount
    assert tx.events.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1
    assert WebhookEvent.objects.filter(provider="momo").count() == 1
