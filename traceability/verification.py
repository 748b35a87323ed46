"""The public verification of a scanned Digital Link: what the page tells
the shopper about a stamp or a batch code (``verification_for_uri``, read
from the database; the page reads ``traceability.verification_cache``), with
the ten items Circular 02/2024/TT-BKHCN requires on a traceability page."""

from __future__ import annotations

import dataclasses
import datetime
import enum
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from marketplace.geography.models import place_text
from marketplace.product.models import OcopCertificate, Product, ProductMedia, ProductVariant, Thumbnail
from marketplace.seller.models import Seller
from traceability.gs1 import digital_link
from traceability.gs1.digital_link import DigitalLink
from traceability.models import Batch, BatchStatus, Stamp, StampStatus, TradeItem
from traceability.scans import ScanResult
from traceability.selectors import Stage, batch_timeline

IMAGE_THUMBNAIL_SIZE = 320


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
    return place_text(seller.street_address, commune=seller.commune, province=seller.province)


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


def verdict_for(link: DigitalLink, stamp: Stamp | None, batch: Batch | None) -> Verdict:
    """What to tell the shopper who scanned ``link``, given the stamp and
    batch found for it (None when not found)."""
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
    verdict = verdict_for(link, stamp, batch)
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
