"""Refused checkout changes answer ``errors { field code }`` with the
domain's code, and change nothing: no cart, line, reservation, address or
order appears or moves."""

from __future__ import annotations

import uuid

import pytest

from marketplace.checkout.models import Checkout
from marketplace.order.models import Order
from marketplace.product.models import ProductChannelListing
from marketplace.seller.models import SellerStatus
from marketplace.warehouse.models import Stock
from tests.marketplace.checkout.helpers import shop_state
from tests.marketplace.graphql.checkout.conftest import complete, create_checkout, ready_checkout
from tests.marketplace.graphql.checkout.queries import (
    CHECKOUT_CREATE,
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


def _codes(result: dict) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in result["errors"]]


def _create(api, variant_id: str, quantity: int, **extra) -> dict:
    payload = {"lines": [{"variantId": variant_id, "quantity": quantity}], **extra}
    return api.execute(CHECKOUT_CREATE, {"input": payload})["checkoutCreate"]


@pytest.mark.parametrize(
    ("quantity", "code"),
    [(0, "ZERO_QUANTITY"), (-3, "ZERO_QUANTITY"), (51, "QUANTITY_GREATER_THAN_LIMIT")],
)
def test_create_refuses_bad_quantities(guest_api, tea, quantity, code):
    result = _create(guest_api, gid("ProductVariant", tea.pk), quantity)

    assert _codes(result) == [("quantity", code)]
    assert result["checkout"] is None
    assert not Checkout.objects.exists()


def test_create_refuses_what_cannot_be_bought(guest_api, tea, squid, product_a, seller_b, channel):
    ProductChannelListing.objects.filter(product=product_a, channel=channel).update(is_published=False)
    seller_b.status = SellerStatus.SUSPENDED
    seller_b.save(update_fields=["status"])

    unpublished = _create(guest_api, gid("ProductVariant", tea.pk), 1)
    suspended = _create(guest_api, gid("ProductVariant", squid.pk), 1)
    unknown = _create(guest_api, gid("ProductVariant", 999_999), 1)
    malformed = _create(guest_api, "không-phải-id", 1)

    assert _codes(unpublished) == [("variantId", "PRODUCT_NOT_PUBLISHED")]
    assert unpublished["errors"][0]["variants"] == [gid("ProductVariant", tea.pk)]
    assert _codes(suspended) == [("variantId", "SELLER_UNAVAILABLE")]
    assert _codes(unknown) == [("variantId", "NOT_FOUND")]
    assert _codes(malformed) == [("variantId", "NOT_FOUND")]
    assert not Checkout.objects.exists()


def test_a_deleted_variant_cannot_be_added(guest_api, tea, squid):
    checkout = create_checkout(guest_api, [(tea, 1)])
    squid_id = gid("ProductVariant", squid.pk)
    squid.delete()
    before = shop_state()

    result = guest_api.execute(LINES_ADD, {"id": checkout["id"], "lines": [{"variantId": squid_id, "quantity": 1}]})

    assert _codes(result["checkoutLinesAdd"]) == [("variantId", "NOT_FOUND")]
    assert shop_state() == before


def test_create_with_a_bad_address_leaves_no_cart(guest_api, tea):
    result = _create(guest_api, gid("ProductVariant", tea.pk), 1, shippingAddress=address_input(city="99"))

    assert _codes(result) == [("city", "INVALID")]
    assert result["errors"][0]["addressType"] == "SHIPPING"
    assert not Checkout.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"cityArea": "Xã Không Có"}, [("cityArea", "INVALID")]),  # unknown ward
        ({"cityArea": "00001"}, [("cityArea", "INVALID")]),  # a commune of another province (Hà Nội)
        ({"city": "Tỉnh Không Tồn Tại"}, [("city", "INVALID")]),
        ({"phone": "0123"}, [("phone", "INVALID_PHONE")]),
        ({"phone": "+1 202 555 0147"}, [("phone", "INVALID_PHONE")]),
        ({"streetAddress1": "  ", "phone": None}, [("streetAddress1", "REQUIRED"), ("phone", "REQUIRED")]),
        ({"country": "US"}, [("country", "INVALID")]),
    ],
)
def test_shipping_address_is_checked_and_nothing_changes(guest_api, tea, overrides, expected):
    checkout = create_checkout(guest_api, [(tea, 1)], shippingAddress=address_input())
    before = shop_state()

    result = guest_api.execute(SHIPPING_ADDRESS_UPDATE, {"id": checkout["id"], "address": address_input(**overrides)})

    payload = result["checkoutShippingAddressUpdate"]
    assert _codes(payload) == expected
    assert {error["addressType"] for error in payload["errors"]} == {"SHIPPING"}
    assert payload["checkout"] is None
    assert shop_state() == before


