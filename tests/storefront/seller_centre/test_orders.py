"""The seller centre's orders, from the outside: who reaches which page,
what a seller sees of the buyer, each step through the page (status, audit
row, emails), refused steps that change nothing, cash on delivery recorded
once, a failed delivery that returns the stock, and the pages' query budgets."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from marketplace.checkout import services as checkout_services
from marketplace.order.models import OrderAction, OrderEvent, SellerOrderStatus
from marketplace.order.services import mark_packed, mark_shipped
from payments.models import TransactionEvent, TransactionEventType
from tests.marketplace.checkout import helpers
from tests.marketplace.checkout.helpers import ready_checkout, shop_state, stock_of
from tests.storefront.seller_centre.conftest import client_for

pytestmark = pytest.mark.django_db

# The order tests' two sellers, their products and a COD order of both, shared
# rather than copied (seller A: HTX Chè Tân Cương, 2 tea; seller B: 1 squid).
owner_a, owner_b, seller_a, seller_b = helpers.owner_a, helpers.owner_b, helpers.seller_a, helpers.seller_b
product_a, product_b, tea, squid = helpers.product_a, helpers.product_b, helpers.tea, helpers.squid
shopper, order, sub_a, sub_b = helpers.shopper, helpers.order, helpers.sub_a, helpers.sub_b
BUYER_EMAIL = "khach.quen@example.vn"


def url(sub, suffix: str = "") -> str:
    return f"/kenh-nguoi-ban/don-hang/{sub.pk}/{suffix}"


def field_error(page: str, action: str, field: str) -> list[str]:
    return re.findall(rf'<span class="error" id="id_{action}_{field}_error">([^<]+)</span>', page)


def alerts(page: str) -> list[str]:
    return re.findall(r'<div class="banner bad" role="alert"><p>([^<]+)</p>', page)


def refreshed(sub):
    sub.refresh_from_db()
    return sub


def post(client: Client, sub, action: str, capture, **data):
    with capture(execute=True):
        return client.post(url(sub), {"action": action, **data})


# --- who reaches what --------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, sub_a):
    for path in ["/kenh-nguoi-ban/don-hang/", url(sub_a), url(sub_a, "phieu-dong-goi.pdf")]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={path}", path
    before = shop_state()
    assert client.post(url(sub_a), {"action": "pack"}).status_code == 302
    assert shop_state() == before


def test_only_members_of_the_seller_reach_its_sub_order(sub_a, sub_b, owner_a, staff_a, owner_b, shopper, operator):
    for member in (owner_a, staff_a):
        client = client_for(member)
        assert client.get(url(sub_a)).status_code == 200
        assert client.get(url(sub_a, "phieu-dong-goi.pdf")).status_code == 200
        assert client.get(url(sub_b)).status_code == 404
    # Seller B, the buyer and an operator (not a member) get a 404, and posting changes nothing.
    for stranger in (owner_b, shopper, operator):
        client = client_for(stranger)
        assert client.get(url(sub_a)).status_code == 404
        assert client.get(url(sub_a, "phieu-dong-goi.pdf")).status_code == 404
        before = shop_state()
        assert client.post(url(sub_a), {"action": "pack"}).status_code == 404
        assert shop_state() == before
    assert client_for(owner_b).get(url(sub_b)).status_code == 200
    # The list: a shopper is offered to register; seller B sees only its own.
    assert client_for(shopper).get("/kenh-nguoi-ban/don-hang/").status_code == 403
    page = client_for(owner_b).get("/kenh-nguoi-ban/don-hang/").content.decode()
    assert sub_b.number in page and sub_a.number not in page
    for bad in ("0", "999999999", "99999999999999999999999"):
        assert client_for(owner_a).get(f"/kenh-nguoi-ban/don-hang/{bad}/").status_code == 404


def test_steps_need_the_csrf_token(sub_a, owner_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner_a)
    before = shop_state()
    assert client.post(url(sub_a), {"action": "pack"}).status_code == 403
    assert shop_state() == before


# --- what the seller sees ----------------------------------------------------------


@pytest.fixture
def noted_order(channel, shopper, tea, squid):
    checkout = ready_checkout(channel, [(tea, 2), (squid, 1)], user=shopper, email=shopper.email)
    checkout_services.set_customer_note(checkout=checkout, note="Giao giờ hành chính, gọi trước khi đến")
    return checkout_services.complete_checkout(checkout=checkout, user=shopper)


def test_the_page_shows_what_shipping_needs_and_nothing_more(noted_order, seller_a, owner_a, tea):
    sub = noted_order.seller_orders.get(seller=seller_a)
    page = client_for(owner_a).get(url(sub)).content.decode()

    for shown in (
        sub.number,
        noted_order.number,
        "Nguyễn Văn An",  # recipient
        "0912 345 678",
        "12 Lê Thánh Tông",
        "Giao giờ hành chính, gọi trước khi đến",
        "Chè búp Tân Cương",
        tea.sku,
        "240.000",  # 2 × 120.000 ₫
        "30.000",  # seller A's shipping fee
        "270.000",  # its total
        "Giao tiêu chuẩn",
        "Thanh toán khi nhận hàng (COD)",
    ):
        assert shown in page, shown
    # Not the buyer's email, not seller B's line.
    assert BUYER_EMAIL not in page
    assert "Chả mực" not in page
    # A COD order starts confirmed: pack and cancel are offered, nothing else.
    assert re.findall(r'name="action" value="([a-z_]+)"', page) == ["pack", "cancel"]
    assert "Hủy đơn" in page and "Giao hàng thất bại" not in page


# --- each step through the page ----------------------------------------------------


def _emailed() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_seller_takes_a_cod_parcel_from_packing_to_cash(
    sub_a, owner_a, staff_a, tea, django_capture_on_commit_callbacks
):
    client = client_for(owner_a)
    steps = [
        ("pack", {}, SellerOrderStatus.PACKED, "đã đóng gói, chờ gửi hàng"),
        (
            "ship",
            {"carrier": "Viettel Post", "tracking_number": "VTP 889 001"},
            SellerOrderStatus.SHIPPED,
            "Đã ghi nhận gửi hàng",
        ),
        ("deliver", {}, SellerOrderStatus.DELIVERED, "đã giao thành công"),
    ]
    for action, data, status, said in steps:
        mail.outbox.clear()
        response = post(client, sub_a, action, django_capture_on_commit_callbacks, **data)
        assert response.status_code == 302 and response["Location"] == url(sub_a), action
        assert refreshed(sub_a).status == status
        event = OrderEvent.objects.filter(seller_order=sub_a).latest("pk")
        assert (event.action, event.actor, event.to_status) == (action, owner_a, status)
        assert BUYER_EMAIL in _emailed() and "htx@example.vn" in _emailed(), action
        assert said in client.get(url(sub_a)).content.decode()
    assert (sub_a.carrier, sub_a.tracking_number) == ("Viettel Post", "VTP889001")
    assert stock_of(tea).quantity == 8

    # The cash: the form is prefilled with the sub-order's total; recorded once only.
    page = client.get(url(sub_a)).content.decode()
    assert re.search(r'name="amount" value="270000"', page)
    response = post(client_for(staff_a), sub_a, "collect_cod", django_capture_on_commit_callbacks, amount="270000")
    assert response.status_code == 302
    charges = TransactionEvent.objects.filter(seller_order=sub_a, type=TransactionEventType.CHARGE_SUCCESS)
    assert [(c.amount, c.actor) for c in charges] == [(270_000, staff_a)]
    assert OrderEvent.objects.filter(seller_order=sub_a, action=OrderAction.PAYMENT_COLLECTED).count() == 1
    page = client.get(url(sub_a)).content.decode()
    assert "đã thu tiền" in page and 'value="collect_cod"' not in page

    before = shop_state()
    again = post(client, sub_a, "collect_cod", django_capture_on_commit_callbacks, amount="270000")
    assert again.status_code == 409
    assert "Tiền của đơn hàng này đã được ghi nhận." in again.content.decode()
    assert shop_state() == before

    # The buyer sends it back; the units go back on sale.
    mail.outbox.clear()
    response = post(client, sub_a, "return", django_capture_on_commit_callbacks, reason="Hộp bị móp", restock="on")
    assert response.status_code == 302 and refreshed(sub_a).status == SellerOrderStatus.RETURNED
    assert stock_of(tea).quantity == 10
    assert BUYER_EMAIL in _emailed()
    history = client.get(url(sub_a)).content.decode()
    assert history.count('<li class="event">') == 5 and "Hộp bị móp" in history


def test_an_order_paid_online_is_confirmed_on_the_page(
    channel, tea, owner_a, settings, django_capture_on_commit_callbacks
):
    settings.PAYMENT_GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "tests.payments.gateways.PayLater"]
    checkout = ready_checkout(channel, [(tea, 1)], email="khach.online@example.vn")
    sub = checkout_services.complete_checkout(checkout=checkout, payment_gateway="pay_later").seller_orders.get()
    client = client_for(owner_a)
    page = client.get(url(sub)).content.decode()
    assert re.findall(r'name="action" value="([a-z_]+)"', page) == ["confirm", "cancel"]
    assert "Chờ xác nhận" in page and "collect_cod" not in page

    response = post(client, sub, "confirm", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and refreshed(sub).status == SellerOrderStatus.CONFIRMED
    assert OrderEvent.objects.get(seller_order=sub, action=OrderAction.CONFIRM).actor == owner_a
    assert "khach.online@example.vn" in _emailed()


def test_shipping_needs_a_carrier_and_a_tracking_number(sub_a, owner_a, django_capture_on_commit_callbacks):
    mark_packed(seller_order=sub_a, actor=owner_a)
    client = client_for(owner_a)
    mail.outbox.clear()
    before = shop_state()
    for data, field, message in [
        ({"carrier": "GHN", "tracking_number": "   "}, "tracking_number", "Vui lòng nhập mã vận đơn."),
        ({"carrier": "", "tracking_number": "GHN1"}, "carrier", "Vui lòng nhập đơn vị vận chuyển."),
        ({"carrier": "GHN", "tracking_number": "X" * 101}, "tracking_number", "Nội dung quá dài."),
    ]:
        response = post(client, sub_a, "ship", django_capture_on_commit_callbacks, **data)
        assert response.status_code == 400
        assert field_error(response.content.decode(), "ship", field) == [message]
    assert shop_state() == before and mail.outbox == []


def test_a_step_out_of_order_is_refused_and_changes_nothing(sub_a, owner_a, django_capture_on_commit_callbacks):
    client = client_for(owner_a)
    mail.outbox.clear()
    before = shop_state()
    response = post(client, sub_a, "deliver", django_capture_on_commit_callbacks)
    assert response.status_code == 409
    assert alerts(response.content.decode()) == [
        "Không thể “Giao hàng thành công” khi đơn đang ở trạng thái “Đã xác nhận”."
    ]
    for action, data in [("collect_cod", {"amount": "270000"}), ("nonsense", {}), ("placed", {}), ("", {})]:
        response = post(client, sub_a, action, django_capture_on_commit_callbacks, **data)
        assert response.status_code in (400, 409), action
    # A wrong amount of cash is refused too.
    mark_packed(seller_order=sub_a, actor=owner_a)
    mark_shipped(seller_order=sub_a, actor=owner_a, carrier="GHN", tracking_number="GHN1")
    before = shop_state()
    mail.outbox.clear()
    for amount, message in [("250000", "Số tiền thu phải đúng bằng tổng đơn hàng"), ("27o000", "bằng chữ số")]:
        response = post(client, sub_a, "collect_cod", django_capture_on_commit_callbacks, amount=amount)
        assert response.status_code == 400 and message in response.content.decode()
    assert shop_state() == before and mail.outbox == []


def test_cancelling_needs_a_reason_and_releases_the_held_stock(sub_a, owner_a, tea, django_capture_on_commit_callbacks):
    client = client_for(owner_a)
    before = shop_state()
    response = post(client, sub_a, "cancel", django_capture_on_commit_callbacks, reason="  ")
    assert response.status_code == 400
    assert field_error(response.content.decode(), "cancel", "reason") == ["Vui lòng ghi rõ lý do hủy đơn."]
    assert shop_state() == before

    assert stock_of(tea).quantity_allocated == 2
    mail.outbox.clear()
    response = post(client, sub_a, "cancel", django_capture_on_commit_callbacks, reason="Hết hàng vụ này")
    assert response.status_code == 302 and refreshed(sub_a).status == SellerOrderStatus.CANCELLED
    assert (stock_of(tea).quantity, stock_of(tea).quantity_allocated) == (10, 0)
    assert OrderEvent.objects.get(seller_order=sub_a, action="cancel").note == "Hết hàng vụ này"
    assert BUYER_EMAIL in _emailed()


def test_a_failed_delivery_cancels_and_returns_the_stock(sub_a, owner_a, tea, django_capture_on_commit_callbacks):
    mark_packed(seller_order=sub_a, actor=owner_a)
    mark_shipped(seller_order=sub_a, actor=owner_a, carrier="GHN", tracking_number="GHN1")
    assert (stock_of(tea).quantity, stock_of(tea).quantity_allocated) == (8, 0)
    client = client_for(owner_a)
    page = client.get(url(sub_a)).content.decode()
    assert "Giao hàng thất bại" in page and "Hủy đơn</button>" not in page

    mail.outbox.clear()
    response = post(client, sub_a, "cancel", django_capture_on_commit_callbacks, reason="Khách không nghe máy")
    assert response.status_code == 302
    assert refreshed(sub_a).status == SellerOrderStatus.CANCELLED
    assert stock_of(tea).quantity == 10
    follow = client.get(url(sub_a)).content.decode()
    assert "giao hàng thất bại" in follow and "Khách không nghe máy" in follow
    assert BUYER_EMAIL in _emailed()
