"""Identifiers, batches and supply-chain events: parse the input, fetch through
``traceability.permissions``, call one service of ``traceability.services``."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.core.enums import enum_value
from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.product.mutations_common import in_channel, variant_for_member
from marketplace.graphql.product.types import ProductVariant
from marketplace.graphql.traceability.access import (
    batch_for_member,
    batch_for_member_or_operator,
    certificates_by_ids,
    commune_by_code,
    producer_by_id,
    province_by_code,
    user,
    warehouse_by_id,
)
from marketplace.graphql.traceability.errors import TraceError
from marketplace.graphql.traceability.types import (
    BATCH_RELATED,
    Batch,
    BatchUnitEnum,
    SupplyChainEvent,
    SupplyChainEventKindEnum,
    TradeItem,
)
from marketplace.product.errors import ProductError as DomainProductError
from traceability import models, services


def variant_for(info: graphene.ResolveInfo, global_id: str, *, field: str) -> Any:
    """The variant if the requester is a member of its seller; ``NOT_FOUND`` on ``field``."""
    try:
        return variant_for_member(info, global_id)
    except DomainProductError as exc:
        exc.field = field
        raise


class VariantGtinSet(BaseMutation):
    trade_item = graphene.Field(TradeItem)
    product_variant = graphene.Field(ProductVariant)

    class Arguments:
        variant_id = graphene.ID(required=True, description="ID of the product variant.")
        gtin = graphene.String(
            description="GTIN-8, -12, -13 or -14 with a valid check digit (Vietnam's GS1 prefix is 893); empty or "
            "null to go back to the internal code."
        )

    class Meta:
        description = "Give a variant its GTIN (members of its seller). Refused once stamps are printed."
        error_type_class = TraceError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, variant_id: str, gtin: str | None = None
    ) -> VariantGtinSet:
        variant = variant_for(info, variant_id, field="variant_id")
        item = services.set_variant_gtin(variant=variant, actor=user(info), gtin=gtin)
        return cls(trade_item=item, product_variant=in_channel(info, variant), errors=[])


class BatchInput(graphene.InputObjectType):
    harvest_start = graphene.Date(description="Harvest day, or the first day of a range.")
    harvest_end = graphene.Date(description="Last day of a harvest range.")
    production_date = graphene.Date()
    expiry_date = graphene.Date()
    quantity = graphene.Decimal(description="How much the batch holds, in `unit` (not negative).")
    unit = graphene.Argument(BatchUnitEnum, description="Default KG.")
    origin_province = graphene.String(description="Province code; defaults to the product's origin.")
    origin_commune = graphene.String(description="Commune or ward code.")
    farm_plot = graphene.String(description="Farm, plot or garden.")
    producer = graphene.ID(description="ID of a member producer (cooperatives only).")
    applied_standards = graphene.String(description="Applied standards, e.g. 'VietGAP'.")
    certificates = graphene.List(graphene.NonNull(graphene.ID), description="IDs of the seller's OCOP certificates.")
    notes = graphene.String()

    class Meta:
        description = "Descriptive fields of a batch; omitted ones are left as they are."


class BatchCreateInput(BatchInput):
    variant = graphene.ID(required=True, description="ID of the product variant the batch is of.")
    lot_code = graphene.String(required=True, description="Lot code: 1–20 characters of GS1 character set 82.")

    class Meta:
        description = "Fields required to create a batch."


_PLAIN_FIELDS = (
    "harvest_start",
    "harvest_end",
    "production_date",
    "expiry_date",
    "quantity",
    "farm_plot",
    "applied_standards",
    "notes",
)


def batch_fields(input: Any) -> dict[str, Any]:
    """The services' keyword arguments for the fields given in ``input``."""
    fields = {key: input[key] for key in _PLAIN_FIELDS if key in input}
    for key in ("farm_plot", "applied_standards", "notes"):
        if key in fields and fields[key] is None:
            fields[key] = ""
    if "unit" in input:
        fields["unit"] = enum_value(input["unit"]) or models.BatchUnit.KG
    if "origin_province" in input:
        fields["origin_province"] = province_by_code(input["origin_province"], field="origin_province")
    if "origin_commune" in input:
        fields["origin_commune"] = commune_by_code(input["origin_commune"], field="origin_commune")
    if "producer" in input:
        fields["producer"] = producer_by_id(input["producer"])
    if "certificates" in input:
        fields["certificates"] = certificates_by_ids(input["certificates"] or [])
    return fields


def _reloaded(batch: models.Batch) -> models.Batch:
    return models.Batch.objects.select_related(*BATCH_RELATED).get(pk=batch.pk)


