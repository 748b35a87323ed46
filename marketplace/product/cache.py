"""Invalidation of cached catalogue pages and API answers.

Every cached rendering of catalogue data includes ``catalog_generation()`` in
its key; any change that a shopper could see calls ``catalog_changed()`` after
commit, which moves the generation on, so stale entries are never read again
(they age out of the cache by themselves). With several web processes the
cache must be shared (REDIS_URL) for this to reach all of them.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "catalog:generation"


def catalog_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 2, timeout=None)


def catalog_changed() -> None:
    """Call after changing anything shown in the shop; takes effect on commit."""
    transaction.on_commit(_bump)
