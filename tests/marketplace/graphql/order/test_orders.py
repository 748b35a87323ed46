"""Who sees which order through the API: a shopper their own (``order``,
``me.orders``), an operator every order, a guest through the signed token of
the order's emails; a seller cannot read the buyer's order, a stranger gets
``null``."""

from __future__ import annotations

import pytest

from marketplace.checkout import services
from marketplace.order.access import order_access_token
from tests.marketplace.checkout.helpers import ready_checkout
from tests.marketplace.graphql.checkout.conftest import api_for
from tests.marketplace.graphql.checkout.queries import MY_ORDERS, ORDER, gid

pytestmark = pytest.mark.django_db

BY_TOKEN = "query($token: String!) { orderByToken(token: $token) { number userEmail } }"


def test_the_buyer_reads_their_order(shopper_api, order, sub_a):
    data = shopper_api.execute(ORDER, {"id": gid("Order", order.pk)})["order"]

    assert data["number"] == order.number
    assert data["userEmail"] == order.user_email
    assert [s["number"] for s in data["sellerOrders"]] == [f"{order.number}-1", f"{order.number}-2"]
    assert data["shippingAddress"]["fullName"] == "Nguyễn Văn An"
    # The bare UUID works too.
    assert shopper_api.execute(ORDER, {"id": str(order.pk)})["order"]["number"] == order.number


def test_shipment_details_show_on_the_sub_order(shopper_api, order, sub_a, owner_a):
    from marketplace.order import services as order_services

    order_services.mark_packed(seller_order=sub_a, actor=owner_a)
    order_services.mark_shipped(seller_order=sub_a, actor=owner_a, carrier="GHN", tracking_number="GHN123")

    data = shopper_api.execute(ORDER, {"id": gid("Order", order.pk)})["order"]

    first, second = data["sellerOrders"]
    assert (first["status"], first["carrier"], first["trackingNumber"]) == ("SHIPPED", "GHN", "GHN123")
    assert (second["status"], second["carrier"]) == ("CONFIRMED", "")
    assert data["status"] == "PARTIALLY_SHIPPED"


def test_nobody_else_reads_the_order(order, owner_a, stranger_api, guest_api):
    seller_api = api_for(owner_a)  # sells part of this order: sees it in the seller centre, not here

    for api in (seller_api, stranger_api, guest_api):
        assert api.execute(ORDER, {"id": gid("Order", order.pk)})["order"] is None
    for api in (seller_api, stranger_api):
        assert api.execute(MY_ORDERS, {"first": 10})["me"]["orders"]["totalCount"] == 0
    assert guest_api.execute(MY_ORDERS, {"first": 10})["me"] is None


def test_an_operator_reads_any_order(order, operator):
    data = api_for(operator).execute(ORDER, {"id": gid("Order", order.pk)})["order"]

    assert data["number"] == order.number


def test_a_guest_follows_an_order_by_its_signed_token(order, guest_api):
    assert guest_api.execute(BY_TOKEN, {"token": order_access_token(order)})["orderByToken"]["number"] == order.number
    assert guest_api.execute(BY_TOKEN, {"token": order_access_token(order) + "x"})["orderByToken"] is None
    assert guest_api.execute(BY_TOKEN, {"token": str(order.pk)})["orderByToken"] is None


def test_me_orders_lists_only_my_orders_newest_first(channel, shopper, shopper_api, stranger, tea, squid):
    mine = [
        services.complete_checkout(
            checkout=ready_checkout(channel, [(tea, 1)], user=shopper, email=shopper.email), user=shopper
        )
        for _ in range(3)
    ]
    services.complete_checkout(checkout=ready_checkout(channel, [(squid, 1)], user=stranger), user=stranger)

    first = shopper_api.execute(MY_ORDERS, {"first": 2})["me"]["orders"]
    rest = shopper_api.execute(MY_ORDERS, {"first": 2, "after": first["pageInfo"]["endCursor"]})["me"]["orders"]

    numbers = [edge["node"]["number"] for edge in first["edges"] + rest["edges"]]
    assert numbers == [order.number for order in reversed(mine)]
    assert first["totalCount"] == 3
    assert first["pageInfo"]["hasNextPage"] is True and rest["pageInfo"]["hasNextPage"] is False
