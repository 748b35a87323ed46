"""A whole checkout through the API, as a storefront drives it: create a cart
with lines from two sellers, change lines, set the email and addresses,
choose a shipping method per seller, complete; the order is split per
seller with its snapshot lines."""

from __future__ import annotations

import pytest

from marketplace.checkout.models import Checkout, CheckoutLine
from marketplace.order.models import Order, OrderLine, SellerOrder
from marketplace.warehouse.models import Stock
from tests.marketplace.checkout.helpers import SHIPPING_FEE_A, SHIPPING_FEE_B
from tests.marketplace.graphql.checkout.conftest import api_for, complete, create_checkout, ready_checkout
from tests.marketplace.graphql.checkout.queries import (
    BILLING_ADDRESS_UPDATE,
    CHECKOUT,
    CUSTOMER_ATTACH,
    CUSTOMER_DETACH,
    DELIVERY_METHOD_UPDATE,
    EMAIL_UPDATE,
    LINES_ADD,
    LINES_DELETE,
    LINES_UPDATE,
    SHIPPING_ADDRESS_UPDATE,
    address_input,
    gid,
)

pytestmark = pytest.mark.django_db


def test_a_guest_creates_a_cart_with_two_sellers(guest_api, tea, squid):
    checkout = create_checkout(guest_api, [(tea, 2), (squid, 1)], email="Khach@Example.vn")

    assert checkout["email"] == "khach@example.vn"
    assert checkout["quantity"] == 3
    assert [line["variant"]["id"] for line in checkout["lines"]] == [
        gid("ProductVariant", tea.pk),
        gid("ProductVariant", squid.pk),
    ]
    assert [group["seller"]["name"] for group in checkout["deliveryGroups"]] == ["HTX Chè Tân Cương", "Hộ Nguyễn Văn B"]
    assert checkout["subtotalPrice"]["gross"]["amount"] == 2 * 120_000 + 85_000
    assert checkout["shippingPrice"]["gross"]["amount"] == 0
    # No address yet: no shipping options.
    assert all(group["availableShippingMethods"] == [] for group in checkout["deliveryGroups"])
    assert [gateway["id"] for gateway in checkout["availablePaymentGateways"]] == ["cod", "pay_later"]
    assert Checkout.objects.get(pk=checkout["token"]).user_id is None


def test_lines_are_added_updated_and_deleted(guest_api, tea, squid):
    checkout = create_checkout(guest_api, [(tea, 1)])

    added = guest_api.execute(
        LINES_ADD,
        {
            "id": checkout["id"],
            "lines": [
                {"variantId": gid("ProductVariant", tea.pk), "quantity": 2},
                {"variantId": gid("ProductVariant", squid.pk), "quantity": 1},
            ],
        },
    )["checkoutLinesAdd"]
    assert added["errors"] == []
    assert [line["quantity"] for line in added["checkout"]["lines"]] == [3, 1]

    tea_line, squid_line = added["checkout"]["lines"]
    updated = guest_api.execute(
        LINES_UPDATE, {"id": checkout["token"], "lines": [{"lineId": tea_line["id"], "quantity": 5}]}
    )["checkoutLinesUpdate"]
    assert updated["errors"] == []
    assert [line["quantity"] for line in updated["checkout"]["lines"]] == [5, 1]
    assert updated["checkout"]["totalPrice"]["gross"]["amount"] == 5 * 120_000 + 85_000

    deleted = guest_api.execute(LINES_DELETE, {"id": checkout["id"], "linesIds": [squid_line["id"]]})[
        "checkoutLinesDelete"
    ]
    assert deleted["errors"] == []
    assert [group["seller"]["name"] for group in deleted["checkout"]["deliveryGroups"]] == ["HTX Chè Tân Cương"]
    assert list(CheckoutLine.objects.values_list("variant_id", "quantity")) == [(tea.pk, 5)]


def test_a_zero_quantity_update_removes_the_line(guest_api, tea, squid):
    checkout = create_checkout(guest_api, [(tea, 1), (squid, 2)])
    line = checkout["lines"][1]["id"]

    result = guest_api.execute(LINES_UPDATE, {"id": checkout["id"], "lines": [{"lineId": line, "quantity": 0}]})

    assert [row["variant"]["id"] for row in result["checkoutLinesUpdate"]["checkout"]["lines"]] == [
        gid("ProductVariant", tea.pk)
    ]


