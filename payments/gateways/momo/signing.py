"""MoMo API v2's signatures: HMAC-SHA256 with the partner's secret key over
``name=value`` pairs in alphabetical order of name, joined by ``&``, with the
values as they are (no URL encoding), in hex. Which fields are signed
depends on the message: MoMo's documentation lists them for each one."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

# POST /v2/gateway/api/create (requestType captureWallet).
CREATE_FIELDS = (
    "accessKey",
    "amount",
    "extraData",
    "ipnUrl",
    "orderId",
    "orderInfo",
    "partnerCode",
    "redirectUrl",
    "requestId",
    "requestType",
)
# The payment result: the IPN's body and the redirect back's query alike.
RESULT_FIELDS = (
    "accessKey",
    "amount",
    "extraData",
    "message",
    "orderId",
    "orderInfo",
    "orderType",
    "partnerCode",
    "payType",
    "requestId",
    "responseTime",
    "resultCode",
    "transId",
)


def _text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        raise ValueError("not a signed value")
    return str(value)


def raw_signature(fields: tuple[str, ...], values: Mapping[str, object]) -> str:
    """The string MoMo signs. Raises ``KeyError``/``ValueError`` when a
    field is missing or not a string or number."""
    return "&".join(f"{name}={_text(values[name])}" for name in fields)


def sign(fields: tuple[str, ...], values: Mapping[str, object], secret_key: str) -> str:
    return hmac.new(
        secret_key.encode("utf-8"), raw_signature(fields, values).encode("utf-8"), hashlib.sha256
    ).hexdigest()


def is_authentic(fields: tuple[str, ...], values: Mapping[str, object], *, access_key: str, secret_key: str) -> bool:
    """Whether ``values["signature"]`` signs ``fields`` (our access key
    included) under ``secret_key``, compared in constant time."""
    given = values.get("signature")
    if not secret_key or not access_key or not isinstance(given, str) or len(given) != 64:
        return False
    try:
        expected = sign(fields, {**values, "accessKey": access_key}, secret_key)
    except (KeyError, ValueError):
        return False
    return hmac.compare_digest(expected, given.lower())