def test_more_than_in_stock_is_refused(guest_api, tea):
    checkout = create_checkout(guest_api, [(tea, 8)])
    before = shop_state()

    result = guest_api.execute(
        LINES_ADD, {"id": checkout["id"], "lines": [{"variantId": gid("ProductVariant", tea.pk), "quantity": 3}]}
    )

    assert _codes(result["checkoutLinesAdd"]) == [("quantity", "INSUFFICIENT_STOCK")]
    assert result["checkoutLinesAdd"]["errors"][0]["variants"] == [gid("ProductVariant", tea.pk)]
    assert shop_state() == before


def test_someone_elses_checkout_is_not_found_and_untouched(shopper_api, stranger_api, guest_api, tea, squid):
    checkout = create_checkout(shopper_api, [(tea, 1)], shippingAddress=address_input())
    line_id = checkout["lines"][0]["id"]
    method = checkout["deliveryGroups"][0]["availableShippingMethods"][0]["id"]
    before = shop_state()
    add = {"id": checkout["id"], "lines": [{"variantId": gid("ProductVariant", squid.pk), "quantity": 1}]}

    for api in (stranger_api, guest_api):
        assert _codes(api.execute(LINES_ADD, add)["checkoutLinesAdd"]) == [("id", "NOT_FOUND")]
        update = {"id": checkout["id"], "lines": [{"lineId": line_id, "quantity": 3}]}
        assert _codes(api.execute(LINES_UPDATE, update)["checkoutLinesUpdate"]) == [("id", "NOT_FOUND")]
        delete = {"id": checkout["token"], "linesIds": [line_id]}
        assert _codes(api.execute(LINES_DELETE, delete)["checkoutLinesDelete"]) == [("id", "NOT_FOUND")]
        email = {"id": checkout["id"], "email": "ke.gian@example.vn"}
        assert _codes(api.execute(EMAIL_UPDATE, email)["checkoutEmailUpdate"]) == [("id", "NOT_FOUND")]
        delivery = {"id": checkout["id"], "method": method}
        assert _codes(api.execute(DELIVERY_METHOD_UPDATE, delivery)["checkoutDeliveryMethodUpdate"]) == [
            ("id", "NOT_FOUND")
        ]
        assert complete(api, checkout["id"])["errors"][0]["code"] == "NOT_FOUND"
    assert shop_state() == before


@pytest.mark.parametrize("checkout_id", [str(uuid.uuid4()), gid("Checkout", uuid.uuid4()), gid("Order", 1), "%%%"])
def test_unknown_or_malformed_checkout_ids_are_not_found(guest_api, checkout_id):
    result = guest_api.execute(EMAIL_UPDATE, {"id": checkout_id, "email": "an@example.vn"})
    delivery = guest_api.execute(DELIVERY_METHOD_UPDATE, {"id": checkout_id, "method": gid("ShippingMethod", 1)})

    assert _codes(result["checkoutEmailUpdate"]) == [("id", "NOT_FOUND")]
    assert _codes(delivery["checkoutDeliveryMethodUpdate"]) == [("id", "NOT_FOUND")]
    assert complete(guest_api, checkout_id)["errors"][0]["code"] == "NOT_FOUND"


