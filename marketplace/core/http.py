"""Facts about an HTTP request that more than one area needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def get_client_ip(request: HttpRequest) -> str:
    """The client's address; behind a trusted proxy (BEHIND_PROXY) the last hop
    of X-Forwarded-For, which the proxy appended and the client cannot forge."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
