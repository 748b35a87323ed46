"""Query budgets: a page costs the same number of queries for 5 products as
for 100, however deep the selection."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from marketplace.product.services import add_product_media, translate_product
from tests.factories import OcopCertificateFactory, ProductFactory, publish

pytestmark = pytest.mark.django_db

PRODUCT_FIELDS = """
fragment ProductCard on Product {
  id name slug description created updatedAt rating channel
  weight { unit value }
  seoTitle seoDescription
  productType { name hasVariants }
  category { id name slug parent { name } }
  seller { id name slug kind province { name } commune { name } }
  ocop { starRating showsBadge expiresOn productGroup }
  origin { province { code name } commune { code name } }
  thumbnail(size: 320) { url alt }
  media { id url(size: 640) alt sortOrder type }
  pricing { onSale priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
  isAvailable isAvailableForPurchase availableForPurchaseAt
  translation(languageCode: EN) { name description }
  defaultVariant { id sku }
  variants {
    id name sku channel weight { value }
    pricing { price { gross { amount currency } } }
    quantityAvailable
    translation(languageCode: EN) { name }
  }
}
"""
PRODUCTS = (
    PRODUCT_FIELDS
    + """
query Products($first: Int!) {
  products(first: $first) {
    totalCount
    edges { cursor node { ...ProductCard } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)
PRODUCT = PRODUCT_FIELDS + 'query { product(slug: "sp-0") { ...ProductCard } }'

# channel, products page, totalCount, media, thumbnails, product translations,
# product channel listings, variants, variant prices, variant stocks, variant translations
PAGE_QUERIES = 11
# the same without totalCount
PRODUCT_QUERIES = 10


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), (200, 120, 30)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


@pytest.fixture
def catalogue(channel):

    def make(count: int) -> None:
        certificate = OcopCertificateFactory()
        for index in range(count):
            product = publish(ProductFactory(slug=f"sp-{index}", ocop_certificate=certificate), channel, variants=2)
            if index < 3:  # a few with images and translations are enough to exercise the prefetches
                add_product_media(product=product, upload=png())
                translate_product(product=product, language_code="en", name=f"Product {index}")

    return make


@pytest.mark.parametrize("count", [5, 100])
def test_a_page_of_products_costs_a_fixed_number_of_queries(api, catalogue, django_assert_num_queries, count):
    catalogue(count)

    with django_assert_num_queries(PAGE_QUERIES):
        data = api.execute(PRODUCTS, {"first": count})

    assert len(data["products"]["edges"]) == count
    assert all(len(edge["node"]["variants"]) == 2 for edge in data["products"]["edges"])


def test_one_product_by_slug_costs_a_fixed_number_of_queries(api, catalogue, django_assert_num_queries):
    catalogue(1)

    with django_assert_num_queries(PRODUCT_QUERIES):
        data = api.execute(PRODUCT)

    assert data["product"]["thumbnail"]["url"].endswith(".webp")


def test_a_signed_in_page_adds_only_the_user_lookup(shopper_api, catalogue, django_assert_num_queries):
    catalogue(5)

    with django_assert_num_queries(PAGE_QUERIES + 1):
        shopper_api.execute(PRODUCTS, {"first": 5})
