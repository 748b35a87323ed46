"""Reads of the traceability area: URIs of stamps and batch codes, label rows,
job progress, batch timelines and the product page's batch history. The
public verification of a scanned Digital Link is in ``traceability.verification``
(its cached answer in ``traceability.verification_cache``).

Every function here reads in a fixed number of queries whatever the size of
the data; none changes anything (scans are logged by ``traceability.scans``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from marketplace.geography.models import place_text
from marketplace.product.models import Product
from marketplace.seller.models import Seller
from traceability import epcis
from traceability.events import export_batch_epcis  # re-exported: a read
from traceability.gs1 import digital_link
from traceability.models import (
    PRODUCTION_KINDS,
    Batch,
    EpcisEvent,
    EventKind,
    Stamp,
    StampJob,
    StampJobState,
    StampStatus,
    TradeItem,
)

__all__ = [
    "Stage",
    "batch_code_uri",
    "batch_timeline",
    "export_batch_epcis",
    "JobProgress",
    "LabelRow",
    "job_progress",
    "product_traceability",
    "seller_batches",
    "stamp_counts",
    "stamp_label_rows",
    "stamp_uri",
]

# Kinds shown on a batch's timeline (stamp printing/activation are
# bookkeeping of labels, kept in the EPCIS export but not shown to shoppers).
TIMELINE_KINDS = (*PRODUCTION_KINDS, EventKind.RECALL)


# --- URIs and labels ------------------------------------------------------------


def _stem(stem: str | None) -> str:
    return (stem if stem is not None else epcis.public_stem()).rstrip("/")


def batch_code_uri(batch: Batch, *, stem: str | None = None, gtin: str | None = None) -> str:
    """The batch code: one Digital Link for a whole lot, ``{stem}/01/{gtin}/10/{lot}``
    (stem defaults to ``PUBLIC_URL``). It proves origin, not authenticity:
    every package of the lot carries the same code. Reads the trade item
    unless ``gtin`` is given (select ``variant__trade_item``)."""
    gtin = gtin or TradeItem.objects.only("gtin").get(variant_id=batch.variant_id).gtin
    return digital_link.build(gtin=gtin, lot=batch.lot_code).uri(stem=_stem(stem))


def stamp_uri(stamp: Stamp, *, stem: str | None = None) -> str:
    """The stamp's Digital Link, ``{stem}/01/{gtin}[/10/{lot}]/21/{serial}``, exactly
    as printed. Reads ``stamp.trade_item`` (select it)."""
    return digital_link.build(gtin=stamp.trade_item.gtin, lot=stamp.lot_code or None, serial=stamp.serial).uri(
        stem=_stem(stem)
    )


@dataclass(frozen=True)
class LabelRow:
    """What a label shows: the QR code's URI, the serial and the product name."""

    uri: str
    serial: str
    product_name: str


def _label_name(stamp: Stamp) -> str:
    variant = stamp.trade_item.variant
    return f"{variant.product.name} – {variant.name}" if variant.name else variant.product.name


def stamp_label_rows(stamps: QuerySet[Stamp] | list[Stamp], *, stem: str | None = None) -> Iterator[LabelRow]:
    """Label rows for ``stamps`` in primary-key order, streamed 2,000 at a time
    from a queryset (or straight from a list, e.g. the stamps
    ``stamps.claim_stamps_for_printing`` returned)."""
    if isinstance(stamps, QuerySet):
        stamps = stamps.select_related("trade_item__variant__product").order_by("pk").iterator(chunk_size=2000)
    for stamp in stamps:
        yield LabelRow(uri=stamp_uri(stamp, stem=stem), serial=stamp.serial, product_name=_label_name(stamp))


@dataclass(frozen=True)
class JobProgress:
    state: str
    requested: int
    done: int
    error: str

    @property
    def percent(self) -> int:
        return 100 if not self.requested else int(self.done * 100 / self.requested)

    @property
    def finished(self) -> bool:
        return self.state in (StampJobState.DONE, StampJobState.FAILED)


def job_progress(job_id: int) -> JobProgress:
    """A stamp job's progress in one query (the job must have been fetched
    through ``permissions.get_stamp_job_for_user`` first)."""
    state, requested, done, error = StampJob.objects.values_list("state", "requested", "done", "error").get(pk=job_id)
    return JobProgress(state=state, requested=requested, done=done, error=error)


