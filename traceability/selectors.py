"""Reads of the traceability area: URIs of stamps and batch codes, label rows,
job progress, batch timelines, the product page's batch history, and the
public verification of a scanned Digital Link (``verification_for_uri``).

Every function here reads in a fixed number of queries whatever the size of
the data; none changes anything (scans are logged by ``traceability.scans``).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import DEFERRED, Count, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from marketplace.product.models import OcopCertificate, Product, ProductMedia, ProductVariant, Thumbnail
from marketplace.seller.models import Seller
from traceability import epcis, ratelimit
from traceability.cache import count_and_read, generations_and_entries, store
from traceability.events import export_batch_epcis  # re-exported: a read
from traceability.gs1 import digital_link
from traceability.gs1.digital_link import DigitalLink
from traceability.models import (
    PRODUCTION_KINDS,
    Batch,
    BatchStatus,
    EpcisEvent,
    EventKind,
    Stamp,
    StampJob,
    StampJobState,
    StampStatus,
    TradeItem,
)
from traceability.scans import ScanResult

__all__ = [
    "RequiredItem",
    "Stage",
    "Verdict",
    "Verification",
    "batch_code_uri",
    "batch_timeline",
    "cached_verification",
    "export_batch_epcis",
    "JobProgress",
    "LabelRow",
    "job_progress",
    "product_traceability",
    "seller_batches",
    "stamp_counts",
    "stamp_label_rows",
    "stamp_uri",
    "verification_for_uri",
]

# Kinds shown on a batch's timeline (stamp printing/activation are
# bookkeeping of labels, kept in the EPCIS export but not shown to shoppers).
TIMELINE_KINDS = (*PRODUCTION_KINDS, EventKind.RECALL)
IMAGE_THUMBNAIL_SIZE = 320


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
    parts = [event.place] if event.place else []
    if event.commune is not None:
        parts.append(event.commune.name)
    if event.province is not None:
        parts.append(event.province.full_name)
    return ", ".join(parts)


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


# --- public verification ------------------------------------------------------------


class Verdict(enum.StrEnum):
    GENUINE = "genuine"
    NOT_ACTIVATED = "not_activated"
    VOIDED = "voided"
    RECALLED = "recalled"
    SUSPICIOUS = "suspicious"
    UNKNOWN = "unknown"
    BATCH_ONLY = "batch_only"


VERDICT_MESSAGES = {
    Verdict.GENUINE: _("Tem chính hãng: sản phẩm đã được cơ sở sản xuất kích hoạt và ghi nhận nguồn gốc."),
    Verdict.NOT_ACTIVATED: _(
        "Cảnh báo: tem này chưa được kích hoạt. Sản phẩm chính hãng chỉ được bán khi tem đã kích hoạt."
    ),
    Verdict.VOIDED: _("Cảnh báo: tem này đã bị hủy. Đừng mua hoặc sử dụng sản phẩm mang tem này."),
    Verdict.RECALLED: _("Thông báo thu hồi: lô hàng này đã bị thu hồi. Ngừng sử dụng sản phẩm và liên hệ nơi bán."),
    Verdict.SUSPICIOUS: _(
        "Cảnh báo: tem này đã được quét bất thường (quá nhiều lần hoặc ở nhiều nơi). Có thể là tem giả."
    ),
    Verdict.UNKNOWN: _("Cảnh báo: không tìm thấy mã này trong hệ thống. Có thể là hàng giả."),
    Verdict.BATCH_ONLY: _(
        "Mã lô hàng: chứng minh nguồn gốc của lô, nhưng không chứng minh từng sản phẩm là hàng thật."
    ),
}

NOT_AVAILABLE = _("không có")


@dataclass(frozen=True)
class RequiredItem:
    """One of the ten items Circular 02/2024/TT-BKHCN requires on a
    traceability page; ``value`` None means the page prints "không có"."""

    key: str
    label: str
    value: str | list[str] | None

    @property
    def display(self) -> str | list[str]:
        return self.value if self.value else str(NOT_AVAILABLE)


def _date(day: datetime.date | None) -> str | None:
    return day.strftime("%d/%m/%Y") if day else None


@dataclass(frozen=True)
class Verification:
    """Everything the public verification page shows for one scanned URI.

    ``verdict`` says what to tell the shopper (``message`` in words);
    ``required_items()`` gives the ten items of Circular 02/2024/TT-BKHCN;
    ``ocop_certificate`` is set only when its badge may be shown; ``scan``
    is filled by ``scans.scan_uri`` ("Đã quét N lần, lần đầu lúc … tại …")."""

    uri: str
    link: DigitalLink | None
    verdict: Verdict
    trade_item: TradeItem | None = None
    stamp: Stamp | None = None
    batch: Batch | None = None
    product: Product | None = None
    seller: Seller | None = None
    product_name: str = ""
    image_url: str | None = None
    producer_name: str = ""
    producer_address: str = ""
    member_producer: str = ""
    stages: list[Stage] = field(default_factory=list)
    trace_code: str = ""
    brand: str = ""
    serial: str | None = None
    lot_code: str | None = None
    harvest_start: datetime.date | None = None
    harvest_end: datetime.date | None = None
    production_date: datetime.date | None = None
    expiry_date: datetime.date | None = None
    applied_standards: str = ""
    certificates: list[OcopCertificate] = field(default_factory=list)
    ocop_certificate: OcopCertificate | None = None
    is_internal_code: bool = False
    recall_reason: str = ""
    recalled_at: datetime.datetime | None = None
    scan: ScanResult | None = None
    # Set on answers composed from a cached batch part: names that part under
    # its generations, so the page can reuse what it rendered from it.
    part_key: str = ""

    @property
    def message(self) -> str:
        return str(VERDICT_MESSAGES[self.verdict])

    @property
    def is_warning(self) -> bool:
        return self.verdict not in (Verdict.GENUINE, Verdict.BATCH_ONLY)

    @property
    def product_slug(self) -> str | None:
        """For the "buy this product" link (``storefront:product``)."""
        return self.product.slug if self.product else None

    @property
    def production_time(self) -> str | None:
        parts = []
        if self.harvest_start:
            harvest = _date(self.harvest_start)
            if self.harvest_end:
                harvest = f"{harvest} – {_date(self.harvest_end)}"
            parts.append(_("Thu hoạch: %(dates)s") % {"dates": harvest})
        if self.production_date:
            parts.append(_("Sản xuất: %(date)s") % {"date": _date(self.production_date)})
        return "; ".join(parts) or None

    @property
    def shelf_life(self) -> str | None:
        return _date(self.expiry_date)

    def copy(self, **changes: object) -> Verification:
        """This answer with ``changes`` to its fields, as ``dataclasses.replace``
        but copying the instance's values instead of running ``__init__``
        over all thirty fields again: a fifth of the cost, and each page view
        makes two copies. (Every value in ``__dict__`` is a field: no cached
        properties here.)"""
        unknown = changes.keys() - _VERIFICATION_FIELDS
        if unknown:
            raise TypeError(f"Verification has no fields {sorted(unknown)}")
        copied = object.__new__(Verification)
        copied.__dict__.update(self.__dict__, **changes)  # frozen: its __setattr__ refuses
        return copied

    def with_scan(self, scan: ScanResult) -> Verification:
        """This verification after a scan was logged: a stamp that just became
        suspicious turns a GENUINE answer into SUSPICIOUS."""
        verdict = self.verdict
        if scan.suspicious and verdict == Verdict.GENUINE:
            verdict = Verdict.SUSPICIOUS
        return self.copy(scan=scan, verdict=verdict)

    def for_serial(self, serial: str, **changes: object) -> Verification:
        """This answer with another stamp serial of the same batch (the serial
        and the trace code change, and the fields in ``changes``: one copy)."""
        assert self.trade_item is not None
        trace = digital_link.build(gtin=self.trade_item.gtin, lot=self.lot_code, serial=serial).path()
        return self.copy(serial=serial, trace_code=trace, **changes)

    def required_items(self) -> list[RequiredItem]:
        code = _("%(code)s (mã nội bộ)") % {"code": self.trace_code} if self.is_internal_code else self.trace_code
        brand_serial = ", ".join(
            part
            for part in (
                self.brand,
                _("Số sê-ri: %(serial)s") % {"serial": self.serial} if self.serial else "",
                _("Số lô: %(lot)s") % {"lot": self.lot_code} if self.lot_code else "",
            )
            if part
        )
        return [
            RequiredItem("product_name", str(_("Tên sản phẩm")), self.product_name or None),
            RequiredItem("image", str(_("Hình ảnh sản phẩm")), self.image_url),
            RequiredItem("producer_name", str(_("Tên cơ sở sản xuất")), self.producer_name or None),
            RequiredItem("producer_address", str(_("Địa chỉ cơ sở sản xuất")), self.producer_address or None),
            RequiredItem(
                "production_stages",
                str(_("Công đoạn sản xuất (thời gian, địa điểm)")),
                [stage.text for stage in self.stages] or None,
            ),
            RequiredItem("production_time", str(_("Thời gian sản xuất")), self.production_time),
            RequiredItem("trace_code", str(_("Mã truy vết")), code or None),
            RequiredItem("brand_and_serial", str(_("Nhãn hiệu, số sê-ri")), brand_serial or None),
            RequiredItem("shelf_life", str(_("Hạn sử dụng")), self.shelf_life),
            RequiredItem("applied_standards", str(_("Tiêu chuẩn áp dụng")), self.applied_standards or None),
        ]


_VERIFICATION_FIELDS = frozenset(spec.name for spec in dataclasses.fields(Verification))


def _address(seller: Seller) -> str:
    parts = [seller.street_address] if seller.street_address else []
    if seller.commune is not None:
        parts.append(seller.commune.name)
    if seller.province is not None:
        parts.append(seller.province.full_name)
    return ", ".join(parts)


def _first_media(product: OuterRef) -> QuerySet[ProductMedia]:
    """A product's photos, the one shown first on top."""
    return ProductMedia.objects.filter(product=product).order_by("sort_order", "pk")


