"""Rate limit of stamp lookups per client.

A fixed one-minute window per client address in the cache: one ``incr`` per
lookup (``add`` first creates the key with its expiry), so a normal scan pays
one cache round trip and no database query. A burst up to the whole minute's
allowance is accepted; beyond it the client waits for the next window.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

from marketplace.core.http import get_client_ip

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    retry_after: int  # seconds until the next window when not allowed


def _key(client: str, window: int) -> str:
    digest = hashlib.sha256(client.encode()).hexdigest()[:24]
    return f"trace:lookups:{digest}:{window}"


def check_stamp_lookup(request: HttpRequest, *, now: float | None = None) -> Allowance:
    """Count one stamp lookup of the requesting client and say whether it is
    within ``STAMP_LOOKUPS_PER_MINUTE``."""
    limit = settings.STAMP_LOOKUPS_PER_MINUTE
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = _key(get_client_ip(request), window)
    cache = caches["default"]
    count = _count_in_redis(cache, key) if isinstance(cache, RedisCache) else _count_in_cache(cache, key)
    if count <= limit:
        return Allowance(True, 0)
    return Allowance(False, max(1, int((window + 1) * WINDOW_SECONDS - now) + 1))


def _count_in_redis(cache: RedisCache, key: str) -> int:
    """INCR and EXPIRE in one pipeline: one round trip to Redis."""
    full_key = cache.make_and_validate_key(key)
    client = cache._cache.get_client(full_key, write=True)
    pipe = client.pipeline(transaction=False)
    pipe.incr(full_key)
    pipe.expire(full_key, WINDOW_SECONDS + 5)
    count, _ = pipe.execute()
    return int(count)


def _count_in_cache(cache: BaseCache, key: str) -> int:
    try:
        return cache.incr(key)
    except ValueError:  # first lookup in this window: the key does not exist yet
        if cache.add(key, 1, timeout=WINDOW_SECONDS + 5):
            count = 1
        else:  # another process created it meanwhile
            count = cache.incr(key)
    return count
