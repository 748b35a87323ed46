"""VNPay 2.1.0's checksum: the ``vnp_*`` parameters sorted by name, each
``name=value`` URL-encoded as a form field (spaces as ``+``), joined by ``&``,
then HMAC-SHA512 with the merchant's hash secret, in hex. The same string is
the payment URL's query; ``vnp_SecureHash`` is appended to it (and
``vnp_SecureHashType``, which 2.1.0 no longer sends, is never signed)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import quote_plus

UNSIGNED = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})


def canonical_query(params: Mapping[str, str], *, skip_empty: bool = False) -> str:
    """The signed string: ``vnp_`` parameters but the hash, sorted by name."""
    items = sorted(
        (key, str(value))
        for key, value in params.items()
        if key.startswith("vnp_") and key not in UNSIGNED and not (skip_empty and str(value) == "")
    )
    return "&".join(f"{quote_plus(key)}={quote_plus(value)}" for key, value in items)


def secure_hash(params: Mapping[str, str], secret: str, *, skip_empty: bool = False) -> str:
    message = canonical_query(params, skip_empty=skip_empty).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha512).hexdigest()


def signed_url(base_url: str, params: Mapping[str, str], secret: str) -> str:
    """The payment URL VNPay's page opens with: the query and its hash."""
    return f"{base_url}?{canonical_query(params)}&vnp_SecureHash={secure_hash(params, secret)}"


def is_authentic(params: Mapping[str, str], secret: str) -> bool:
    """Whether ``vnp_SecureHash`` signs the other ``vnp_`` parameters under
    ``secret`` (compared in constant time). VNPay's own sample code differs on
    empty values (some signs them, some leaves them out), so either is taken."""
    given = str(params.get("vnp_SecureHash", "")).lower()
    if not secret or len(given) != 128:
        return False
    matches = hmac.compare_digest(secure_hash(params, secret), given)
    if not matches and any(str(value) == "" for value in params.values()):
        matches = hmac.compare_digest(secure_hash(params, secret, skip_empty=True), given)
    return matches