class BatchCreate(BaseMutation):
    batch = graphene.Field(Batch)

    class Arguments:
        input = BatchCreateInput(required=True, description="Fields required to create a batch.")

    class Meta:
        description = "Record a new batch (lot) of one of the seller's variants (members of its seller)."
        error_type_class = TraceError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, input: Any) -> BatchCreate:
        variant = variant_for(info, input["variant"], field="variant")
        batch = services.create_batch(
            seller=variant.product.seller,
            actor=user(info),
            variant=variant,
            lot_code=input["lot_code"],
            **batch_fields(input),
        )
        return cls(batch=_reloaded(batch), errors=[])


class BatchUpdate(BaseMutation):
    batch = graphene.Field(Batch)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the batch.")
        input = BatchInput(required=True, description="Fields to change (the lot code and variant never change).")

    class Meta:
        description = "Correct a batch's descriptive fields (members of its seller); not after a recall."
        error_type_class = TraceError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, input: Any) -> BatchUpdate:
        batch = batch_for_member(info, id)
        fields = batch_fields(input)
        if fields:
            batch = services.update_batch(batch=batch, actor=user(info), **fields)
        return cls(batch=_reloaded(batch), errors=[])


class BatchRecall(BaseMutation):
    batch = graphene.Field(Batch)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the batch.")
        reason = graphene.String(required=True, description="Why; shown on every stamp's verification page.")

    class Meta:
        description = (
            "Recall a batch (members of its seller, or operators): every stamp of it verifies as a recall notice "
            "at once."
        )
        error_type_class = TraceError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, reason: str) -> BatchRecall:
        batch = batch_for_member_or_operator(info, id)
        batch = services.recall_batch(batch=batch, actor=user(info), reason=reason)
        return cls(batch=_reloaded(batch), errors=[])


class SupplyChainEventInputBatch(graphene.InputObjectType):
    batch = graphene.ID(required=True, description="ID of an input batch of the same seller.")
    quantity = graphene.Decimal(description="How much of it went in; default its whole quantity.")


class SupplyChainEventInput(graphene.InputObjectType):
    kind = graphene.Argument(
        SupplyChainEventKindEnum,
        required=True,
        description="HARVEST, PROCESSING, PACKING, SHIPPING, RECEIVING or INSPECTION.",
    )
    event_time = graphene.DateTime(description="When it happened; default now, never in the future.")
    place = graphene.String(description="Free-text place, e.g. 'Vườn chè đội 3'.")
    province = graphene.String(description="Province code.")
    commune = graphene.String(description="Commune or ward code.")
    warehouse = graphene.ID(description="ID of one of the seller's warehouses.")
    note = graphene.String()
    quantity = graphene.Decimal(description="Default the batch's quantity.")
    unit = graphene.Argument(BatchUnitEnum, description="Default the batch's unit.")
    inputs = graphene.List(graphene.NonNull(SupplyChainEventInputBatch), description="PROCESSING: the input batches.")
    order_reference = graphene.String(description="SHIPPING/RECEIVING: our order number.")
    order_type = graphene.String(description="SHIPPING/RECEIVING: `po` (purchase order, default) or `inv`.")
    passed = graphene.Boolean(description="INSPECTION: passed, failed, or null when not decided.")


class SupplyChainEventRecord(BaseMutation):
    event = graphene.Field(SupplyChainEvent)
    batch = graphene.Field(Batch)

    class Arguments:
        batch_id = graphene.ID(required=True, description="ID of the batch.")
        input = SupplyChainEventInput(required=True, description="What happened, when and where.")

    class Meta:
        description = "Record a production step of a batch as an EPCIS 2.0 event (members of its seller)."
        error_type_class = TraceError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, batch_id: str, input: Any
    ) -> SupplyChainEventRecord:
        batch = batch_for_member(info, batch_id, field="batch_id")
        inputs = []
        for item in input.get("inputs") or []:
            inputs.append((batch_for_member(info, item["batch"], field="inputs"), item.get("quantity")))
        event = services.record_event(
            batch=batch,
            actor=user(info),
            kind=enum_value(input["kind"]),
            when=input.get("event_time"),
            place=input.get("place") or "",
            province=province_by_code(input.get("province"), field="province"),
            commune=commune_by_code(input.get("commune"), field="commune"),
            warehouse=warehouse_by_id(input.get("warehouse")),
            note=input.get("note") or "",
            quantity=input.get("quantity"),
            unit=enum_value(input.get("unit")),
            inputs=inputs,
            order_reference=input.get("order_reference") or "",
            order_type=input.get("order_type") or "po",
            passed=input.get("passed"),
        )
        event = models.EpcisEvent.objects.select_related("province", "commune").get(pk=event.pk)
        return cls(event=event, batch=_reloaded(batch), errors=[])