def test_line_and_email_input_errors(guest_api, tea, squid):
    checkout = create_checkout(guest_api, [(tea, 1)])
    before = shop_state()

    unknown_line = {"id": checkout["id"], "lines": [{"lineId": gid("CheckoutLine", uuid.uuid4()), "quantity": 2}]}
    negative = {"id": checkout["id"], "lines": [{"lineId": checkout["lines"][0]["id"], "quantity": -1}]}
    no_quantity = {"id": checkout["id"], "lines": [{"lineId": checkout["lines"][0]["id"]}]}

    assert _codes(guest_api.execute(LINES_UPDATE, unknown_line)["checkoutLinesUpdate"]) == [("lineId", "NOT_FOUND")]
    assert _codes(guest_api.execute(LINES_UPDATE, negative)["checkoutLinesUpdate"]) == [("quantity", "ZERO_QUANTITY")]
    assert _codes(guest_api.execute(LINES_UPDATE, no_quantity)["checkoutLinesUpdate"]) == [("quantity", "REQUIRED")]
    delete = {"id": checkout["id"], "linesIds": [checkout["lines"][0]["id"], gid("CheckoutLine", uuid.uuid4())]}
    assert _codes(guest_api.execute(LINES_DELETE, delete)["checkoutLinesDelete"]) == [("lineId", "NOT_FOUND")]
    bad_email = {"id": checkout["id"], "email": "không phải email"}
    assert _codes(guest_api.execute(EMAIL_UPDATE, bad_email)["checkoutEmailUpdate"]) == [("email", "INVALID")]
    assert shop_state() == before


def test_delivery_method_errors(guest_api, tea, squid, seller_b):
    checkout = create_checkout(guest_api, [(tea, 1)])
    squid_method = gid("ShippingMethod", seller_b.shipping_methods.get().pk)
    before = shop_state()

    no_address = guest_api.execute(DELIVERY_METHOD_UPDATE, {"id": checkout["id"], "method": squid_method})
    assert _codes(no_address["checkoutDeliveryMethodUpdate"]) == [("shippingAddress", "SHIPPING_ADDRESS_NOT_SET")]

    guest_api.execute(SHIPPING_ADDRESS_UPDATE, {"id": checkout["id"], "address": address_input()})
    before = shop_state()
    other_seller = guest_api.execute(DELIVERY_METHOD_UPDATE, {"id": checkout["id"], "method": squid_method})
    unknown = guest_api.execute(
        DELIVERY_METHOD_UPDATE, {"id": checkout["id"], "method": gid("ShippingMethod", 999_999)}
    )

    assert _codes(other_seller["checkoutDeliveryMethodUpdate"]) == [("deliveryMethodId", "NOT_FOUND")]
    assert _codes(unknown["checkoutDeliveryMethodUpdate"]) == [("deliveryMethodId", "DELIVERY_METHOD_NOT_APPLICABLE")]
    assert shop_state() == before


def test_complete_says_what_is_missing_and_places_nothing(guest_api, tea, squid):
    bare = create_checkout(guest_api, [(tea, 1)], email="an@example.vn")
    assert _codes(complete(guest_api, bare["id"])) == [("shippingAddress", "SHIPPING_ADDRESS_NOT_SET")]
    guest_api.execute(SHIPPING_ADDRESS_UPDATE, {"id": bare["id"], "address": address_input()})
    assert _codes(complete(guest_api, bare["id"])) == [("shippingMethod", "SHIPPING_METHOD_NOT_SET")]

    ready = ready_checkout(guest_api, [(squid, 2)])
    assert _codes(complete(guest_api, ready["id"], gateway="the-moon")) == [("paymentGateway", "PAYMENT_ERROR")]
    assert not Order.objects.exists()


def test_stock_sold_meanwhile_refuses_completion(guest_api, tea):
    checkout = ready_checkout(guest_api, [(tea, 3)])
    Stock.objects.filter(product_variant=tea).update(quantity=1)
    before = shop_state()

    result = complete(guest_api, checkout["id"])

    assert _codes(result) == [("lines", "INSUFFICIENT_STOCK")]
    assert result["errors"][0]["variants"] == [gid("ProductVariant", tea.pk)]
    assert result["order"] is None
    assert shop_state() == before
