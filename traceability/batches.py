"""Batches (lots): creating and correcting them, and recalling one.

A batch belongs to a seller and one of its variants. Its lot code is what GS1
calls AI (10): 1–20 characters of character set 82, unique per variant, and
printed in the batch's Digital Link ``/01/{gtin}/10/{lot}``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.geography.models import Commune, Province
from marketplace.product.cache import catalog_changed
from marketplace.product.models import OcopCertificate, ProductVariant
from marketplace.seller.models import ProducerMember, Seller, SellerKind
from traceability import epcis
from traceability.cache import trace_changed
from traceability.errors import TraceError
from traceability.events import store_event
from traceability.gs1.digital_link import InvalidDigitalLink, check_lot_or_serial
from traceability.identifiers import trade_item_for
from traceability.models import UNECE_CODES, Batch, BatchStatus, BatchUnit, EventKind
from traceability.permissions import check_actor
from traceability.validation import parse_quantity

MAX_TEXT = {"farm_plot": 200, "applied_standards": 300, "notes": 2000}
# Fields ``update_batch`` may change (the lot code and variant are the
# batch's identity: they are on printed stamps).
EDITABLE_FIELDS = frozenset(
    {
        "harvest_start",
        "harvest_end",
        "production_date",
        "expiry_date",
        "quantity",
        "unit",
        "origin_province",
        "origin_commune",
        "farm_plot",
        "producer",
        "applied_standards",
        "certificates",
        "notes",
    }
)


def normalize_lot_code(value: object) -> str:
    """The lot code trimmed, or ``INVALID_LOT_CODE`` (1–20 chars of GS1 CSET 82)."""
    text = str(value or "").strip()
    try:
        return check_lot_or_serial("10", text)
    except InvalidDigitalLink as exc:
        raise TraceError("INVALID_LOT_CODE", field="lot_code", details={"reason": exc.message}) from exc


def _date(value: object, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TraceError("INVALID_DATES", _("Ngày không hợp lệ."), field=field)
    return value


def _text(value: object, field: str) -> str:
    text = " ".join(str(value or "").split()) if field != "notes" else str(value or "").strip()
    if len(text) > MAX_TEXT[field]:
        raise TraceError(
            "INVALID", _("Nội dung quá dài (tối đa %(limit)s ký tự).") % {"limit": MAX_TEXT[field]}, field=field
        )
    return text


def _clean(seller: Seller, values: dict[str, Any]) -> dict[str, Any]:
    """Check the descriptive fields of a batch against each other and the seller."""
    today = timezone.localdate()
    cleaned: dict[str, Any] = {}
    for field in ("harvest_start", "harvest_end", "production_date", "expiry_date"):
        cleaned[field] = _date(values.get(field), field)
    if cleaned["harvest_end"] and not cleaned["harvest_start"]:
        cleaned["harvest_start"], cleaned["harvest_end"] = cleaned["harvest_end"], None
    if cleaned["harvest_start"] and cleaned["harvest_end"]:
        if cleaned["harvest_end"] < cleaned["harvest_start"]:
            raise TraceError("INVALID_DATES", _("Ngày kết thúc thu hoạch phải sau ngày bắt đầu."), field="harvest_end")
        if cleaned["harvest_end"] == cleaned["harvest_start"]:
            cleaned["harvest_end"] = None
    for field, message in (
        ("harvest_start", _("Ngày thu hoạch không được ở tương lai.")),
        ("harvest_end", _("Ngày thu hoạch không được ở tương lai.")),
        ("production_date", _("Ngày sản xuất không được ở tương lai.")),
    ):
        if cleaned[field] and cleaned[field] > today:
            raise TraceError("INVALID_DATES", message, field=field)
    if cleaned["production_date"] and cleaned["expiry_date"] and cleaned["expiry_date"] < cleaned["production_date"]:
        raise TraceError("INVALID_DATES", _("Hạn sử dụng phải sau ngày sản xuất."), field="expiry_date")
    if (
        cleaned["harvest_start"]
        and cleaned["production_date"]
        and cleaned["production_date"] < cleaned["harvest_start"]
    ):
        raise TraceError("INVALID_DATES", _("Ngày sản xuất không được trước ngày thu hoạch."), field="production_date")
    cleaned["quantity"] = parse_quantity(values.get("quantity"))
    unit = values.get("unit") or BatchUnit.KG
    if unit not in BatchUnit.values:
        raise TraceError("INVALID_UNIT", field="unit")
    cleaned["unit"] = unit
    province, commune = values.get("origin_province"), values.get("origin_commune")
    if province is not None and not isinstance(province, Province):
        raise TraceError("INVALID", _("Tỉnh/thành không hợp lệ."), field="origin_province")
    if commune is not None and not isinstance(commune, Commune):
        raise TraceError("INVALID", _("Xã/phường không hợp lệ."), field="origin_commune")
    if commune is not None:
        if province is not None and commune.province_id != province.pk:
            raise TraceError("INVALID", _("Xã/phường không thuộc tỉnh/thành đã chọn."), field="origin_commune")
        province = province or commune.province
    cleaned["origin_province"], cleaned["origin_commune"] = province, commune
    producer = values.get("producer")
    if producer is not None:
        if seller.kind != SellerKind.COOPERATIVE:
            raise TraceError("NOT_A_COOPERATIVE", field="producer")
        if not isinstance(producer, ProducerMember) or producer.seller_id != seller.pk:
            raise TraceError("NOT_FOUND", _("Không tìm thấy thành viên sản xuất."), field="producer")
    cleaned["producer"] = producer
    for field in ("farm_plot", "applied_standards", "notes"):
        cleaned[field] = _text(values.get(field), field)
    return cleaned


def _certificates(seller: Seller, certificates: Iterable[OcopCertificate] | None) -> list[OcopCertificate]:
    chosen = list(certificates or [])
    for certificate in chosen:
        if not isinstance(certificate, OcopCertificate) or certificate.seller_id != seller.pk:
            raise TraceError("NOT_FOUND", _("Không tìm thấy giấy chứng nhận."), field="certificates")
    return chosen


def create_batch(
    *,
    seller: Seller,
    actor: User | None,
    variant: ProductVariant,
    lot_code: str,
    harvest_start: datetime.date | None = None,
    harvest_end: datetime.date | None = None,
    production_date: datetime.date | None = None,
    expiry_date: datetime.date | None = None,
    quantity: Decimal | int | str | None = None,
    unit: str = BatchUnit.KG,
    origin_province: Province | None = None,
    origin_commune: Commune | None = None,
    farm_plot: str = "",
    producer: ProducerMember | None = None,
    applied_standards: str = "",
    certificates: Iterable[OcopCertificate] | None = None,
    notes: str = "",
) -> Batch:
    """Record a new lot of ``variant`` (the seller's own) and make sure the
    variant has a trade item (its GTIN, or an internal one).

    A single harvest day is ``harvest_start`` alone; a range adds
    ``harvest_end``. The origin defaults to the product's origin.

    Raises ``NOT_FOUND`` (actor not a member; variant, producer or certificate
    of another seller), ``INVALID_LOT_CODE``, ``UNIQUE`` (lot code already used
    for this variant), ``INVALID_DATES`` (harvest end before start, expiry
    before production, future harvest/production), ``INVALID_QUANTITY``,
    ``INVALID_UNIT``, ``NOT_A_COOPERATIVE`` (producer for a non-cooperative),
    ``INVALID`` (commune outside the province, text too long)."""
    check_actor(actor, seller)
    if variant.product.seller_id != seller.pk:
        raise TraceError("NOT_FOUND", _("Không tìm thấy phân loại sản phẩm."), field="variant")
    lot = normalize_lot_code(lot_code)
    if origin_province is None and origin_commune is None:
        origin_province, origin_commune = variant.product.origin_province, variant.product.origin_commune
    cleaned = _clean(
        seller,
        {
            "harvest_start": harvest_start,
            "harvest_end": harvest_end,
            "production_date": production_date,
            "expiry_date": expiry_date,
            "quantity": quantity,
            "unit": unit,
            "origin_province": origin_province,
            "origin_commune": origin_commune,
            "farm_plot": farm_plot,
            "producer": producer,
            "applied_standards": applied_standards,
            "notes": notes,
        },
    )
    chosen = _certificates(seller, certificates)
    duplicate = TraceError("UNIQUE", _("Mã lô này đã được dùng cho sản phẩm này."), field="lot_code")
    with transaction.atomic():
        trade_item_for(variant)
        if Batch.objects.filter(variant=variant, lot_code=lot).exists():
            raise duplicate
        try:
            with transaction.atomic():
                batch = Batch.objects.create(seller=seller, variant=variant, lot_code=lot, created_by=actor, **cleaned)
        except IntegrityError as exc:  # the same lot recorded meanwhile
            raise duplicate from exc
        if chosen:
            batch.certificates.set(chosen)
        catalog_changed()
        trace_changed()
    return batch


def lock_batch(batch: Batch) -> Batch:
    """Re-read ``batch`` with its row locked until the transaction ends."""
    return Batch.objects.select_for_update(of=("self",)).select_related("seller").get(pk=batch.pk)


@transaction.atomic
def update_batch(*, batch: Batch, actor: User | None, **changes: Any) -> Batch:
    """Correct a batch's descriptive fields (any of ``EDITABLE_FIELDS``; the
    lot code and variant are printed on stamps and never change).

    Raises ``INVALID`` for an unknown field, ``BATCH_RECALLED``, and the field
    errors of ``create_batch``."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TraceError("INVALID", _("Không sửa được trường này."), field=sorted(unknown)[0])
    locked = lock_batch(batch)
    check_actor(actor, locked.seller)
    if locked.is_recalled:
        raise TraceError("BATCH_RECALLED")
    values = {field: getattr(locked, field) for field in EDITABLE_FIELDS - {"certificates"}}
    values.update({k: v for k, v in changes.items() if k != "certificates"})
    cleaned = _clean(locked.seller, values)
    for field, value in cleaned.items():
        setattr(locked, field, value)
    locked.save()
    if "certificates" in changes:
        locked.certificates.set(_certificates(locked.seller, changes["certificates"]))
    catalog_changed()
    trace_changed()
    return locked