def test_address_and_a_delivery_method_per_seller_price_the_cart(guest_api, tea, squid):
    checkout = create_checkout(guest_api, [(tea, 2), (squid, 1)])

    with_address = guest_api.execute(
        SHIPPING_ADDRESS_UPDATE, {"id": checkout["id"], "address": address_input(phone="0912-345-678")}
    )["checkoutShippingAddressUpdate"]
    assert with_address["errors"] == []
    shipping = with_address["checkout"]["shippingAddress"]
    assert shipping["fullName"] == "Nguyễn Văn An"
    assert shipping["phone"] == "+84912345678"
    assert shipping["city"] == "Tỉnh Quảng Ninh"
    assert shipping["province"]["code"] == "22"
    groups = with_address["checkout"]["deliveryGroups"]
    assert [[m["price"]["amount"] for m in g["availableShippingMethods"]] for g in groups] == [
        [SHIPPING_FEE_A],
        [SHIPPING_FEE_B],
    ]

    # The method's ID names its seller: each call sets one group.
    first = groups[0]["availableShippingMethods"][0]["id"]
    one = guest_api.execute(DELIVERY_METHOD_UPDATE, {"id": checkout["id"], "method": first})[
        "checkoutDeliveryMethodUpdate"
    ]
    assert one["errors"] == []
    assert [g["shippingMethod"] and g["shippingMethod"]["id"] for g in one["checkout"]["deliveryGroups"]] == [
        first,
        None,
    ]
    second = groups[1]["availableShippingMethods"][0]["id"]
    both = guest_api.execute(DELIVERY_METHOD_UPDATE, {"id": checkout["id"], "method": second})[
        "checkoutDeliveryMethodUpdate"
    ]
    priced = both["checkout"]
    assert priced["shippingPrice"]["gross"]["amount"] == SHIPPING_FEE_A + SHIPPING_FEE_B
    assert priced["totalPrice"]["gross"]["amount"] == 2 * 120_000 + 85_000 + SHIPPING_FEE_A + SHIPPING_FEE_B
    assert priced["totalPrice"]["tax"]["amount"] == 0


def test_email_and_billing_address(guest_api, tea):
    checkout = create_checkout(guest_api, [(tea, 1)])

    email = guest_api.execute(EMAIL_UPDATE, {"id": checkout["id"], "email": "an@example.vn"})["checkoutEmailUpdate"]
    # Saleor's usual shape: the province as countryArea, the commune (by name) as city.
    billing = guest_api.execute(
        BILLING_ADDRESS_UPDATE,
        {
            "id": checkout["id"],
            "address": {
                "fullName": "Trần Thị Bình",
                "streetAddress1": "5 Trần Phú",
                "countryArea": "Quảng Ninh",
                "city": "Phường Hà Tu",
                "phone": "0203 3825 123",
            },
        },
    )["checkoutBillingAddressUpdate"]

    assert email == {"checkout": {"email": "an@example.vn"}, "errors": []}
    assert billing["errors"] == []
    assert billing["checkout"]["billingAddress"] == {
        "fullName": "Trần Thị Bình",
        "city": "Tỉnh Quảng Ninh",
        "cityArea": "Phường Hà Tu",
    }


def test_complete_places_one_order_split_per_seller(guest_api, tea, squid):
    checkout = ready_checkout(guest_api, [(tea, 2), (squid, 1)])

    result = complete(guest_api, checkout["id"])

    assert result["errors"] == []
    assert result["confirmationNeeded"] is False
    order = result["order"]
    assert order["status"] == "CONFIRMED"  # cash on delivery confirms unpaid orders
    assert order["chargeStatus"] == "NONE"
    assert order["paymentGateway"] == "cod"
    assert order["total"]["gross"]["amount"] == 2 * 120_000 + 85_000 + SHIPPING_FEE_A + SHIPPING_FEE_B
    assert [(line["productName"], line["quantity"]) for line in order["lines"]] == [
        ("Chè búp Tân Cương", 2),
        ("Chả mực Hạ Long", 1),
    ]
    assert [
        (s["seller"]["name"], s["status"], [line["quantity"] for line in s["lines"]]) for s in order["sellerOrders"]
    ] == [
        ("HTX Chè Tân Cương", "CONFIRMED", [2]),
        ("Hộ Nguyễn Văn B", "CONFIRMED", [1]),
    ]
    assert order["sellerOrders"][0]["number"] == order["number"] + "-1"
    assert not Checkout.objects.exists()
    assert Stock.objects.get(product_variant=tea).quantity_allocated == 2
    assert SellerOrder.objects.count() == 2 and OrderLine.objects.count() == 2


