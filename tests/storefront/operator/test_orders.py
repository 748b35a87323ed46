"""Orders on the operators' pages: only operators get in; an order is found
by its number, a sub-order's number, the buyer's email or phone; its page
shows every sub-order and the audit trail; the operator's steps change the
status, write the audit row and send the emails, and a step the workflow
does not allow changes nothing."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from marketplace.checkout import services as checkout_services
from marketplace.order.models import OrderEvent, SellerOrderStatus
from marketplace.order.services import mark_packed, mark_shipped
from marketplace.warehouse.models import Stock
from tests.factories import commune_of
from tests.marketplace.checkout import helpers
from tests.marketplace.checkout.helpers import ready_checkout, shop_state, stock_of
from tests.storefront.operator.conftest import signed_in

pytestmark = pytest.mark.django_db

owner_a, owner_b, seller_a, seller_b = helpers.owner_a, helpers.owner_b, helpers.seller_a, helpers.seller_b
product_a, product_b, tea, squid = helpers.product_a, helpers.product_b, helpers.tea, helpers.squid
shopper, operator, order, sub_a, sub_b = helpers.shopper, helpers.operator, helpers.order, helpers.sub_a, helpers.sub_b

BUYER_EMAIL = "khach.quen@example.vn"
LIST = "/quan-ly/don-hang/"
# session + user + the count + one page of orders (address joined) + their sub-orders with sellers
ORDER_LIST = 5
# session + user + the order (buyer, address) + sub-orders with sellers + lines + events with actors
ORDER_PAGE = 6


def page_url(order) -> str:
    return f"{LIST}{order.pk}/"


def found(client: Client, query: str) -> list[str]:
    page = client.get(LIST, {"q": query}).content.decode()
    return re.findall(r'<a class="name" href="/quan-ly/don-hang/[0-9a-f-]+/">([^<]+)</a>', page)


def offered(page: str, seller_order) -> list[str]:
    return re.findall(
        rf'name="seller_order" value="{seller_order.pk}"><input type="hidden" name="action" value="([a-z]+)"', page
    )


def test_only_operators_reach_the_order_pages(client, order, sub_a, shopper, owner_a, operator):
    for path in (LIST, page_url(order)):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={path}"
        for user in (shopper, owner_a):
            assert signed_in(user).get(path).status_code == 404, (user, path)
        assert signed_in(operator).get(path).status_code == 200
    before = shop_state()
    for user in (shopper, owner_a):
        data = {"seller_order": sub_a.pk, "action": "cancel", "reason": "Thử"}
        assert signed_in(user).post(page_url(order), data).status_code == 404
    assert shop_state() == before
    assert signed_in(operator).get(f"{LIST}00000000-0000-0000-0000-000000000000/").status_code == 404
    assert signed_in(operator).get(f"{LIST}khong-phai-ma/").status_code == 404


@pytest.fixture
def other_order(channel, tea):
    """A guest's order, placed after ``order``, to a phone in Hà Nội."""
    checkout = ready_checkout(channel, [(tea, 1)], email="khach.le@example.vn")
    checkout_services.set_shipping_address(
        checkout=checkout,
        data=helpers.address_data(phone="024 3825 7007", province="01", commune=commune_of("01").code),
    )
    return checkout_services.complete_checkout(checkout=checkout)


def test_an_order_is_found_by_number_email_or_phone(order, sub_b, other_order, operator):
    client = signed_in(operator)
    assert found(client, "") == [other_order.number, order.number]
    for query in (order.number, order.number.lower(), sub_b.number, "khach.quen", "0912 345 678", "+84912345678"):
        assert found(client, query) == [order.number], query
    assert found(client, "345 678") == [order.number]
    assert found(client, "024 3825 7007") == [other_order.number]
    assert found(client, "example.vn") == [other_order.number, order.number]
    assert found(client, "không có đơn này") == [] and found(client, "OC-0000") == []
    page = client.get(LIST, {"status": "confirmed"}).content.decode()
    assert "2 đơn hàng" in page
    assert client.get(LIST, {"status": "lost"}).status_code == 200  # an odd filter is dropped


def test_the_order_page_shows_every_sub_order_and_the_trail(order, sub_a, sub_b, owner_a, operator):
    mark_packed(seller_order=sub_a, actor=owner_a)
    mark_shipped(seller_order=sub_a, actor=owner_a, carrier="GHN", tracking_number="GHN77")
    page = signed_in(operator).get(page_url(order)).content.decode()

    for shown in (sub_a.number, sub_b.number, "HTX Chè Tân Cương", "Hộ Nguyễn Văn B", "Chè búp Tân Cương", "GHN77"):
        assert shown in page, shown
    assert BUYER_EMAIL in page and "0912 345 678" in page
    assert page.count('<li class="event">') == 3  # placed, packed, shipped
    assert "Đã đóng gói → Đã gửi hàng" in page and "chu.htx.a@example.vn" in page
    # What the workflow gives an operator now: deliver or cancel the shipped part, cancel the other.
    assert offered(page, sub_a) == ["deliver", "cancel"]
    assert offered(page, sub_b) == ["cancel"]


