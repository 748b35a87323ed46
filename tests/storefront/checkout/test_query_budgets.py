"""SQL queries per cart, checkout and order page: a fixed budget whatever
the number of lines and sellers."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.checkout import services
from marketplace.order.access import order_access_token
from tests.factories import ProductFactory, SellerFactory, publish
from tests.marketplace.checkout.helpers import flat_method, ready_checkout
from tests.storefront.checkout.steps import add_to_cart, address_form

pytestmark = pytest.mark.django_db

# session, channel, the cart, its lines (annotated), deliveries
CART_GUEST = 5
# session, user, channel, the account's cart, its lines, deliveries
CART_SIGNED_IN = 6
# + the shipping address and the shipping options (methods with zones and bands)
DELIVERY_GUEST = CART_GUEST + 1 + 1
# session, channel, the cart, "has lines", the cart's address, provinces, communes of its province
ADDRESS_GUEST = 7
# session, user, the order; the order again with addresses, sub-orders, their lines, events
ORDER_PAGE = 7
# session, user, count, one page of orders with addresses, their sub-orders, their lines
ORDER_LIST = 6


@pytest.fixture(params=[1, 4], ids=["2 sellers", "8 sellers"])
def variants(request, channel):
    """Two products from each of ``2 × param`` sellers."""
    found = []
    for n in range(2 * request.param):
        seller = SellerFactory(slug=f"nguoi-ban-{n}")
        flat_method(seller, fee=20_000 + n)
        for m in range(2):
            product = ProductFactory(seller=seller, name=f"Đặc sản {n}-{m}")
            found.append(publish(product, channel, price=50_000).default_variant)
    return found


def test_cart_and_checkout_pages_keep_their_budgets(variants, django_assert_num_queries):
    client = Client()
    for variant in variants:
        add_to_cart(client, variant, 1)
    with django_assert_num_queries(CART_GUEST):
        assert client.get("/gio-hang/").status_code == 200
    client.post("/dat-hang/", address_form())
    with django_assert_num_queries(ADDRESS_GUEST):
        assert client.get("/dat-hang/").status_code == 200
    with django_assert_num_queries(DELIVERY_GUEST):
        page = client.get("/dat-hang/giao-hang/")
    assert page.content.decode().count('class="panel seller-group"') == len(variants) // 2


def test_signed_in_cart_keeps_its_budget(variants, shopper, django_assert_num_queries):
    client = Client()
    client.force_login(shopper)
    for variant in variants:
        add_to_cart(client, variant, 1)
    with django_assert_num_queries(CART_SIGNED_IN):
        assert client.get("/gio-hang/").status_code == 200


def test_order_page_and_list_keep_their_budgets(variants, channel, shopper, django_assert_num_queries):
    orders = []
    for half in (variants[: len(variants) // 2], variants[len(variants) // 2 :]):
        checkout = ready_checkout(channel, [(v, 1) for v in half], user=shopper, email=shopper.email)
        orders.append(services.complete_checkout(checkout=checkout, user=shopper))
    client = Client()
    client.force_login(shopper)
    with django_assert_num_queries(ORDER_PAGE):
        page = client.get(f"/don-hang/{order_access_token(orders[0])}/")
    assert page.content.decode().count('class="panel seller-order"') == len(variants) // 4
    with django_assert_num_queries(ORDER_LIST):
        page = client.get("/tai-khoan/don-hang/")
    assert page.content.decode().count('class="panel order-row"') == 2
