"""Product search behind one interface.

``PostgresSearchBackend`` (default) matches a diacritic-free tsvector with
prefix terms, so ``nuoc mam`` finds "Nước mắm". ``ElasticsearchBackend``
(``marketplace.search.elasticsearch``) takes over when ELASTICSEARCH_URL is
set, keeping PostgreSQL as its fallback.
"""

from __future__ import annotations

import re
from typing import Protocol

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, QuerySet, Value

from marketplace.core.text import search_normalize
from marketplace.product.models import Product

_TERM = re.compile(r"[a-z0-9]+")


class SearchBackend(Protocol):
    def search(self, queryset: QuerySet[Product], text: str) -> QuerySet[Product]: ...

    def index_products(self, product_ids: list[int]) -> None: ...


def product_document(product: Product) -> str:
    parts = [product.name, product.seller.name if product.seller_id else ""]
    if product.category_id:
        parts.append(product.category.name)
    parts += [t.name for t in product.translations.all()]
    parts += [v.sku for v in product.variants.all()]
    if product.origin_province_id:
        parts.append(product.origin_province.name)
    return search_normalize(" ".join(p for p in parts if p))


class PostgresSearchBackend:
    def search(self, queryset: QuerySet[Product], text: str) -> QuerySet[Product]:
        terms = _TERM.findall(search_normalize(text))[:10]
        if not terms:
            return queryset
        raw = " & ".join(f"{t}:*" for t in terms)
        query = SearchQuery(raw, search_type="raw", config="simple")
        return queryset.filter(search_vector=query).annotate(search_rank=SearchRank(F("search_vector"), query))

    def index_products(self, product_ids: list[int]) -> None:
        products = (
            Product.objects.filter(pk__in=product_ids)
            .select_related("seller", "category", "origin_province")
            .prefetch_related("translations", "variants")
        )
        for product in products:
            document = product_document(product)
            Product.objects.filter(pk=product.pk).update(
                search_document=document, search_vector=SearchVector(Value(document), config="simple")
            )


def get_search_backend() -> SearchBackend:
    if settings.ELASTICSEARCH_URL:
        from marketplace.search.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend()
    return PostgresSearchBackend()
