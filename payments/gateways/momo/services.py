"""MoMo's flow (API v2, ``captureWallet``).

``payment_url`` records an attempt and creates the payment at MoMo;
``handle_ipn`` applies MoMo's IPN and says which HTTP status to answer
(204 once handled, MoMo expects it within 15 seconds); ``read_return``
reads the shopper's redirect back for a message only."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from payments.gateways.hosted import Notification, Outcome, apply_notification, find_attempt, start_attempt
from payments.gateways.momo import client, signing
from payments.models import Transaction

logger = logging.getLogger(__name__)

GATEWAY_ID = "momo"
# An IPN whose result MoMo produced longer ago than this is refused.
IPN_MAX_AGE = datetime.timedelta(hours=1)
CLOCK_SKEW = datetime.timedelta(minutes=5)
HANDLED, BAD_REQUEST, NOT_FOUND = 204, 400, 404


def payment_url(*, tx: Transaction, redirect_url: str, ipn_url: str) -> str:
    """Record a new attempt on ``tx``, create its payment at MoMo and return
    MoMo's ``payUrl``. Raises ``PaymentError`` as ``hosted.start_attempt``
    and ``client.create_payment`` do. Runs outside any database transaction
    (the attempt commits first, then MoMo is called)."""
    attempt = start_attempt(tx=tx, gateway_id=GATEWAY_ID)
    created = client.create_payment(
        order_id=attempt.reference,
        # The same id on a retried call lets MoMo answer it once.
        request_id=attempt.reference,
        amount=attempt.amount,
        order_info=f"Thanh toán đơn hàng {attempt.transaction.order.number} tại Chợ OCOP",
        redirect_url=redirect_url,
        ipn_url=ipn_url,
    )
    return created.pay_url


def _whole(value: object) -> int | None:
    """A JSON number MoMo sends (some of its examples quote them as text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.lstrip("-").isdigit() and len(value) < 20:
        return int(value)
    return None


def _verified(values: Mapping[str, Any]) -> bool:
    return signing.is_authentic(
        signing.RESULT_FIELDS, values, access_key=settings.MOMO_ACCESS_KEY, secret_key=settings.MOMO_SECRET_KEY
    )


def handle_ipn(body: bytes, *, now: datetime.datetime) -> int:
    """The HTTP status for MoMo's IPN ``body``: 400 for a body that is not a
    signed result for our partner code, a stale one, or a wrong amount; 404
    for an order we never sent; 204 once handled (recorded now, or handled
    before: nothing changes). Paid only when ``resultCode`` is 0."""
    try:
        values = json.loads(body)
    except ValueError:
        return BAD_REQUEST
    if not isinstance(values, dict) or not _verified(values):
        return BAD_REQUEST
    if values.get("partnerCode") != settings.MOMO_PARTNER_CODE:
        return BAD_REQUEST
    amount, result_code = _whole(values.get("amount")), _whole(values.get("resultCode"))
    response_time = _whole(values.get("responseTime"))
    if amount is None or result_code is None or response_time is None:
        return BAD_REQUEST
    try:
        produced = datetime.datetime.fromtimestamp(response_time / 1000, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return BAD_REQUEST
    if not now - IPN_MAX_AGE <= produced <= now + CLOCK_SKEW:
        logger.warning("MoMo IPN for %s refused: produced at %s, now %s", values.get("orderId"), produced, now)
        return BAD_REQUEST
    order_id, trans_id = str(values.get("orderId")), str(values.get("transId"))
    outcome = apply_notification(
        Notification(
            gateway_id=GATEWAY_ID,
            reference=order_id,
            event_id=f"{order_id}:{trans_id}",
            amount=amount,
            paid=result_code == 0,
            psp_reference=trans_id if result_code == 0 else order_id,
            message=f"MoMo {result_code} {values.get('payType', '')}: {values.get('message', '')}",
            payload=body,
        )
    )
    return {Outcome.UNKNOWN: NOT_FOUND, Outcome.AMOUNT_MISMATCH: BAD_REQUEST}.get(outcome, HANDLED)


@dataclass(frozen=True)
class ReturnResult:
    transaction: Transaction
    succeeded: bool
    result_code: str


def read_return(params: Mapping[str, str]) -> ReturnResult | None:
    """The shopper's redirect back (MoMo signs it as it signs the IPN), for a
    message only; ``None`` when forged or about no attempt of ours."""
    if not _verified(params):
        return None
    attempt = find_attempt(gateway_id=GATEWAY_ID, reference=params.get("orderId", ""))
    if attempt is None:
        return None
    result_code = params.get("resultCode", "")
    return ReturnResult(transaction=attempt.transaction, succeeded=result_code == "0", result_code=result_code)
