"""The weekly payout run: pay each seller its available balance less the
commission it owes on cash-on-delivery orders (netting).

One ``PayoutRun`` per period (the week's Monday, unique): starting a run of
a period that already has one continues it, so a second run in the same
week or a rerun after a crash pays nobody twice (``Payout`` is unique per
run and seller). Each seller is paid under the lock of its available-balance
account, with the balance read after the lock: a concurrent run of another
period then finds nothing left to pay. Sellers are paid in chunks, one
database transaction each.

Per seller (A = available balance owed to the seller, R = COD commission
the seller owes, both from the lines), when A − R > 0:

    seller_available +A, cod_receivable −R, payouts_sent(method) −(A − R)

Stripe sellers get one transfer per released sub-order, planned in the
payout's transaction and sent after its commit
(``payments.ledger.stripe_payouts``, which also documents how COD
commission is netted from them); a refused transfer puts its money back
(``payout_failed`` entry: payouts_sent +X, seller_available −X). Bank sellers go into the run's CSV
file of their bank's layout (``payments.ledger.bank_files``), kept in
private storage."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.seller.permissions import is_operator
from marketplace.seller.storage import private_document_storage
from payments.ledger.accounts import account_id
from payments.ledger.bank_files import PayoutRow, layout_for, render_csv
from payments.ledger.errors import LedgerError
from payments.ledger.models import (
    Account,
    EntryKind,
    JournalEntry,
    JournalLine,
    LedgerAudit,
    Payout,
    PayoutFile,
    PayoutMethod,
    PayoutRun,
    PayoutRunStatus,
    PayoutStatus,
    SellerPayoutAccount,
)
from payments.ledger.models import AccountKind as K
from payments.ledger.stripe_payouts import plan_transfers, reverse_refunded_transfers, send_payout_transfers

NETTED_KINDS = (K.SELLER_AVAILABLE, K.COD_RECEIVABLE)
# Sellers paid per database transaction. Locks are taken in seller order, the
# same in every run, so concurrent runs wait for each other, never deadlock.
CHUNK = 200


def period_of(now: datetime.datetime | None = None) -> datetime.date:
    """The Monday (local date) of the week ``now`` falls in."""
    today = timezone.localdate(now or timezone.now())
    return today - datetime.timedelta(days=today.weekday())


def payable_by_seller(seller_ids: list[int] | None = None) -> dict[int, tuple[int, int]]:
    """seller id → (available owed to the seller, COD commission it owes),
    for sellers with either non-zero. One query."""
    lines = JournalLine.objects.filter(account__kind__in=NETTED_KINDS)
    if seller_ids is not None:
        lines = lines.filter(account__seller_id__in=seller_ids)
    result: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for seller_id, kind, total in lines.values_list("account__seller_id", "account__kind").annotate(
        total=Sum("amount")
    ):
        if kind == K.SELLER_AVAILABLE:
            result[seller_id][0] = -total
        else:
            result[seller_id][1] = total
    return {seller: (a, r) for seller, (a, r) in result.items() if a or r}


def _start_run(*, actor: User | None, period: datetime.date) -> PayoutRun:
    with transaction.atomic():
        run, created = PayoutRun.objects.get_or_create(period=period, defaults={"started_by": actor})
        LedgerAudit.objects.create(
            actor=actor,
            action="payout_run.start" if created else "payout_run.resume",
            new={"run": run.pk, "period": period.isoformat()},
        )
    return run


@dataclass(frozen=True)
class _Chunk:
    """What paying a chunk of sellers needs, read once: each seller's
    available and COD accounts, payout targets, the payouts-sent accounts."""

    available: dict[int, int]
    receivable: dict[int, int]
    targets: dict[int, SellerPayoutAccount]
    sent: dict[str, int]

    @classmethod
    def load(cls, seller_ids: list[int]) -> _Chunk:
        rows = Account.objects.filter(seller_id__in=seller_ids, kind__in=NETTED_KINDS).values_list(
            "seller_id", "kind", "pk"
        )
        accounts = {(seller, kind): pk for seller, kind, pk in rows}
        return cls(
            available={
                s: accounts.get((s, K.SELLER_AVAILABLE)) or account_id(K.SELLER_AVAILABLE, seller_id=s)
                for s in seller_ids
            },
            receivable={
                s: accounts.get((s, K.COD_RECEIVABLE)) or account_id(K.COD_RECEIVABLE, seller_id=s) for s in seller_ids
            },
            targets={t.seller_id: t for t in SellerPayoutAccount.objects.filter(seller_id__in=seller_ids)},
            sent={method: account_id(K.PAYOUTS_SENT, gateway=method) for method in PayoutMethod.values},
        )


def _pay_chunk(*, run: PayoutRun, seller_ids: list[int], chunk: _Chunk) -> list[Payout]:
    """Pay a chunk of sellers in a few set-based statements. The caller holds
    the transaction: the sellers' available-balance accounts stay locked
    (taken in primary-key order) until it commits, and balances are read
    after the locks. Sellers already paid in this run or owed nothing are
    skipped. Returns the new payouts."""
    list(
        Account.objects.select_for_update()
        .filter(pk__in=[chunk.available[s] for s in seller_ids])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = set(Payout.objects.filter(run=run, seller_id__in=seller_ids).values_list("seller_id", flat=True))
    balances = payable_by_seller([s for s in seller_ids if s not in done])
    payouts: list[Payout] = []
    for seller_id in seller_ids:
        available, owed = balances.get(seller_id, (0, 0))
        if seller_id in done or available - owed <= 0:
            continue
        target = chunk.targets.get(seller_id)
        if target is None:
            # Recorded so the operator sees it; the money stays available.
            payouts.append(
                Payout(
                    run=run,
                    seller_id=seller_id,
                    status=PayoutStatus.NO_ACCOUNT,
                    amount=0,
                    available=available,
                    netted=owed,
                )
            )
            continue
        status = PayoutStatus.SENT if target.method == PayoutMethod.STRIPE else PayoutStatus.IN_FILE
        payouts.append(
            Payout(
                run=run,
                seller_id=seller_id,
                method=target.method,
                status=status,
                amount=available - owed,
                available=available,
                netted=owed,
            )
        )
    Payout.objects.bulk_create(payouts)  # the unique (run, seller) constraint backs the check above
    plan_transfers(run=run, payouts=payouts)
    paid = [p for p in payouts if p.status != PayoutStatus.NO_ACCOUNT]
    entries = JournalEntry.objects.bulk_create(
        [
            JournalEntry(
                kind=EntryKind.PAYOUT,
                idempotency_key=f"payout:{p.pk}",
                payout_id=p.pk,
                memo=f"run {run.period.isoformat()}",
            )
            for p in paid
        ]
    )
    lines: list[JournalLine] = []
    for entry, payout in zip(entries, paid, strict=True):
        legs = [
            (chunk.available[payout.seller_id], payout.available),
            (chunk.receivable[payout.seller_id], -payout.netted),
            (chunk.sent[payout.method], -payout.amount),
        ]
        if sum(amount for _, amount in legs) != 0:
            raise LedgerError("UNBALANCED", f"payout {payout.pk}")
        lines += [JournalLine(entry=entry, account_id=a, amount=amount) for a, amount in legs if amount]
    JournalLine.objects.bulk_create(lines)
    return payouts


def _write_bank_files(run: PayoutRun) -> list[PayoutFile]:
    """(Re)write the run's bank files from all its bank payouts."""
    payouts = list(
        Payout.objects.filter(run=run, status=PayoutStatus.IN_FILE).select_related("seller").order_by("seller_id")
    )
    targets = {t.seller_id: t for t in SellerPayoutAccount.objects.filter(seller_id__in=[p.seller_id for p in payouts])}
    by_layout: dict[str, list[PayoutRow]] = defaultdict(list)
    for payout in payouts:
        target = targets[payout.seller_id]
        by_layout[layout_for(target.bank_bin)].append(
            PayoutRow(
                payout_id=payout.pk,
                seller_id=payout.seller_id,
                bank_bin=target.bank_bin,
                account_number=target.account_number,
                holder_name=target.holder_name,
                amount=payout.amount,
                description=f"CHO OCOP THANH TOAN {run.period:%Y%m%d} NB{payout.seller_id}",
            )
        )
    storage = private_document_storage()
    files = []
    for layout, rows in sorted(by_layout.items()):
        name = f"payouts/{run.period.isoformat()}/{layout}.csv"
        if storage.exists(name):
            storage.delete(name)
        path = storage.save(name, ContentFile(render_csv(layout, rows).encode("utf-8")))
        file, _ = PayoutFile.objects.update_or_create(
            run=run,
            bank_format=layout,
            defaults={"path": path, "row_count": len(rows), "total_amount": sum(r.amount for r in rows)},
        )
        files.append(file)
    return files


