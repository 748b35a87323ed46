"""The calls a payout run makes to Stripe: a transfer to a seller's
connected account (``payments.gateways.stripe.transfers.create_transfer``)
with an idempotency key of its own, so a rerun or a retry never transfers
twice; a reversal of a transfer after a refund; the charge an order was paid
by (the transfer's ``source_transaction``). Stripe's refusals come back as
``LedgerError("TRANSFER_FAILED")``."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import stripe

from payments.errors import PaymentError
from payments.gateways.stripe.client import is_configured, stripe_client
from payments.gateways.stripe.services import GATEWAY_ID
from payments.gateways.stripe.transfers import create_transfer, reverse_transfer
from payments.ledger.errors import LedgerError
from payments.models import TransactionEvent, TransactionEventType

logger = logging.getLogger(__name__)


def send_stripe_transfer(
    *,
    destination: str,
    amount: int,
    currency: str,
    idempotency_key: str,
    transfer_group: str,
    source_transaction: str = "",
    metadata: Mapping[str, str] | None = None,
) -> str:
    """Transfer ``amount`` to connected account ``destination``; returns the
    transfer id. Raises ``LedgerError("TRANSFER_FAILED")`` when Stripe is not
    configured here, refuses, or cannot be reached."""
    try:
        result = create_transfer(
            amount=amount,
            currency=currency,
            destination=destination,
            transfer_group=transfer_group,
            idempotency_key=idempotency_key,
            source_transaction=source_transaction,
            metadata=metadata,
        )
    except PaymentError as exc:
        raise LedgerError("TRANSFER_FAILED", exc.message) from exc
    return result.id


def send_reversal(*, transfer_id: str, amount: int, idempotency_key: str) -> str:
    """Take ``amount`` of ``transfer_id`` back; returns the reversal id.
    Raises ``LedgerError("TRANSFER_FAILED")``."""
    try:
        return reverse_transfer(transfer_id=transfer_id, amount=amount, idempotency_key=idempotency_key).id
    except PaymentError as exc:
        raise LedgerError("TRANSFER_FAILED", exc.message) from exc


def charge_of_order(order_id: object) -> str:
    """The charge (``ch_…``) of the order's Stripe payment, or "" when
    Stripe did not take it or cannot say (the transfer then goes from the
    platform's available balance)."""
    intent = (
        TransactionEvent.objects.filter(
            transaction__order_id=order_id,
            transaction__gateway=GATEWAY_ID,
            type=TransactionEventType.CHARGE_SUCCESS,
            psp_reference__startswith="pi_",
        )
        .order_by("pk")
        .values_list("psp_reference", flat=True)
        .first()
    )
    if not intent or not is_configured():
        return ""
    try:
        charge = stripe_client().v1.payment_intents.retrieve(intent).to_dict().get("latest_charge")
    except stripe.StripeError as exc:
        logger.warning("charge of payment intent %s unknown: %s", intent, exc)
        return ""
    if isinstance(charge, dict):
        charge = charge.get("id")
    return charge if isinstance(charge, str) else ""
