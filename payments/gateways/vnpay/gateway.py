"""The VNPay gateway as the registry sees it. A payment starts at our own
``payments:vnpay_start`` page (it knows the shopper's address, which VNPay
asks for), which records an attempt and sends the shopper on to VNPay with a
signed URL; only the IPN (``payments:vnpay_ipn``) records money."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from marketplace.order.access import order_access_token
from payments.gateways.base import GatewayEvent, PaymentGateway, PaymentStep
from payments.gateways.hosted import origin_of
from payments.models import Transaction

if TYPE_CHECKING:
    from marketplace.order.models import Order


class VNPay(PaymentGateway):
    id = "vnpay"
    name = "VNPay (thẻ ATM, thẻ quốc tế, QR ngân hàng)"
    currencies = frozenset({"VND"})

    def supports(self, currency: str) -> bool:
        configured = bool(getattr(settings, "VNPAY_TMN_CODE", "") and getattr(settings, "VNPAY_HASH_SECRET", ""))
        return configured and currency in self.currencies

    def initialize(self, *, amount: int, currency: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"flow": "redirect", "amount": amount, "currency": currency}

    def initialize_transaction(
        self, *, transaction: Transaction, amount: int, data: Mapping[str, Any] | None = None
    ) -> list[GatewayEvent]:
        # Each visit to VNPay's page is recorded as its own attempt when it starts.
        return []

    def process(self, *, transaction: Transaction, data: Mapping[str, Any] | None = None) -> list[GatewayEvent]:
        # What a client brings back (the return page's parameters) is never
        # taken as payment: only VNPay's IPN, server to server, is.
        return []

    def payment_step(self, *, transaction: Transaction, order: Order, return_url: str) -> PaymentStep | None:
        path = reverse("payments:vnpay_start", kwargs={"token": order_access_token(order)})
        return PaymentStep(redirect_url=origin_of(return_url) + path)
