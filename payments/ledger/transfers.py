"""The one call a payout run makes to pay a seller through Stripe: a
transfer to the seller's connected account
(``payments.gateways.stripe.transfers.create_transfer``) with the payout's
own idempotency key, so a rerun or a retry never transfers twice. Stripe's
refusals come back as ``LedgerError("TRANSFER_FAILED")`` for the run to put
the money back."""

from __future__ import annotations

from payments.errors import PaymentError
from payments.gateways.stripe.transfers import create_transfer
from payments.ledger.errors import LedgerError


def send_stripe_transfer(
    *, destination: str, amount: int, currency: str, idempotency_key: str, transfer_group: str, payout_id: int
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
            metadata={"payout": str(payout_id)},
        )
    except PaymentError as exc:
        raise LedgerError("TRANSFER_FAILED", exc.message) from exc
    return result.id