def stamp_counts(*, batch: Batch | None = None, job: StampJob | None = None) -> dict[str, int]:
    """Stamps per status of a batch (bound to it) or of a job, in one query;
    every status is present (0 when none)."""
    stamps = Stamp.objects.filter(batch=batch) if batch is not None else Stamp.objects.filter(job=job)
    counts = dict.fromkeys(StampStatus.values, 0)
    counts.update(dict(stamps.order_by().values_list("status").annotate(n=Count("pk"))))
    return counts


def seller_batches(seller: Seller) -> QuerySet[Batch]:
    """The seller's batches, newest first, with what a list shows selected."""
    return Batch.objects.filter(seller=seller).select_related(
        "variant__product", "variant__trade_item", "origin_province", "origin_commune", "producer"
    )


# --- timelines --------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One step on a batch's timeline: "Thu hoạch — 01/06/2025 07:30 — Vườn
    chè đội 3, Xã Tân Cương, Tỉnh Thái Nguyên"."""

    kind: str
    label: str
    event_time: datetime.datetime
    place: str
    note: str

    @property
    def text(self) -> str:
        return f"{self.label}: {self.event_time.astimezone(epcis.VIETNAM_TIME):%d/%m/%Y %H:%M}" + (
            f", {self.place}" if self.place else ""
        )


def _place_text(event: EpcisEvent) -> str:
    return place_text(event.place, commune=event.commune, province=event.province)


def _timeline_events(batch_ids: list[int]) -> QuerySet[EpcisEvent]:
    return (
        EpcisEvent.objects.filter(batch_id__in=batch_ids, kind__in=TIMELINE_KINDS)
        .select_related("province", "commune")
        .defer("document")
        .order_by("event_time", "pk")
    )


def _stage(event: EpcisEvent) -> Stage:
    return Stage(
        kind=event.kind,
        label=str(EventKind(event.kind).label),
        event_time=event.event_time,
        place=_place_text(event),
        note=event.note,
    )


def batch_timeline(batch: Batch) -> list[Stage]:
    """The batch's production steps and any recall, oldest first, in one query."""
    return [_stage(event) for event in _timeline_events([batch.pk])]


def batch_timelines(batch_ids: list[int]) -> dict[int, list[Stage]]:
    """The timelines of several batches (``batch_timeline`` of each), in one
    query: for lists such as the API's ``batches``."""
    stages: dict[int, list[Stage]] = {pk: [] for pk in batch_ids}
    for event in _timeline_events(batch_ids):
        stages[event.batch_id].append(_stage(event))
    return stages


def stamp_counts_for_batches(batch_ids: list[int]) -> dict[int, dict[str, int]]:
    """``stamp_counts`` of several batches, in one query."""
    counts = {pk: dict.fromkeys(StampStatus.values, 0) for pk in batch_ids}
    rows = Stamp.objects.filter(batch_id__in=batch_ids).order_by().values_list("batch_id", "status")
    for batch_id, status, number in rows.annotate(n=Count("pk")):
        counts[batch_id][status] = number
    return counts


@dataclass(frozen=True)
class BatchHistory:
    batch: Batch
    stages: list[Stage]
    uri: str


def product_traceability(product: Product, *, limit: int = 3) -> list[BatchHistory]:
    """For the product page's "Truy xuất nguồn gốc": its ``limit`` newest
    batches that have recorded events (recalled ones included: the page
    says so), each with its timeline and batch-code URI, in two queries."""
    batches = list(
        Batch.objects.filter(variant__product=product, events__kind__in=TIMELINE_KINDS)
        .distinct()
        .select_related("variant__trade_item")
        .order_by("-created_at", "-pk")[:limit]
    )
    if not batches:
        return []
    stages: dict[int, list[Stage]] = {batch.pk: [] for batch in batches}
    for event in _timeline_events(list(stages)):
        stages[event.batch_id].append(_stage(event))
    return [
        BatchHistory(
            batch=batch,
            stages=stages[batch.pk],
            uri=batch_code_uri(batch, gtin=batch.variant.trade_item.gtin),
        )
        for batch in batches
    ]