def test_an_operator_settles_a_dispute(order, sub_a, sub_b, owner_a, operator, tea, django_capture_on_commit_callbacks):
    mark_packed(seller_order=sub_a, actor=owner_a)
    mark_shipped(seller_order=sub_a, actor=owner_a, carrier="GHN", tracking_number="GHN77")
    client = signed_in(operator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url(order), {"seller_order": sub_a.pk, "action": "deliver"})
    assert response.status_code == 302 and response["Location"] == page_url(order)
    sub_a.refresh_from_db()
    assert sub_a.status == SellerOrderStatus.DELIVERED
    event = OrderEvent.objects.filter(seller_order=sub_a).latest("pk")
    assert (event.action, event.actor) == ("deliver", operator)
    assert BUYER_EMAIL in [m.to[0] for m in mail.outbox]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page_url(order), {"seller_order": sub_a.pk, "action": "return", "reason": "Hàng hỏng", "restock": ""}
        )
    sub_a.refresh_from_db()
    assert response.status_code == 302 and sub_a.status == SellerOrderStatus.RETURNED
    assert stock_of(tea).quantity == 8  # spoiled: not put back on sale
    assert BUYER_EMAIL in [m.to[0] for m in mail.outbox]
    assert "Đã nhận hàng trả lại" in client.get(page_url(order)).content.decode()


def test_cancelling_needs_a_reason_and_releases_the_stock(order, sub_b, operator, squid):
    client = signed_in(operator)
    before = shop_state()
    response = client.post(page_url(order), {"seller_order": sub_b.pk, "action": "cancel", "reason": " "})
    assert response.status_code == 400 and shop_state() == before
    assert re.search(
        rf'id="so{sub_b.pk}_cancel_reason_error">Vui lòng ghi rõ lý do hủy đơn.<', response.content.decode()
    )
    assert Stock.objects.get(product_variant=squid).quantity_allocated == 1
    response = client.post(page_url(order), {"seller_order": sub_b.pk, "action": "cancel", "reason": "Người bán ngừng"})
    sub_b.refresh_from_db()
    assert response.status_code == 302 and sub_b.status == SellerOrderStatus.CANCELLED
    assert OrderEvent.objects.get(seller_order=sub_b, action="cancel").note == "Người bán ngừng"
    assert Stock.objects.get(product_variant=squid).quantity_allocated == 0


def test_steps_the_workflow_does_not_give_operators_change_nothing(order, sub_a, other_order, operator):
    client = signed_in(operator)
    other_sub = other_order.seller_orders.get()
    before = shop_state()
    mail.outbox.clear()
    response = client.post(page_url(order), {"seller_order": sub_a.pk, "action": "deliver"})
    assert response.status_code == 409
    assert "Không thể “Giao hàng thành công” khi đơn đang ở trạng thái “Đã xác nhận”." in response.content.decode()
    for data in ({"seller_order": sub_a.pk, "action": "pack"}, {"seller_order": sub_a.pk, "action": ""}):
        assert client.post(page_url(order), data).status_code == 400
    for bad in (other_sub.pk, "x", "", 10**12):
        assert client.post(page_url(order), {"seller_order": bad, "action": "confirm"}).status_code == 404
    assert shop_state() == before and mail.outbox == []


@pytest.fixture(params=[2, 12], ids=["2 orders", "12 orders"])
def many_orders(request, channel, tea, squid):
    Stock.objects.filter(product_variant__in=[tea, squid]).update(quantity=100)
    made = []
    for n in range(request.param):
        lines = [(tea, 1), (squid, 1)] if n % 2 else [(tea, 1)]
        made.append(checkout_services.complete_checkout(checkout=ready_checkout(channel, lines)))
    return made


def test_the_pages_keep_their_query_budgets(many_orders, operator, django_assert_num_queries):
    client = signed_in(operator)
    with django_assert_num_queries(ORDER_LIST):
        page = client.get(LIST).content.decode()
    assert page.count('<a class="name"') == len(many_orders)
    with django_assert_num_queries(ORDER_LIST):
        client.get(LIST, {"q": "khach@example.vn"})
    with django_assert_num_queries(ORDER_PAGE):
        detail = client.get(page_url(many_orders[-1])).content.decode()
    assert detail.count('<li class="line">') == 1 + (len(many_orders) - 1) % 2
