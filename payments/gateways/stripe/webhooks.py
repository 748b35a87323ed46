"""Stripe's webhook events, verified and taken once.

``verify_event`` checks the ``Stripe-Signature`` header with the library
(HMAC-SHA256 over ``t.payload`` with the endpoint's secret, timestamp
tolerance). ``handle_event`` finds the transaction, then in ONE
``transaction.atomic`` claims the event id (``payments.webhooks.claim_event``)
and applies its effect, so ten deliveries of one event — sequential or at
the same moment — have one effect.

Outcomes (the view answers 200 to all: Stripe retries anything else for
days, and none of these would change on a retry):
``handled``; ``duplicate`` (event id seen before); ``ignored`` (a type we do
not act on, or a session not paid yet); ``unknown`` (no transaction of ours:
an event of another integration on the same account, or a deleted order —
nothing changes and the event is not claimed, it is only logged)."""

from __future__ import annotations

import logging

import stripe
from django.conf import settings
from django.db import transaction

from payments.gateways.stripe.client import PROVIDER, stripe_client
from payments.gateways.stripe.services import (
    Payment,
    find_transaction,
    record_dispute,
    record_payment,
    record_payment_failure,
    record_refunds,
)
from payments.models import WebhookEvent
from payments.webhooks import claim_event

logger = logging.getLogger(__name__)

SESSION_COMPLETED = "checkout.session.completed"
PI_SUCCEEDED = "payment_intent.succeeded"
PI_FAILED = "payment_intent.payment_failed"
CHARGE_REFUNDED = "charge.refunded"
DISPUTE_CREATED = "charge.dispute.created"
HANDLED_TYPES = frozenset({SESSION_COMPLETED, PI_SUCCEEDED, PI_FAILED, CHARGE_REFUNDED, DISPUTE_CREATED})


def verify_event(*, payload: bytes, signature: str | None) -> stripe.Event:
    """The event in ``payload`` if ``signature`` is Stripe's for it and
    recent. Raises ``stripe.SignatureVerificationError`` or ``ValueError``
    (not JSON, not UTF-8)."""
    return stripe_client().construct_event(
        payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=settings.STRIPE_WEBHOOK_TOLERANCE
    )


def _id(value: object) -> str:
    """An expandable field: an id, or the expanded object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def fetch_fee(payment_intent: str) -> int:
    """Stripe's fee for a payment intent's charge, from its balance
    transaction (0 when Stripe does not say or cannot be reached: the
    ledger then books no fee rather than a guess)."""
    if not payment_intent:
        return 0
    try:
        intent = stripe_client().v1.payment_intents.retrieve(
            payment_intent, params={"expand": ["latest_charge.balance_transaction"]}
        )
    except stripe.StripeError as exc:
        logger.warning("Stripe fee of %s unknown: %s", payment_intent, exc)
        return 0
    charge = intent.to_dict().get("latest_charge")
    balance = charge.get("balance_transaction") if isinstance(charge, dict) else None
    return _int(balance.get("fee")) if isinstance(balance, dict) else 0


def intent_metadata(payment_intent: str) -> dict[str, str]:
    """A payment intent's metadata at Stripe (empty when unknown or away)."""
    try:
        intent = stripe_client().v1.payment_intents.retrieve(payment_intent)
    except stripe.StripeError as exc:
        logger.warning("Stripe payment intent %s unreadable: %s", payment_intent, exc)
        return {}
    metadata = intent.to_dict().get("metadata")
    return {str(k): str(v) for k, v in metadata.items()} if isinstance(metadata, dict) else {}


def handle_event(event: stripe.Event, *, payload: bytes = b"") -> str:
    """Apply a verified event once; returns the outcome (see the module)."""
    kind = event.type
    if kind not in HANDLED_TYPES:
        return "ignored"
    obj = event.data.object.to_dict()
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if kind == SESSION_COMPLETED:
        if obj.get("payment_status") != "paid":
            return "ignored"  # a delayed method: payment_intent.succeeded follows
        payment_intent = _id(obj.get("payment_intent"))
        transaction_id = metadata.get("transaction_id") or obj.get("client_reference_id")
    elif kind in (PI_SUCCEEDED, PI_FAILED):
        payment_intent, transaction_id = _id(obj.get("id")), metadata.get("transaction_id")
    else:  # a charge or a dispute
        payment_intent, transaction_id = _id(obj.get("payment_intent")), metadata.get("transaction_id")
    tx = find_transaction(
        transaction_id=transaction_id, payment_intent=payment_intent, order_id=metadata.get("order_id")
    )
    if tx is None and payment_intent and not transaction_id:
        # A charge or dispute before we recorded its payment (out of order), without
        # our metadata on it: the payment intent carries it.
        metadata = intent_metadata(payment_intent)
        tx = find_transaction(
            transaction_id=metadata.get("transaction_id"), payment_intent="", order_id=metadata.get("order_id")
        )
    if tx is None:
        logger.warning("Stripe event %s (%s) matches no transaction", event.id, kind)
        return "unknown"
    if WebhookEvent.objects.filter(provider=PROVIDER, event_id=event.id).exists():
        return "duplicate"  # a cheap early answer; claim_event below is the real guard
    fee = fetch_fee(payment_intent) if kind in (SESSION_COMPLETED, PI_SUCCEEDED) else 0
    currency = str(obj.get("currency") or "")
    with transaction.atomic():
        if not claim_event(provider=PROVIDER, event_id=event.id, event_type=kind, payload=payload, tx=tx):
            return "duplicate"
        if kind == SESSION_COMPLETED:
            record_payment(tx=tx, payment=Payment(payment_intent, _int(obj.get("amount_total")), currency, fee))
        elif kind == PI_SUCCEEDED:
            record_payment(tx=tx, payment=Payment(payment_intent, _int(obj.get("amount_received")), currency, fee))
        elif kind == PI_FAILED:
            error = obj.get("last_payment_error")
            message = str(error.get("message") or "") if isinstance(error, dict) else ""
            amount = _int(obj.get("amount"))
            record_payment_failure(tx=tx, payment_intent=payment_intent, amount=amount, message=message)
        elif kind == CHARGE_REFUNDED:
            captured = _int(obj.get("amount_captured")) or _int(obj.get("amount"))
            refunded = _int(obj.get("amount_refunded"))
            payment = Payment(payment_intent, captured, currency)
            record_refunds(tx=tx, payment=payment, charge_id=_id(obj.get("id")), refunded_total=refunded)
        else:
            reason = str(obj.get("reason") or "")
            record_dispute(tx=tx, dispute_id=_id(obj.get("id")), amount=_int(obj.get("amount")), reason=reason)
    return "handled"
