"""Traceability in the API: trade items, batches with their timeline and
supply-chain events, stamp jobs, stamps, and the public verification of a
scanned stamp.

Batches, jobs, events and stamps are private to their seller's members (and
batches to operators, who may recall them); what a stamp says to a shopper is
public through ``Verification``. Lists load timelines and stamp counts for a
whole page at once (``attach_batch_extras``)."""

from __future__ import annotations

import enum
from typing import Any

import graphene
from graphene import relay

from marketplace.graphql.channel.resolvers import get_channel_or_error
from marketplace.graphql.core.connection import (
    ConnectionField,
    CountableConnection,
    SortKey,
    countable_connection,
    paginate,
)
from marketplace.graphql.core.context import ChannelContext
from marketplace.graphql.core.enums import enum_from_choices
from marketplace.graphql.core.types import ModelObjectType
from marketplace.graphql.geography.types import Commune, Province
from marketplace.graphql.product.ocop import OcopCertificate
from marketplace.graphql.product.types import ProductVariant
from marketplace.graphql.seller.types import Seller
from traceability import models, selectors, verification
from traceability.errors import TraceError as DomainTraceError
from traceability.permissions import get_batch_for_operator, get_batch_for_user, get_stamp_job_for_user

BatchStatusEnum = enum_from_choices("BatchStatusEnum", models.BatchStatus, "Whether a batch is on sale or recalled.")
BatchUnitEnum = enum_from_choices("BatchUnitEnum", models.BatchUnit, "Units a batch is counted in.")
SupplyChainEventKindEnum = enum_from_choices(
    "SupplyChainEventKindEnum",
    models.EventKind,
    "What a supply-chain event records. Sellers record HARVEST, PROCESSING, PACKING, SHIPPING, RECEIVING and "
    "INSPECTION; the others follow from stamp and recall mutations.",
)
StampStatusEnum = enum_from_choices("StampStatusEnum", models.StampStatus, "A serialised stamp's own lifecycle.")
StampJobStateEnum = enum_from_choices("StampJobStateEnum", models.StampJobState, "Progress of a stamp request.")
VerdictEnum = graphene.Enum(
    "VerificationVerdictEnum",
    [(verdict.name, verdict.value) for verdict in verification.Verdict],
    description="What a scanned code tells the shopper: GENUINE (an activated stamp), BATCH_ONLY (a batch code: "
    "proves origin, not authenticity), or a warning: NOT_ACTIVATED, VOIDED, RECALLED, SUSPICIOUS (scanned too "
    "often or in too many provinces), UNKNOWN (not issued here).",
)

# Attributes set on batches of a page by ``attach_batch_extras``.
TIMELINE = "api_timeline"
STAMP_COUNTS = "api_stamp_counts"


def stored_value(choice: str) -> str:
    """A choice as stored: an instance not yet re-read holds the choices'
    member (``StampJobState.QUEUED``), which the enums do not take."""
    return str(choice.value) if isinstance(choice, enum.Enum) else choice


def attach_batch_extras(batches: list[models.Batch], *, timeline: bool, stamp_counts: bool) -> None:
    """Load the timelines and stamp counts of ``batches`` in one query each."""
    ids = [batch.pk for batch in batches]
    if not ids:
        return
    if timeline:
        for batch_id, stages in selectors.batch_timelines(ids).items():
            setattr(next(b for b in batches if b.pk == batch_id), TIMELINE, stages)
    if stamp_counts:
        counts = selectors.stamp_counts_for_batches(ids)
        for batch in batches:
            setattr(batch, STAMP_COUNTS, counts[batch.pk])


class TradeItem(graphene.ObjectType):
    gtin = graphene.String(required=True, description="The GTIN as 14 digits (GTIN-8/12/13 padded with zeros).")
    is_internal = graphene.Boolean(
        required=True,
        description="Whether the variant has no GTIN of its own: an internal code in GS1's restricted range "
        "(prefix 2) that still makes valid Digital Links.",
    )

    class Meta:
        description = "The GS1 identity of a product variant, printed in every stamp's Digital Link."

    @classmethod
    def is_type_of(cls, root: object, info: graphene.ResolveInfo) -> bool:
        return isinstance(root, models.TradeItem)


