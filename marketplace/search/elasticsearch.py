"""Product search on Elasticsearch (``ELASTICSEARCH_URL`` set), for when the
catalogue outgrows PostgreSQL full-text.

The index holds one small document per product: the same diacritic-free text
the PostgreSQL backend indexes (``product_document``), so ``nuoc mam`` finds
"Nước mắm" on both, and every query term matches as a prefix, as there.
Elasticsearch only answers *which* products match and in what order; the
caller's queryset (published, listed in the channel, seller approved) still
decides what is shown, so a stale index can never leak a hidden product.

PostgreSQL stays up to date as well (``index_products`` refreshes both), so
when Elasticsearch cannot be reached the search falls back to PostgreSQL
instead of failing the page. Writes reach Elasticsearch after the database
transaction commits, through a Celery task.
"""

from __future__ import annotations

import logging
import re
from functools import partial

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import transaction
from django.db.models import ExpressionWrapper, F, FloatField, Func, IntegerField, QuerySet, Value
from elasticsearch import Elasticsearch
from elasticsearch.exceptions import ApiError, TransportError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import Document, Integer, Keyword, Text, analyzer

from marketplace.core.text import search_normalize
from marketplace.product.models import Product

logger = logging.getLogger(__name__)

_TERM = re.compile(r"[a-z0-9]+")
MAX_TERMS = 10
# How many matches Elasticsearch returns; the page paginates within them.
MAX_HITS = 1000
BULK_CHUNK = 500

# Documents are already folded by ``product_document``; the analyzer folds
# again so that text indexed by other tools (or a query sent raw) agrees.
folded = analyzer("ocop_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])


class ProductDocument(Document):
    text = Text(analyzer=folded)
    name = Text(analyzer=folded)
    seller_id = Integer()
    category = Keyword()

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def index_name() -> str:
    return settings.ELASTICSEARCH_INDEX


def client() -> Elasticsearch:
    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=settings.ELASTICSEARCH_TIMEOUT)


def build_query(text: str) -> dict | None:
    """The query body for ``text``: every term must match as a prefix (as the
    PostgreSQL backend's ``term:*`` & …), whole-word and name matches rank first."""
    terms = _TERM.findall(search_normalize(text))[:MAX_TERMS]
    if not terms:
        return None
    folded_text = " ".join(terms)
    return {
        "bool": {
            "must": [{"prefix": {"text": {"value": term}}} for term in terms],
            "should": [
                {"match": {"text": {"query": folded_text, "operator": "and"}}},
                {"match": {"name": {"query": folded_text, "boost": 2}}},
            ],
        }
    }


def ranked_ids(text: str, *, es: Elasticsearch | None = None) -> list[int] | None:
    """Product ids matching ``text``, best first (``None``: no terms)."""
    query = build_query(text)
    if query is None:
        return None
    search = ProductDocument.search(using=es or client(), index=index_name()).query(query).source(False)
    response = search.extra(size=MAX_HITS, track_total_hits=False).execute()
    return [int(hit.meta.id) for hit in response]


def _bulk_actions(product_ids: list[int]):
    from marketplace.search.backends import product_document

    products = (
        Product.objects.filter(pk__in=product_ids)
        .select_related("seller", "category", "origin_province")
        .prefetch_related("translations", "variants")
    )
    found = set()
    for product in products:
        found.add(product.pk)
        yield {
            "_op_type": "index",
            "_index": index_name(),
            "_id": str(product.pk),
            "_source": {
                "text": product_document(product),
                "name": search_normalize(product.name),
                "seller_id": product.seller_id,
                "category": product.category.slug if product.category_id else "",
            },
        }
    for missing in sorted(set(product_ids) - found):
        yield {"_op_type": "delete", "_index": index_name(), "_id": str(missing)}


def push_products(product_ids: list[int], *, es: Elasticsearch | None = None) -> tuple[int, int]:
    """Write these products' documents (and delete the ones gone from the
    database). Returns (succeeded, failed); a delete of a document that was
    never indexed is not a failure."""
    ok, errors = bulk(es or client(), _bulk_actions(list(product_ids)), chunk_size=BULK_CHUNK, raise_on_error=False)
    failed = [e for e in errors if next(iter(e.values())).get("status") != 404]
    for error in failed[:5]:
        logger.warning("search index: %s", error)
    return ok, len(failed)


def rebuild_index(*, es: Elasticsearch | None = None) -> int:
    """Drop and recreate the index with its mapping, then index every product."""
    es = es or client()
    index = ProductDocument._index.clone(name=index_name())
    if index.exists(using=es):
        index.delete(using=es)
    index.create(using=es)
    count = 0
    ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BULK_CHUNK):
        done, _failed = push_products(ids[start : start + BULK_CHUNK], es=es)
        count += done
    return count


class ElasticsearchBackend:
    """``SearchBackend`` on Elasticsearch, with PostgreSQL kept as the fallback."""

    def __init__(self) -> None:
        from marketplace.search.backends import PostgresSearchBackend

        self.fallback = PostgresSearchBackend()

    def search(self, queryset: QuerySet[Product], text: str) -> QuerySet[Product]:
        try:
            ids = ranked_ids(text)
        except (TransportError, ApiError) as exc:
            logger.warning("Elasticsearch unavailable, searching PostgreSQL: %s", exc)
            return self.fallback.search(queryset, text)
        if ids is None:
            return queryset
        # Rank = position in Elasticsearch's answer (first = highest).
        position = Func(Value(ids, output_field=ArrayField(IntegerField())), F("pk"), function="array_position")
        return queryset.filter(pk__in=ids).annotate(
            search_rank=ExpressionWrapper(Value(len(ids) + 1) - position, output_field=FloatField())
        )

    def index_products(self, product_ids: list[int]) -> None:
        self.fallback.index_products(product_ids)
        from marketplace.search.tasks import index_products_in_elasticsearch

        transaction.on_commit(partial(index_products_in_elasticsearch.delay, product_ids=list(product_ids)))
