"""Sellers, products and people of the checkout tests (shared with the
domain tests), API clients, and a helper that drives a whole checkout
through the API."""

from __future__ import annotations

from typing import Any

import pytest

from marketplace.account.jwt import create_access_token
from tests.marketplace.checkout.helpers import (  # noqa: F401 - fixtures
    operator,
    order,
    owner_a,
    owner_b,
    product_a,
    product_b,
    seller_a,
    seller_b,
    shopper,
    squid,
    stranger,
    sub_a,
    sub_b,
    tea,
)
from tests.marketplace.graphql.checkout.queries import (
    CHECKOUT_CREATE,
    COMPLETE,
    DELIVERY_METHOD_UPDATE,
    address_input,
    gid,
)
from tests.marketplace.graphql.conftest import ApiClient


def api_for(user) -> ApiClient:
    return ApiClient(token=create_access_token(user)) if user is not None else ApiClient()


@pytest.fixture(autouse=True)
def _cash_on_delivery_only(settings):
    """The gateways these tests know: cash on delivery, and a test gateway
    that leaves orders unconfirmed until charged (``tests.payments.gateways``)."""
    settings.PAYMENT_GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "tests.payments.gateways.PayLater"]


@pytest.fixture
def guest_api(db) -> ApiClient:
    return ApiClient()


@pytest.fixture
def shopper_api(shopper) -> ApiClient:  # noqa: F811 - the imported fixture
    return api_for(shopper)


@pytest.fixture
def stranger_api(stranger) -> ApiClient:  # noqa: F811 - the imported fixture
    return api_for(stranger)


def create_checkout(api: ApiClient, lines: list[tuple[Any, int]], **extra: Any) -> dict[str, Any]:
    """``checkoutCreate`` that must succeed; the checkout's data."""
    payload = {"lines": [{"variantId": gid("ProductVariant", v.pk), "quantity": q} for v, q in lines], **extra}
    result = api.execute(CHECKOUT_CREATE, {"input": payload})["checkoutCreate"]
    assert result["errors"] == [], result["errors"]
    return result["checkout"]


def ready_checkout(api: ApiClient, lines: list[tuple[Any, int]], *, email: str = "khach@example.vn") -> dict:
    """A checkout with an email, a shipping address and every seller's first
    shipping option chosen, all through the API."""
    checkout = create_checkout(api, lines, email=email, shippingAddress=address_input())
    for group in checkout["deliveryGroups"]:
        method = group["availableShippingMethods"][0]["id"]
        result = api.execute(DELIVERY_METHOD_UPDATE, {"id": checkout["id"], "method": method})
        assert result["checkoutDeliveryMethodUpdate"]["errors"] == []
        checkout = result["checkoutDeliveryMethodUpdate"]["checkout"]
    return checkout


def complete(api: ApiClient, checkout_id: str, **variables: Any) -> dict[str, Any]:
    return api.execute(COMPLETE, {"id": checkout_id, **variables})["checkoutComplete"]
