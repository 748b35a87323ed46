"""Serialised QR stamps: generation in the background, and the lifecycle
generated → printed → activated (at packing, bound to a batch) → voided.
"Recalled" is the batch's status, read at verification time.

Every transition is one conditional change of the rows still in the expected
status (rows locked in primary-key order, or claimed with ``SKIP LOCKED``), so
two print runs can never claim the same serial; each writes ``StampEvent``
audit rows and EPCIS events (at most 1,000 EPCs per event). An illegal
transition raises ``INVALID_TRANSITION`` and changes nothing.

A stamp's URI is ``{PUBLIC_URL}/01/{gtin}[/10/{lot}]/21/{serial}``: the lot
appears when the stamp was generated or printed for a known batch
(``Stamp.lot_code``); see ``traceability.selectors.stamp_uri``.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.product.models import ProductVariant
from marketplace.seller.models import Seller
from traceability import epcis
from traceability.cache import trace_changed
from traceability.errors import TraceError
from traceability.events import store_events
from traceability.gs1.serials import new_serials
from traceability.identifiers import trade_item_for
from traceability.models import (
    Batch,
    BatchStatus,
    EventKind,
    Stamp,
    StampAction,
    StampEvent,
    StampJob,
    StampJobState,
    StampStatus,
    TradeItem,
)
from traceability.permissions import check_actor

logger = logging.getLogger(__name__)

MAX_STAMPS_PER_JOB = 100_000
CHUNK_SIZE = 5_000  # stamps stored per transaction while generating
MAX_CHUNK_ATTEMPTS = 5  # fresh serials tried when a chunk meets a stored one
ID_CHUNK = 5_000  # ids per UPDATE/INSERT statement (PostgreSQL's 65,535 parameters)
MAX_REPORTED = 20  # serials named in an error's details


# --- generation -------------------------------------------------------------


def request_stamps(
    *, seller: Seller, actor: User | None, variant: ProductVariant, count: int, batch: Batch | None = None
) -> StampJob:
    """Ask for ``count`` (1–100,000) serialised stamps of ``variant``; with a
    ``batch`` (of that variant), their URIs carry its lot code.

    Returns the queued ``StampJob`` at once; ``generate_stamps_task`` fills it
    after commit (in-process when no Celery broker is configured). Poll
    ``job.done``/``job.state`` (``selectors.job_progress``) for a progress bar.

    Raises ``NOT_FOUND`` (actor not a member; variant or batch of another
    seller), ``INVALID_COUNT``, ``TRADE_ITEM_MISMATCH`` (batch of another
    variant) or ``BATCH_RECALLED``."""
    check_actor(actor, seller)
    if variant.product.seller_id != seller.pk:
        raise TraceError("NOT_FOUND", _("Không tìm thấy phân loại sản phẩm."), field="variant")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_STAMPS_PER_JOB:
        raise TraceError("INVALID_COUNT", field="count")
    if batch is not None:
        if batch.seller_id != seller.pk:
            raise TraceError("NOT_FOUND", _("Không tìm thấy lô hàng."), field="batch")
        if batch.variant_id != variant.pk:
            raise TraceError("TRADE_ITEM_MISMATCH", field="batch")
        if Batch.objects.filter(pk=batch.pk, status=BatchStatus.RECALLED).exists():
            raise TraceError("BATCH_RECALLED", field="batch")
    from traceability.tasks import generate_stamps_task  # the task module imports this one

    with transaction.atomic():
        job = StampJob.objects.create(
            seller=seller, trade_item=trade_item_for(variant), batch=batch, requested=count, created_by=actor
        )
        transaction.on_commit(partial(generate_stamps_task.delay, job.pk))
    return job


def generate_stamps(*, job_id: int) -> StampJob | None:
    """Fill a queued (or failed) job: store its stamps in chunks of
    ``CHUNK_SIZE``, one transaction each, moving ``done`` on after each so a
    progress bar can follow. A chunk that meets a serial already stored for
    the GTIN is rolled back to its savepoint and made again with fresh
    serials. Returns the finished job, or None if another worker holds it."""
    claimed = StampJob.objects.filter(pk=job_id, state__in=[StampJobState.QUEUED, StampJobState.FAILED]).update(
        state=StampJobState.RUNNING, started_at=timezone.now(), error=""
    )
    if not claimed:
        return None
    job = StampJob.objects.select_related("batch").get(pk=job_id)
    try:
        remaining = job.requested - job.done
        while remaining > 0:
            size = min(CHUNK_SIZE, remaining)
            _generate_chunk(job, size)
            remaining -= size
    except Exception as exc:
        logger.exception("Stamp job %s failed", job_id)
        StampJob.objects.filter(pk=job_id).update(
            state=StampJobState.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
    else:
        StampJob.objects.filter(pk=job_id).update(state=StampJobState.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def _generate_chunk(job: StampJob, size: int) -> None:
    """Store ``size`` new stamps of ``job`` and their audit rows in one
    savepoint. PostgreSQL's COPY takes the stamps (bulk_create spends most of
    its time building 5,000 model instances and their SQL) and one
    INSERT … SELECT writes their "generated" events; the unique constraint on
    (trade item, serial) still guards every row."""
    lot_code = job.batch.lot_code if job.batch else ""
    stamp_table, event_table = Stamp._meta.db_table, StampEvent._meta.db_table
    for _attempt in range(MAX_CHUNK_ATTEMPTS):
        now = timezone.now()
        serials = new_serials(size)
        try:
            with transaction.atomic(), connection.cursor() as cursor, connection.wrap_database_errors:
                columns = (
                    "trade_item_id, serial, lot_code, job_id, status, generated_at, void_reason, suspicious_reason"
                )
                with cursor.copy(f"COPY {stamp_table} ({columns}) FROM STDIN") as copy:
                    for serial in serials:
                        copy.write_row(
                            (job.trade_item_id, serial, lot_code, job.pk, StampStatus.GENERATED, now, "", "")
                        )
                cursor.execute(
                    f"INSERT INTO {event_table}"
                    " (stamp_id, action, from_status, to_status, actor_id, job_id, reason, at)"
                    f" SELECT id, %s, '', %s, %s, %s, '', %s FROM {stamp_table}"
                    " WHERE trade_item_id = %s AND serial = ANY(%s)",
                    [
                        StampAction.GENERATE,
                        StampStatus.GENERATED,
                        job.created_by_id,
                        job.pk,
                        now,
                        job.trade_item_id,
                        serials,
                    ],
                )
                StampJob.objects.filter(pk=job.pk).update(done=F("done") + size)
            return
        except IntegrityError:
            # A serial already stored for this GTIN (80 random bits make this
            # vanishingly rare): the savepoint undid the chunk; draw again.
            logger.warning("Serial collision in stamp job %s; regenerating a chunk", job.pk)
    raise RuntimeError(f"could not store {size} unique serials after {MAX_CHUNK_ATTEMPTS} attempts")


# --- selection and bookkeeping ------------------------------------------------


@dataclass(frozen=True)
class _Row:
    pk: int
    serial: str
    status: str
    trade_item_id: int
    gtin: str
    lot_code: str
    batch_id: int | None
    seller_id: int


_ROW_FIELDS = (
    "pk",
    "serial",
    "status",
    "trade_item_id",
    "trade_item__gtin",
    "lot_code",
    "batch_id",
    "trade_item__variant__product__seller_id",
)


def _rows(queryset: QuerySet[Stamp]) -> list[_Row]:
    return [_Row(*values) for values in queryset.values_list(*_ROW_FIELDS)]


def _chunks(items: Sequence[Any], size: int = ID_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _lock(ids: Sequence[int]) -> list[_Row]:
    """Lock the stamps ``ids`` in primary-key order and read them."""
    rows: list[_Row] = []
    for part in _chunks(sorted(ids)):
        rows += _rows(Stamp.objects.filter(pk__in=part).order_by("pk").select_for_update(of=("self",)))
    return rows


def _transition(
    rows: Sequence[_Row],
    *,
    action: str,
    to_status: str,
    actor: User | None,
    job: StampJob | None = None,
    reason: str = "",
    **fields: Any,
) -> None:
    """Move locked ``rows`` to ``to_status`` (setting ``fields``) and write
    their audit rows. The UPDATE keeps the status condition as a last guard."""
    now = timezone.now()
    trace_changed()  # the verification page shows the stamp's status
    for part in _chunks(rows):
        by_status: dict[str, list[int]] = defaultdict(list)
        for row in part:
            by_status[row.status].append(row.pk)
        for from_status, ids in by_status.items():
            updated = Stamp.objects.filter(pk__in=ids, status=from_status).update(status=to_status, **fields)
            if updated != len(ids):  # cannot happen while the rows are locked
                raise TraceError("INVALID_TRANSITION")
            _audit(
                ids,
                action=action,
                from_status=from_status,
                to_status=to_status,
                actor=actor,
                job=job,
                reason=reason,
                at=now,
            )


def _audit(
    ids: Sequence[int],
    *,
    action: str,
    from_status: str,
    to_status: str,
    actor: User | None,
    job: StampJob | None,
    reason: str,
    at: datetime.datetime,
) -> None:
    """One INSERT … SELECT of the audit rows of stamps ``ids`` (thousands of
    StampEvent instances would cost seconds to build in Python)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {StampEvent._meta.db_table}"
            " (stamp_id, action, from_status, to_status, actor_id, job_id, reason, at)"
            f" SELECT id, %s, %s, %s, %s, %s, %s, %s FROM {Stamp._meta.db_table} WHERE id = ANY(%s)",
            [
                action,
                from_status,
                to_status,
                actor.pk if actor else None,
                job.pk if job else None,
                reason,
                at,
                list(ids),
            ],
        )


