"""VietQR bank transfer (*chuyển khoản qua mã VietQR*): the shopper scans a
QR with any Vietnamese banking app, which fills in our account, the exact
amount and the order's transfer reference. Nothing is charged by the pay
page or the shopper's return: the order is paid when a credit with that
reference and amount reaches our account (a statement upload or the bank's
signed webhook, ``payments.vietqr.matching``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from payments.gateways.base import GatewayEvent, PaymentGateway, PaymentStep
from payments.models import Transaction, TransactionEventType
from payments.vietqr import emvco
from payments.vietqr.qr import qr_svg
from payments.vietqr.selectors import outstanding_amount
from payments.vietqr.services import GATEWAY_ID, ensure_transfer

if TYPE_CHECKING:
    from marketplace.order.models import Order


def bank_details() -> dict[str, str]:
    return {
        "bank_bin": settings.VIETQR_BANK_BIN,
        "bank_name": settings.VIETQR_BANK_NAME,
        "account_number": settings.VIETQR_ACCOUNT_NUMBER,
        "account_name": settings.VIETQR_ACCOUNT_NAME,
    }


class VietQRGateway(PaymentGateway):
    id = GATEWAY_ID
    name = "Chuyển khoản ngân hàng (VietQR)"
    currencies = frozenset({"VND"})
    confirms_unpaid_orders = False

    def supports(self, currency: str) -> bool:
        """Offered only when our bank account is configured: a valid BIN and
        account number, and the holder's name the pay page shows."""
        if not super().supports(currency) or not settings.VIETQR_ACCOUNT_NAME.strip():
            return False
        try:
            emvco.build_vietqr(bank_bin=settings.VIETQR_BANK_BIN, account=settings.VIETQR_ACCOUNT_NUMBER)
        except emvco.VietQRFormatError:
            return False
        return True

    def initialize(self, *, amount: int, currency: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        details = bank_details()
        return {
            "bank_name": details["bank_name"],
            "account_number": details["account_number"],
            "account_name": details["account_name"],
            "amount": amount,
            "currency": currency,
        }

    def initialize_transaction(
        self, *, transaction: Transaction, amount: int, data: Mapping[str, Any] | None = None
    ) -> list[GatewayEvent]:
        # We wait for the money: a charge request the bank credit answers.
        return [
            GatewayEvent(type=TransactionEventType.CHARGE_REQUEST, amount=amount, message="Chờ chuyển khoản VietQR")
        ]

    def process(self, *, transaction: Transaction, data: Mapping[str, Any] | None = None) -> list[GatewayEvent]:
        # A client's word never pays a bank transfer; only a matched credit does.
        return []

    def payment_step(self, *, transaction: Transaction, order: Order, return_url: str) -> PaymentStep | None:
        transfer = ensure_transfer(tx=transaction)
        amount = outstanding_amount(order)
        details = bank_details()
        now = timezone.now()
        expired = transfer.expired_at is not None or transfer.expires_at <= now
        payload = ""
        if not expired and amount > 0:
            payload = emvco.build_vietqr(
                bank_bin=details["bank_bin"],
                account=details["account_number"],
                amount=amount,
                purpose=transfer.reference,
            )
        return PaymentStep(
            template="vietqr/pay.html",
            context={
                **details,
                "reference": transfer.reference,
                "amount": amount,
                "expires_at": transfer.expires_at,
                "expired": expired,
                "payload": payload,
                "qr_svg": qr_svg(payload, label=f"VietQR {transfer.reference}") if payload else "",
            },
        )
