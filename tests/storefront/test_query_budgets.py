"""SQL queries per page on a cache miss: a fixed budget, whatever the number
of products, photos or variants shown."""

from __future__ import annotations

import pytest

from marketplace.product.models import ProductTranslation
from marketplace.product.services import add_product_media, reindex_products
from tests.factories import CategoryFactory, OcopCertificateFactory, ProductFactory, SellerFactory, publish
from tests.storefront.conftest import jpeg

pytestmark = pytest.mark.django_db

# channel + categories + featured products + their first photos + thumbnails
HOME = 5
# channel + categories + count + one page of products + photos + thumbnails
CATEGORY = 6
# channel + product + photos + thumbnails + variants + categories (breadcrumb)
# + the newest batches with recorded events ("Truy xuất nguồn gốc": none here)
PRODUCT = 7
# channel + seller + count + one page of products + photos + thumbnails
SELLER = 6
# channel + count + one page of products + photos + thumbnails
SEARCH = 5


@pytest.fixture(params=[3, 24], ids=["3 products", "24 products"])
def catalogue(request, channel):
    count = request.param
    seller = SellerFactory(slug="htx")
    category = CategoryFactory(slug="dac-san", parent=CategoryFactory(slug="thuc-pham"))
    products = []
    for n in range(count):
        product = ProductFactory(
            name=f"Đặc sản {n:02d}",
            seller=seller,
            category=category,
            ocop_certificate=OcopCertificateFactory(seller=seller, star_rating=3 + n % 3),
        )
        publish(product, channel, variants=1 + n % 3)
        ProductTranslation.objects.create(product=product, language_code="en", name=f"Speciality {n:02d}")
        for _ in range(1 + n % 2):
            add_product_media(product=product, upload=jpeg(64, 64))
        products.append(product)
    reindex_products(product_ids=[p.pk for p in products])
    return products


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_page_keeps_its_query_budget(client, catalogue, language, django_assert_num_queries):
    client.cookies["django_language"] = language
    shown = len(catalogue)
    # The product with three variants and two photos (or the richest there is).
    product = catalogue[min(shown, 6) - 1]
    pages = [
        ("/", HOME, min(shown, 8)),
        ("/danh-muc/thuc-pham/", CATEGORY, shown),
        ("/nguoi-ban/htx/", SELLER, shown),
        ("/tim-kiem/?q=dac+san", SEARCH, shown),
        (f"/san-pham/{product.slug}/", PRODUCT, 0),
    ]
    for path, budget, cards in pages:
        with django_assert_num_queries(budget):
            response = client.get(path)
        assert response.status_code == 200, path
        assert response.content.decode().count('<li class="card">') == cards, path