def _epcis_for(
    rows: Sequence[_Row],
    *,
    kind: str,
    action: str,
    biz_step: str,
    disposition: str,
    actor: User | None,
    batch_of: dict[int, Batch | None] | None = None,
    default_batch: Batch | None = None,
    note: str = "",
) -> None:
    """One EPCIS ObjectEvent per 1,000 stamps of the same seller, trade item
    and batch, listing their instance EPCs."""
    if not rows:
        return
    now = timezone.now()
    sellers = {seller.pk: seller for seller in Seller.objects.filter(pk__in={row.seller_id for row in rows})}
    groups: dict[tuple[int, str, int | None], list[_Row]] = defaultdict(list)
    for row in rows:
        groups[(row.seller_id, row.gtin, row.batch_id)].append(row)
    documents = []
    for (seller_id, gtin, batch_id), members in groups.items():
        batch = (batch_of or {}).get(batch_id) if batch_id else default_batch
        lot = batch.lot_code if batch else (members[0].lot_code or None)
        for part in epcis.chunked(members):
            document = epcis.object_event(
                action=action,
                when=now,
                location=epcis.location_uri(sellers[seller_id].slug),
                biz_step=biz_step,
                disposition=disposition,
                epcs=[epcis.serial_uri(gtin, row.serial) for row in part],
                ilmd={"cbvmda:lotNumber": lot} if lot else None,
                extensions={"kind": kind, "note": note},
            )
            documents.append(
                {
                    "seller": sellers[seller_id],
                    "batch": batch,
                    "kind": kind,
                    "document": document,
                    "when": now,
                    "note": note,
                    "actor": actor,
                    "epc_count": len(part),
                }
            )
    store_events(documents)


