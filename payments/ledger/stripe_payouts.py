"""Paying Stripe sellers by separate charges and transfers: within a payout
run, one transfer per released sub-order, in the order's ``transfer_group``
(its number, as the Stripe gateway sets it on the payment intent), tied to
the order's charge (``source_transaction``) when Stripe took the payment.

Netting (documented rule): a seller's payout is its available balance A
less the COD commission it owes R (``payments.ledger.payouts``). The
sub-orders released and not yet paid, oldest first, each have a net
payable n (what is left of the sale less what is left of its commission).
What the payout falls short of Σn (R, and any refund booked after an
earlier transfer that could not be reversed) is taken from the transfers
in that order: the first sub-orders' transfers shrink, one taken down to 0
is marked ``netted`` (paid by clearing the seller's debt; no Stripe call).
A payout short of nothing pays every n in full; a payout above Σn (money
put back by a failed remainder transfer) sends the rest in one remainder
transfer grouped by the run's week. When R exceeds A the seller is not
paid at all and the debt carries to the next run, as the balances say.

A sub-order is paid at most once across runs: its ``SubOrderTransfer``
rows are created in the payout's transaction under a database constraint
(one row per sub-order that is not failed). Transfers are sent after that
commit, each with its own idempotency key; one Stripe refuses is failed
(the money goes back to the seller's available balance, and the sub-order
to the next run).

Refunds after a transfer: ``payments.ledger.refunds`` books the refund
(or the cancellation / return) against the seller's available balance and,
when the sub-order was already released, calls
``schedule_transfer_reversals`` for it: after the commit, the refunded part
of the seller's share (at most what is left of the transfer) is reversed at
Stripe and booked back (``transfer_back``: payouts_sent +X, seller
available −X). What cannot be reversed stays as a negative balance and is
netted in the next run. Each payout run first retries reversals still
due."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Value, When

from payments.ledger.accounts import account_id
from payments.ledger.errors import LedgerError
from payments.ledger.journal import post_entry
from payments.ledger.models import AccountKind as K
from payments.ledger.models import (
    EntryKind,
    Payout,
    PayoutMethod,
    PayoutRun,
    PayoutStatus,
    SaleState,
    SellerPayoutAccount,
    SubOrderLedger,
    SubOrderTransfer,
    TransferStatus,
)
from payments.ledger.transfers import charge_of_order, send_reversal, send_stripe_transfer

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Released:
    """A released, unpaid online sub-order of a Stripe seller."""

    seller_order_id: int
    order_id: object
    order_number: str
    net: int


def split_payout(amount: int, nets: list[int]) -> tuple[list[int], int]:
    """Each sub-order's transfer when a payout of ``amount`` pays sub-orders
    of net payables ``nets`` (oldest first): the shortfall Σnets − amount is
    taken from the first ones; returns (transfers, remainder above Σnets)."""
    short = sum(nets) - amount
    transfers = []
    for net in nets:
        taken = min(net, max(short, 0))
        short -= taken
        transfers.append(net - taken)
    return transfers, max(-short, 0)


def _released(seller_ids: list[int]) -> dict[int, list[Released]]:
    paid = SubOrderTransfer.objects.filter(seller_order_id=OuterRef("pk")).exclude(status=TransferStatus.FAILED)
    rows = (
        SubOrderLedger.objects.filter(seller_id__in=seller_ids, state=SaleState.AVAILABLE, is_cod=False)
        .exclude(Exists(paid))
        .order_by("pk")
        .values_list(
            "pk",
            "seller_id",
            "seller_order__order_id",
            "seller_order__order__number",
            "gross",
            "refunded",
            "commission",
            "commission_reversed",
        )
    )
    result: dict[int, list[Released]] = defaultdict(list)
    for pk, seller_id, order_id, number, gross, refunded, commission, commission_reversed in rows:
        net = (gross - refunded) - (commission - commission_reversed)
        result[seller_id].append(Released(pk, order_id, number, net))
    return result


def plan_transfers(*, run: PayoutRun, payouts: Iterable[Payout]) -> None:
    """Create the transfers of the run's new Stripe payouts (saved, inside
    the payout's transaction, their sellers' balances locked)."""
    stripe = [p for p in payouts if p.status == PayoutStatus.SENT]
    if not stripe:
        return
    released = _released([p.seller_id for p in stripe])
    rows = []
    for payout in stripe:
        subs = released.get(payout.seller_id, [])
        amounts, remainder = split_payout(payout.amount, [s.net for s in subs])
        for sub, amount in zip(subs, amounts, strict=True):
            rows.append(
                SubOrderTransfer(
                    payout=payout,
                    seller_order_id=sub.seller_order_id,
                    status=TransferStatus.PENDING if amount else TransferStatus.NETTED,
                    share=sub.net,
                    amount=amount,
                    transfer_group=sub.order_number,
                )
            )
        if remainder:
            rows.append(
                SubOrderTransfer(
                    payout=payout, share=remainder, amount=remainder, transfer_group=f"payout-{run.period.isoformat()}"
                )
            )
    SubOrderTransfer.objects.bulk_create(rows)


def _fail(transfer: SubOrderTransfer, payout: Payout, message: str) -> None:
    with transaction.atomic():
        post_entry(
            kind=EntryKind.PAYOUT_FAILED,
            key=f"transfer-failed:{transfer.pk}",
            lines=[
                (account_id(K.PAYOUTS_SENT, gateway=PayoutMethod.STRIPE), transfer.amount),
                (account_id(K.SELLER_AVAILABLE, seller_id=payout.seller_id), -transfer.amount),
            ],
            payout_id=payout.pk,
            seller_order_id=transfer.seller_order_id,
            memo=message,
        )
        SubOrderTransfer.objects.filter(pk=transfer.pk).update(status=TransferStatus.FAILED, message=message[:255])


def send_payout_transfers(payout: Payout) -> None:
    """Send the payout's pending transfers (after its transaction commits);
    the payout is failed when every transfer it had to send failed."""
    target = SellerPayoutAccount.objects.get(seller_id=payout.seller_id)
    pending = list(
        SubOrderTransfer.objects.filter(payout=payout, status=TransferStatus.PENDING).select_related("seller_order")
    )
    charges: dict[object, str] = {}
    sent, failures = [], []
    for transfer in pending:
        order_id = transfer.seller_order.order_id if transfer.seller_order else None
        if order_id is not None and order_id not in charges:
            charges[order_id] = charge_of_order(order_id)
        source = charges.get(order_id, "")
        try:
            reference = send_stripe_transfer(
                destination=target.stripe_account_id,
                amount=transfer.amount,
                currency="VND",
                idempotency_key=f"transfer-{transfer.pk}",
                transfer_group=transfer.transfer_group,
                source_transaction=source,
                metadata={"payout": str(payout.pk), "seller_order": str(transfer.seller_order_id or "")},
            )
        except LedgerError as exc:
            _fail(transfer, payout, exc.message)
            failures.append(exc.message)
            continue
        SubOrderTransfer.objects.filter(pk=transfer.pk).update(
            status=TransferStatus.SENT, reference=reference[:64], source_transaction=source[:64]
        )
        sent.append(reference)
    if failures and not sent:
        Payout.objects.filter(pk=payout.pk).update(status=PayoutStatus.FAILED, message=failures[0][:255])
    else:
        Payout.objects.filter(pk=payout.pk).update(
            reference=", ".join(sent)[:255], message=(failures[0] if failures else "")[:255]
        )


# --- refunds after a transfer ----------------------------------------------------------


def _due_reversals(seller_order_ids: list[int] | None):
    """Sent transfers whose sub-order's seller share shrank below what was
    transferred (refunds, a return) by more than reversed so far."""
    share_now = Case(
        When(seller_order__ledger__state=SaleState.REVERSED, then=Value(0)),
        default=(F("seller_order__ledger__gross") - F("seller_order__ledger__refunded"))
        - (F("seller_order__ledger__commission") - F("seller_order__ledger__commission_reversed")),
    )
    transfers = SubOrderTransfer.objects.filter(status=TransferStatus.SENT, seller_order__isnull=False)
    if seller_order_ids is not None:
        transfers = transfers.filter(seller_order_id__in=seller_order_ids)
    return transfers.annotate(share_now=share_now).filter(share__gt=F("share_now"), amount__gt=F("reversed"))


def reverse_refunded_transfers(*, seller_order_ids: list[int] | None = None) -> int:
    """Reverse at Stripe the refunded part of transfers already sent (all
    due, or those of ``seller_order_ids``) and book it back; returns how
    many reversals were made. Idempotent: the key names the cumulative
    amount reversed, so a retry neither reverses nor books twice. A refused
    reversal is logged and left (the debt is netted in the next run)."""
    made = 0
    for candidate in _due_reversals(seller_order_ids).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            transfer = (
                _due_reversals(None)
                .select_for_update(of=("self",))
                .select_related("payout")
                .filter(pk=candidate)
                .first()
            )
            if transfer is None:
                continue
            target = min(transfer.amount, transfer.share - transfer.share_now)
            amount = target - transfer.reversed
            if amount <= 0:
                continue
            try:
                send_reversal(
                    transfer_id=transfer.reference, amount=amount, idempotency_key=f"reverse-{transfer.pk}-{target}"
                )
            except LedgerError as exc:
                logger.warning("reversal of transfer %s not made: %s", transfer.reference, exc.message)
                continue
            post_entry(
                kind=EntryKind.TRANSFER_BACK,
                key=f"transfer-back:{transfer.pk}:{target}",
                lines=[
                    (account_id(K.PAYOUTS_SENT, gateway=PayoutMethod.STRIPE), amount),
                    (account_id(K.SELLER_AVAILABLE, seller_id=transfer.payout.seller_id), -amount),
                ],
                payout_id=transfer.payout_id,
                seller_order_id=transfer.seller_order_id,
                memo=transfer.reference,
            )
            SubOrderTransfer.objects.filter(pk=transfer.pk).update(reversed=target)
            made += 1
    return made


def schedule_transfer_reversals(*, seller_order_ids: list[int]) -> None:
    """After the current transaction (which booked a refund or a return of
    released sub-orders) commits, reverse what was transferred for them."""
    if seller_order_ids:
        transaction.on_commit(partial(reverse_refunded_transfers, seller_order_ids=list(seller_order_ids)), robust=True)
