"""Who sees what: a shopper only their orders, a guest through the signed
link, a seller only its own sub-orders and only what shipping needs."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.checkout import services as checkout_services
from marketplace.order.access import (
    get_order_by_token,
    get_order_for_user,
    get_seller_order_for_operator,
    get_seller_order_for_user,
    order_access_token,
)
from marketplace.order.errors import OrderError
from marketplace.order.models import Order
from marketplace.order.selectors import (
    order_detail,
    orders_for_user,
    seller_order_buyer_view,
    seller_orders_for_seller,
)
from marketplace.warehouse.models import Stock
from tests.marketplace.checkout.helpers import ready_checkout

ORDERS_FOR_USER_QUERIES = 3  # orders with address, sub-orders with seller, lines


def test_a_shopper_sees_only_their_own_orders(order, shopper, stranger, owner_a, operator):
    assert get_order_for_user(user=shopper, order_id=str(order.pk)) == order
    for user in (stranger, owner_a, operator, None):
        with pytest.raises(OrderError) as exc:
            get_order_for_user(user=user, order_id=order.pk)
        assert exc.value.code == "NOT_FOUND"
    for bad in ("1", "not-a-uuid", None, "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(OrderError):
            get_order_for_user(user=shopper, order_id=bad)
    assert list(orders_for_user(stranger)) == []
    assert list(orders_for_user(shopper)) == [order]


def test_a_guest_follows_the_order_with_the_signed_link(channel, tea, settings):
    order = checkout_services.complete_checkout(checkout=ready_checkout(channel, [(tea, 1)]))
    token = order_access_token(order)
    assert str(order.number) not in token
    assert get_order_by_token(token) == order
    for forged in ("", token[:-2] + "xx", token + "a", str(order.pk)):
        with pytest.raises(OrderError) as exc:
            get_order_by_token(forged)
        assert exc.value.code == "NOT_FOUND"
    settings.ORDER_ACCESS_TOKEN_MAX_AGE_DAYS = 0
    with pytest.raises(OrderError):
        get_order_by_token(token)


def test_the_token_is_bound_to_the_secret_key(order, settings):
    token = order_access_token(order)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    with pytest.raises(OrderError):
        get_order_by_token(token)


def test_a_seller_sees_only_its_own_sub_orders(order, sub_a, sub_b, owner_a, owner_b, shopper, operator, seller_a):
    assert get_seller_order_for_user(user=owner_a, seller_order_id=sub_a.pk) == sub_a
    for user, sub in ((owner_a, sub_b), (owner_b, sub_a), (shopper, sub_a), (operator, sub_a), (None, sub_a)):
        with pytest.raises(OrderError) as exc:
            get_seller_order_for_user(user=user, seller_order_id=sub.pk)
        assert exc.value.code == "NOT_FOUND"
    with pytest.raises(OrderError):
        get_seller_order_for_user(user=owner_a, seller_order_id="abc")
    assert list(seller_orders_for_seller(seller_a)) == [sub_a]
    assert get_seller_order_for_operator(user=operator, seller_order_id=sub_b.pk) == sub_b
    with pytest.raises(OrderError):
        get_seller_order_for_operator(user=owner_a, seller_order_id=sub_b.pk)


def test_a_seller_sees_only_what_shipping_needs(order, sub_a, tea, squid, shopper):
    view = seller_order_buyer_view(sub_a)
    assert (view.recipient_name, view.phone, view.phone_national) == ("Nguyễn Văn An", "+84912345678", "0912 345 678")
    assert view.province_name == "Tỉnh Quảng Ninh" and view.street_address == "12 Lê Thánh Tông"
    assert [line.variant_id for line in view.lines] == [tea.pk]
    values = str(dataclasses.asdict(view))
    assert shopper.email not in values and "Chả mực" not in values


def test_order_detail_brings_everything_the_page_shows(order, sub_a):
    detail = order_detail(order)
    with CaptureQueriesContext(connection) as queries:
        lines = [(so.seller.name, [line.product_name for line in so.lines.all()]) for so in detail.seller_orders.all()]
        _ = [e.action for e in detail.events.all()], detail.shipping_address.commune.name
    assert len(queries) == 0
    assert lines == [("HTX Chè Tân Cương", ["Chè búp Tân Cương"]), ("Hộ Nguyễn Văn B", ["Chả mực Hạ Long"])]


def _read_orders(user) -> list[tuple]:
    return [
        (o.number, o.shipping_address.phone, [so.seller.name for so in o.seller_orders.all()], len(o.lines.all()))
        for o in orders_for_user(user)
    ]


def test_me_orders_costs_the_same_for_one_or_ten_orders(channel, tea, squid, shopper, stranger):
    def place(user, n):
        for _ in range(n):
            checkout = ready_checkout(channel, [(tea, 1), (squid, 1)], user=user, email=user.email)
            checkout_services.complete_checkout(checkout=checkout, user=user)

    Stock.objects.update(quantity=50)
    place(shopper, 1)
    place(stranger, 10)
    with CaptureQueriesContext(connection) as one:
        assert len(_read_orders(shopper)) == 1
    with CaptureQueriesContext(connection) as ten:
        assert len(_read_orders(stranger)) == 10
    assert len(one) == len(ten) == ORDERS_FOR_USER_QUERIES, "\n".join(q["sql"] for q in ten.captured_queries)


def test_newest_orders_come_first(channel, tea, shopper):
    numbers = []
    for _ in range(3):
        checkout = ready_checkout(channel, [(tea, 1)], user=shopper, email=shopper.email)
        numbers.append(checkout_services.complete_checkout(checkout=checkout, user=shopper).number)
    Order.objects.filter(number=numbers[0]).update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert [o.number for o in orders_for_user(shopper)] == [numbers[2], numbers[1], numbers[0]]
