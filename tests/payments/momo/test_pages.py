"""The shopper's side of MoMo: offered only when configured, the payment
created at MoMo (signed, for the order's total) before the shopper is sent
to its page, a clear message when MoMo refuses or cannot be reached, and a
return page that never marks anything paid. Last, the whole loop over HTTP:
our live server, MoMo's stand-in, its IPN back to us."""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.contrib.messages import get_messages

from marketplace.checkout import services as checkout_services
from marketplace.order.access import order_access_token
from marketplace.order.models import Order, OrderChargeStatus, SellerOrderStatus
from payments.models import TransactionEventType
from payments.registry import available_gateways
from tests.marketplace.checkout.helpers import ready_checkout
from tests.payments.momo.conftest import ACCESS_KEY, PARTNER_CODE, SECRET_KEY, go_to_momo, state
from tests.payments.standins import momo as standin

RETURN = "/thanh-toan/momo/ket-qua/"


@pytest.mark.django_db
def test_momo_is_offered_only_with_its_three_keys(momo):
    from django.conf import settings

    assert "momo" in [g.id for g in available_gateways("VND")]
    for name in ("MOMO_PARTNER_CODE", "MOMO_ACCESS_KEY", "MOMO_SECRET_KEY"):
        value = getattr(settings, name)
        setattr(settings, name, "")
        assert "momo" not in [g.id for g in available_gateways("VND")]
        setattr(settings, name, value)
    assert "momo" not in [g.id for g in available_gateways("USD")]


@pytest.mark.django_db
def test_the_payment_is_created_at_momo_for_the_total_then_the_shopper_goes_there(client, momo, momo_order):
    request = go_to_momo(client, momo_order, momo)
    # The stand-in verified the signature with its own implementation.
    assert request["signature"] == standin.momo_signature(SECRET_KEY, standin.create_raw(ACCESS_KEY, request))
    assert "accessKey" not in request
    assert request["partnerCode"] == PARTNER_CODE and request["requestType"] == "captureWallet"
    assert request["amount"] == momo_order.total_amount
    assert request["ipnUrl"] == "http://testserver/thanh-toan/momo/ipn/"
    assert request["redirectUrl"] == f"http://testserver{RETURN}"
    assert momo_order.number in request["orderInfo"]
    attempt = momo_order.transactions.get().events.get(type=TransactionEventType.CHARGE_REQUEST)
    assert attempt.psp_reference == request["orderId"] and attempt.amount == momo_order.total_amount


@pytest.mark.django_db
def test_when_momo_refuses_the_shopper_is_told_and_nothing_is_paid(client, momo, momo_order):
    momo.refuse_with = 99
    token = order_access_token(momo_order)
    response = client.get(f"/thanh-toan/momo/don/{token}/")
    assert response.status_code == 302 and response["Location"] == f"/don-hang/{token}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Chưa kết nối được với MoMo. Vui lòng thử lại sau ít phút."
    ]
    momo_order.refresh_from_db()
    assert momo_order.charge_status == OrderChargeStatus.NONE


@pytest.mark.django_db
def test_when_momo_cannot_be_reached_the_shopper_is_told(client, momo, momo_order, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.MOMO_ENDPOINT = f"http://127.0.0.1:{closed.getsockname()[1]}"
    response = client.get(f"/thanh-toan/momo/don/{order_access_token(momo_order)}/")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Chưa kết nối được với MoMo. Vui lòng thử lại sau ít phút."
    ]


@pytest.mark.django_db
def test_a_forged_token_or_an_order_not_paid_by_momo_finds_nothing(client, momo, momo_order, channel, tea):
    cod_order = checkout_services.complete_checkout(checkout=ready_checkout(channel, [(tea, 1)]), payment_gateway="cod")
    before = state()
    assert client.get("/thanh-toan/momo/don/forged/").status_code == 404
    assert client.get(f"/thanh-toan/momo/don/{order_access_token(cod_order)}/").status_code == 404
    assert state() == before
    assert momo.requests == []


def _query(result: dict) -> dict[str, str]:
    return {key: str(value) for key, value in result.items()}


@pytest.mark.django_db
def test_the_return_page_alone_never_marks_the_order_paid(client, momo, momo_order):
    result = momo.result(go_to_momo(client, momo_order, momo))
    before = state()
    response = client.get(RETURN, _query(result))
    assert response.status_code == 302 and response["Location"] == f"/don-hang/{order_access_token(momo_order)}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "MoMo báo đã thanh toán. Đơn hàng được xác nhận ngay khi MoMo gửi xác nhận cho chúng tôi."
    ]
    assert state() == before


@pytest.mark.django_db
def test_a_cancelled_payment_says_so(client, momo, momo_order):
    result = momo.result(go_to_momo(client, momo_order, momo), paid=False)
    response = client.get(RETURN, _query(result))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Bạn đã hủy thanh toán qua MoMo. Bạn có thể thanh toán lại bất cứ lúc nào."
    ]


@pytest.mark.django_db
def test_a_forged_return_is_refused_with_a_message_and_changes_nothing(client, momo, momo_order):
    result = momo.result(go_to_momo(client, momo_order, momo))
    before = state()
    response = client.get(RETURN, {**_query(result), "amount": "1000"})
    assert response.status_code == 400
    assert "Không xác minh được kết quả thanh toán" in response.content.decode()
    assert state() == before


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_the_whole_loop_over_http_pays_the_order(live_server, momo, channel, tea, squid):
    order = checkout_services.complete_checkout(
        checkout=ready_checkout(channel, [(tea, 1), (squid, 1)]), payment_gateway="momo"
    )
    # The shopper's browser: our pay page → MoMo's page (redirects followed).
    with urllib.request.urlopen(f"{live_server.url}/thanh-toan/don/{order_access_token(order)}/") as page:
        assert page.url.startswith(f"{momo.endpoint}/v2/gateway/pay?t=")
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["t"][0]
        assert "Thanh toán" in page.read().decode()
    # "Thanh toán" on MoMo's page: MoMo calls our IPN, then sends the shopper back.
    opener = urllib.request.build_opener(_NoRedirects)
    form = urllib.parse.urlencode({"t": token, "action": "pay"}).encode()
    with pytest.raises(urllib.error.HTTPError) as back:
        opener.open(f"{momo.endpoint}/v2/gateway/pay", data=form)
    assert back.value.code == 302
    assert back.value.headers["Location"].startswith(f"{live_server.url}{RETURN}?")
    assert momo.ipn_statuses == [204]
    order = Order.objects.get(pk=order.pk)
    assert order.charge_status == OrderChargeStatus.FULL
    assert set(order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.CONFIRMED}
