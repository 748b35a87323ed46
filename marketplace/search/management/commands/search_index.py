"""Rebuild the Elasticsearch product index: ``manage.py search_index``."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from elasticsearch.exceptions import ApiError, TransportError


class Command(BaseCommand):
    help = "Drop, recreate and fill the Elasticsearch product index (needs ELASTICSEARCH_URL)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL is not set: search runs on PostgreSQL, nothing to rebuild.")
        from marketplace.search.elasticsearch import index_name, rebuild_index

        try:
            count = rebuild_index()
        except (TransportError, ApiError) as exc:
            raise CommandError(f"Elasticsearch at {settings.ELASTICSEARCH_URL} answered: {exc}") from exc
        self.stdout.write(f"Indexed {count} products into {index_name()}.")
