"""VNPay's IPN: only a verified notification of a paid attempt pays an order;
everything else gets VNPay's RspCode for it and changes nothing."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.test import Client

from marketplace.order.models import OrderChargeStatus, OrderStatus, SellerOrderStatus
from payments.models import TransactionEventType, WebhookEvent
from tests.marketplace.checkout.helpers import run_in_threads
from tests.payments.standins import vnpay as standin
from tests.payments.vnpay.conftest import go_to_vnpay, state, vnpay_result

pytestmark = pytest.mark.django_db
IPN = "/thanh-toan/vnpay/ipn/"


def _ipn(client, params: dict[str, str]) -> str:
    response = client.get(IPN, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["RspCode"]


def test_a_paid_notification_pays_the_order_and_confirms_both_sellers(client, vnpay_order):
    request = go_to_vnpay(client, vnpay_order)
    result = vnpay_result(request)
    assert client.get(IPN, result).json() == {"RspCode": "00", "Message": "Confirm Success"}
    vnpay_order.refresh_from_db()
    assert vnpay_order.charge_status == OrderChargeStatus.FULL
    assert vnpay_order.status == OrderStatus.CONFIRMED
    assert set(vnpay_order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.CONFIRMED}
    tx = vnpay_order.transactions.get()
    assert tx.charged_amount == vnpay_order.total_amount
    charge = tx.events.get(type=TransactionEventType.CHARGE_SUCCESS)
    assert charge.amount == vnpay_order.total_amount and charge.psp_reference == result["vnp_TransactionNo"]


def test_a_cancelled_payment_is_recorded_as_a_failure_and_the_order_waits(client, vnpay_order):
    request = go_to_vnpay(client, vnpay_order)
    assert _ipn(client, vnpay_result(request, paid=False)) == "00"
    vnpay_order.refresh_from_db()
    assert vnpay_order.charge_status == OrderChargeStatus.NONE
    assert set(vnpay_order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.UNCONFIRMED}
    assert vnpay_order.transactions.get().events.filter(type=TransactionEventType.CHARGE_FAILURE).count() == 1


def test_a_success_code_with_a_failed_transaction_status_is_not_a_payment(client, vnpay_order):
    request = go_to_vnpay(client, vnpay_order)
    assert _ipn(client, vnpay_result(request, vnp_ResponseCode="00", vnp_TransactionStatus="02")) == "00"
    vnpay_order.refresh_from_db()
    assert vnpay_order.charge_status == OrderChargeStatus.NONE
    tx = vnpay_order.transactions.get()
    assert tx.charged_amount == 0
    assert tx.events.filter(type=TransactionEventType.CHARGE_FAILURE).count() == 1


def _forged(request):
    result = vnpay_result(request)
    return {**result, "vnp_SecureHash": standin.vnpay_hash(result, "NOT-THE-SECRET")}


def _tampered_amount(request):
    result = vnpay_result(request)
    return {**result, "vnp_Amount": str(int(result["vnp_Amount"]) - 100_000_00)}


def _wrong_amount(request):
    return vnpay_result(request, vnp_Amount=str(int(request["vnp_Amount"]) - 100))


def _fraction_of_a_dong(request):
    return vnpay_result(request, vnp_Amount=str(int(request["vnp_Amount"]) + 1))


def _unknown_order(request):
    return vnpay_result(request, vnp_TxnRef=f"OC2611999999{uuid.uuid4().hex.upper()}ABCDEF")


def _not_our_reference(request):
    return vnpay_result(request, vnp_TxnRef="DH-0001")


def _stale(request):
    two_days_ago = datetime.datetime.now(standin.GMT7) - datetime.timedelta(days=2)
    return vnpay_result(request, vnp_PayDate=two_days_ago.strftime("%Y%m%d%H%M%S"))


def _from_the_future(request):
    later = datetime.datetime.now(standin.GMT7) + datetime.timedelta(hours=1)
    return vnpay_result(request, vnp_PayDate=later.strftime("%Y%m%d%H%M%S"))


def _other_terminal(request):
    return vnpay_result(request, vnp_TmnCode="OTHERTMN")


def _no_signature(request):
    result = vnpay_result(request)
    del result["vnp_SecureHash"]
    return result


@pytest.mark.parametrize(
    ("forge", "code"),
    [
        (_forged, "97"),
        (_tampered_amount, "97"),
        (_no_signature, "97"),
        (_wrong_amount, "04"),
        (_fraction_of_a_dong, "04"),
        (_unknown_order, "01"),
        (_not_our_reference, "01"),
        (_other_terminal, "01"),
        (_stale, "99"),
        (_from_the_future, "99"),
    ],
)
def test_a_bad_notification_is_refused_and_nothing_changes(client, vnpay_order, forge, code):
    request = go_to_vnpay(client, vnpay_order)
    before = state()
    assert _ipn(client, forge(request)) == code
    assert state() == before
    vnpay_order.refresh_from_db()
    assert vnpay_order.charge_status == OrderChargeStatus.NONE


def test_a_replayed_notification_is_already_confirmed_and_changes_nothing(client, vnpay_order):
    result = vnpay_result(go_to_vnpay(client, vnpay_order))
    assert _ipn(client, result) == "00"
    before = state()
    assert _ipn(client, result) == "02"
    assert state() == before


def test_a_replayed_failure_is_recorded_once(client, vnpay_order):
    result = vnpay_result(go_to_vnpay(client, vnpay_order), paid=False)
    assert _ipn(client, result) == "00"
    before = state()
    assert _ipn(client, result) == "02"
    assert state() == before


def test_a_second_tabs_payment_is_logged_for_a_refund_and_changes_no_amount(client, vnpay_order):
    first = go_to_vnpay(client, vnpay_order)
    second = go_to_vnpay(client, vnpay_order)
    assert first["vnp_TxnRef"] != second["vnp_TxnRef"]
    assert _ipn(client, vnpay_result(first)) == "00"
    paid_twice = vnpay_result(second)
    assert _ipn(client, paid_twice) == "02"
    tx = vnpay_order.transactions.get()
    assert tx.charged_amount == vnpay_order.total_amount
    assert tx.events.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1
    info = tx.events.get(type=TransactionEventType.INFO)
    assert info.amount == vnpay_order.total_amount and info.psp_reference == paid_twice["vnp_TransactionNo"]
    before = state()
    assert _ipn(client, paid_twice) == "02"
    assert state() == before


def test_a_new_attempt_after_a_failure_can_pay(client, vnpay_order):
    failed = go_to_vnpay(client, vnpay_order)
    assert _ipn(client, vnpay_result(failed, paid=False)) == "00"
    retry = go_to_vnpay(client, vnpay_order)
    assert retry["vnp_TxnRef"] != failed["vnp_TxnRef"]
    assert _ipn(client, vnpay_result(retry)) == "00"
    vnpay_order.refresh_from_db()
    assert vnpay_order.charge_status == OrderChargeStatus.FULL


def test_the_ipn_answers_in_fixed_queries(
    client, vnpay_order, django_assert_num_queries, django_assert_max_num_queries
):
    request = go_to_vnpay(client, vnpay_order)
    # A bad signature is refused before the database is read.
    with django_assert_num_queries(0):
        assert _ipn(client, _forged(request)) == "97"
    # One read finds the attempt (with its transaction and order).
    with django_assert_num_queries(1):
        assert _ipn(client, _unknown_order(request)) == "01"
    with django_assert_num_queries(1):
        assert _ipn(client, _wrong_amount(request)) == "04"
    # The payment itself: our part is a dozen queries (find, lock, claim,
    # record); the rest is the order's confirmation and the ledger's entries
    # per sub-order, which are theirs to budget.
    paid = vnpay_result(request)
    with django_assert_max_num_queries(110):
        assert _ipn(client, paid) == "00"
    # Delivered again: find the attempt; savepoint, lock order and
    # transaction; the claim's savepoint, refused insert, rollback; release.
    with django_assert_num_queries(9):
        assert _ipn(client, paid) == "02"


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_deliveries_pay_once(vnpay_order):
    request = go_to_vnpay(Client(), vnpay_order)
    result = vnpay_result(request)
    answers = run_in_threads([lambda: Client().get(IPN, result).json()["RspCode"] for _ in range(10)])
    assert sorted(answers) == ["00"] + ["02"] * 9
    tx = vnpay_order.transactions.get()
    assert tx.charged_amount == vnpay_order.total_amount
    assert tx.events.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1
    assert WebhookEvent.objects.filter(provider="vnpay").count() == 1


def test_a_hash_made_with_an_empty_secret_is_refused(client, vnpay_order, settings):
    request = go_to_vnpay(client, vnpay_order)
    settings.VNPAY_HASH_SECRET = ""
    before = state()
    assert _ipn(client, standin.sign({**vnpay_result(request)}, "")) == "97"
    assert state() == before