def resolve_variant_trade_item(variant: Any) -> models.TradeItem | None:
    """``ProductVariant.tradeItem``: the variant's trade item, None until it
    has a GTIN or a batch (reads the one-to-one relation)."""
    try:
        return variant.trade_item
    except models.TradeItem.DoesNotExist:
        return None


class HarvestDate(graphene.ObjectType):
    start = graphene.Date(description="The harvest day, or the first day of a range.")
    end = graphene.Date(description="The last day of a range; null for a single day.")


class BatchOrigin(graphene.ObjectType):
    province = graphene.Field(Province)
    commune = graphene.Field(Commune)
    farm_plot = graphene.String(required=True, description="Farm, plot or garden, as the seller wrote it.")


class ProducerMember(graphene.ObjectType):
    id = graphene.ID(required=True, description="ID of the member producer.")
    name = graphene.String(required=True)
    commune = graphene.Field(Commune)

    class Meta:
        description = "A member household of a cooperative that grew or made a batch."

    @staticmethod
    def resolve_id(root: Any, info: graphene.ResolveInfo) -> str:
        return relay.Node.to_global_id("ProducerMember", root.pk)


class BatchStage(graphene.ObjectType):
    kind = graphene.Field(SupplyChainEventKindEnum, required=True)
    label = graphene.String(required=True, description="The step in words (Vietnamese first).")
    event_time = graphene.DateTime(required=True)
    place = graphene.String(required=True, description="Place, commune and province in words.")
    note = graphene.String(required=True)
    text = graphene.String(required=True, description="The whole line as the verification page prints it.")

    class Meta:
        description = "One step on a batch's timeline: production steps and any recall, oldest first."


class StampCounts(graphene.ObjectType):
    generated = graphene.Int(required=True)
    printed = graphene.Int(required=True)
    activated = graphene.Int(required=True)
    voided = graphene.Int(required=True)

    class Meta:
        description = "Stamps per status (of a batch: the stamps bound to it at activation)."


class SupplyChainEvent(ModelObjectType):
    kind = graphene.Field(SupplyChainEventKindEnum, required=True)
    event_type = graphene.String(required=True, description="EPCIS event type, e.g. ObjectEvent.")
    biz_step = graphene.String(required=True, description="CBV business step, e.g. commissioning.")
    disposition = graphene.String(required=True, description="CBV disposition, e.g. active, recalled.")
    event_time = graphene.DateTime(required=True)
    place = graphene.String(required=True, description="Free-text place, e.g. 'Vườn chè đội 3'.")
    province = graphene.Field(Province)
    commune = graphene.Field(Commune)
    note = graphene.String(required=True)
    document = graphene.JSONString(required=True, description="The event as EPCIS 2.0 JSON-LD.")

    class Meta:
        description = "A supply-chain event of a batch, stored as GS1 EPCIS 2.0 (members of its seller)."
        interfaces = (relay.Node,)
        model = models.EpcisEvent


SupplyChainEventCountableConnection = countable_connection(SupplyChainEvent)


