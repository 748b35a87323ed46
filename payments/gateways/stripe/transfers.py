"""Paying sellers through Stripe Connect by separate charges and transfers:
the shopper's one payment lands on the platform's account (its payment
intent carries ``transfer_group`` = the order number), and each seller with
a connected account (``acct_…``) gets one transfer per sub-order once the
sub-order is delivered and its return window has passed — the ledger's
payout run decides when and how much, and calls these functions.

Both functions only talk to Stripe (no database writes: the ledger records
what they return in its own transaction). Both need an idempotency key from
the caller that is stable for the payout it pays (e.g.
``f"payout-{payout.pk}"``): a retry after a timeout then returns the same
transfer instead of paying twice.

Errors: ``PaymentError("PROVIDER_ERROR")`` when Stripe refuses (an unknown
or restricted account, not enough available balance, more reversed than
transferred) or cannot be reached; ``PaymentError("INVALID_AMOUNT")`` for an
amount that is not a positive integer; ``PaymentError("NOT_SUPPORTED")``
when Stripe is not configured."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import stripe
from django.utils.translation import gettext as _

from payments.errors import PaymentError
from payments.gateways.stripe.client import is_configured, stripe_client

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TransferResult:
    """A transfer (or a reversal) as Stripe made it."""

    id: str
    amount: int
    currency: str
    destination: str = ""
    transfer_group: str = ""
    amount_reversed: int = 0


def _check(amount: object, idempotency_key: str) -> None:
    if not is_configured():
        raise PaymentError("NOT_SUPPORTED", _("Stripe chưa được cấu hình."))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise PaymentError("INVALID_AMOUNT", _("Số tiền phải là số nguyên dương."), field="amount")
    if not idempotency_key:
        raise ValueError("an idempotency key is required")


def _provider_error(exc: stripe.StripeError) -> PaymentError:
    detail = exc.user_message or getattr(exc, "code", "") or type(exc).__name__
    return PaymentError("PROVIDER_ERROR", _("Stripe từ chối lệnh chuyển tiền: %(error)s") % {"error": detail})


def create_transfer(
    *,
    amount: int,
    currency: str,
    destination: str,
    transfer_group: str,
    idempotency_key: str,
    source_transaction: str = "",
    metadata: Mapping[str, str] | None = None,
) -> TransferResult:
    """Move ``amount`` (whole đồng for VND) from the platform's balance to
    the connected account ``destination``. ``source_transaction`` (the
    order's charge ``ch_…``) ties the transfer to that charge's funds, so it
    can go before the funds are available; ``transfer_group`` is the order
    number the payment intent carries."""
    _check(amount, idempotency_key)
    params: dict[str, object] = {
        "amount": amount,
        "currency": currency.lower(),
        "destination": destination,
        "transfer_group": transfer_group,
        "metadata": dict(metadata or {}),
    }
    if source_transaction:
        params["source_transaction"] = source_transaction
    try:
        transfer = stripe_client().v1.transfers.create(params=params, options={"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        logger.warning("Stripe transfer to %s failed: %s", destination, exc)
        raise _provider_error(exc) from exc
    return TransferResult(
        id=transfer.id,
        amount=int(transfer.amount),
        currency=str(transfer.currency).upper(),
        destination=str(transfer.destination or ""),
        transfer_group=str(transfer.to_dict().get("transfer_group") or ""),
        amount_reversed=int(transfer.to_dict().get("amount_reversed") or 0),
    )


def reverse_transfer(
    *, transfer_id: str, amount: int, idempotency_key: str, metadata: Mapping[str, str] | None = None
) -> TransferResult:
    """Take ``amount`` of transfer ``transfer_id`` back from the seller's
    connected account (a refund after the seller was paid)."""
    _check(amount, idempotency_key)
    params = {"amount": amount, "metadata": dict(metadata or {})}
    try:
        reversal = stripe_client().v1.transfers.reversals.create(
            transfer_id, params=params, options={"idempotency_key": idempotency_key}
        )
    except stripe.StripeError as exc:
        logger.warning("Stripe reversal of %s failed: %s", transfer_id, exc)
        raise _provider_error(exc) from exc
    return TransferResult(
        id=reversal.id, amount=int(reversal.amount), currency=str(reversal.currency).upper(), amount_reversed=0
    )