def test_completing_twice_returns_the_same_order(guest_api, tea):
    checkout = ready_checkout(guest_api, [(tea, 1)])

    first = complete(guest_api, checkout["id"], key="retry-1")
    again = complete(guest_api, checkout["id"], key="retry-1")

    assert again["errors"] == []
    assert again["order"]["id"] == first["order"]["id"]
    assert Order.objects.count() == 1
    assert Stock.objects.get(product_variant=tea).quantity_allocated == 1


def test_a_signed_in_shopper_owns_the_cart_and_may_detach_it(shopper, shopper_api, stranger_api, tea):
    checkout = create_checkout(shopper_api, [(tea, 1)])
    assert checkout["email"] == shopper.email

    # Someone else cannot read it; the owner can.
    assert stranger_api.execute(CHECKOUT, {"id": checkout["id"]})["checkout"] is None
    assert shopper_api.execute(CHECKOUT, {"id": checkout["id"]})["checkout"]["token"] == checkout["token"]

    detached = shopper_api.execute(CUSTOMER_DETACH, {"id": checkout["id"]})["checkoutCustomerDetach"]
    assert detached["errors"] == []
    assert Checkout.objects.get(pk=checkout["token"]).user_id is None


def test_a_shopper_attaches_a_guest_cart(shopper, guest_api, tea):
    checkout = create_checkout(guest_api, [(tea, 1)])

    attached = api_for(shopper).execute(CUSTOMER_ATTACH, {"id": checkout["id"]})["checkoutCustomerAttach"]

    assert attached["errors"] == []
    assert attached["checkout"]["email"] == shopper.email
    assert Checkout.objects.get(pk=checkout["token"]).user_id == shopper.pk
    # Now the guest's token alone no longer opens it.
    assert guest_api.execute(CHECKOUT, {"id": checkout["id"]})["checkout"] is None


ME_CHECKOUTS = """
{ me { checkout { token quantity } checkouts { token } } }
"""
NOTE_UPDATE = """
mutation($id: ID!, $note: String!) {
  checkoutCustomerNoteUpdate(id: $id, note: $note) { checkout { note } errors { field code } }
}
"""


def test_me_shows_only_my_own_carts(shopper_api, stranger_api, tea, squid):
    older = create_checkout(shopper_api, [(tea, 1)])
    newer = create_checkout(shopper_api, [(squid, 2)])

    mine = shopper_api.execute(ME_CHECKOUTS)["me"]
    theirs = stranger_api.execute(ME_CHECKOUTS)["me"]

    assert mine["checkout"] == {"token": newer["token"], "quantity": 2}
    assert [c["token"] for c in mine["checkouts"]] == [newer["token"], older["token"]]
    assert theirs == {"checkout": None, "checkouts": []}


def test_a_note_for_the_sellers(guest_api, tea):
    checkout = create_checkout(guest_api, [(tea, 1)])

    saved = guest_api.execute(NOTE_UPDATE, {"id": checkout["id"], "note": "Giao giờ hành chính"})
    too_long = guest_api.execute(NOTE_UPDATE, {"id": checkout["id"], "note": "x" * 501})

    assert saved["checkoutCustomerNoteUpdate"] == {"checkout": {"note": "Giao giờ hành chính"}, "errors": []}
    assert too_long["checkoutCustomerNoteUpdate"]["errors"] == [{"field": "note", "code": "INVALID"}]
    assert Checkout.objects.get(pk=checkout["token"]).customer_note == "Giao giờ hành chính"
