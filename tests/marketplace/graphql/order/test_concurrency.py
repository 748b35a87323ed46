"""checkoutComplete through the API with real threads against PostgreSQL:
shoppers racing for the last units never oversell, and a double-clicked
"Đặt hàng" makes one order."""

from __future__ import annotations

import pytest

from marketplace.order.models import Order
from marketplace.warehouse.models import Reservation, Stock
from tests.marketplace.checkout.helpers import ready_checkout, run_in_threads, stock_of
from tests.marketplace.graphql.checkout.queries import COMPLETE, gid
from tests.marketplace.graphql.conftest import ApiClient

pytestmark = pytest.mark.django_db(transaction=True)


def _complete(checkout_id: str) -> dict:
    return ApiClient().execute(COMPLETE, {"id": checkout_id})["checkoutComplete"]


def test_twelve_shoppers_racing_for_five_units_make_five_orders(channel, tea):
    Stock.objects.filter(product_variant=tea).update(quantity=12)
    checkouts = [ready_checkout(channel, [(tea, 1)], email=f"khach{i}@example.vn") for i in range(12)]
    # Their reservations ran out while they hesitated, and stock fell to 5.
    Reservation.objects.all().delete()
    Stock.objects.filter(product_variant=tea).update(quantity=5)

    results = run_in_threads([lambda c=c: _complete(gid("Checkout", c.pk)) for c in checkouts])

    assert not [r for r in results if isinstance(r, BaseException)], results
    placed = [r["order"]["number"] for r in results if r["order"]]
    refused = [r["errors"][0]["code"] for r in results if r["errors"]]
    assert len(placed) == 5 and len(set(placed)) == 5
    assert refused == ["INSUFFICIENT_STOCK"] * 7
    stock = stock_of(tea)
    assert (stock.quantity, stock.quantity_allocated) == (5, 5)


def test_a_double_click_places_one_order(channel, tea, squid):
    checkout = ready_checkout(channel, [(tea, 2), (squid, 1)])
    checkout_id = gid("Checkout", checkout.pk)

    results = run_in_threads([lambda: _complete(checkout_id) for _ in range(6)])

    assert not [r for r in results if isinstance(r, BaseException)], results
    assert {r["order"]["id"] for r in results} == {gid("Order", Order.objects.get().pk)}
    assert all(r["errors"] == [] for r in results)
    assert stock_of(tea).quantity_allocated == 2 and stock_of(squid).quantity_allocated == 1