def _variant_with_image(variant_id: int) -> tuple[ProductVariant, str | None]:
    """One narrow query: the variant with its product, seller (and its
    address), OCOP certificate and the URL of the product's first image."""
    first = _first_media(OuterRef("product_id"))
    variant = (
        ProductVariant.objects.filter(pk=variant_id)
        .select_related("product__seller__province", "product__seller__commune", "product__ocop_certificate")
        .annotate(
            first_image=Subquery(first.values("image")[:1]),
            first_thumbnail=Subquery(
                Thumbnail.objects.filter(
                    size=IMAGE_THUMBNAIL_SIZE,
                    media=Subquery(_first_media(OuterRef(OuterRef("product_id"))).values("pk")[:1]),
                ).values("image")[:1]
            ),
        )
        .get()
    )
    path = variant.first_thumbnail or variant.first_image
    return variant, default_storage.url(path) if path else None


def _find(link: DigitalLink) -> tuple[TradeItem | None, Stamp | None, Batch | None]:
    """One narrow query on unique indexes: the stamp (by GTIN and serial) with
    its trade item and batch, or the batch (by GTIN and lot); else just the
    trade item. The product side is read by ``_variant_with_image``."""
    gtin = link.gtin
    if link.serial:
        stamp = (
            Stamp.objects.filter(trade_item__gtin=gtin, serial=link.serial)
            .select_related("trade_item", "batch__producer__commune")
            .first()
        )
        if stamp is not None:
            return stamp.trade_item, stamp, stamp.batch
    elif link.lot:
        batch = (
            Batch.objects.filter(variant__trade_item__gtin=gtin, lot_code=link.lot)
            .select_related("variant__trade_item", "producer__commune")
            .first()
        )
        if batch is not None:
            return batch.variant.trade_item, None, batch
    return TradeItem.objects.filter(gtin=gtin).first(), None, None


