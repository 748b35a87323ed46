"""Cash on delivery (COD, *thanh toán khi nhận hàng*): most Vietnamese online
shoppers still pay this way. The order is confirmed unpaid; the courier
collects the cash of each seller's parcel and the seller records it
(``payments.services.mark_cod_collected``); a failed delivery cancels the
sub-order and returns its stock (``marketplace.order.services.cancel_seller_order``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from payments.gateways.base import GatewayEvent, PaymentGateway
from payments.models import Transaction, TransactionEventType

COD_MESSAGE = _("Thanh toán khi nhận hàng")


class CashOnDelivery(PaymentGateway):
    id = "cod"
    name = "Thanh toán khi nhận hàng (COD)"
    currencies = frozenset({"VND"})
    confirms_unpaid_orders = True

    def initialize(self, *, amount: int, currency: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"message": str(COD_MESSAGE), "amount": amount, "currency": currency}

    def initialize_transaction(
        self, *, transaction: Transaction, amount: int, data: Mapping[str, Any] | None = None
    ) -> list[GatewayEvent]:
        # Nothing is authorized or charged: the cash comes at the door.
        return [GatewayEvent(type=TransactionEventType.INFO, amount=amount, message="Thanh toán khi nhận hàng")]

    def process(self, *, transaction: Transaction, data: Mapping[str, Any] | None = None) -> list[GatewayEvent]:
        return []