def run_payouts(*, actor: User | None, by_system: bool = False, now: datetime.datetime | None = None) -> PayoutRun:
    """Run (or continue) this week's payouts. Only an operator may, or the
    system itself (the beat task, the management command): ``by_system``.
    Raises ``LedgerError("PERMISSION_DENIED")`` otherwise, changing nothing."""
    if not by_system and not is_operator(actor):
        raise LedgerError("PERMISSION_DENIED", _("Chỉ cán bộ quản lý sàn được chạy chi trả."))
    who = actor if actor is not None and actor.is_authenticated else None
    run = _start_run(actor=who, period=period_of(now))
    reverse_refunded_transfers()  # reversals an after-commit hook missed, before balances are read
    candidates = sorted(seller for seller, (a, r) in payable_by_seller().items() if a - r > 0)
    for start in range(0, len(candidates), CHUNK):
        # One commit per chunk of sellers (a commit waits for the disk); a
        # crash loses at most the chunk, which the rerun pays.
        seller_ids = candidates[start : start + CHUNK]
        chunk = _Chunk.load(seller_ids)
        with transaction.atomic():
            payouts = _pay_chunk(run=run, seller_ids=seller_ids, chunk=chunk)
        for payout in payouts:
            if payout.status == PayoutStatus.SENT:
                send_payout_transfers(payout)
    files = _write_bank_files(run)
    totals = Payout.objects.filter(run=run).exclude(status__in=(PayoutStatus.FAILED, PayoutStatus.NO_ACCOUNT))
    summary = totals.aggregate(count=Count("pk"), total=Sum("amount"))
    with transaction.atomic():
        PayoutRun.objects.filter(pk=run.pk).update(
            status=PayoutRunStatus.DONE,
            finished_at=timezone.now(),
            payout_count=summary["count"] or 0,
            total_amount=summary["total"] or 0,
        )
        LedgerAudit.objects.create(
            actor=who,
            action="payout_run.finish",
            new={
                "run": run.pk,
                "payouts": summary["count"] or 0,
                "total": summary["total"] or 0,
                "files": [f.path for f in files],
            },
        )
    run.refresh_from_db()
    return run
