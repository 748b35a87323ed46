"""A second gateway for tests: an online payment that leaves orders
unconfirmed until it is charged (the shape card and bank-transfer gateways
will have), implemented against the real interface."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from payments.gateways.base import GatewayEvent, PaymentGateway
from payments.models import Transaction, TransactionEventType


class PayLater(PaymentGateway):
    id = "pay_later"
    name = "Thanh toán trực tuyến (thử nghiệm)"
    currencies = frozenset({"VND"})
    confirms_unpaid_orders = False

    def initialize(self, *, amount: int, currency: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"redirect_url": f"https://pay.example.vn/?amount={amount}"}

    def initialize_transaction(
        self, *, transaction: Transaction, amount: int, data: Mapping[str, Any] | None = None
    ) -> list[GatewayEvent]:
        return [GatewayEvent(type=TransactionEventType.CHARGE_REQUEST, amount=amount, psp_reference="PSP-1")]

    def process(self, *, transaction: Transaction, data: Mapping[str, Any] | None = None) -> list[GatewayEvent]:
        paid = int((data or {}).get("paid", 0))
        if not paid:
            return []
        return [GatewayEvent(type=TransactionEventType.CHARGE_SUCCESS, amount=paid, psp_reference="PSP-1")]