class Batch(ModelObjectType):
    lot_code = graphene.String(required=True, description="GS1 AI (10): 1–20 characters of character set 82.")
    seller = graphene.Field(Seller, required=True)
    variant = graphene.Field(ProductVariant, required=True, description="The variant, in the default channel.")
    harvest_date = graphene.Field(HarvestDate, description="Harvest day or range; null when not recorded.")
    production_date = graphene.Date()
    expiry_date = graphene.Date()
    quantity = graphene.Float(description="How much the batch holds, in `unit`.")
    unit = graphene.Field(BatchUnitEnum, required=True)
    origin = graphene.Field(BatchOrigin, required=True)
    producer = graphene.Field(ProducerMember, description="Member producer (cooperatives).")
    standards = graphene.String(required=True, description="Applied standards, e.g. 'VietGAP, TCVN 5.2.2'.")
    certificates = graphene.List(graphene.NonNull(OcopCertificate), required=True)
    notes = graphene.String(required=True)
    status = graphene.Field(BatchStatusEnum, required=True)
    recall_reason = graphene.String(description="Why the batch was recalled; null unless recalled.")
    recalled_at = graphene.DateTime()
    batch_code_uri = graphene.String(
        required=True,
        description="The batch code's GS1 Digital Link: proves origin, not that a package is genuine.",
    )
    trade_item = graphene.Field(TradeItem, required=True)
    timeline = graphene.List(graphene.NonNull(BatchStage), required=True)
    stamp_counts = graphene.Field(StampCounts, required=True)
    events = ConnectionField(
        SupplyChainEventCountableConnection, description="Every supply-chain event of the batch, oldest first."
    )
    created = graphene.DateTime(required=True)

    class Meta:
        description = "A batch (lot) of one variant: origin, dates, producer, history and stamps (members of its "
        "seller; operators may read and recall any)."
        interfaces = (relay.Node,)
        model = models.Batch

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.Batch | None:
        return batch_for_viewer(info, pk)

    @staticmethod
    def resolve_variant(root: models.Batch, info: graphene.ResolveInfo) -> ChannelContext:
        return ChannelContext(root.variant, get_channel_or_error(info.context, None))

    @staticmethod
    def resolve_harvest_date(root: models.Batch, info: graphene.ResolveInfo) -> HarvestDate | None:
        if root.harvest_start is None:
            return None
        return HarvestDate(start=root.harvest_start, end=root.harvest_end)

    @staticmethod
    def resolve_quantity(root: models.Batch, info: graphene.ResolveInfo) -> float | None:
        return None if root.quantity is None else float(root.quantity)

    @staticmethod
    def resolve_origin(root: models.Batch, info: graphene.ResolveInfo) -> BatchOrigin:
        return BatchOrigin(province=root.origin_province, commune=root.origin_commune, farm_plot=root.farm_plot)

    @staticmethod
    def resolve_standards(root: models.Batch, info: graphene.ResolveInfo) -> str:
        return root.applied_standards

    @staticmethod
    def resolve_certificates(root: models.Batch, info: graphene.ResolveInfo) -> list[Any]:
        return list(root.certificates.all())

    @staticmethod
    def resolve_status(root: models.Batch, info: graphene.ResolveInfo) -> str:
        return stored_value(root.status)

    @staticmethod
    def resolve_unit(root: models.Batch, info: graphene.ResolveInfo) -> str:
        return stored_value(root.unit)

    @staticmethod
    def resolve_recall_reason(root: models.Batch, info: graphene.ResolveInfo) -> str | None:
        return root.recall_reason if root.is_recalled else None

    @staticmethod
    def resolve_batch_code_uri(root: models.Batch, info: graphene.ResolveInfo) -> str:
        return selectors.batch_code_uri(root, gtin=root.variant.trade_item.gtin)

    @staticmethod
    def resolve_trade_item(root: models.Batch, info: graphene.ResolveInfo) -> models.TradeItem:
        return root.variant.trade_item

    @staticmethod
    def resolve_timeline(root: models.Batch, info: graphene.ResolveInfo) -> list[selectors.Stage]:
        stages = getattr(root, TIMELINE, None)
        return stages if stages is not None else selectors.batch_timeline(root)

    @staticmethod
    def resolve_stamp_counts(root: models.Batch, info: graphene.ResolveInfo) -> StampCounts:
        counts = getattr(root, STAMP_COUNTS, None)
        if counts is None:
            counts = selectors.stamp_counts(batch=root)
        return StampCounts(**counts)

    @staticmethod
    def resolve_events(root: models.Batch, info: graphene.ResolveInfo, **args: Any) -> CountableConnection:
        events = models.EpcisEvent.objects.filter(batch=root).select_related("province", "commune")
        return paginate(
            events,
            connection_type=SupplyChainEventCountableConnection,
            sort_keys=[SortKey("event_time")],
            connection_name="events",
            **args,
        )

    @staticmethod
    def resolve_created(root: models.Batch, info: graphene.ResolveInfo) -> Any:
        return root.created_at