def _verdict(link: DigitalLink, stamp: Stamp | None, batch: Batch | None) -> Verdict:
    if stamp is None:
        if batch is None or link.serial:
            return Verdict.UNKNOWN
        return Verdict.RECALLED if batch.status == BatchStatus.RECALLED else Verdict.BATCH_ONLY
    printed_lot = stamp.batch.lot_code if stamp.batch else stamp.lot_code
    if link.lot and printed_lot and link.lot != printed_lot:
        return Verdict.UNKNOWN  # a serial of ours under another lot: not our label
    effective = stamp.effective_status
    if effective == "recalled":
        return Verdict.RECALLED
    if effective == StampStatus.VOIDED:
        return Verdict.VOIDED
    if effective != StampStatus.ACTIVATED:
        return Verdict.NOT_ACTIVATED
    if stamp.suspicious_since is not None:
        return Verdict.SUSPICIOUS
    return Verdict.GENUINE


def verification_for_uri(uri: str | DigitalLink) -> Verification:
    """What the public page shows for a scanned Digital Link, read from the
    database (uncached) in at most four narrow queries: the stamp or batch
    with its trade item and producer; the variant with product, seller,
    certificate and image; the batch's timeline; its certificates. The page
    itself reads ``cached_verification``.

    Raises ``InvalidDigitalLink`` (code ``INVALID_DIGITAL_LINK``) for bad
    syntax. An item we never issued gives ``Verdict.UNKNOWN`` (with the
    product filled when at least the GTIN is ours); a GTIN-only link is
    UNKNOWN too: it names a product, not a package or lot."""
    link = uri if isinstance(uri, DigitalLink) else digital_link.parse(uri)
    text = uri if isinstance(uri, str) else link.uri()
    if link.gtin is None:
        return Verification(uri=text, link=link, verdict=Verdict.UNKNOWN)
    trade_item, stamp, batch = _find(link)
    verdict = _verdict(link, stamp, batch)
    if trade_item is None:
        return Verification(uri=text, link=link, verdict=verdict)
    variant, image_url = _variant_with_image(trade_item.variant_id)
    trade_item.variant = variant
    product = variant.product
    seller = product.seller
    shown = batch if verdict != Verdict.UNKNOWN else None
    stages = batch_timeline(shown) if shown is not None else []
    certificates = list(shown.certificates.all()) if shown is not None else []
    badge = next((c for c in [product.ocop_certificate, *certificates] if c is not None and c.shows_badge()), None)
    serial = stamp.serial if stamp is not None and verdict != Verdict.UNKNOWN else None
    trace = digital_link.build(
        gtin=trade_item.gtin,
        lot=shown.lot_code if shown is not None else None,
        serial=serial,
    ).path()
    member = ""
    if shown is not None and shown.producer is not None:
        producer = shown.producer
        member = producer.name + (f" ({producer.commune.name})" if producer.commune else "")
    return Verification(
        uri=text,
        link=link,
        verdict=verdict,
        trade_item=trade_item,
        stamp=stamp if verdict != Verdict.UNKNOWN else None,
        batch=shown,
        product=product,
        seller=seller,
        product_name=str(variant),
        image_url=image_url,
        producer_name=seller.name,
        producer_address=_address(seller),
        member_producer=member,
        stages=stages,
        trace_code=trace,
        brand=seller.name,
        serial=serial,
        lot_code=shown.lot_code if shown is not None else None,
        harvest_start=shown.harvest_start if shown else None,
        harvest_end=shown.harvest_end if shown else None,
        production_date=shown.production_date if shown else None,
        expiry_date=shown.expiry_date if shown else None,
        applied_standards=shown.applied_standards if shown else "",
        certificates=certificates,
        ocop_certificate=badge,
        is_internal_code=trade_item.is_internal,
        recall_reason=shown.recall_reason if shown is not None and shown.is_recalled else "",
        recalled_at=shown.recalled_at if shown is not None and shown.is_recalled else None,
    )


