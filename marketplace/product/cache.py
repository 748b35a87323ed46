"""Invalidation of cached catalogue pages and API answers.

Every cached rendering of catalogue data includes ``catalog_generation()`` in
its key; any change that a shopper could see calls ``catalog_changed()``, which
moves the generation on once the transaction commits, so stale entries are
never read again (they age out of the cache by themselves). With several web
processes the cache must be shared (REDIS_URL) for this to reach all of them.

Why signals here, when the house rules keep business rules out of signals:
this is infrastructure, not a rule. Services call ``catalog_changed()``
themselves, but catalogue rows also change through Django admin, the shell,
data migrations and other apps' services, and one forgotten call would serve
stale prices or a suspended seller's products for minutes. So
``connect_catalog_signals()`` (called from ``ProductConfig.ready``) also hooks
``post_save``/``post_delete`` of every model a catalogue page shows. Signals do
not fire for ``QuerySet.update()`` or ``bulk_create()``: code that changes
catalogue rows that way must call ``catalog_changed()`` itself (the product
services do).
"""

from __future__ import annotations

import time
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "catalog:generation"

# (app label, model name) of everything shown on a catalogue page.
CATALOG_MODELS = (
    ("product", "Product"),
    ("product", "ProductVariant"),
    ("product", "ProductChannelListing"),
    ("product", "ProductVariantChannelListing"),
    ("product", "ProductMedia"),
    ("product", "Thumbnail"),
    ("product", "ProductTranslation"),
    ("product", "ProductVariantTranslation"),
    ("product", "Category"),
    ("product", "CategoryTranslation"),
    ("product", "OcopCertificate"),
    ("seller", "Seller"),
    ("warehouse", "Warehouse"),
    ("warehouse", "Stock"),
    ("channel", "Channel"),
)


def _fresh_generation() -> int:
    # Start from the clock, not from 1: if the key is evicted, a restarted count
    # must not meet old generations whose pages may still be in the cache.
    return time.time_ns() // 1000


def catalog_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation if generation is not None else _fresh_generation()


def generation_and_entry(key: str) -> tuple[int, Any]:
    """The current generation and the cache entry at ``key``, read in one round
    trip to the cache server (a cached page costs one request, not two)."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = catalog_generation()
    return generation, found.get(key)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key was evicted (or never set)
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)


class _PendingBump:
    """One generation bump shared by every change queued for the same commit."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            _bump()


def catalog_changed() -> None:
    """Call after changing anything shown in the shop; takes effect on commit.

    Many changes in one transaction (an import, a bulk edit) bump the
    generation once: their callbacks share one ``_PendingBump``. Each change
    still queues its own callback, so a rolled-back savepoint drops only its own.
    """
    connection = transaction.get_connection(DEFAULT_DB_ALIAS)
    pending = getattr(connection, "catalog_pending_bump", None)
    if pending is None or pending.done or not connection.in_atomic_block:
        pending = _PendingBump()
        connection.catalog_pending_bump = pending
    transaction.on_commit(pending)


def _on_catalog_row_changed(sender: type, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: pages are rebuilt after the load anyway
        return
    catalog_changed()


def connect_catalog_signals() -> None:
    """Expire cached pages whenever a catalogue row is saved or deleted."""
    for app_label, model_name in CATALOG_MODELS:
        model = apps.get_model(app_label, model_name)
        uid = f"catalog-cache-{app_label}.{model_name}"
        post_save.connect(_on_catalog_row_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_catalog_row_changed, sender=model, dispatch_uid=f"{uid}-delete")
    warehouse_channels = apps.get_model("warehouse", "Warehouse").channels.through
    m2m_changed.connect(_on_catalog_row_changed, sender=warehouse_channels, dispatch_uid="catalog-cache-warehouse-ch")
