"""The one interface every payment gateway implements, shaped after Saleor's
Transactions API:

- ``initialize`` — ``paymentGatewayInitialize``: what a client needs to show
  or start this way of paying for a checkout or an order (no state change);
- ``initialize_transaction`` — ``transactionInitialize``: a transaction was
  created for an order; say what happened (events: an authorization, a charge
  request, or just information);
- ``process`` — ``transactionProcess``: the client comes back with data from
  the payment provider (a redirect, a callback); say what happened.

A gateway never writes to the database: it returns ``GatewayEvent``s and
``payments.services`` records them and updates the transaction's amounts
under a row lock. Later gateways (Stripe, VietQR, VNPay, MoMo) plug in here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from payments.models import Transaction

if TYPE_CHECKING:
    from marketplace.order.models import Order


@dataclass(frozen=True)
class GatewayEvent:
    """Something a gateway reports: a ``TransactionEventType`` value, an
    amount in the currency's smallest unit, the provider's reference, and
    the provider's fee for it when known (the ledger books it)."""

    type: str
    amount: int = 0
    psp_reference: str = ""
    message: str = ""
    fee: int = 0


@dataclass(frozen=True)
class PaymentStep:
    """What the shopper does next to pay an order: go to ``redirect_url`` (a
    provider's hosted page), or see our own page ``template`` rendered with
    ``context`` (a bank-transfer QR). ``payments.views.pay`` presents it."""

    redirect_url: str = ""
    template: str = ""
    context: Mapping[str, Any] = field(default_factory=dict)


class PaymentGateway(ABC):
    id: ClassVar[str]
    name: ClassVar[str]
    currencies: ClassVar[frozenset[str]]
    # True when an order paid this way is confirmed before any money moves
    # (cash on delivery); otherwise sub-orders wait unconfirmed for payment.
    confirms_unpaid_orders: ClassVar[bool] = False

    def supports(self, currency: str) -> bool:
        return currency in self.currencies

    @abstractmethod
    def initialize(self, *, amount: int, currency: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Configuration a client needs to offer this gateway (JSON-safe)."""

    @abstractmethod
    def initialize_transaction(
        self, *, transaction: Transaction, amount: int, data: Mapping[str, Any] | None = None
    ) -> list[GatewayEvent]:
        """A transaction for ``amount`` was created; what happened."""

    @abstractmethod
    def process(self, *, transaction: Transaction, data: Mapping[str, Any] | None = None) -> list[GatewayEvent]:
        """The client returned with ``data``; what happened."""

    def payment_step(self, *, transaction: Transaction, order: Order, return_url: str) -> PaymentStep | None:
        """Where the shopper goes to pay ``transaction`` (``None``: nothing to
        do, e.g. cash on delivery). May call the provider over HTTP, so it runs
        outside any database transaction; repeated visits must not create a
        second payment at the provider (idempotency keys)."""
        return None

    def refund(
        self, *, transaction: Transaction, amount: int, idempotency_key: str, reason: str = ""
    ) -> list[GatewayEvent]:
        """Ask the provider to give ``amount`` back; what happened (a
        ``REFUND_REQUEST`` confirmed later by a notification, or at once a
        ``REFUND_SUCCESS``/``REFUND_FAILURE``). Gateways that cannot refund
        by themselves raise ``PaymentError("NOT_SUPPORTED")``."""
        from django.utils.translation import gettext as _

        from payments.errors import PaymentError

        raise PaymentError("NOT_SUPPORTED", _("Phương thức thanh toán này không hoàn tiền tự động."))
