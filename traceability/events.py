"""Supply-chain events of a batch, stored as GS1 EPCIS 2.0 JSON-LD.

A cooperative records what happened to a lot from a phone in a few taps:
``record_event(batch=…, actor=…, kind=EventKind.HARVEST)`` is enough (time:
now; place: the batch's origin or the seller's address; quantity: the
batch's). How each kind maps to EPCIS:

=============  ===================  ==========  =================  ==========================
kind           event type           action      bizStep            disposition
=============  ===================  ==========  =================  ==========================
harvest        ObjectEvent          ADD         commissioning      active
processing     TransformationEvent  –           commissioning      active
packing        ObjectEvent          OBSERVE     packing            in_progress
shipping       ObjectEvent          OBSERVE     shipping           in_transit
receiving      ObjectEvent          OBSERVE     receiving          in_progress
inspection     ObjectEvent          OBSERVE     inspecting         conformant / non_conformant
stamp printing ObjectEvent          OBSERVE     encoding           encoded
activation     ObjectEvent          ADD         commissioning      active
void           ObjectEvent          DELETE      decommissioning    inactive
recall         ObjectEvent          OBSERVE     –                  recalled
=============  ===================  ==========  =================  ==========================

Lots appear as EPC classes in ``quantityList`` (``https://id.gs1.org/01/{gtin}/10/{lot}``
with a UN/CEFACT unit), stamps as instance EPCs in ``epcList``; shipping and
receiving carry the order in ``bizTransactionList``. Every document is
validated against GS1's schema before it is stored (``INVALID_EVENT``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.geography.models import Commune, Province
from marketplace.product.cache import catalog_changed
from marketplace.seller.models import Seller
from marketplace.warehouse.models import Warehouse
from traceability import epcis
from traceability.cache import trace_changed
from traceability.errors import TraceError
from traceability.identifiers import trade_item_for
from traceability.models import (
    PRODUCTION_KINDS,
    UNECE_CODES,
    Batch,
    BatchUnit,
    EpcisEvent,
    EventKind,
)
from traceability.permissions import check_actor
from traceability.validation import parse_quantity

# Events may be told a little ahead of the server's clock (a phone's clock).
CLOCK_SKEW = datetime.timedelta(minutes=10)
ORDER_TYPES = ("po", "inv")
MAX_PLACE = 255
MAX_NOTE = 2000


def _event_row(
    *,
    seller: Seller,
    batch: Batch | None,
    kind: str,
    document: dict[str, Any],
    when: datetime.datetime,
    place: str = "",
    province: Province | None = None,
    commune: Commune | None = None,
    note: str = "",
    actor: User | None = None,
    epc_count: int = 0,
) -> EpcisEvent:
    epcis.validate(document)
    return EpcisEvent(
        seller=seller,
        batch=batch,
        kind=kind,
        event_id=document["eventID"],
        event_type=document["type"],
        biz_step=document.get("bizStep", ""),
        disposition=document.get("disposition", ""),
        event_time=when,
        place=place[:MAX_PLACE],
        province=province,
        commune=commune,
        note=note,
        epc_count=epc_count,
        document=document,
        created_by=actor,
    )


def store_event(**fields: Any) -> EpcisEvent:
    """Validate one EPCIS document and store it with its timeline columns
    (keywords of ``EpcisEvent``). Raises ``INVALID_EVENT``."""
    row = _event_row(**fields)
    row.save()
    return row


def store_events(rows: Iterable[dict[str, Any]]) -> list[EpcisEvent]:
    """Validate many EPCIS documents, then store them in one INSERT. Raises
    ``INVALID_EVENT`` before anything is stored."""
    built = [_event_row(**fields) for fields in rows]
    return EpcisEvent.objects.bulk_create(built)


def _when(value: datetime.datetime | None) -> datetime.datetime:
    if value is None:
        return timezone.now()
    if not isinstance(value, datetime.datetime) or timezone.is_naive(value):
        raise TraceError("INVALID_DATES", _("Thời gian không hợp lệ."), field="when")
    if value > timezone.now() + CLOCK_SKEW:
        raise TraceError("INVALID_DATES", _("Thời gian không được ở tương lai."), field="when")
    return value


def _place(
    batch: Batch,
    kind: str,
    place: str,
    province: Province | None,
    commune: Commune | None,
    warehouse: Warehouse | None,
) -> tuple[str, Province | None, Commune | None]:
    if commune is not None and province is not None and commune.province_id != province.pk:
        raise TraceError("INVALID", _("Xã/phường không thuộc tỉnh/thành đã chọn."), field="commune")
    text = " ".join(str(place or "").split())
    if len(text) > MAX_PLACE:
        raise TraceError("INVALID", _("Địa điểm quá dài."), field="place")
    if province is None and commune is None:
        if warehouse is not None:
            province, commune = warehouse.province, warehouse.commune
            text = text or ", ".join(p for p in (warehouse.name, warehouse.street_address) if p)
        elif kind == EventKind.HARVEST:
            province, commune = batch.origin_province, batch.origin_commune
            text = text or batch.farm_plot
        else:
            province, commune = batch.seller.province, batch.seller.commune
            text = text or batch.seller.street_address
    if commune is not None and province is None:
        province = commune.province
    return text, province, commune


def _lot(batch: Batch, quantity: Decimal | int | str | None, unit: str | None) -> dict[str, Any]:
    amount = parse_quantity(quantity) if quantity not in (None, "") else batch.quantity
    unit = unit or batch.unit
    if unit not in BatchUnit.values:
        raise TraceError("INVALID_UNIT", field="unit")
    gtin = trade_item_for(batch.variant).gtin
    return epcis.quantity_element(epcis.lot_class_uri(gtin, batch.lot_code), amount, UNECE_CODES.get(unit))


@transaction.atomic
def record_event(
    *,
    batch: Batch,
    actor: User | None,
    kind: str,
    when: datetime.datetime | None = None,
    place: str = "",
    province: Province | None = None,
    commune: Commune | None = None,
    warehouse: Warehouse | None = None,
    note: str = "",
    quantity: Decimal | int | str | None = None,
    unit: str | None = None,
    inputs: Sequence[tuple[Batch, Decimal | int | str | None]] = (),
    order_reference: str = "",
    order_type: str = "po",
    passed: bool | None = None,
) -> EpcisEvent:
    """Record a production step of ``batch``: ``kind`` is one of
    ``PRODUCTION_KINDS`` (harvest, processing, packing, shipping, receiving,
    inspection). Everything but ``batch``, ``actor`` and ``kind`` is optional:

    - ``when``: aware time (default now; not in the future);
    - ``place`` (free text: "Vườn chè đội 3"), ``province``/``commune``, or a
      ``warehouse`` of the seller; defaults: the batch's origin for a harvest,
      the seller's address otherwise;
    - ``quantity``/``unit``: default the batch's;
    - processing: ``inputs`` = [(input batch of the same seller, quantity)],
      the batch itself being the output;
    - shipping/receiving: ``order_reference`` (our order number) and
      ``order_type`` ``po`` (purchase order) or ``inv`` (invoice);
    - inspection: ``passed`` True/False/None, ``note`` the inspector's words.

    Raises ``NOT_FOUND`` (actor not a member; input batch or warehouse of
    another seller), ``INVALID`` (kind, place, order type, text),
    ``INVALID_DATES``, ``INVALID_QUANTITY``, ``INVALID_UNIT``,
    ``BATCH_RECALLED`` (only an inspection may follow a recall) or
    ``INVALID_EVENT``."""
    if kind not in PRODUCTION_KINDS:
        raise TraceError("INVALID", _("Loại sự kiện không hợp lệ."), field="kind")
    check_actor(actor, batch.seller_id)
    batch = Batch.objects.select_related("seller", "variant", "origin_province", "origin_commune").get(pk=batch.pk)
    if batch.is_recalled and kind != EventKind.INSPECTION:
        raise TraceError("BATCH_RECALLED")
    if warehouse is not None and warehouse.seller_id != batch.seller_id:
        raise TraceError("NOT_FOUND", _("Không tìm thấy kho."), field="warehouse")
    moment = _when(when)
    place_text, province, commune = _place(batch, kind, place, province, commune, warehouse)
    note = str(note or "").strip()
    if len(note) > MAX_NOTE:
        raise TraceError("INVALID", _("Ghi chú quá dài."), field="note")
    location = epcis.location_uri(batch.seller.slug, warehouse.slug if warehouse else None)
    extensions = {
        "kind": kind,
        "place": place_text,
        "province": province.pk if province else None,
        "commune": commune.pk if commune else None,
        "note": note,
    }
    lot = _lot(batch, quantity, unit)
    if kind == EventKind.HARVEST:
        extensions["harvestDate"] = _harvest_text(batch)
        document = epcis.object_event(
            action="ADD",
            when=moment,
            location=location,
            biz_step="commissioning",
            disposition="active",
            quantities=[lot],
            ilmd={
                "cbvmda:lotNumber": batch.lot_code,
                "cbvmda:itemExpirationDate": batch.expiry_date.isoformat() if batch.expiry_date else None,
            },
            extensions=extensions,
        )
    elif kind == EventKind.PROCESSING:
        input_elements = []
        for input_batch, input_quantity in inputs:
            if not isinstance(input_batch, Batch) or input_batch.seller_id != batch.seller_id:
                raise TraceError("NOT_FOUND", _("Không tìm thấy lô nguyên liệu."), field="inputs")
            if input_batch.pk == batch.pk:
                raise TraceError("INVALID", _("Lô nguyên liệu phải khác lô thành phẩm."), field="inputs")
            input_elements.append(_lot(input_batch, input_quantity, None))
        document = epcis.transformation_event(
            when=moment,
            location=location,
            inputs=input_elements,
            outputs=[lot],
            ilmd={"cbvmda:lotNumber": batch.lot_code},
            extensions=extensions,
        )
    else:
        transactions = []
        if kind in (EventKind.SHIPPING, EventKind.RECEIVING) and order_reference.strip():
            if order_type not in ORDER_TYPES:
                raise TraceError("INVALID", _("Loại chứng từ không hợp lệ."), field="order_type")
            transactions.append({"type": order_type, "bizTransaction": epcis.order_uri(order_reference.strip())})
        biz_step, disposition = {
            EventKind.PACKING: ("packing", "in_progress"),
            EventKind.SHIPPING: ("shipping", "in_transit"),
            EventKind.RECEIVING: ("receiving", "in_progress"),
            EventKind.INSPECTION: (
                "inspecting",
                None if passed is None else ("conformant" if passed else "non_conformant"),
            ),
        }[kind]
        document = epcis.object_event(
            action="OBSERVE",
            when=moment,
            location=location,
            biz_step=biz_step,
            disposition=disposition,
            quantities=[lot],
            biz_transactions=transactions,
            extensions=extensions,
        )
    event = store_event(
        seller=batch.seller,
        batch=batch,
        kind=kind,
        document=document,
        when=moment,
        place=place_text,
        province=province,
        commune=commune,
        note=note,
        actor=actor,
    )
    catalog_changed()
    trace_changed()
    return event


def _harvest_text(batch: Batch) -> str | None:
    if batch.harvest_start is None:
        return None
    if batch.harvest_end:
        return f"{batch.harvest_start.isoformat()}/{batch.harvest_end.isoformat()}"
    return batch.harvest_start.isoformat()


def export_batch_epcis(batch: Batch) -> dict[str, Any]:
    """The whole history of ``batch`` as one validated ``EPCISDocument``:
    its production events, stamp printing/activation/void events and any
    recall, in time order. Raises ``INVALID_EVENT`` if a stored event no
    longer validates (it would be a bug)."""
    documents = EpcisEvent.objects.filter(batch=batch).order_by("event_time", "pk").values_list("document", flat=True)
    return epcis.validate(epcis.epcis_document(documents.iterator(chunk_size=200)))