# --- the cached answer of the public page ----------------------------------------------

VERIFICATION_CACHE_SECONDS = 600


def _scope() -> str:
    """What the keys of one answer share: the active language and today's
    date (an OCOP badge ends with its certificate's last day). Read once per
    answer: both cost more than the hash."""
    return f"{get_language() or ''}|{timezone.localdate().isoformat()}"


def _key(scope: str, *parts: str) -> str:
    text = "|".join((scope, *parts))
    return "trace:verification:" + hashlib.sha256(text.encode()).hexdigest()[:32]


def _batch_key(scope: str, gtin: str, lot: str) -> str:
    """The key of a batch's part of the answer: everything but the stamp
    (product, producer, timeline, certificates, batch status), which is also
    the whole answer for the batch code (GTIN, lot)."""
    return _key(scope, "batch", gtin, lot)


def _stamp_key(scope: str, gtin: str, serial: str) -> str:
    """The key of a stamp's own part of the answer (``StampRow``)."""
    return _key(scope, "stamp", gtin, serial)


# What a stamp adds to its batch's answer: pk, batch pk, batch lot, lot printed,
# status, suspicious since, suspicious reason.
StampRow = tuple[int, int | None, str | None, str, str, datetime.datetime | None, str]
# One fixed statement (no ORM query to build per view) on the unique
# (gtin) and (trade item, serial) indexes.
_STAMP_ROW_SQL = """
SELECT s.id, s.batch_id, b.lot_code, s.lot_code, s.status, s.suspicious_since, s.suspicious_reason
FROM {stamp} s JOIN {trade_item} t ON t.id = s.trade_item_id LEFT JOIN {batch} b ON b.id = s.batch_id
WHERE t.gtin = %s AND s.serial = %s
"""


