"""The order and payment API tests use the checkout API tests' fixtures."""

from tests.marketplace.graphql.checkout.conftest import (  # noqa: F401 - fixtures
    _cash_on_delivery_only,
    guest_api,
    operator,
    order,
    owner_a,
    owner_b,
    product_a,
    product_b,
    seller_a,
    seller_b,
    shopper,
    shopper_api,
    squid,
    stranger,
    stranger_api,
    sub_a,
    sub_b,
    tea,
)
