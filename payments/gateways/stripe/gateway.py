"""Stripe as a payment gateway: one hosted Checkout Session pays the whole
order (no Stripe.js on our pages: the shopper is redirected to Stripe and
back). VND is a zero-decimal currency at Stripe, so our integer đồng amounts
go over unchanged.

The return from Stripe never marks anything paid; only a verified webhook
does (``payments.gateways.stripe.views.webhook``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import stripe
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from payments.errors import PaymentError
from payments.gateways.base import GatewayEvent, PaymentGateway, PaymentStep
from payments.gateways.stripe.client import is_configured, stripe_client
from payments.gateways.stripe.services import amount_due, known_session_ids, remember_session
from payments.models import Transaction, TransactionEventType

if TYPE_CHECKING:
    from marketplace.order.models import Order

logger = logging.getLogger(__name__)
T = TransactionEventType
CANCELLED = "huy"  # ?ket-qua= on the return page: the shopper gave up at Stripe
UNAVAILABLE_TEMPLATE = "payments/stripe/unavailable.html"
# Stripe accepts at most 100 line items per Checkout Session.
MAX_LINE_ITEMS = 100


def _line_item(name: str, unit_amount: int, quantity: int, currency: str) -> dict[str, Any]:
    return {
        "price_data": {"currency": currency.lower(), "unit_amount": unit_amount, "product_data": {"name": name[:250]}},
        "quantity": quantity,
    }


def line_items(*, order: Order, amount: int) -> list[dict[str, Any]]:
    """The order's lines and each seller's shipping fee when they add up to
    ``amount`` (nothing cancelled or paid yet); otherwise one line for the
    amount due."""
    items: list[dict[str, Any]] = []
    subs = order.seller_orders.exclude(status="cancelled").select_related("seller").prefetch_related("lines")
    for sub in subs:
        for line in sub.lines.all():
            items.append(_line_item(line.product_name, line.unit_price_amount, line.quantity, order.currency))
        if sub.shipping_amount:
            name = _("Phí giao hàng — %(seller)s") % {"seller": sub.seller.name}
            items.append(_line_item(name, sub.shipping_amount, 1, order.currency))
    total = sum(item["price_data"]["unit_amount"] * item["quantity"] for item in items)
    if total != amount or not items or len(items) > MAX_LINE_ITEMS:
        name = _("Đơn hàng %(number)s") % {"number": order.number}
        return [_line_item(name, amount, 1, order.currency)]
    return items


def _return_url(order_url: str) -> str:
    """Our return page for the order page ``order_url`` (absolute), by the
    same signed token, so every visit sends Stripe the same parameters."""
    try:
        token = resolve(urlsplit(order_url).path).kwargs["token"]
    except (Resolver404, KeyError):
        return order_url
    return urljoin(order_url, reverse("payments:stripe_return", kwargs={"token": token}))


class StripeGateway(PaymentGateway):
    id = "stripe"
    name = "Thẻ quốc tế (Stripe)"
    currencies = frozenset({"VND"})
    confirms_unpaid_orders = False

    def supports(self, currency: str) -> bool:
        # Without both secrets nothing could be charged or verified.
        return currency in self.currencies and is_configured()

    def initialize(self, *, amount: int, currency: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"hosted_checkout": True, "amount": amount, "currency": currency}

    def initialize_transaction(
        self, *, transaction: Transaction, amount: int, data: Mapping[str, Any] | None = None
    ) -> list[GatewayEvent]:
        return [GatewayEvent(type=T.CHARGE_REQUEST, amount=amount, message="Stripe Checkout")]

    def process(self, *, transaction: Transaction, data: Mapping[str, Any] | None = None) -> list[GatewayEvent]:
        # The shopper's return proves nothing; the signed webhook does.
        return []

    def payment_step(self, *, transaction: Transaction, order: Order, return_url: str) -> PaymentStep | None:
        """Redirect to the transaction's open Checkout Session, or a new one
        (the idempotency key is the transaction, the attempt and the amount:
        two visits at once get the same session)."""
        due = amount_due(order)
        if due <= 0:
            return None
        client = stripe_client()
        try:
            known = known_session_ids(transaction)
            if known:
                session = client.v1.checkout.sessions.retrieve(known[-1])
                if session.status == "complete":
                    return None  # paid; the webhook confirms the order
                if session.status == "open" and session.amount_total == due:
                    return PaymentStep(redirect_url=session.url)
                if session.status == "open":  # the amount changed: never let the old one be paid too
                    client.v1.checkout.sessions.expire(session.id)
            session = self._create_session(
                transaction=transaction, order=order, due=due, attempt=len(known), url=return_url
            )
        except stripe.StripeError as exc:
            logger.warning("Stripe Checkout Session for transaction %s failed: %s", transaction.pk, exc)
            return PaymentStep(template=UNAVAILABLE_TEMPLATE)
        remember_session(tx=transaction, session_id=session.id, amount=due)
        return PaymentStep(redirect_url=session.url)

    def _create_session(self, *, transaction: Transaction, order: Order, due: int, attempt: int, url: str):
        back = _return_url(url)
        metadata = {"order_id": str(order.pk), "order_number": order.number, "transaction_id": str(transaction.pk)}
        params: dict[str, Any] = {
            "mode": "payment",
            "line_items": line_items(order=order, amount=due),
            "client_reference_id": str(transaction.pk),
            "customer_email": order.user_email,
            "locale": "vi" if order.language_code.startswith("vi") else "en",
            "metadata": metadata,
            "payment_intent_data": {"transfer_group": order.number, "metadata": metadata},
            "success_url": back,
            "cancel_url": f"{back}?ket-qua={CANCELLED}",
        }
        key = f"chocop-checkout-{transaction.pk}-{attempt}-{due}"
        return stripe_client().v1.checkout.sessions.create(params=params, options={"idempotency_key": key})

    def refund(
        self, *, transaction: Transaction, amount: int, idempotency_key: str, reason: str = ""
    ) -> list[GatewayEvent]:
        """Refund ``amount`` of the transaction's payment intent. Raises
        ``PaymentError("NOT_CHARGED")`` without a recorded charge and
        ``PaymentError("PROVIDER_ERROR")`` when Stripe refuses or is away."""
        payment_intent = (
            transaction.events.filter(type=T.CHARGE_SUCCESS, psp_reference__startswith="pi_")
            .values_list("psp_reference", flat=True)
            .last()
        )
        if not payment_intent:
            raise PaymentError("NOT_CHARGED", _("Giao dịch này chưa thu được tiền qua Stripe."))
        params = {
            "payment_intent": payment_intent,
            "amount": amount,
            "reason": "requested_by_customer",
            "metadata": {"transaction_id": str(transaction.pk), "note": reason[:500]},
        }
        try:
            refund = stripe_client().v1.refunds.create(params=params, options={"idempotency_key": idempotency_key})
        except stripe.StripeError as exc:
            logger.warning("Stripe refund for transaction %s failed: %s", transaction.pk, exc)
            raise PaymentError(
                "PROVIDER_ERROR",
                _("Stripe không thực hiện được việc hoàn tiền: %(error)s")
                % {"error": exc.user_message or exc.code or "-"},
            ) from exc
        if refund.status == "succeeded":
            return [GatewayEvent(type=T.REFUND_SUCCESS, amount=refund.amount, psp_reference=refund.id, message=reason)]
        if refund.status in ("failed", "canceled"):
            raise PaymentError("PROVIDER_ERROR", _("Stripe từ chối hoàn tiền."))
        return [GatewayEvent(type=T.REFUND_REQUEST, amount=refund.amount, psp_reference=refund.id, message=reason)]
