"""Search index writes after the database transaction commits."""

from __future__ import annotations

from celery import shared_task
from elasticsearch.exceptions import ApiError, TransportError


@shared_task(
    name="search.index_products_in_elasticsearch",
    autoretry_for=(TransportError, ApiError),
    retry_backoff=True,
    max_retries=5,
)
def index_products_in_elasticsearch(*, product_ids: list[int]) -> None:
    from marketplace.search.elasticsearch import push_products

    push_products(product_ids)