def _blocked(rows: Iterable[_Row], message: str, code: str = "INVALID_TRANSITION") -> TraceError:
    serials = [row.serial for row in rows]
    return TraceError(code, message, details={"serials": serials[:MAX_REPORTED], "count": len(serials)})


def _check_actor_for_rows(actor: User | None, rows: Sequence[_Row]) -> None:
    for seller_id in {row.seller_id for row in rows}:
        check_actor(actor, seller_id)


# --- printing -----------------------------------------------------------------


def _ids_of(stamps: QuerySet[Stamp] | Iterable[int | Stamp]) -> list[int]:
    if isinstance(stamps, QuerySet):
        return list(stamps.values_list("pk", flat=True))
    return [stamp.pk if isinstance(stamp, Stamp) else int(stamp) for stamp in stamps]


def _claim(
    queryset: QuerySet[Stamp], *, actor: User | None, job: StampJob | None, batch: Batch | None = None
) -> list[Stamp]:
    """Inside a transaction: lock the GENERATED stamps of ``queryset`` that no
    other transaction holds (SKIP LOCKED), mark them PRINTED with a
    conditional UPDATE, audit them and record the EPCIS ``encoding`` events."""
    rows = _rows(queryset.filter(status=StampStatus.GENERATED).select_for_update(of=("self",), skip_locked=True))
    if not rows:
        return []
    _check_actor_for_rows(actor, rows)
    fields: dict[str, Any] = {"printed_at": timezone.now()}
    lot_code = batch.lot_code if batch else ""
    if lot_code:
        blank = [row for row in rows if not row.lot_code]
        for part in _chunks([row.pk for row in blank]):
            Stamp.objects.filter(pk__in=part, lot_code="").update(lot_code=lot_code)
        rows = [_Row(**{**row.__dict__, "lot_code": row.lot_code or lot_code}) for row in rows]
    _transition(rows, action=StampAction.PRINT, to_status=StampStatus.PRINTED, actor=actor, job=job, **fields)
    _epcis_for(
        rows,
        kind=EventKind.STAMP_PRINTING,
        action="OBSERVE",
        biz_step="encoding",
        disposition="encoded",
        actor=actor,
        default_batch=batch,
    )
    return _with_trade_items([row.pk for row in rows])