@transaction.atomic
def recall_batch(*, batch: Batch, actor: User | None, reason: str) -> Batch:
    """Recall a batch: from now on every stamp bound to it (and its batch
    code) verifies as a recall notice, at once, since the verification reads
    the batch's status; the stamps keep their own status. Records an EPCIS
    ObjectEvent with disposition ``recalled`` for the whole lot.

    Sellers' members and operators may recall. Raises ``NOT_FOUND`` (anyone
    else), ``REASON_REQUIRED`` or ``INVALID_TRANSITION`` (already recalled)."""
    text = " ".join(str(reason or "").split())
    if not text:
        raise TraceError("REASON_REQUIRED", field="reason")
    locked = lock_batch(batch)
    check_actor(actor, locked.seller, allow_operator=True)
    if locked.is_recalled:
        raise TraceError("INVALID_TRANSITION", _("Lô hàng đã bị thu hồi trước đó."))
    now = timezone.now()
    locked.status = BatchStatus.RECALLED
    locked.recall_reason = text[:2000]
    locked.recalled_at = now
    locked.recalled_by = actor
    locked.save(update_fields=["status", "recall_reason", "recalled_at", "recalled_by", "updated_at"])
    batch.status, batch.recall_reason, batch.recalled_at, batch.recalled_by = (
        locked.status,
        locked.recall_reason,
        locked.recalled_at,
        locked.recalled_by,
    )
    gtin = trade_item_for(locked.variant).gtin
    document = epcis.object_event(
        action="OBSERVE",
        when=now,
        location=epcis.location_uri(locked.seller.slug),
        disposition="recalled",
        quantities=[epcis.quantity_element(epcis.lot_class_uri(gtin, locked.lot_code), None, None)],
        extensions={"kind": EventKind.RECALL.value, "note": locked.recall_reason},
    )
    store_event(
        seller=locked.seller,
        batch=locked,
        kind=EventKind.RECALL,
        document=document,
        when=now,
        note=locked.recall_reason,
        actor=actor,
    )
    catalog_changed()
    trace_changed()
    return locked


def unece_unit(unit: str) -> str | None:
    return UNECE_CODES.get(unit)
