"""Query budgets of a storefront's checkout requests before completion
(``checkoutComplete`` and the ``checkout`` query: tests/marketplace/graphql/order):
``checkoutCreate`` with the email and the shipping address, then one
``checkoutDeliveryMethodUpdate`` per seller — the same for a small cart as
for a big one — and what the cheaper writes must still get right."""

from __future__ import annotations

import pytest

from marketplace.account.models import Address
from marketplace.checkout.models import Checkout, CheckoutDelivery
from tests.factories import ProductFactory, publish
from tests.marketplace.checkout.helpers import flat_method
from tests.marketplace.graphql.checkout.queries import address_input, gid

pytestmark = pytest.mark.django_db

# What a storefront asks at these steps: each seller's shipping options, then the cart's id.
CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout { id deliveryGroups { seller { name } availableShippingMethods { id price { amount } } } }
    errors { field code }
  }
}"""
DELIVERY = """
mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout { id } errors { field code }
  }
}"""

# The channel; the address's commune (validation); in one transaction
# (generic plans for it: SET LOCAL) the variants with their purchase annotations, the address copy, the checkout,
# its lines (bulk), the stock rows locked, their reservations, the new
# reservations (bulk) and the summary the response shows (lines, deliveries,
# address, shipping methods with their zones and bands).
CREATE_QUERIES = 2 + 2 + 1 + 8 + 4
# In one transaction (generic plans for it: SET LOCAL): the checkout locked with its shipping address (and
# checked for the requester there), the cart's summary (lines priced,
# deliveries, shipping methods with their zones and bands), the choice upserted with ``last_change`` (one
# statement). The summary stays with the checkout returned: asking for the totals adds no query.
DELIVERY_QUERIES = 2 + 1 + 5
DELIVERY_WITH_TOTALS = """
mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout {
      shippingPrice { gross { amount } } totalPrice { gross { amount } }
      deliveryGroups { seller { name } shippingMethod { id } }
    }
    errors { field code }
  }
}"""


def _variants(channel, sellers, count: int) -> list:
    return [
        publish(ProductFactory(seller=sellers[i % len(sellers)]), channel, price=50_000 + i, stock=20).default_variant
        for i in range(count)
    ]


def _create_input(variants, **extra) -> dict:
    lines = [{"variantId": gid("ProductVariant", v.pk), "quantity": 1} for v in variants]
    return {"input": {"email": "khach@example.vn", "lines": lines, "shippingAddress": address_input(), **extra}}


@pytest.mark.parametrize("count", [2, 6])
def test_create_with_email_and_address_budget(channel, guest_api, seller_a, seller_b, count, django_assert_num_queries):
    variants = _variants(channel, [seller_a, seller_b], count)

    with django_assert_num_queries(CREATE_QUERIES):
        result = guest_api.execute(CREATE, _create_input(variants))["checkoutCreate"]

    assert result["errors"] == []
    groups = result["checkout"]["deliveryGroups"]
    assert sorted(group["seller"]["name"] for group in groups) == sorted([seller_a.name, seller_b.name])
    assert all(group["availableShippingMethods"] for group in groups)
    checkout = Checkout.objects.get()
    assert checkout.email == "khach@example.vn"
    assert checkout.shipping_address.province_id == "22"


@pytest.mark.parametrize("count", [2, 6])
def test_delivery_method_budget(channel, guest_api, seller_a, seller_b, count, django_assert_num_queries):
    variants = _variants(channel, [seller_a, seller_b], count)
    created = guest_api.execute(CREATE, _create_input(variants))["checkoutCreate"]["checkout"]
    method = created["deliveryGroups"][0]["availableShippingMethods"][0]["id"]

    with django_assert_num_queries(DELIVERY_QUERIES):
        result = guest_api.execute(DELIVERY, {"id": created["id"], "method": method})["checkoutDeliveryMethodUpdate"]

    assert result["errors"] == []
    (choice,) = CheckoutDelivery.objects.all()
    assert gid("ShippingMethod", choice.shipping_method_id) == method


@pytest.mark.parametrize("count", [2, 6])
def test_the_totals_after_a_choice_cost_no_more_queries(
    channel, guest_api, seller_a, seller_b, count, django_assert_num_queries
):
    variants = _variants(channel, [seller_a, seller_b], count)
    created = guest_api.execute(CREATE, _create_input(variants))["checkoutCreate"]["checkout"]
    first, second = (group["availableShippingMethods"][0] for group in created["deliveryGroups"])
    guest_api.execute(DELIVERY, {"id": created["id"], "method": first["id"]})

    with django_assert_num_queries(DELIVERY_QUERIES):
        result = guest_api.execute(DELIVERY_WITH_TOTALS, {"id": created["id"], "method": second["id"]})[
            "checkoutDeliveryMethodUpdate"
        ]

    assert result["errors"] == []
    checkout = result["checkout"]
    fees = first["price"]["amount"] + second["price"]["amount"]
    assert checkout["shippingPrice"]["gross"]["amount"] == fees
    assert checkout["totalPrice"]["gross"]["amount"] == sum(50_000 + i for i in range(count)) + fees
    assert [g["shippingMethod"]["id"] for g in checkout["deliveryGroups"]] == [first["id"], second["id"]]


def test_choosing_again_replaces_the_sellers_choice(channel, guest_api, seller_a, seller_b):
    faster = flat_method(seller_a, fee=55_000, name="Giao nhanh")
    variants = _variants(channel, [seller_a, seller_b], 2)
    created = guest_api.execute(CREATE, _create_input(variants))["checkoutCreate"]["checkout"]
    group = next(g for g in created["deliveryGroups"] if g["seller"]["name"] == seller_a.name)
    methods = [m["id"] for m in group["availableShippingMethods"]]
    assert gid("ShippingMethod", faster.pk) in methods

    for method in (methods[0], gid("ShippingMethod", faster.pk)):
        result = guest_api.execute(DELIVERY, {"id": created["id"], "method": method})["checkoutDeliveryMethodUpdate"]
        assert result["errors"] == []

    (choice,) = CheckoutDelivery.objects.filter(seller=seller_a)
    assert (choice.shipping_method_id, choice.shipping_method_name, choice.fee_amount) == (
        faster.pk,
        "Giao nhanh",
        55_000,
    )


def test_create_refused_for_stock_keeps_no_address_copy(channel, guest_api, seller_a):
    (variant,) = _variants(channel, [seller_a], 1)
    addresses = Address.objects.count()
    payload = _create_input([variant])
    payload["input"]["lines"][0]["quantity"] = 21  # 20 in stock

    result = guest_api.execute(CREATE, payload)["checkoutCreate"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("quantity", "INSUFFICIENT_STOCK")]
    assert not Checkout.objects.exists()
    assert Address.objects.count() == addresses
