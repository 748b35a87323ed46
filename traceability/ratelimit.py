"""Rate limit of stamp lookups per client.

Each client (by address, hashed) gets a one-minute window that opens with
its first lookup; a counter in the cache expires with the window. A burst up
to the minute's whole allowance is accepted; beyond it the client is told
how long to wait. With Redis, a lookup is one pipelined round trip
(``SET NX EX``, ``INCR``, ``TTL``) and no database query.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

from marketplace.core.http import get_client_ip
from traceability.cache import redis_client

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    retry_after: int  # seconds until the window closes, when not allowed


def _key(client: str) -> str:
    return "trace:lookups:" + hashlib.sha256(client.encode()).hexdigest()[:24]


def check_stamp_lookup(request: HttpRequest) -> Allowance:
    """Count one stamp lookup of the requesting client and say whether it is
    within ``STAMP_LOOKUPS_PER_MINUTE``."""
    cache = caches["default"]
    key = _key(get_client_ip(request))
    if isinstance(cache, RedisCache):
        count, ttl = _count_in_redis(cache, key)
    else:
        count, ttl = _count_in_cache(cache, key)
    if count <= settings.STAMP_LOOKUPS_PER_MINUTE:
        return Allowance(True, 0)
    return Allowance(False, max(1, ttl))


def _count_in_redis(cache: RedisCache, key: str) -> tuple[int, int]:
    """Open the window if needed, count, and read its time left: one round trip."""
    full_key = cache.make_and_validate_key(key)
    client = redis_client(cache)
    pipe = client.pipeline(transaction=False)
    pipe.set(full_key, 0, ex=WINDOW_SECONDS, nx=True)
    pipe.incr(full_key)
    pipe.ttl(full_key)
    _, count, ttl = pipe.execute()
    return int(count), int(ttl) if ttl and ttl > 0 else WINDOW_SECONDS


def _count_in_cache(cache: BaseCache, key: str) -> tuple[int, int]:
    """Other cache backends (the in-process one in development and tests)."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key), WINDOW_SECONDS
    except ValueError:  # the window closed between the two calls
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return 1, WINDOW_SECONDS
