"""Query budgets: the operators' review queue and a seller's own product
list cost the same number of queries for a few rows as for many."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from marketplace.product import services as catalogue
from marketplace.seller import services
from marketplace.seller.models import SellerKind
from tests.factories import CategoryFactory, UserFactory
from tests.marketplace.graphql.seller.conftest import api_for
from tests.marketplace.seller.steps import complete_profile, upload_required_documents

pytestmark = pytest.mark.django_db

QUEUE = """
query($first: Int!) {
  sellerApplications(first: $first) {
    totalCount
    edges { cursor node {
      id name kind status submittedAt
      province { name } commune { name }
      documents { kind status url expiresOn }
      transitions { action fromStatus toStatus createdAt actor { email } }
      members { role user { email } }
    } }
  }
}
"""
# user (token), queue page, totalCount, current documents, transitions with
# actors, members with users
QUEUE_QUERIES = 6


@pytest.mark.parametrize("count", [2, 8])
def test_the_review_queue_costs_a_fixed_number_of_queries(operator, count, django_assert_num_queries):
    for index in range(count):
        owner = UserFactory(email=f"chu{index}@example.vn")
        seller = services.register_seller(user=owner, name=f"HTX số {index}", kind=SellerKind.COOPERATIVE)
        complete_profile(seller, owner)
        upload_required_documents(seller, owner)
        services.submit_application(seller=seller, actor=owner)
        if index % 2:
            services.start_review(seller=seller, actor=operator)
    api = api_for(operator)

    with django_assert_num_queries(QUEUE_QUERIES):
        data = api.execute(QUEUE, {"first": count})

    nodes = [edge["node"] for edge in data["sellerApplications"]["edges"]]
    assert [node["name"] for node in nodes] == [f"HTX số {index}" for index in range(count)]  # oldest first
    assert all(len(node["documents"]) == 2 for node in nodes)


OWN_PRODUCTS = """
query($first: Int!) {
  mySellers {
    name
    products(first: $first) {
      totalCount
      edges { node {
        id name slug
        category { name }
        thumbnail(size: 160) { url }
        media { id url sortOrder }
        isAvailable
        pricing { priceRange { start { gross { amount } } } }
        variants { id sku name pricing { price { gross { amount } } } quantityAvailable }
      } }
    }
  }
}
"""
# user (token), my sellers, memberships (private fields), channel, products
# page, totalCount, media, thumbnails, product listings, variants, variant
# prices, variant stocks
OWN_PRODUCTS_QUERIES = 12


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), (90, 140, 40)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("count", [2, 8])
def test_a_sellers_own_product_list_costs_a_fixed_number_of_queries(channel, count, django_assert_num_queries):
    owner = UserFactory(email="chu.htx@example.vn")
    seller = services.register_seller(user=owner, name="HTX Chè", kind=SellerKind.COOPERATIVE)
    category = CategoryFactory()
    for index in range(count):
        product = catalogue.create_product(
            seller=seller, actor=owner, name=f"Chè số {index}", category=category, price=50_000 + index, stock=3
        )
        catalogue.create_variant(product=product, actor=owner, sku=f"CHE-{index}-1KG", name="Gói 1 kg", price=200_000)
        if index < 2:
            catalogue.add_product_media(product=product, upload=_png(), actor=owner)
    api = api_for(owner)

    with django_assert_num_queries(OWN_PRODUCTS_QUERIES):
        data = api.execute(OWN_PRODUCTS, {"first": count})

    products = data["mySellers"][0]["products"]
    assert products["totalCount"] == count  # unpublished drafts included: they are the seller's own
    assert all(len(edge["node"]["variants"]) == 2 for edge in products["edges"])
