"""One incoming credit (a statement line or a webhook call) against the
VietQR transfers: matched when its memo holds a known reference, it arrived
before the reference expired and it is exactly what the order still owes;
anything else goes to the operators' queue, never silently accepted.

Each credit takes effect once, by the bank's own transaction reference:
``payments.webhooks.claim_event("vietqr", <bank reference>)`` runs in the
same ``transaction.atomic`` as the charge (a statement line also delivered
by the webhook, or a statement uploaded twice, is a duplicate). Lock order
as everywhere: order → transaction (``record_provider_events``)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from marketplace.order.services import lock_order
from payments.gateways.base import GatewayEvent
from payments.models import TransactionEventType
from payments.services import record_provider_events
from payments.vietqr.models import (
    BankCredit,
    CreditOutcome,
    ReviewReason,
    StatementUpload,
    TransferReview,
    VietQRTransfer,
)
from payments.vietqr.references import find_references
from payments.vietqr.selectors import outstanding_amount
from payments.webhooks import claim_event

PROVIDER = "vietqr"


@dataclass(frozen=True)
class IncomingCredit:
    """Money that arrived in our account: the bank's transaction reference,
    when it was booked, the amount in đồng (> 0) and the memo."""

    bank_reference: str
    booked_at: datetime
    amount: int
    description: str


class Outcome(enum.Enum):
    MATCHED = "matched"
    QUEUED = "queued"
    DUPLICATE = "duplicate"


def _fingerprint(credit: IncomingCredit) -> bytes:
    return f"{credit.bank_reference}|{credit.booked_at.isoformat()}|{credit.amount}|{credit.description}".encode()


def _find_transfer(description: str) -> tuple[str, VietQRTransfer | None]:
    candidates = find_references(description)
    if not candidates:
        return "", None
    found = {
        t.reference: t for t in VietQRTransfer.objects.select_related("transaction").filter(reference__in=candidates)
    }
    for reference in candidates:
        if reference in found:
            return reference, found[reference]
    return candidates[0], None


def review_reason(*, transfer: VietQRTransfer, booked_at: datetime, amount: int, owed: int) -> str | None:
    """Why a credit for ``transfer`` cannot be taken as payment by itself
    (``None``: it can). The caller holds the order's lock, so ``owed`` holds."""
    if transfer.expired_at is not None or booked_at > transfer.expires_at:
        return ReviewReason.EXPIRED
    if owed <= 0:
        return ReviewReason.NOT_PAYABLE
    if amount < owed:
        return ReviewReason.UNDERPAID
    if amount > owed:
        return ReviewReason.OVERPAID
    return None


def receive_credit(*, credit: IncomingCredit, source: str, upload: StatementUpload | None = None) -> Outcome:
    """Take one credit: charge the order it pays (confirming its sub-orders
    when that covers the order), or queue it for an operator, or — seen
    before — nothing. Runs in its own transaction."""
    with transaction.atomic():
        reference, transfer = _find_transfer(credit.description)
        tx = transfer.transaction if transfer is not None else None
        claimed = claim_event(
            provider=PROVIDER,
            event_id=credit.bank_reference,
            event_type=f"credit.{source}",
            payload=_fingerprint(credit),
            tx=tx,
        )
        if not claimed:
            return Outcome.DUPLICATE
        reason: str | None = ReviewReason.UNKNOWN
        owed = 0
        if transfer is not None:
            order = lock_order(tx.order_id)
            # Read under the order's lock: the expiry may have just cancelled it.
            transfer.refresh_from_db(fields=["expires_at", "expired_at"])
            owed = outstanding_amount(order)
            reason = review_reason(transfer=transfer, booked_at=credit.booked_at, amount=credit.amount, owed=owed)
        row = BankCredit.objects.create(
            source=source,
            upload=upload,
            bank_reference=credit.bank_reference,
            booked_at=credit.booked_at,
            amount=credit.amount,
            description=credit.description[:500],
            reference=reference,
            transfer=transfer,
            outcome=CreditOutcome.QUEUED if reason else CreditOutcome.MATCHED,
        )
        if reason:
            TransferReview.objects.create(credit=row, transfer=transfer, reason=reason, expected_amount=owed)
            return Outcome.QUEUED
        record_provider_events(
            tx=tx,
            events=[
                GatewayEvent(
                    type=TransactionEventType.CHARGE_SUCCESS,
                    amount=credit.amount,
                    psp_reference=credit.bank_reference,
                    message=f"VietQR {reference}",
                )
            ],
        )
        return Outcome.MATCHED
