from tests.marketplace.checkout.helpers import (  # noqa: F401 - fixtures
    owner_a,
    owner_b,
    product_a,
    product_b,
    seller_a,
    seller_b,
    shopper,
    squid,
    stranger,
    tea,
)
