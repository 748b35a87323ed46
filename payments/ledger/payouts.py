"""The weekly payout run: pay each seller its available balance less the
commission it owes on cash-on-delivery orders (netting).

One ``PayoutRun`` per period (the week's Monday, unique): starting a run of
a period that already has one continues it, so a second run in the same
week or a rerun after a crash pays nobody twice (``Payout`` is unique per
run and seller). Each seller is paid in its own transaction under the lock
of its available-balance account, with the balance read after the lock: a
concurrent run of another period then finds nothing left to pay.

Per seller (A = available balance owed to the seller, R = COD commission
the seller owes, both from the lines), when A − R > 0:

    seller_available +A, cod_receivable −R, payouts_sent(method) −(A − R)

Stripe sellers get a transfer after that commit (idempotency key = the
payout); a refused transfer puts the money back (``payout_failed`` entry:
payouts_sent +X, seller_available −X). Bank sellers go into the run's CSV
file of their bank's layout (``payments.ledger.bank_files``), kept in
private storage."""

from __future__ import annotations

import datetime
from collections import defaultdict

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
from payments.ledger.posting import post_entry
from payments.ledger.transfers import send_stripe_transfer

NETTED_KINDS = (K.SELLER_AVAILABLE, K.COD_RECEIVABLE)


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


def _pay_seller(*, run: PayoutRun, seller_id: int) -> Payout | None:
    """Pay one seller in its own transaction. Returns the new payout, or
    ``None`` when it was paid in this run already or nothing is owed."""
    with transaction.atomic():
        available_account = account_id(K.SELLER_AVAILABLE, seller_id=seller_id)
        Account.objects.select_for_update().filter(pk=available_account).get()
        if Payout.objects.filter(run=run, seller_id=seller_id).exists():
            return None
        available, owed = payable_by_seller([seller_id]).get(seller_id, (0, 0))
        amount = available - owed
        if amount <= 0:
            return None
        target = SellerPayoutAccount.objects.filter(seller_id=seller_id).first()
        if target is None:
            # Recorded so the operator sees it; the money stays available.
            return Payout.objects.create(
                run=run, seller_id=seller_id, status=PayoutStatus.NO_ACCOUNT, amount=0, available=available, netted=owed
            )
        status = PayoutStatus.SENT if target.method == PayoutMethod.STRIPE else PayoutStatus.IN_FILE
        payout = Payout.objects.create(
            run=run,
            seller_id=seller_id,
            method=target.method,
            status=status,
            amount=amount,
            available=available,
            netted=owed,
        )
        post_entry(
            kind=EntryKind.PAYOUT,
            key=f"payout:{payout.pk}",
            lines=[
                (available_account, available),
                (account_id(K.COD_RECEIVABLE, seller_id=seller_id), -owed),
                (account_id(K.PAYOUTS_SENT, gateway=target.method), -amount),
            ],
            payout_id=payout.pk,
            memo=f"run {run.period.isoformat()}",
        )
    return payout


def _send_transfer(payout: Payout) -> None:
    target = SellerPayoutAccount.objects.get(seller_id=payout.seller_id)
    try:
        reference = send_stripe_transfer(
            destination=target.stripe_account_id,
            amount=payout.amount,
            currency="VND",
            idempotency_key=f"payout-{payout.pk}",
            description=f"Cho OCOP payout {payout.run.period.isoformat()}",
        )
    except LedgerError as exc:
        with transaction.atomic():
            post_entry(
                kind=EntryKind.PAYOUT_FAILED,
                key=f"payout-failed:{payout.pk}",
                lines=[
                    (account_id(K.PAYOUTS_SENT, gateway=PayoutMethod.STRIPE), payout.amount),
                    (account_id(K.SELLER_AVAILABLE, seller_id=payout.seller_id), -payout.amount),
                ],
                payout_id=payout.pk,
                memo=exc.message,
            )
            Payout.objects.filter(pk=payout.pk).update(status=PayoutStatus.FAILED, message=exc.message[:255])
        return
    Payout.objects.filter(pk=payout.pk).update(reference=reference[:255])


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
    candidates = sorted(seller for seller, (a, r) in payable_by_seller().items() if a - r > 0)
    for seller_id in candidates:
        payout = _pay_seller(run=run, seller_id=seller_id)
        if payout is not None and payout.method == PayoutMethod.STRIPE:
            _send_transfer(payout)
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
