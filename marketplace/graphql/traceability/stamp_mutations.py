"""Stamps: request a job (generated in the background), claim stamps for a
print run, activate them at packing, void them. Selections are fetched
through ``traceability.permissions``; the services do the rest."""

from __future__ import annotations

import re
from typing import Any

import graphene
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.graphql.core.ids import require_one_of
from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.traceability.access import batch_for_member, job_for_member, user
from marketplace.graphql.traceability.errors import TraceError
from marketplace.graphql.traceability.mutations import variant_for
from marketplace.graphql.traceability.types import Batch, Stamp, StampJob
from marketplace.seller.models import Seller
from traceability import permissions, services
from traceability.errors import TraceError as DomainTraceError
from traceability.labels import FORMATS, get_format
from traceability.models import Stamp as StampModel


def _format_name(code: str) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", "_", code).upper()
    return name if name[0].isalpha() else f"THERMAL_{name}"


LabelFormatEnum = graphene.Enum(
    "LabelFormatEnum",
    [(_format_name(code), code) for code in FORMATS],
    description="Label formats: A4 sheets L7160 (3×7), L7654 (4×10), L7651 (5×13), and thermal rolls "
    "width×height mm at 203 or 300 dpi.",
)


class StampsGenerate(BaseMutation):
    job = graphene.Field(StampJob, description="The queued job; poll `stampJob(id)` for progress.")

    class Arguments:
        variant_id = graphene.ID(required=True, description="ID of the product variant.")
        count = graphene.Int(required=True, description="How many stamps, 1 to 100,000.")
        batch_id = graphene.ID(description="A batch of that variant: the stamps' URIs carry its lot code.")

    class Meta:
        description = "Request serialised stamps (members of the variant's seller); they are generated in the "
        "background."
        error_type_class = TraceError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, variant_id: str, count: int, batch_id: str | None = None
    ) -> StampsGenerate:
        variant = variant_for(info, variant_id, field="variant_id")
        batch = batch_for_member(info, batch_id, field="batch_id") if batch_id else None
        job = services.request_stamps(
            seller=variant.product.seller, actor=user(info), variant=variant, count=count, batch=batch
        )
        return cls(job=job, errors=[])


class LabelJobCreate(BaseMutation):
    format = graphene.Field(LabelFormatEnum, description="The format the labels are for.")
    count = graphene.Int(description="How many stamps were claimed (fewer than asked when no more are left).")
    stamps = graphene.List(
        graphene.NonNull(Stamp), description="The stamps claimed for this print run, now PRINTED: print exactly these."
    )

    class Arguments:
        job_id = graphene.ID(description="ID of a stamp job: print its stamps.")
        batch_id = graphene.ID(description="ID of a batch: print generated stamps of its variant with its lot code.")
        format = graphene.Argument(LabelFormatEnum, required=True, description="Label format.")
        count = graphene.Int(required=True, description="How many labels, 1 to 100,000.")

    class Meta:
        description = (
            "Claim stamps for a print run (members of their seller): returns their serials and URIs, each claimed "
            "once only. The seller centre's job page renders the PDF or ZPL sheets."
        )
        error_type_class = TraceError

    @classmethod
    def perform_mutation(
        cls,
        root: Any,
        info: graphene.ResolveInfo,
        *,
        format: Any,
        count: int,
        job_id: str | None = None,
        batch_id: str | None = None,
    ) -> LabelJobCreate:
        require_one_of(job_id=job_id, batch_id=batch_id)
        code = format.value if hasattr(format, "value") else format
        get_format(code)
        job = job_for_member(info, job_id) if job_id else None
        batch = batch_for_member(info, batch_id, field="batch_id") if batch_id else None
        seller = job.seller if job is not None else batch.seller
        stamps = services.claim_stamps_for_printing(seller=seller, actor=user(info), count=count, job=job, batch=batch)
        return cls(format=code, count=len(stamps), stamps=stamps, errors=[])


def _serial_list(serials: list[str] | None) -> list[str] | None:
    return None if serials is None else [serial.strip().upper() for serial in serials]


class StampsActivate(BaseMutation):
    count = graphene.Int(description="How many stamps were activated.")
    batch = graphene.Field(Batch)

    class Arguments:
        batch_id = graphene.ID(required=True, description="ID of the batch the stamps are packed with.")
        serials = graphene.List(graphene.NonNull(graphene.String), description="Serials of printed stamps.")
        job_id = graphene.ID(description="Or: the stamps of this job, in print order.")
        start = graphene.Int(description="With `jobId`: first position (0-based) in print order.")
        stop = graphene.Int(description="With `jobId`: position to stop before.")

    class Meta:
        description = "Activate printed stamps at packing and bind them to a batch, all or none (members)."
        error_type_class = TraceError

    @classmethod
    def perform_mutation(
        cls,
        root: Any,
        info: graphene.ResolveInfo,
        *,
        batch_id: str,
        serials: list[str] | None = None,
        job_id: str | None = None,
        start: int | None = None,
        stop: int | None = None,
    ) -> StampsActivate:
        require_one_of(serials=serials, job_id=job_id)
        batch = batch_for_member(info, batch_id, field="batch_id")
        job = job_for_member(info, job_id) if job_id else None
        count = services.activate_stamps(
            seller=batch.seller,
            actor=user(info),
            batch=batch,
            serials=_serial_list(serials),
            job=job,
            start=start,
            stop=stop,
        )
        return cls(count=count, batch=batch, errors=[])


class StampsVoid(BaseMutation):
    count = graphene.Int(description="How many stamps were voided.")

    class Arguments:
        serials = graphene.List(graphene.NonNull(graphene.String), description="Serials of the stamps.")
        job_id = graphene.ID(description="Or: the stamps of this job, in print order.")
        start = graphene.Int(description="With `jobId`: first position (0-based) in print order.")
        stop = graphene.Int(description="With `jobId`: position to stop before.")
        reason = graphene.String(required=True, description="Why: damaged, lost, misprinted, stolen.")

    class Meta:
        description = "Void stamps for good, all or none (members of their seller)."
        error_type_class = TraceError

    @classmethod
    def perform_mutation(
        cls,
        root: Any,
        info: graphene.ResolveInfo,
        *,
        reason: str,
        serials: list[str] | None = None,
        job_id: str | None = None,
        start: int | None = None,
        stop: int | None = None,
    ) -> StampsVoid:
        require_one_of(serials=serials, job_id=job_id)
        if job_id:
            job = job_for_member(info, job_id)
            count = services.void_stamps(
                seller=job.seller, actor=user(info), reason=reason, job=job, start=start, stop=stop
            )
            return cls(count=count, errors=[])
        wanted = _serial_list(serials) or []
        if not wanted:
            raise DomainTraceError("REQUIRED", _("Chọn tem."), field="serials")
        try:
            stamps = permissions.get_stamps_for_user(user=user(info), serials=wanted)
        except DomainTraceError as exc:
            exc.field = "serials"
            raise
        seller_ids = sorted(set(stamps.values_list("trade_item__variant__product__seller_id", flat=True)))
        count = 0
        with transaction.atomic():
            for seller_id in seller_ids:
                own = StampModel.objects.filter(
                    serial__in=wanted, trade_item__variant__product__seller_id=seller_id
                ).values_list("serial", flat=True)
                seller = Seller.objects.get(pk=seller_id)
                count += services.void_stamps(seller=seller, actor=user(info), reason=reason, serials=list(own))
        return cls(count=count, errors=[])
