"""VNPay's redirect and IPN flow (API 2.1.0).

``payment_url`` records an attempt and signs the URL of VNPay's page;
``handle_ipn`` answers VNPay's server-to-server notification with one of
VNPay's ``RspCode`` values; ``read_return`` reads the shopper's redirect back
for a message only (it never records a payment)."""

from __future__ import annotations

import datetime
import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings

from payments.gateways.hosted import Notification, Outcome, apply_notification, find_attempt, start_attempt
from payments.gateways.vnpay.signing import is_authentic, signed_url
from payments.models import Transaction

logger = logging.getLogger(__name__)

GATEWAY_ID = "vnpay"
VERSION = "2.1.0"
VIETNAM = datetime.timezone(datetime.timedelta(hours=7), "GMT+7")
DATE_FORMAT = "%Y%m%d%H%M%S"
# How long VNPay's page accepts the payment (vnp_ExpireDate).
EXPIRE_AFTER = datetime.timedelta(minutes=15)
# An IPN whose payment is older than this is refused (VNPay retries within hours).
IPN_MAX_AGE = datetime.timedelta(hours=24)
# Clock drift tolerated between VNPay and us for a payment "in the future".
CLOCK_SKEW = datetime.timedelta(minutes=5)

SUCCESS, ORDER_NOT_FOUND, ALREADY_CONFIRMED, INVALID_AMOUNT, INVALID_SIGNATURE, UNKNOWN_ERROR = (
    "00",
    "01",
    "02",
    "04",
    "97",
    "99",
)
RSP_MESSAGES = {
    SUCCESS: "Confirm Success",
    ORDER_NOT_FOUND: "Order not found",
    ALREADY_CONFIRMED: "Order already confirmed",
    INVALID_AMOUNT: "Invalid amount",
    INVALID_SIGNATURE: "Invalid signature",
    UNKNOWN_ERROR: "Unknown error",
}


def vietnam_time(moment: datetime.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime(DATE_FORMAT)


def ascii_text(text: str, *, limit: int = 255) -> str:
    """VNPay wants vnp_OrderInfo in plain ASCII: drop the diacritics (đ → d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9 .,:_-]", " ", plain).strip()[:limit]


def payment_url(*, tx: Transaction, client_ip: str, return_url: str, now: datetime.datetime) -> str:
    """Record a new attempt on ``tx`` and sign the URL of VNPay's page for it.
    Raises ``PaymentError`` as ``hosted.start_attempt`` does."""
    attempt = start_attempt(tx=tx, gateway_id=GATEWAY_ID)
    order = attempt.transaction.order
    params = {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": settings.VNPAY_TMN_CODE,
        "vnp_Amount": str(attempt.amount * 100),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": attempt.reference,
        "vnp_OrderInfo": ascii_text(f"Thanh toan don hang {order.number}"),
        "vnp_OrderType": "other",
        "vnp_Locale": "vn",
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": client_ip,
        "vnp_CreateDate": vietnam_time(now),
        "vnp_ExpireDate": vietnam_time(now + EXPIRE_AFTER),
    }
    return signed_url(settings.VNPAY_PAYMENT_URL, params, settings.VNPAY_HASH_SECRET)


@dataclass(frozen=True)
class IpnAnswer:
    code: str

    def as_json(self) -> dict[str, str]:
        return {"RspCode": self.code, "Message": RSP_MESSAGES[self.code]}


def _parse_pay_date(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(value, DATE_FORMAT).replace(tzinfo=VIETNAM)
    except ValueError:
        return None


def _amount(value: str) -> int | None:
    """vnp_Amount in đồng (VNPay sends ×100); ``None`` if not a whole number of đồng."""
    if not value.isascii() or not value.isdigit() or len(value) > 18 or int(value) % 100:
        return None
    return int(value) // 100


def handle_ipn(params: Mapping[str, str], *, now: datetime.datetime) -> IpnAnswer:
    """VNPay's IPN, checked in VNPay's documented order: signature (97), the
    attempt (01), the amount (04), already confirmed or handled (02), then
    the outcome recorded (00) — paid only when both ``vnp_ResponseCode`` and
    ``vnp_TransactionStatus`` are "00", any other result a recorded failure.
    A stale or malformed notification gets 99. Nothing changes unless 00."""
    secret = getattr(settings, "VNPAY_HASH_SECRET", "")
    if not is_authentic(params, secret):
        return IpnAnswer(INVALID_SIGNATURE)
    reference = params.get("vnp_TxnRef", "")
    response_code = params.get("vnp_ResponseCode", "")
    status = params.get("vnp_TransactionStatus", "")
    paid_at = _parse_pay_date(params.get("vnp_PayDate", ""))
    if not reference or not response_code or not status or paid_at is None:
        return IpnAnswer(UNKNOWN_ERROR)
    if not now - IPN_MAX_AGE <= paid_at <= now + CLOCK_SKEW:
        logger.warning("VNPay IPN for %s refused: paid at %s, now %s", reference, paid_at, now)
        return IpnAnswer(UNKNOWN_ERROR)
    if params.get("vnp_TmnCode", "") != settings.VNPAY_TMN_CODE:
        return IpnAnswer(ORDER_NOT_FOUND)
    amount = _amount(params.get("vnp_Amount", ""))
    if amount is None:
        return IpnAnswer(INVALID_AMOUNT)
    paid = response_code == "00" and status == "00"
    transaction_no = params.get("vnp_TransactionNo", "")
    outcome = apply_notification(
        Notification(
            gateway_id=GATEWAY_ID,
            reference=reference,
            event_id=f"{reference}:{transaction_no}",
            amount=amount,
            paid=paid,
            psp_reference=transaction_no if paid else reference,
            message=f"VNPay {response_code}/{status} {params.get('vnp_BankCode', '')}".strip(),
            payload="&".join(f"{k}={v}" for k, v in sorted(params.items())).encode("utf-8"),
        )
    )
    return IpnAnswer(
        {
            Outcome.RECORDED: SUCCESS,
            Outcome.UNKNOWN: ORDER_NOT_FOUND,
            Outcome.AMOUNT_MISMATCH: INVALID_AMOUNT,
            Outcome.ALREADY_CONFIRMED: ALREADY_CONFIRMED,
        }[outcome]
    )


@dataclass(frozen=True)
class ReturnResult:
    """What the shopper's redirect back says, once its signature is checked:
    the transaction it concerns and whether VNPay reported success. Only for
    a message — the IPN decides."""

    transaction: Transaction
    succeeded: bool
    response_code: str


def read_return(params: Mapping[str, str]) -> ReturnResult | None:
    """``None`` for a forged or altered redirect, or one naming no attempt of ours."""
    if not is_authentic(params, getattr(settings, "VNPAY_HASH_SECRET", "")):
        return None
    attempt = find_attempt(gateway_id=GATEWAY_ID, reference=params.get("vnp_TxnRef", ""))
    if attempt is None:
        return None
    succeeded = params.get("vnp_ResponseCode") == "00" and params.get("vnp_TransactionStatus") == "00"
    return ReturnResult(
        transaction=attempt.transaction, succeeded=succeeded, response_code=params.get("vnp_ResponseCode", "")
    )