def _read_stamp_row(gtin: str, serial: str, batch_id: int | None = None) -> StampRow | None:
    """The row of the stamp with ``serial`` under ``gtin``, or None. (The
    batch whose answer it will be composed with, ``batch_id``, matters only to
    ``scans.scan_uri``'s reader, which logs the scan in the same statement.)"""
    sql = _STAMP_ROW_SQL.format(
        stamp=Stamp._meta.db_table, trade_item=TradeItem._meta.db_table, batch=Batch._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [gtin, serial])
        return cursor.fetchone()


def _stamp_row(stamp: Stamp) -> StampRow:
    lot = stamp.batch.lot_code if stamp.batch is not None else None
    return (
        stamp.pk,
        stamp.batch_id,
        lot,
        stamp.lot_code,
        stamp.status,
        stamp.suspicious_since,
        stamp.suspicious_reason,
    )


def _batch_part(verification: Verification) -> Verification:
    """The batch's part of a stamp's answer: the batch code's answer."""
    batch = verification.batch
    assert batch is not None and verification.trade_item is not None
    return verification.copy(
        uri="",
        link=None,
        verdict=Verdict.RECALLED if batch.status == BatchStatus.RECALLED else Verdict.BATCH_ONLY,
        stamp=None,
        serial=None,
        trace_code=digital_link.build(gtin=verification.trade_item.gtin, lot=batch.lot_code).path(),
        scan=None,
    )


def _stamp_from_row(row: StampRow, trade_item: TradeItem, batch: Batch, serial: str) -> Stamp:
    """The stamp of ``row`` as if loaded from the database (``Model.from_db``),
    the columns the row lacks deferred: a third cheaper than ``Stamp(...)``
    with keyword arguments, which fills every other field with its default."""
    pk, batch_id, _lot, lot_code, status, suspicious_since, suspicious_reason = row
    known = {
        "id": pk,
        "trade_item_id": trade_item.pk,
        "serial": serial,
        "lot_code": lot_code,
        "batch_id": batch_id,
        "status": status,
        "suspicious_since": suspicious_since,
        "suspicious_reason": suspicious_reason,
    }
    values = [known.get(column.attname, DEFERRED) for column in Stamp._meta.concrete_fields]
    stamp = Stamp.from_db(DEFAULT_DB_ALIAS, list(known), values)
    stamp.trade_item, stamp.batch = trade_item, batch
    return stamp


def _with_stamp(part: Verification, row: StampRow, link: DigitalLink, uri: str, part_key: str) -> Verification | None:
    """A stamp's answer from its batch's part and its own row; None when
    the stamp is not one this part can answer for (another lot in the link)."""
    assert part.trade_item is not None and part.batch is not None and link.serial
    stamp = _stamp_from_row(row, part.trade_item, part.batch, link.serial)
    verdict = _verdict(link, stamp, part.batch)
    if verdict == Verdict.UNKNOWN:
        return None
    return part.for_serial(link.serial, uri=uri, link=link, verdict=verdict, stamp=stamp, part_key=part_key)


def _store(key: str, generations: tuple[int, int], value: object) -> None:
    """Store ``value`` once the surrounding transaction commits (never an
    answer a rollback could take back)."""
    transaction.on_commit(partial(store, key, (generations, value), timeout=VERIFICATION_CACHE_SECONDS))


def _valid(entry: tuple[tuple[int, int], object] | None, generations: tuple[int, int]) -> object | None:
    """A cache entry's value if it was stored under ``generations``."""
    return entry[1] if entry is not None and entry[0] == generations else None


# Batch parts already read from the cache server, per process, under the
# key and generations they were stored under (so exactly as valid as the
# entry itself): a page composed from one reads neither the part nor its
# pickle again. Bounded: cleared when full.
_PARTS: dict[str, Verification] = {}
_PARTS_MAX = 256


def _part_key(batch_key: str, generations: tuple[int, int]) -> str:
    return f"{batch_key}:{generations[0]}:{generations[1]}"