BatchCountableConnection = countable_connection(Batch)

# What a batch shown through the API needs selected.
BATCH_RELATED = (
    "seller",
    "variant__product",
    "variant__trade_item",
    "origin_province",
    "origin_commune",
    "producer__commune",
)


def batch_for_viewer(info: graphene.ResolveInfo, pk: int) -> models.Batch | None:
    """The batch for a member of its seller or an operator; None for anyone else."""
    user = info.context.user
    for fetch in (get_batch_for_user, get_batch_for_operator):
        try:
            batch = fetch(user=user, batch_id=pk)
        except DomainTraceError:
            continue
        return models.Batch.objects.select_related(*BATCH_RELATED).get(pk=batch.pk)
    return None


class StampJob(ModelObjectType):
    requested = graphene.Int(required=True, description="How many stamps were asked for.")
    done = graphene.Int(required=True, description="How many are stored so far.")
    state = graphene.Field(StampJobStateEnum, required=True)
    error = graphene.String(description="Why generation failed; null unless FAILED.")
    progress = graphene.Float(required=True, description="0.0–1.0, for a progress bar.")
    batch = graphene.Field(Batch, description="The batch whose lot code the stamps carry, if any.")
    trade_item = graphene.Field(TradeItem, required=True)
    stamp_counts = graphene.Field(StampCounts, required=True, description="The job's stamps per status.")
    created = graphene.DateTime(required=True)
    finished_at = graphene.DateTime()

    class Meta:
        description = "A request for serialised stamps, generated in the background; poll `stampJob(id)` for "
        "progress (members of its seller)."
        interfaces = (relay.Node,)
        model = models.StampJob

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.StampJob | None:
        try:
            return get_stamp_job_for_user(user=info.context.user, job_id=pk)
        except DomainTraceError:
            return None

    @staticmethod
    def resolve_state(root: models.StampJob, info: graphene.ResolveInfo) -> str:
        return stored_value(root.state)

    @staticmethod
    def resolve_error(root: models.StampJob, info: graphene.ResolveInfo) -> str | None:
        return root.error or None

    @staticmethod
    def resolve_stamp_counts(root: models.StampJob, info: graphene.ResolveInfo) -> StampCounts:
        return StampCounts(**selectors.stamp_counts(job=root))

    @staticmethod
    def resolve_created(root: models.StampJob, info: graphene.ResolveInfo) -> Any:
        return root.created_at


class Stamp(graphene.ObjectType):
    serial = graphene.String(required=True, description="16 Crockford base-32 characters, unique per GTIN.")
    status = graphene.Field(StampStatusEnum, required=True)
    uri = graphene.String(required=True, description="The GS1 Digital Link printed in the QR code.")
    lot_code = graphene.String(description="The lot printed in the URI, if any.")
    activated_at = graphene.DateTime()

    class Meta:
        description = "A serialised QR stamp (members of its seller)."

    @classmethod
    def is_type_of(cls, root: object, info: graphene.ResolveInfo) -> bool:
        return isinstance(root, models.Stamp)

    @staticmethod
    def resolve_status(root: models.Stamp, info: graphene.ResolveInfo) -> str:
        return stored_value(root.status)

    @staticmethod
    def resolve_uri(root: models.Stamp, info: graphene.ResolveInfo) -> str:
        return selectors.stamp_uri(root)

    @staticmethod
    def resolve_lot_code(root: models.Stamp, info: graphene.ResolveInfo) -> str | None:
        return root.lot_code or None


class RequiredItem(graphene.ObjectType):
    key = graphene.String(required=True, description="e.g. product_name, production_stages, shelf_life.")
    label = graphene.String(required=True, description="The item's name (Vietnamese first).")
    values = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="The value(s); empty when missing."
    )
    display = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="What the page prints: the values, or 'không có' when missing.",
    )

    class Meta:
        description = "One of the ten items Circular 02/2024/TT-BKHCN requires on a traceability page."

    @staticmethod
    def resolve_values(root: verification.RequiredItem, info: graphene.ResolveInfo) -> list[str]:
        value = root.value
        return [] if not value else [value] if isinstance(value, str) else list(value)

    @staticmethod
    def resolve_display(root: verification.RequiredItem, info: graphene.ResolveInfo) -> list[str]:
        display = root.display
        return [display] if isinstance(display, str) else list(display)