def _with_trade_items(ids: Sequence[int]) -> list[Stamp]:
    """The stamps ``ids`` in primary-key order, each with its trade item,
    variant and product attached (shared objects, read once)."""
    stamps: list[Stamp] = []
    for part in _chunks(ids):
        stamps += Stamp.objects.filter(pk__in=part).order_by("pk")
    items = TradeItem.objects.select_related("variant__product").in_bulk({stamp.trade_item_id for stamp in stamps})
    for stamp in stamps:
        stamp.trade_item = items[stamp.trade_item_id]
    return stamps


def mark_stamps_printed(
    *,
    stamps: QuerySet[Stamp] | Iterable[int | Stamp],
    actor: User | None,
    job: StampJob | None = None,
    seller: Seller | None = None,
) -> list[Stamp]:
    """Claim ``stamps`` (a queryset, stamps or ids) for printing: only those
    still GENERATED and not being claimed by a concurrent print run move to
    PRINTED. Returns the stamps actually claimed (with trade item, variant and
    product selected, in primary-key order): print exactly these; a serial
    never comes back twice. ``seller`` narrows to one seller's stamps.

    Raises ``NOT_FOUND`` when ``actor`` is not a member of the stamps' seller."""
    ids = _ids_of(stamps)
    queryset = Stamp.objects.filter(pk__in=ids)
    if seller is not None:
        check_actor(actor, seller)
        queryset = queryset.filter(trade_item__variant__product__seller=seller)
    elif actor is not None:
        for part in _chunks(ids):
            owners = Stamp.objects.filter(pk__in=part).values_list("trade_item__variant__product__seller_id")
            for (seller_id,) in owners.distinct():
                check_actor(actor, seller_id)
    claimed: list[Stamp] = []
    with transaction.atomic():
        for part in _chunks(sorted(ids)):
            claimed += _claim(queryset.filter(pk__in=part).order_by("pk"), actor=actor, job=job)
    return claimed


