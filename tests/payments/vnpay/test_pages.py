"""The shopper's side of VNPay: offered only when configured, sent to VNPay
with a signed request for the order's total, and brought back to the order
page by a return page that never marks anything paid."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages

from marketplace.order.access import order_access_token
from marketplace.order.models import OrderChargeStatus
from payments.models import TransactionEventType
from payments.registry import available_gateways
from tests.payments.standins import vnpay as standin
from tests.payments.vnpay.conftest import SECRET, TMN_CODE, go_to_vnpay, state, vnpay_result

pytestmark = pytest.mark.django_db
RETURN = "/thanh-toan/vnpay/ket-qua/"


def test_vnpay_is_offered_only_with_its_terminal_code_and_secret(vnpay_settings):
    assert "vnpay" in [g.id for g in available_gateways("VND")]
    vnpay_settings.VNPAY_HASH_SECRET = ""
    assert "vnpay" not in [g.id for g in available_gateways("VND")]
    vnpay_settings.VNPAY_HASH_SECRET = SECRET
    vnpay_settings.VNPAY_TMN_CODE = ""
    assert "vnpay" not in [g.id for g in available_gateways("VND")]
    vnpay_settings.VNPAY_TMN_CODE = TMN_CODE
    assert "vnpay" not in [g.id for g in available_gateways("USD")]


def test_the_shopper_is_sent_to_vnpay_with_a_signed_request_for_the_total(client, vnpay_order):
    before = datetime.datetime.now(standin.GMT7).replace(microsecond=0, tzinfo=None)
    params = go_to_vnpay(client, vnpay_order)
    assert standin.vnpay_hash(params, SECRET) == params["vnp_SecureHash"]
    assert {k: params[k] for k in ("vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_CurrCode", "vnp_Locale")} == {
        "vnp_Version": "2.1.0",
        "vnp_Command": "pay",
        "vnp_TmnCode": TMN_CODE,
        "vnp_CurrCode": "VND",
        "vnp_Locale": "vn",
    }
    assert params["vnp_Amount"] == str(vnpay_order.total_amount * 100)
    assert params["vnp_OrderInfo"] == f"Thanh toan don hang {vnpay_order.number}"
    assert params["vnp_OrderInfo"].isascii() and params["vnp_OrderType"] == "other"
    assert params["vnp_ReturnUrl"] == f"http://testserver{RETURN}"
    assert params["vnp_IpAddr"] == "127.0.0.1"
    created = datetime.datetime.strptime(params["vnp_CreateDate"], "%Y%m%d%H%M%S")
    expires = datetime.datetime.strptime(params["vnp_ExpireDate"], "%Y%m%d%H%M%S")
    assert before <= created <= before + datetime.timedelta(minutes=1)  # Vietnam's time, GMT+7
    assert expires - created == datetime.timedelta(minutes=15)
    # The attempt is on record: its reference leads back to the transaction.
    request_event = vnpay_order.transactions.get().events.get(type=TransactionEventType.CHARGE_REQUEST)
    assert request_event.psp_reference == params["vnp_TxnRef"]
    assert params["vnp_TxnRef"].startswith(vnpay_order.number.replace("-", "")[:12])
    assert len(params["vnp_TxnRef"]) <= 50 and params["vnp_TxnRef"].isalnum()
    assert request_event.amount == vnpay_order.total_amount


def test_behind_a_proxy_the_shoppers_own_address_is_sent(client, vnpay_order, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    token = order_access_token(vnpay_order)
    response = client.get(f"/thanh-toan/vnpay/don/{token}/", HTTP_X_FORWARDED_FOR="203.113.1.7")
    assert "vnp_IpAddr=203.113.1.7" in response["Location"]


def test_a_forged_token_or_an_order_not_paid_by_vnpay_finds_nothing(client, vnpay_order, channel, tea):
    from marketplace.checkout import services as checkout_services
    from tests.marketplace.checkout.helpers import ready_checkout

    cod_order = checkout_services.complete_checkout(checkout=ready_checkout(channel, [(tea, 1)]), payment_gateway="cod")
    before = state()
    assert client.get("/thanh-toan/vnpay/don/not-a-token/").status_code == 404
    assert client.get(f"/thanh-toan/vnpay/don/{order_access_token(cod_order)}/").status_code == 404
    assert state() == before


def test_a_paid_order_is_not_sent_to_vnpay_again(client, vnpay_order):
    assert (
        client.get("/thanh-toan/vnpay/ipn/", vnpay_result(go_to_vnpay(client, vnpay_order))).json()["RspCode"] == "00"
    )
    token = order_access_token(vnpay_order)
    before = state()
    response = client.get(f"/thanh-toan/vnpay/don/{token}/")
    assert response.status_code == 302 and response["Location"] == f"/don-hang/{token}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đơn hàng này không cần thanh toán nữa."]
    assert state() == before


def test_the_return_page_alone_never_marks_the_order_paid(client, vnpay_order):
    result = vnpay_result(go_to_vnpay(client, vnpay_order))
    before = state()
    response = client.get(RETURN, result)
    assert response.status_code == 302
    assert response["Location"] == f"/don-hang/{order_access_token(vnpay_order)}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "VNPay báo đã thanh toán. Đơn hàng được xác nhận ngay khi VNPay gửi xác nhận cho chúng tôi."
    ]
    assert state() == before
    vnpay_order.refresh_from_db()
    assert vnpay_order.charge_status == OrderChargeStatus.NONE


def test_after_the_ipn_the_return_page_says_paid(client, vnpay_order):
    result = vnpay_result(go_to_vnpay(client, vnpay_order))
    client.get("/thanh-toan/vnpay/ipn/", result)
    response = client.get(RETURN, result)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã nhận thanh toán qua VNPay. Cảm ơn bạn!"]


def test_a_cancelled_payment_says_so_and_can_be_tried_again(client, vnpay_order):
    result = vnpay_result(go_to_vnpay(client, vnpay_order), paid=False)
    response = client.get(RETURN, result)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Bạn đã hủy thanh toán qua VNPay. Bạn có thể thanh toán lại bất cứ lúc nào."
    ]


def test_a_forged_return_is_refused_with_a_message_and_changes_nothing(client, vnpay_order):
    result = vnpay_result(go_to_vnpay(client, vnpay_order))
    forged = {**result, "vnp_SecureHash": standin.vnpay_hash(result, "GUESSED")}
    before = state()
    response = client.get(RETURN, forged)
    assert response.status_code == 400
    assert "Không xác minh được kết quả thanh toán" in response.content.decode()
    assert client.get(RETURN).status_code == 400
    assert state() == before
