"""Anonymous catalogue queries are answered from the cache until the catalogue
changes; anything personal or non-catalogue is always computed."""

from __future__ import annotations

import pytest

from marketplace.account.jwt import create_access_token
from marketplace.product.models import ProductVariantChannelListing
from marketplace.product.services import set_variant_price
from tests.factories import ProductFactory, UserFactory, publish
from tests.marketplace.graphql.conftest import ApiClient

QUERY = """
query Shelf($channel: String) {
  products(first: 10, channel: $channel) {
    edges { node { name pricing { priceRange { start { gross { amount } } } } } }
  }
}
"""


@pytest.fixture
def product(channel):
    return publish(ProductFactory(name="Mật ong bạc hà Mèo Vạc"), channel, price=250_000)


def _price(api: ApiClient) -> float:
    data = api.execute(QUERY, {"channel": "default-channel"})
    return data["products"]["edges"][0]["node"]["pricing"]["priceRange"]["start"]["gross"]["amount"]


def test_repeated_anonymous_query_is_served_from_cache_without_sql(api, product, django_assert_num_queries):
    first = api.post(QUERY, {"channel": "default-channel"})
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = api.post(QUERY, {"channel": "default-channel"})
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


def test_a_price_change_is_seen_by_the_next_query(api, product, django_capture_on_commit_callbacks):
    assert _price(api) == 250_000
    variant = product.variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        set_variant_price(variant=variant, channel=product.channel_listings.get().channel, amount=199_000)
    assert ProductVariantChannelListing.objects.get(variant=variant).price_amount == 199_000
    assert _price(api) == 199_000


def test_different_variables_and_languages_are_different_entries(api, product):
    api.post(QUERY, {"channel": "default-channel"})
    assert api.post(QUERY, {"channel": "no-such-channel"})["X-Cache"] == "MISS"
    assert api.post(QUERY, {"channel": "default-channel"}, HTTP_ACCEPT_LANGUAGE="en")["X-Cache"] == "MISS"


def test_token_holders_personal_fields_and_mutations_are_never_cached(api, product):
    token_api = ApiClient(token=create_access_token(UserFactory()))
    for _ in range(2):
        assert "X-Cache" not in token_api.post(QUERY, {"channel": "default-channel"})
        assert "X-Cache" not in api.post("{ me { email } products(first: 1) { totalCount } }")
        assert "X-Cache" not in api.post('mutation { tokenCreate(email: "a@b.vn", password: "x") { token } }')


def test_answers_with_errors_are_not_stored(api, product):
    bad = "{ products(first: 1000) { totalCount } }"
    assert api.post(bad)["X-Cache"] == "MISS"
    assert api.post(bad)["X-Cache"] == "MISS"
