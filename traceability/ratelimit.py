"""Rate limit of stamp lookups per client.

Each client (by address, hashed) gets a one-minute window that opens with
its first lookup; a counter in the cache expires with the window. A burst up
to the minute's whole allowance is accepted; beyond it the client is told
how long to wait. With Redis, a lookup is one pipelined round trip
(``SET NX EX``, ``INCR``, ``TTL``) and no database query; the verification
page counts it in the same round trip that reads its cached answer
(``lookup_key`` passed to ``scans.scan_uri``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from marketplace.core.http import get_client_ip
from traceability.cache import Counted, count_and_read

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    retry_after: int  # seconds until the window closes, when not allowed


class TooManyLookups(Exception):
    """The client looked up more than ``STAMP_LOOKUPS_PER_MINUTE`` stamps in
    its window; it may try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many stamp lookups, retry after {retry_after} s")
        self.retry_after = retry_after


def lookup_key(request: HttpRequest) -> str:
    """The cache key of the requesting client's lookup counter."""
    return "trace:lookups:" + hashlib.sha256(get_client_ip(request).encode()).hexdigest()[:24]


def allowance(counted: Counted) -> Allowance:
    """Whether a lookup counted as ``counted`` is within the allowance."""
    if counted.count <= settings.STAMP_LOOKUPS_PER_MINUTE:
        return Allowance(True, 0)
    return Allowance(False, max(1, counted.left))


def enforce(counted: Counted | None) -> None:
    """Raise ``TooManyLookups`` when a lookup counted as ``counted`` is over
    the allowance (nothing when there was nothing to count)."""
    if counted is None:
        return
    verdict = allowance(counted)
    if not verdict.allowed:
        raise TooManyLookups(verdict.retry_after)


def check_stamp_lookup(request: HttpRequest) -> Allowance:
    """Count one stamp lookup of the requesting client and say whether it is
    within ``STAMP_LOOKUPS_PER_MINUTE``."""
    counted, _ = count_and_read(lookup_key(request), WINDOW_SECONDS, [])
    assert counted is not None
    return allowance(counted)
