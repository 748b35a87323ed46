"""Query budgets: ``checkout``, ``checkoutComplete`` and ``me.orders`` cost
the same number of queries for a small cart (or few orders) as for a big one."""

from __future__ import annotations

import pytest

from marketplace.checkout import services
from tests.factories import ProductFactory, publish
from tests.marketplace.checkout.helpers import ready_checkout
from tests.marketplace.graphql.checkout.conftest import complete
from tests.marketplace.graphql.checkout.queries import CHECKOUT, MY_ORDERS, gid

pytestmark = pytest.mark.django_db

# The checkout; its lines (variants, products, sellers joined, prices
# annotated); the chosen deliveries; the shipping address; the shipping
# methods with their zones and weight bands.
CHECKOUT_QUERIES = 5
# Generic plans for the transaction (SET LOCAL); read and lock the checkout
# (with its addresses; the requester checked on it), its summary (3), the order number, order,
# sub-orders, lines and event (bulk inserts), the stock rows locked, their
# reservations, allocations written in bulk, the transaction and its event,
# the checkout with its lines, reservations and deliveries deleted in one
# statement, BEGIN/COMMIT — then the returned order's lines and sub-orders.
# Emails go after commit, outside the request's queries.
COMPLETE_QUERIES = 25
# The user (token); the page of orders (address joined); totalCount;
# sub-orders (sellers joined); lines.
MY_ORDERS_QUERIES = 5


def _variants(channel, sellers, count: int) -> list:
    """``count`` purchasable variants spread over ``sellers``."""
    return [
        publish(ProductFactory(seller=sellers[i % len(sellers)]), channel, price=50_000 + i, stock=20).default_variant
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [2, 6])
def test_checkout_query_budget(channel, guest_api, seller_a, seller_b, count, django_assert_num_queries):
    variants = _variants(channel, [seller_a, seller_b], count)
    checkout = ready_checkout(channel, [(variant, 1) for variant in variants])

    with django_assert_num_queries(CHECKOUT_QUERIES):
        data = guest_api.execute(CHECKOUT, {"id": gid("Checkout", checkout.pk)})["checkout"]

    assert len(data["lines"]) == count
    assert len(data["deliveryGroups"]) == 2
    assert all(group["shippingMethod"] for group in data["deliveryGroups"])


@pytest.mark.parametrize("count", [2, 6])
def test_checkout_complete_budget(channel, guest_api, seller_a, seller_b, count, django_assert_num_queries):
    variants = _variants(channel, [seller_a, seller_b], count)
    checkout = ready_checkout(channel, [(variant, 2) for variant in variants])

    with django_assert_num_queries(COMPLETE_QUERIES):
        result = complete(guest_api, gid("Checkout", checkout.pk))

    assert result["errors"] == []
    assert len(result["order"]["lines"]) == count
    assert len(result["order"]["sellerOrders"]) == 2


@pytest.mark.parametrize("count", [2, 5])
def test_my_orders_budget(channel, shopper, shopper_api, tea, squid, count, django_assert_num_queries):
    for _ in range(count):
        checkout = ready_checkout(channel, [(tea, 1), (squid, 1)], user=shopper, email=shopper.email)
        services.complete_checkout(checkout=checkout, user=shopper)

    with django_assert_num_queries(MY_ORDERS_QUERIES):
        data = shopper_api.execute(MY_ORDERS, {"first": 10})["me"]["orders"]

    assert len(data["edges"]) == count
    assert all(len(edge["node"]["sellerOrders"]) == 2 for edge in data["edges"])
