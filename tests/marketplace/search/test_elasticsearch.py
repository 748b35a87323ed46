"""Search on Elasticsearch: the real client and elasticsearch-dsl talk to a
local stand-in of Elasticsearch's HTTP API; our backend indexes after
commit, ranks, hides what the shop hides, and falls back to PostgreSQL
when Elasticsearch is down."""

from __future__ import annotations

import json
import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marketplace.product.models import Product
from marketplace.product.services import reindex_products
from marketplace.search.backends import PostgresSearchBackend, get_search_backend
from marketplace.search.elasticsearch import ElasticsearchBackend, build_query, rebuild_index
from tests.factories import ProductFactory, SellerFactory, publish
from tests.marketplace.search.es_standin import ElasticsearchStandIn

pytestmark = pytest.mark.django_db
INDEX = "test_products"


@pytest.fixture
def es(settings):
    with ElasticsearchStandIn() as standin:
        settings.ELASTICSEARCH_URL = standin.url
        settings.ELASTICSEARCH_INDEX = INDEX
        yield standin


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def _index(ids, capture):
    with capture(execute=True):
        reindex_products(product_ids=list(ids))


def test_the_backend_follows_the_setting(settings):
    settings.ELASTICSEARCH_URL = ""
    assert isinstance(get_search_backend(), PostgresSearchBackend)
    settings.ELASTICSEARCH_URL = "http://search:9200"
    assert isinstance(get_search_backend(), ElasticsearchBackend)


def test_every_term_is_a_folded_prefix():
    query = build_query("  Nước MẮM phú ")
    assert [c["prefix"]["text"]["value"] for c in query["bool"]["must"]] == ["nuoc", "mam", "phu"]
    assert build_query("!!! ...") is None


def test_rebuild_creates_the_index_with_folding_and_indexes_every_product(es, channel):
    products = [publish(ProductFactory(name=f"Mật ong rừng {i}"), channel) for i in range(3)]
    assert rebuild_index() == 3
    body = es.indices[INDEX]["body"]
    assert body["settings"]["analysis"]["analyzer"]["ocop_folded"]["filter"] == ["lowercase", "asciifolding"]
    assert body["mappings"]["properties"]["text"] == {"type": "text", "analyzer": "ocop_folded"}
    assert set(es.indices[INDEX]["docs"]) == {str(p.pk) for p in products}
    assert es.indices[INDEX]["docs"][str(products[0].pk)]["name"] == "mat ong rung 0"


def test_search_page_finds_products_through_elasticsearch(es, channel, client, django_capture_on_commit_callbacks):
    rebuild_index()
    fish_sauce = publish(ProductFactory(name="Nước mắm Phú Quốc"), channel)
    tea = publish(ProductFactory(name="Chè búp Tân Cương"), channel)
    _index([fish_sauce.pk, tea.pk], django_capture_on_commit_callbacks)
    assert {str(fish_sauce.pk), str(tea.pk)} <= set(es.indices[INDEX]["docs"])

    page = client.get("/tim-kiem/", {"q": "nuoc ma"}).content.decode()

    assert fish_sauce.name in page and tea.name not in page
    searches = [json.loads(body) for method, path, body in es.requests if path.endswith("_search")]
    assert searches and searches[-1]["query"] == build_query("nuoc ma")


def test_elasticsearch_order_is_the_page_order(es, channel, client, django_capture_on_commit_callbacks):
    rebuild_index()
    # The words in the name rank first (Elasticsearch's scoring), against the alphabet.
    in_name = publish(ProductFactory(name="Yến sào mật ong"), channel)
    via_seller = publish(ProductFactory(name="Bánh gừng", seller=SellerFactory(name="HTX Mật ong")), channel)
    _index([in_name.pk, via_seller.pk], django_capture_on_commit_callbacks)

    page = client.get("/tim-kiem/", {"q": "mat ong"}).content.decode()

    assert page.index(in_name.name) < page.index(via_seller.name)


def test_a_hidden_product_in_the_index_is_never_shown(es, channel, client, django_capture_on_commit_callbacks):
    rebuild_index()
    shown = publish(ProductFactory(name="Cà phê Cầu Đất"), channel)
    hidden = ProductFactory(name="Cà phê chưa bán")  # never published in the channel
    _index([shown.pk, hidden.pk], django_capture_on_commit_callbacks)
    assert str(hidden.pk) in es.indices[INDEX]["docs"]
    page = client.get("/tim-kiem/", {"q": "ca phe"}).content.decode()
    assert shown.name in page and hidden.name not in page


def test_a_deleted_product_leaves_the_index(es, channel, django_capture_on_commit_callbacks):
    rebuild_index()
    product = publish(ProductFactory(name="Bánh pía Sóc Trăng"), channel)
    _index([product.pk], django_capture_on_commit_callbacks)
    pk = product.pk
    Product.objects.filter(pk=pk).delete()
    _index([pk], django_capture_on_commit_callbacks)
    assert str(pk) not in es.indices[INDEX]["docs"]


def test_nothing_reaches_elasticsearch_before_commit(es, channel):
    rebuild_index()
    product = publish(ProductFactory(name="Khô mực Cô Tô"), channel)
    before = len(es.requests)
    reindex_products(product_ids=[product.pk])  # the test's transaction never commits
    assert len(es.requests) == before
    assert str(product.pk) not in es.indices[INDEX]["docs"]


def test_search_falls_back_to_postgresql_when_elasticsearch_is_down(settings, channel, client):
    fish_sauce = publish(ProductFactory(name="Nước mắm Cát Hải"), channel)
    PostgresSearchBackend().index_products([fish_sauce.pk])
    settings.ELASTICSEARCH_URL = _closed_port_url()
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    response = client.get("/tim-kiem/", {"q": "nuoc mam"})
    assert response.status_code == 200
    assert fish_sauce.name in response.content.decode()


def test_the_rebuild_command(es, channel, settings):
    publish(ProductFactory(name="Gạo ST25"), channel)
    call_command("search_index")
    assert len(es.indices[INDEX]["docs"]) == 1
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError):
        call_command("search_index")
