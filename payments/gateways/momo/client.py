"""MoMo's create-payment API, server to server (stdlib HTTP, with a timeout)."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from payments.errors import PaymentError
from payments.gateways.momo import signing

logger = logging.getLogger(__name__)

CREATE_PATH = "/v2/gateway/api/create"
# MoMo asks callers of this API to wait at least 30 seconds for its answer.
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class CreatedPayment:
    pay_url: str
    order_id: str


def _unavailable() -> PaymentError:
    return PaymentError("PROVIDER_ERROR", _("Chưa kết nối được với MoMo. Vui lòng thử lại sau ít phút."))


def create_payment(
    *, order_id: str, request_id: str, amount: int, order_info: str, redirect_url: str, ipn_url: str
) -> CreatedPayment:
    """Create a ``captureWallet`` payment at MoMo; its ``payUrl``. Raises
    ``PaymentError("PROVIDER_ERROR")`` when MoMo cannot be reached, refuses
    (``resultCode`` not 0) or answers about another payment."""
    body: dict[str, Any] = {
        "partnerCode": settings.MOMO_PARTNER_CODE,
        "accessKey": settings.MOMO_ACCESS_KEY,
        "requestId": request_id,
        "amount": amount,
        "orderId": order_id,
        "orderInfo": order_info,
        "redirectUrl": redirect_url,
        "ipnUrl": ipn_url,
        "requestType": "captureWallet",
        "extraData": "",
        "lang": "vi",
    }
    body["signature"] = signing.sign(signing.CREATE_FIELDS, body, settings.MOMO_SECRET_KEY)
    del body["accessKey"]  # signed, not sent
    request = urllib.request.Request(
        settings.MOMO_ENDPOINT.rstrip("/") + CREATE_PATH,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=UTF-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - configured endpoint
            answer = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            answer = json.loads(exc.read())
        except ValueError:
            logger.warning("MoMo create %s: HTTP %s", order_id, exc.code)
            raise _unavailable() from exc
    except (OSError, ValueError) as exc:
        logger.warning("MoMo create %s failed: %s", order_id, exc)
        raise _unavailable() from exc
    if not isinstance(answer, dict) or answer.get("resultCode") != 0:
        logger.warning("MoMo refused %s: %r", order_id, answer)
        raise _unavailable()
    # The answer must be about this payment (TLS vouches for who sent it).
    echoed = (answer.get("partnerCode"), answer.get("orderId"), answer.get("requestId"), answer.get("amount"))
    pay_url = answer.get("payUrl")
    expected = (settings.MOMO_PARTNER_CODE, order_id, request_id, amount)
    if echoed != expected or not isinstance(pay_url, str) or not pay_url.startswith(("https://", "http://")):
        logger.warning("MoMo answered %s for %s", echoed, expected)
        raise _unavailable()
    return CreatedPayment(pay_url=pay_url, order_id=order_id)
