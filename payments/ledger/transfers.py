"""The one call a payout run makes to pay a seller through Stripe: a
transfer to the seller's connected account, with the payout's own
idempotency key (a rerun never transfers twice). The Stripe code lives in
``payments.gateways.stripe.transfers`` (its ``create_transfer``); this
wrapper keeps the ledger independent of whether that module is installed
and configured."""

from __future__ import annotations

from importlib import import_module

from django.utils.translation import gettext as _

from payments.ledger.errors import LedgerError


def send_stripe_transfer(
    *, destination: str, amount: int, currency: str, idempotency_key: str, description: str
) -> str:
    """Transfer ``amount`` to connected account ``destination``; returns the
    transfer id. Raises ``LedgerError("TRANSFER_FAILED")`` when Stripe is not
    configured here or refuses (the caller puts the money back)."""
    try:
        transfers = import_module("payments.gateways.stripe.transfers")
        from payments.gateways.stripe.client import is_configured
    except ImportError as exc:
        raise LedgerError("TRANSFER_FAILED", _("Chưa cấu hình chuyển tiền qua Stripe.")) from exc
    if not is_configured():
        raise LedgerError("TRANSFER_FAILED", _("Chưa cấu hình chuyển tiền qua Stripe."))
    try:
        result = transfers.create_transfer(
            destination=destination,
            amount=amount,
            currency=currency,
            idempotency_key=idempotency_key,
            description=description,
        )
    except LedgerError:
        raise
    except Exception as exc:  # noqa: BLE001 - any refusal or network failure: the payout failed
        raise LedgerError("TRANSFER_FAILED", str(exc)[:255]) from exc
    return str(getattr(result, "id", result))
