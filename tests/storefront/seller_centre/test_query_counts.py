"""The seller centre's product list costs the same number of queries for 3
products as for 30 (20 a page)."""

from __future__ import annotations

import pytest

from marketplace.product import services as catalogue
from tests.storefront.seller_centre.conftest import make_product

pytestmark = pytest.mark.django_db

# session + user + the user's seller + channel + count + one page of products
# + their covers + the covers' thumbnails
PRODUCT_LIST = 8


@pytest.fixture(params=[3, 30], ids=["3 products", "30 products"])
def products(request, seller_a, owner_a, category, channel):
    made = []
    for n in range(request.param):
        product = make_product(seller_a, owner_a, category, name=f"Đặc sản {n:02d}", price=10_000 + n)
        if n % 2:
            catalogue.publish_product(product=product, actor=owner_a)
        if n % 3 == 0:
            catalogue.create_variant(product=product, actor=owner_a, sku=f"THEM-{n}", name="Hộp lớn", price=99_000)
        made.append(product)
    return made


def test_the_product_list_keeps_its_query_budget(client_a, products, django_assert_num_queries):
    with django_assert_num_queries(PRODUCT_LIST):
        response = client_a.get("/kenh-nguoi-ban/san-pham/")

    page = response.content.decode()
    assert page.count('<span class="pname">') == min(len(products), 20)
    assert page.count("<img ") == min(len(products), 20)
    if len(products) > 20:
        with django_assert_num_queries(PRODUCT_LIST):
            second = client_a.get("/kenh-nguoi-ban/san-pham/?page=2").content.decode()
        assert second.count('<span class="pname">') == len(products) - 20
