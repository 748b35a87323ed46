"""Taking a provider's notification (Stripe webhook, VNPay/MoMo IPN, a bank's
incoming-transfer call) exactly once.

Every gateway verifies the signature first (its own scheme), then calls
``claim_event`` inside the same ``transaction.atomic`` as the event's effect:
the row and the effect commit together or not at all, and a duplicate
delivery — even one running at the same moment, which waits on the unique
index until the first commits — gets ``False`` and changes nothing."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction

from payments.models import Transaction, WebhookEvent


def claim_event(
    *, provider: str, event_id: str, event_type: str = "", payload: bytes = b"", tx: Transaction | None = None
) -> bool:
    """Record that ``provider``'s event ``event_id`` is being handled now;
    ``False`` when it was handled before (skip it). Must run inside the
    caller's ``transaction.atomic`` that also applies the effect."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_event must run inside the transaction that applies the event")
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(
                provider=provider,
                event_id=str(event_id)[:255],
                event_type=str(event_type)[:100],
                transaction=tx,
                payload_sha256=hashlib.sha256(payload).hexdigest() if payload else "",
            )
    except IntegrityError:
        return False
    return True
