"""Two "Đặt hàng" submits of one form at the same moment (a double tap on a
slow network): one order, and both answers lead to it."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.order.access import get_order_by_token
from marketplace.order.models import Order
from marketplace.warehouse.models import Allocation
from tests.marketplace.checkout.helpers import run_in_threads
from tests.storefront.checkout.steps import add_to_cart, address_form, delivery_form

pytestmark = pytest.mark.django_db(transaction=True)


def opened_order(url: str) -> Order:
    return get_order_by_token(url.strip("/").split("/")[-1])


def test_simultaneous_submits_place_one_order(channel, tea, squid):
    first = Client()
    add_to_cart(first, tea, 2)
    add_to_cart(first, squid, 1)
    first.post("/dat-hang/", address_form())
    form = delivery_form(first)
    second = Client()
    second.cookies = first.cookies  # the same browser, the same session

    results = run_in_threads(
        [lambda: first.post("/dat-hang/giao-hang/", form), lambda: second.post("/dat-hang/giao-hang/", form)]
    )

    order = Order.objects.get()
    assert [r.status_code for r in results] == [302, 302]
    assert {opened_order(r.url).pk for r in results} == {order.pk}
    assert Allocation.objects.count() == 2  # one allocation per line, not two
