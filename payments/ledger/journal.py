"""The one writer of journal entries: every posting (sales, refunds,
releases, Stripe transfers) goes through ``post_entry``, so that each
entry is balanced, merged per account and written at most once per
idempotency key (a retried hook posts nothing the second time)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from payments.ledger.errors import LedgerError
from payments.ledger.models import JournalEntry, JournalLine

Lines = Iterable[tuple[int, int]]


def post_entry(
    *,
    kind: str,
    key: str,
    lines: Lines,
    order_id: object = None,
    seller_order_id: int | None = None,
    transaction_event_id: int | None = None,
    payout_id: int | None = None,
    currency: str = "VND",
    memo: str = "",
    data: dict | None = None,
    new_key: bool = False,
) -> JournalEntry | None:
    """Write one balanced entry of ``lines`` ((account id, signed đồng)),
    merged per account, zero lines dropped. Returns ``None`` when ``key``
    was posted before or nothing moves. ``new_key``: the key cannot exist
    yet (it names a row just created), so skip the look-up and savepoint.
    Raises ``LedgerError("UNBALANCED")`` (the database would refuse it at
    commit anyway)."""
    merged: dict[int, int] = defaultdict(int)
    for account, amount in lines:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise LedgerError("UNBALANCED", f"non-integer amount {amount!r}")
        merged[account] += amount
    merged = {account: amount for account, amount in merged.items() if amount}
    if sum(merged.values()) != 0:
        raise LedgerError("UNBALANCED", f"entry {key} sums to {sum(merged.values())}")
    if not merged:
        return None

    def write() -> JournalEntry:
        entry = JournalEntry.objects.create(
            kind=kind,
            idempotency_key=key,
            order_id=order_id,
            seller_order_id=seller_order_id,
            transaction_event_id=transaction_event_id,
            payout_id=payout_id,
            currency=currency,
            memo=memo[:255],
            data=data or {},
        )
        # One INSERT for all lines: balanced at the end of the statement.
        JournalLine.objects.bulk_create(
            [JournalLine(entry=entry, account_id=account, amount=amount) for account, amount in merged.items()]
        )
        return entry

    if new_key:
        return write()
    if JournalEntry.objects.filter(idempotency_key=key).exists():
        return None
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        if JournalEntry.objects.filter(idempotency_key=key).exists():
            return None  # a concurrent retry posted it
        raise
