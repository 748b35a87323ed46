"""Counting failures per key in the shared cache, e.g. sign-in attempts per
client address and email, to slow down password guessing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class FailureLimit:
    """At most ``limit`` failures within ``window_seconds`` of the first one."""

    name: str
    limit: int
    window_seconds: int

    def _key(self, *parts: str) -> str:
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
        return f"ratelimit:{self.name}:{digest}"

    def is_exceeded(self, *parts: str) -> bool:
        return (cache.get(self._key(*parts)) or 0) >= self.limit

    def record_failure(self, *parts: str) -> None:
        key = self._key(*parts)
        if cache.add(key, 1, timeout=self.window_seconds):
            return
        try:
            cache.incr(key)  # keeps the window's expiry
        except ValueError:  # expired in between
            cache.add(key, 1, timeout=self.window_seconds)

    def reset(self, *parts: str) -> None:
        cache.delete(self._key(*parts))


SIGN_IN_FAILURES = FailureLimit("sign-in", limit=10, window_seconds=5 * 60)


def client_address(request: HttpRequest) -> str:
    """The peer's address as the server saw it. Behind a proxy this is the
    proxy's, so limits keyed on it then fall back to the other key parts."""
    return request.META.get("REMOTE_ADDR", "")