class Verification(graphene.ObjectType):
    uri = graphene.String(required=True, description="The scanned URI.")
    verdict = graphene.Field(VerdictEnum, required=True)
    message = graphene.String(required=True, description="The verdict in words (Vietnamese first).")
    is_warning = graphene.Boolean(required=True, description="Whether the page shows a warning.")
    items = graphene.List(
        graphene.NonNull(RequiredItem), required=True, description="The ten items of Circular 02/2024/TT-BKHCN."
    )
    product_name = graphene.String()
    product_slug = graphene.String(description="For a link to buy the product.")
    image_url = graphene.String()
    producer_name = graphene.String()
    producer_address = graphene.String()
    member_producer = graphene.String(description="The cooperative's member household, if recorded.")
    timeline = graphene.List(graphene.NonNull(BatchStage), required=True)
    trace_code = graphene.String(description="The Digital Link path: /01/{gtin}/10/{lot}/21/{serial}.")
    serial = graphene.String()
    lot_code = graphene.String()
    expiry_date = graphene.Date()
    ocop_certificate = graphene.Field(OcopCertificate, description="Only when its badge may be shown.")
    recall_reason = graphene.String()
    recalled_at = graphene.DateTime()
    scan_count = graphene.Int(description="How often the stamp or batch code was scanned, this scan included.")
    first_scan_at = graphene.DateTime()
    first_scan_province = graphene.String(description="Province of the first scan, where known.")
    suspicious_reason = graphene.String(description="Why the scans look like a copied stamp.")

    class Meta:
        description = "What a scanned stamp or batch code says to a shopper."

    @staticmethod
    def resolve_verdict(root: verification.Verification, info: graphene.ResolveInfo) -> str:
        return stored_value(root.verdict)

    @staticmethod
    def resolve_items(root: verification.Verification, info: graphene.ResolveInfo) -> list[verification.RequiredItem]:
        return root.required_items()

    @staticmethod
    def resolve_product_name(root: verification.Verification, info: graphene.ResolveInfo) -> str | None:
        return root.product_name or None

    @staticmethod
    def resolve_producer_name(root: verification.Verification, info: graphene.ResolveInfo) -> str | None:
        return root.producer_name or None

    @staticmethod
    def resolve_producer_address(root: verification.Verification, info: graphene.ResolveInfo) -> str | None:
        return root.producer_address or None

    @staticmethod
    def resolve_member_producer(root: verification.Verification, info: graphene.ResolveInfo) -> str | None:
        return root.member_producer or None

    @staticmethod
    def resolve_timeline(root: verification.Verification, info: graphene.ResolveInfo) -> list[selectors.Stage]:
        return root.stages

    @staticmethod
    def resolve_trace_code(root: verification.Verification, info: graphene.ResolveInfo) -> str | None:
        return root.trace_code or None

    @staticmethod
    def resolve_recall_reason(root: verification.Verification, info: graphene.ResolveInfo) -> str | None:
        return root.recall_reason or None

    @staticmethod
    def resolve_scan_count(root: verification.Verification, info: graphene.ResolveInfo) -> int | None:
        return root.scan.count if root.scan else None

    @staticmethod
    def resolve_first_scan_at(root: verification.Verification, info: graphene.ResolveInfo) -> Any:
        return root.scan.first_scanned_at if root.scan else None

    @staticmethod
    def resolve_first_scan_province(root: verification.Verification, info: graphene.ResolveInfo) -> str | None:
        return root.scan.first_province_name if root.scan else None

    @staticmethod
    def resolve_suspicious_reason(root: verification.Verification, info: graphene.ResolveInfo) -> str | None:
        return (root.scan.reason_text or None) if root.scan and root.scan.suspicious else None
