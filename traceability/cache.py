"""Invalidation of cached verification answers.

The public verification page splits what it shows into what is the same for
every scan of a stamp (product, producer, batch, timeline, certificates,
stamp and batch status: ``verification.Verification``) and what changes with
each scan (count, first scan, suspicion: ``scans.ScanResult``). The former is
cached per scanned code; an entry is valid only while both the traceability
generation (``trace_generation``) and the catalogue generation
(``marketplace.product.cache.catalog_generation``: product names, images,
sellers, certificates) are the ones it was built under. Every traceability
service that changes what the page shows calls ``trace_changed()``, which
moves the generation on once the transaction commits.

One cached answer costs one round trip to the cache server: both
generations, the entries and the client's lookup counter (the rate limit)
are read in one pipelined request, with Redis on a client made once per
thread (Django's Redis backend builds a new client object, some 150 µs of
Python, for every call).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import DEFAULT_DB_ALIAS, transaction

from marketplace.product.cache import GENERATION_KEY as CATALOG_GENERATION_KEY
from marketplace.product.cache import catalog_generation

TRACE_GENERATION_KEY = "trace:generation"


def _fresh_generation() -> int:
    # From the clock, not from 1: an evicted counter restarting at 1 must not
    # meet entries stored under old generations.
    return time.time_ns() // 1000


def trace_generation() -> int:
    generation = cache.get(TRACE_GENERATION_KEY)
    if generation is None:
        cache.add(TRACE_GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(TRACE_GENERATION_KEY)
    return generation if generation is not None else _fresh_generation()


def generations_and_entry(key: str) -> tuple[tuple[int, int], Any]:
    """``(trace generation, catalogue generation)`` and the entry at ``key``,
    read in one round trip to the cache server."""
    found = cache.get_many([TRACE_GENERATION_KEY, CATALOG_GENERATION_KEY, key])
    trace = found.get(TRACE_GENERATION_KEY)
    catalog = found.get(CATALOG_GENERATION_KEY)
    return (
        trace if trace is not None else trace_generation(),
        catalog if catalog is not None else catalog_generation(),
    ), found.get(key)


def _bump() -> None:
    try:
        cache.incr(TRACE_GENERATION_KEY)
    except ValueError:  # evicted or never set
        cache.add(TRACE_GENERATION_KEY, _fresh_generation(), timeout=None)


class _PendingBump:
    """One bump shared by every change queued for the same commit."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            _bump()


def trace_changed() -> None:
    """Call after changing anything the verification page shows (stamp
    status, activation, void, recall, events, batch details, GTINs); takes
    effect on commit, once per transaction."""
    connection = transaction.get_connection(DEFAULT_DB_ALIAS)
    pending = getattr(connection, "trace_pending_bump", None)
    if pending is None or pending.done or not connection.in_atomic_block:
        pending = _PendingBump()
        connection.trace_pending_bump = pending
    transaction.on_commit(pending)


def redis_client(backend: BaseCache) -> Any | None:
    """``backend``'s Redis client (a ``redis.Redis``), made once per backend
    object (one per thread) instead of once per call; None for other cache
    backends. Reads the Django backend's private client maker: pinned to
    Django 5.2's ``RedisCacheClient``."""
    if not isinstance(backend, RedisCache):
        return None
    maker = backend._cache
    client = getattr(maker, "trace_client", None)
    if client is None:
        client = maker.trace_client = maker.get_client(write=True)
    return client


@dataclass(frozen=True)
class Counted:
    """A windowed counter after one increment: its ``count`` and the seconds
    ``left`` before its window closes and it starts again from zero."""

    count: int
    left: int


def _count_in_cache(backend: BaseCache, key: str, window: int) -> Counted:
    """Other cache backends (the in-process one in development and tests)."""
    backend.add(key, 0, timeout=window)
    try:
        return Counted(backend.incr(key), window)
    except ValueError:  # the window closed between the two calls
        backend.add(key, 1, timeout=window)
        return Counted(1, window)


def count_and_read(counter: str | None, window: int, keys: list[str]) -> tuple[Counted | None, dict[str, Any]]:
    """Add one to the windowed counter at ``counter`` (its window of
    ``window`` seconds opens with its first count), and read the entries at
    ``keys``: with Redis in one round trip (SET NX EX, INCR, TTL, MGET on the
    reused client). Returns the counter (None without one) and the entries
    found."""
    backend = caches[DEFAULT_CACHE_ALIAS]  # the thread's backend itself, not the proxy
    client = redis_client(backend)
    if client is None:
        counted = _count_in_cache(backend, counter, window) if counter is not None else None
        return counted, backend.get_many(keys) if keys else {}
    pipe = client.pipeline(transaction=False)
    if counter is not None:
        counter_key = backend.make_and_validate_key(counter)
        pipe.set(counter_key, 0, ex=window, nx=True)
        pipe.incr(counter_key)
        pipe.ttl(counter_key)
    if keys:
        pipe.mget([backend.make_and_validate_key(key) for key in keys])
    results = pipe.execute()
    counted = None
    if counter is not None:
        _, count, left = results[:3]
        counted = Counted(int(count), int(left) if left and left > 0 else window)
    loads = backend._cache._serializer.loads
    values = results[-1] if keys else []
    return counted, {key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None}


def store(key: str, value: Any, *, timeout: int) -> None:
    """``cache.set`` for ``timeout`` seconds, with Redis on the thread's
    reused client (``redis_client``) and the backend's own key and serializer."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    client = redis_client(backend)
    if client is None:
        backend.set(key, value, timeout=timeout)
    else:
        client.set(backend.make_and_validate_key(key), backend._cache._serializer.dumps(value), ex=timeout)


def generations_and_entries(
    keys: list[str], *, counter: str | None = None, window: int = 60
) -> tuple[tuple[int, int], dict[str, Any], Counted | None]:
    """``generations_and_entry`` for several keys: both generations and every
    entry found, and ``counter`` counted as ``count_and_read`` does, all in
    one round trip to the cache server."""
    counted, found = count_and_read(counter, window, [TRACE_GENERATION_KEY, CATALOG_GENERATION_KEY, *keys])
    trace = found.pop(TRACE_GENERATION_KEY, None)
    catalog = found.pop(CATALOG_GENERATION_KEY, None)
    return (
        (
            trace if trace is not None else trace_generation(),
            catalog if catalog is not None else catalog_generation(),
        ),
        found,
        counted,
    )
