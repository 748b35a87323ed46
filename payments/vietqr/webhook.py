"""The incoming-transfer webhook: our bank (or a bank-feed service in front
of it) tells us about each credit to our account as it happens.

Request::

    POST /thanh-toan/vietqr/webhook/
    Content-Type: application/json
    X-OCOP-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>

    {"id": "FT24330912345678",          bank transaction reference (unique, ≤ 100 chars)
     "amount": 205000,                  whole đồng credited (integer > 0)
     "description": "OCOP7K3M9QX2 ...", the transfer's memo as the bank shows it
     "booked_at": "2026-11-25T14:03:05+07:00",   ISO 8601 (no zone: Vietnam time)
     "account_number": "0011001932418"} the credited account (optional; must be ours)

Signature: ``v1 = hex(HMAC_SHA256(VIETQR_WEBHOOK_SECRET, "<t>.<raw body>"))``
over the exact bytes sent; ``t`` within ``VIETQR_WEBHOOK_TOLERANCE_SECONDS``
(default 300) of our clock. Several ``v1=`` values may be sent (secret
rotation); one must match.

Responses (JSON ``{"status": ...}``): 200 ``matched`` (the order is charged)
or ``duplicate`` (this bank reference was handled before: nothing changes),
202 ``queued`` (an operator decides: wrong amount, expired or unknown
reference), 400 ``invalid_payload``, 401 ``invalid_signature`` or
``stale_timestamp``, 422 ``wrong_account``, 404 when
``VIETQR_WEBHOOK_SECRET`` is unset (the webhook is off). Only a 2xx means the
credit was taken; retries of the same ``id`` are safe."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from payments.vietqr.matching import IncomingCredit
from payments.vietqr.statements import parse_date

SIGNATURE_HEADER = "X-OCOP-Signature"


class WebhookRejected(Exception):
    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


def sign(*, secret: str, body: bytes, timestamp: int) -> str:
    """The header value for ``body`` sent at ``timestamp`` (the bank's side; tests)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(*, header: str, body: bytes, secret: str, tolerance: int, now: float | None = None) -> None:
    """Raises ``WebhookRejected(401)`` unless ``header`` signs ``body`` with
    ``secret`` at a time within ``tolerance`` seconds of ``now``."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in str(header or "").split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise WebhookRejected(401, "invalid_signature")
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise WebhookRejected(401, "invalid_signature")
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise WebhookRejected(401, "stale_timestamp")


def parse_credit(*, body: bytes, account_number: str) -> IncomingCredit:
    """The credit a verified body reports. Raises ``WebhookRejected``:
    400 ``invalid_payload``, 422 ``wrong_account``."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise WebhookRejected(400, "invalid_payload") from None
    if not isinstance(data, dict):
        raise WebhookRejected(400, "invalid_payload")
    bank_reference, amount = data.get("id"), data.get("amount")
    description, booked_at = data.get("description", ""), data.get("booked_at")
    if not isinstance(bank_reference, str) or not bank_reference.strip() or len(bank_reference) > 100:
        raise WebhookRejected(400, "invalid_payload")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise WebhookRejected(400, "invalid_payload")
    if not isinstance(description, str) or not isinstance(booked_at, str):
        raise WebhookRejected(400, "invalid_payload")
    try:
        booked = parse_date(booked_at)
    except ValueError:
        raise WebhookRejected(400, "invalid_payload") from None
    account = data.get("account_number")
    if account is not None and str(account).strip() != account_number:
        raise WebhookRejected(422, "wrong_account")
    return IncomingCredit(
        bank_reference=bank_reference.strip(),
        booked_at=booked,
        amount=amount,
        description=" ".join(description.split())[:500],
    )