def _cached_part(batch_key: str, generations: tuple[int, int]) -> Verification | None:
    """The batch's part stored at ``batch_key`` under ``generations``, or None."""
    part_key = _part_key(batch_key, generations)
    part = _PARTS.get(part_key)
    if part is None:
        part = _valid(cache.get(batch_key), generations)
        if part is None:
            return None
        if len(_PARTS) >= _PARTS_MAX:
            _PARTS.clear()
        _PARTS[part_key] = part
    return part


def cached_verification(
    uri: str | DigitalLink,
    *,
    read_stamp_row: Callable[[str, str, int | None], StampRow | None] = _read_stamp_row,
    lookup_key: str | None = None,
) -> Verification:
    """``verification_for_uri`` from the cache when nothing it shows has
    changed since it was stored. The answer is cached in two parts, both
    valid only under the traceability and catalogue generations they were
    built under (``traceability.cache``): per batch, everything but the stamp
    (product, producer, timeline, certificates, recall: also the batch code's
    whole answer); per stamp, its own row (status, suspicion). One round trip
    to the cache server reads both generations and the stamp's row; the
    batch's part comes from the process's memory once read (one more round
    trip the first time). No SQL when both are cached, one indexed stamp
    query for a new stamp of a cached batch, ``verification_for_uri``
    otherwise. Unknown codes are never stored (anyone can make up serials).

    ``read_stamp_row(gtin, serial, batch_id)`` reads that stamp query;
    ``batch_id`` is the batch of the cached part the answer will be composed
    from (None when not known yet). ``scans.scan_uri`` passes one that logs
    the scan in the same statement.

    With ``lookup_key`` (``ratelimit.lookup_key(request)``) the client's
    lookup is counted in the same round trip to the cache server, and
    ``ratelimit.TooManyLookups`` raised beyond its allowance, before any SQL.

    Raises ``InvalidDigitalLink`` like ``verification_for_uri``."""
    link = uri if isinstance(uri, DigitalLink) else digital_link.parse(uri)
    text = uri if isinstance(uri, str) else link.uri()
    gtin = link.gtin
    window = ratelimit.WINDOW_SECONDS
    if gtin is None or not (link.serial or link.lot):
        ratelimit.enforce(count_and_read(lookup_key, window, [])[0] if lookup_key else None)
        return verification_for_uri(uri)
    scope = _scope()
    if not link.serial:  # a batch code: its batch's part is the whole answer
        assert link.lot is not None
        batch_key = _batch_key(scope, gtin, link.lot)
        generations, _, counted = generations_and_entries([], counter=lookup_key, window=window)
        ratelimit.enforce(counted)
        part = _cached_part(batch_key, generations)
        if part is not None:
            return part.copy(uri=text, link=link)
        verification = verification_for_uri(link)
        if verification.verdict != Verdict.UNKNOWN:
            _store(batch_key, generations, verification.copy(uri="", link=None))
        return verification.copy(uri=text)
    stamp_key = _stamp_key(scope, gtin, link.serial)
    generations, found, counted = generations_and_entries([stamp_key], counter=lookup_key, window=window)
    ratelimit.enforce(counted)
    row: StampRow | None = _valid(found.get(stamp_key), generations)
    batch_key = _batch_key(scope, gtin, link.lot) if link.lot else None
    part = _cached_part(batch_key, generations) if batch_key is not None else None
    if row is None and (part is not None or batch_key is None):
        # One indexed query (unique (trade item, serial)) for the stamp's row.
        row = read_stamp_row(gtin, link.serial, part.batch.pk if part is not None and part.batch else None)
        if row is not None and row[1] is not None:
            _store(stamp_key, generations, row)
    if row is not None and row[1] is not None and batch_key is None and row[2]:
        batch_key = _batch_key(scope, gtin, row[2])  # a link without its lot: the stamp's batch
        part = _cached_part(batch_key, generations)
    if row is not None and part is not None and part.batch is not None and part.batch.pk == row[1]:
        assert batch_key is not None
        answer = _with_stamp(part, row, link, text, _part_key(batch_key, generations))
        if answer is not None:
            return answer
    verification = verification_for_uri(link)
    stamp, batch = verification.stamp, verification.batch
    if verification.verdict != Verdict.UNKNOWN and stamp is not None and batch is not None:
        _store(stamp_key, generations, _stamp_row(stamp))
        _store(_batch_key(scope, gtin, batch.lot_code), generations, _batch_part(verification))
    return verification.copy(uri=text)
