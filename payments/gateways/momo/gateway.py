"""The MoMo gateway as the registry sees it. A payment starts at our own
``payments:momo_start`` page, which records an attempt, creates the payment
at MoMo (server to server) and sends the shopper to MoMo's ``payUrl``; only
the IPN (``payments:momo_ipn``) records money."""

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


class MoMo(PaymentGateway):
    id = "momo"
    name = "Ví MoMo"
    currencies = frozenset({"VND"})

    def supports(self, currency: str) -> bool:
        configured = all(
            getattr(settings, name, "") for name in ("MOMO_PARTNER_CODE", "MOMO_ACCESS_KEY", "MOMO_SECRET_KEY")
        )
        return configured and currency in self.currencies

    def initialize(self, *, amount: int, currency: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"flow": "redirect", "amount": amount, "currency": currency}

    def initialize_transaction(
        self, *, transaction: Transaction, amount: int, data: Mapping[str, Any] | None = None
    ) -> list[GatewayEvent]:
        # Each payment created at MoMo is recorded as its own attempt when it starts.
        return []

    def process(self, *, transaction: Transaction, data: Mapping[str, Any] | None = None) -> list[GatewayEvent]:
        # The shopper's redirect back is never taken as payment: only MoMo's IPN is.
        return []

    def payment_step(self, *, transaction: Transaction, order: Order, return_url: str) -> PaymentStep | None:
        path = reverse("payments:momo_start", kwargs={"token": order_access_token(order)})
        return PaymentStep(redirect_url=origin_of(return_url) + path)