def claim_stamps_for_printing(
    *,
    seller: Seller,
    actor: User | None,
    count: int,
    batch: Batch | None = None,
    variant: ProductVariant | None = None,
    job: StampJob | None = None,
) -> list[Stamp]:
    """Claim up to ``count`` GENERATED stamps for a print run, oldest first:
    those of ``job``, else of ``batch``'s variant (stamps generated for that
    batch or for no batch), else of ``variant``. Concurrent runs get disjoint
    stamps (``SELECT … FOR UPDATE SKIP LOCKED``). With a ``batch``, the
    claimed stamps carry its lot code from now on (their printed URI has
    ``/10/{lot}``). Returns fewer than ``count`` when no more are generated:
    request more with ``request_stamps``.

    Raises ``NOT_FOUND`` (actor not a member; job, batch or variant of
    another seller), ``INVALID_COUNT`` or ``BATCH_RECALLED``."""
    check_actor(actor, seller)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_STAMPS_PER_JOB:
        raise TraceError("INVALID_COUNT", field="count")
    queryset = Stamp.objects.all()
    if job is not None:
        if job.seller_id != seller.pk:
            raise TraceError("NOT_FOUND", _("Không tìm thấy yêu cầu tạo tem."), field="job")
        queryset = queryset.filter(job=job)
        batch = batch or job.batch
    if batch is not None:
        if batch.seller_id != seller.pk:
            raise TraceError("NOT_FOUND", _("Không tìm thấy lô hàng."), field="batch")
        if batch.is_recalled:
            raise TraceError("BATCH_RECALLED", field="batch")
        queryset = queryset.filter(trade_item__variant_id=batch.variant_id, lot_code__in=["", batch.lot_code])
    elif variant is not None:
        if variant.product.seller_id != seller.pk:
            raise TraceError("NOT_FOUND", _("Không tìm thấy phân loại sản phẩm."), field="variant")
        queryset = queryset.filter(trade_item__variant=variant)
    elif job is None:
        raise TraceError("REQUIRED", _("Chọn lô hàng hoặc sản phẩm để in tem."), field="batch")
    queryset = queryset.filter(trade_item__variant__product__seller=seller).order_by("pk")
    with transaction.atomic():
        ids = list(
            queryset.filter(status=StampStatus.GENERATED)
            .select_for_update(of=("self",), skip_locked=True)
            .values_list("pk", flat=True)[:count]
        )
        claimed: list[Stamp] = []
        for part in _chunks(ids):
            claimed += _claim(Stamp.objects.filter(pk__in=part).order_by("pk"), actor=actor, job=job, batch=batch)
    return claimed


# --- activation and voiding -----------------------------------------------------


def _selection(
    *,
    seller: Seller,
    serials: Iterable[str] | None,
    job: StampJob | None,
    start: int | None,
    stop: int | None,
) -> list[_Row]:
    """The seller's stamps named by ``serials``, or ``job``'s stamps in print
    order (primary key) from position ``start`` to ``stop`` (0-based, stop
    excluded), locked. Raises ``REQUIRED``, ``NOT_FOUND`` (details: serials)."""
    own = Stamp.objects.filter(trade_item__variant__product__seller=seller)
    if serials is not None and job is None:
        wanted = sorted({str(serial).strip().upper() for serial in serials if str(serial).strip()})
        if not wanted:
            raise TraceError("REQUIRED", _("Chọn tem."), field="serials")
        ids: list[int] = []
        found: set[str] = set()
        for part in _chunks(wanted):
            for pk, serial in own.filter(serial__in=part).values_list("pk", "serial"):
                ids.append(pk)
                found.add(serial)
        missing = [serial for serial in wanted if serial not in found]
        if missing:
            raise TraceError(
                "NOT_FOUND", _("Không tìm thấy tem."), field="serials", details={"serials": missing[:MAX_REPORTED]}
            )
        return _lock(ids)
    if job is not None and serials is None:
        if job.seller_id != seller.pk:
            raise TraceError("NOT_FOUND", _("Không tìm thấy yêu cầu tạo tem."), field="job")
        start = max(start or 0, 0)
        if stop is not None and stop <= start:
            raise TraceError("INVALID", _("Khoảng tem không hợp lệ."), field="stop")
        ids = list(own.filter(job=job).order_by("pk").values_list("pk", flat=True)[start:stop])
        if not ids:
            raise TraceError("NOT_FOUND", _("Không tìm thấy tem."), field="job")
        return _lock(ids)
    raise TraceError("REQUIRED", _("Chọn tem theo số sê-ri hoặc theo đợt tạo tem."), field="serials")


@transaction.atomic
def activate_stamps(
    *,
    seller: Seller,
    actor: User | None,
    batch: Batch,
    serials: Iterable[str] | None = None,
    job: StampJob | None = None,
    start: int | None = None,
    stop: int | None = None,
) -> int:
    """Activate printed stamps at packing and bind them to ``batch``: the
    stamps named by ``serials``, or those of ``job`` (optionally positions
    ``start``–``stop`` in print order). All or nothing. Returns how many.

    Raises ``NOT_FOUND`` (actor not a member; batch, job or serials of another
    seller), ``BATCH_RECALLED``, ``TRADE_ITEM_MISMATCH`` (stamps of another
    variant, or printed with another lot code) or ``INVALID_TRANSITION``
    (some stamps not PRINTED; ``details["serials"]`` names them)."""
    check_actor(actor, seller)
    if batch.seller_id != seller.pk:
        raise TraceError("NOT_FOUND", _("Không tìm thấy lô hàng."), field="batch")
    locked_batch = Batch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
    if locked_batch.is_recalled:
        raise TraceError("BATCH_RECALLED", field="batch")
    trade_item = TradeItem.objects.get(variant_id=locked_batch.variant_id)
    rows = _selection(seller=seller, serials=serials, job=job, start=start, stop=stop)
    wrong_item = [r for r in rows if r.trade_item_id != trade_item.pk or r.lot_code not in ("", locked_batch.lot_code)]
    if wrong_item:
        raise _blocked(wrong_item, "", "TRADE_ITEM_MISMATCH")
    not_printed = [row for row in rows if row.status != StampStatus.PRINTED]
    if not_printed:
        raise _blocked(not_printed, _("Chỉ kích hoạt được tem đã in và chưa kích hoạt."))
    _transition(
        rows,
        action=StampAction.ACTIVATE,
        to_status=StampStatus.ACTIVATED,
        actor=actor,
        job=job,
        batch=locked_batch,
        activated_at=timezone.now(),
    )
    bound = [_Row(**{**row.__dict__, "batch_id": locked_batch.pk}) for row in rows]
    _epcis_for(
        bound,
        kind=EventKind.STAMP_ACTIVATION,
        action="ADD",
        biz_step="commissioning",
        disposition="active",
        actor=actor,
        batch_of={locked_batch.pk: locked_batch},
    )
    return len(rows)


@transaction.atomic
def void_stamps(
    *,
    seller: Seller,
    actor: User | None,
    reason: str,
    serials: Iterable[str] | None = None,
    job: StampJob | None = None,
    start: int | None = None,
    stop: int | None = None,
) -> int:
    """Void stamps (damaged, lost, misprinted, stolen): from generated,
    printed or activated to VOIDED, for good. Selection as in
    ``activate_stamps``. All or nothing; returns how many.

    Raises ``NOT_FOUND``, ``REASON_REQUIRED`` or ``INVALID_TRANSITION``
    (some already voided; ``details["serials"]`` names them)."""
    check_actor(actor, seller)
    text = " ".join(str(reason or "").split())
    if not text:
        raise TraceError("REASON_REQUIRED", field="reason")
    rows = _selection(seller=seller, serials=serials, job=job, start=start, stop=stop)
    voided = [row for row in rows if row.status == StampStatus.VOIDED]
    if voided:
        raise _blocked(voided, _("Tem đã bị hủy trước đó."))
    _transition(
        rows,
        action=StampAction.VOID,
        to_status=StampStatus.VOIDED,
        actor=actor,
        job=job,
        reason=text[:2000],
        voided_at=timezone.now(),
        void_reason=text[:2000],
    )
    # Only stamps that exist on paper are decommissioned in the supply chain.
    out_there = [row for row in rows if row.status != StampStatus.GENERATED]
    batches = Batch.objects.in_bulk({row.batch_id for row in out_there if row.batch_id})
    _epcis_for(
        out_there,
        kind=EventKind.STAMP_VOID,
        action="DELETE",
        biz_step="decommissioning",
        disposition="inactive",
        actor=actor,
        batch_of=batches,
        note=text[:2000],
    )
    return len(rows)
