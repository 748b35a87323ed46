"""Traceability queries and mutations, composed into the API in
``marketplace.graphql.schema``.

``verifyStamp(uri)`` is what a scanning app calls: it answers exactly like the
public verification page and, like it, logs the scan (coarse province from
the request, hashed device key), so "Đã quét N lần" and copy detection count
API scans too. There is deliberately no non-logging variant: a copied stamp
must not be checkable without leaving a trace. It shares the resolver's
per-client lookup limit (``traceability.ratelimit``): beyond it, an error
with code TOO_MANY_REQUESTS."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from marketplace.graphql.core.connection import ConnectionField, CountableConnection, SortKey, paginate
from marketplace.graphql.core.enums import enum_value
from marketplace.graphql.core.errors import INVALID, ApiError
from marketplace.graphql.core.ids import from_global_id_or_error
from marketplace.graphql.core.selection import selected_fields
from marketplace.graphql.traceability.access import batch_for_member_or_operator, user
from marketplace.graphql.traceability.mutations import (
    BatchCreate,
    BatchRecall,
    BatchUpdate,
    SupplyChainEventRecord,
    VariantGtinSet,
)
from marketplace.graphql.traceability.stamp_mutations import (
    LabelJobCreate,
    StampsActivate,
    StampsGenerate,
    StampsVoid,
)
from marketplace.graphql.traceability.types import (
    BATCH_RELATED,
    Batch,
    BatchCountableConnection,
    BatchStatusEnum,
    StampJob,
    Verification,
    attach_batch_extras,
    batch_for_viewer,
)
from marketplace.product.models import OcopCertificate
from traceability import models, permissions, selectors, services, verification
from traceability.errors import TraceError as DomainTraceError
from traceability.gs1.gtin import InvalidIdentifier
from traceability.ratelimit import check_stamp_lookup

# The code of a ``verifyStamp`` refused by the per-client stamp lookup limit
# (the resolver's HTTP 429), in ``extensions.exception.code``.
TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"


class TraceabilityQueries(graphene.ObjectType):
    batches = ConnectionField(
        BatchCountableConnection,
        seller_id=graphene.ID(description="Only this seller's batches."),
        status=graphene.Argument(BatchStatusEnum, description="Only batches in this status."),
        description="Batches of the sellers the requester works for, newest first; empty for anyone else.",
    )
    batch = graphene.Field(
        Batch,
        id=graphene.ID(required=True, description="ID of the batch."),
        description="A batch, for members of its seller and operators; null for anyone else.",
    )
    stamp_job = graphene.Field(
        StampJob,
        id=graphene.ID(required=True, description="ID of the stamp job."),
        description="A stamp job and its progress, for members of its seller; null for anyone else.",
    )
    batch_epcis_document = graphene.JSONString(
        id=graphene.ID(required=True, description="ID of the batch."),
        description="The batch's whole history as one GS1 EPCIS 2.0 EPCISDocument (JSON-LD), for members of its "
        "seller and operators; null for anyone else.",
    )
    verify_stamp = graphene.Field(
        Verification,
        uri=graphene.String(required=True, description="The GS1 Digital Link read from the QR code."),
        description="Public: what a scanned stamp or batch code says (the verification page's answer). Logs the "
        "scan like the page does. A malformed URI is an error with code INVALID_DIGITAL_LINK (INVALID_GTIN for a bad "
        "GTIN in it); too many lookups from one client, TOO_MANY_REQUESTS.",
    )

    @staticmethod
    def resolve_batches(
        root: None, info: graphene.ResolveInfo, seller_id: str | None = None, status: Any = None, **args: Any
    ) -> CountableConnection:
        batches = permissions.batches_for_user(user(info)).select_related(*BATCH_RELATED)
        if seller_id is not None:
            batches = batches.filter(seller_id=from_global_id_or_error(seller_id, "Seller"))
        if status is not None:
            batches = batches.filter(status=enum_value(status))
        node = selected_fields(info, "edges", "node")
        if "certificates" in node:
            batches = batches.prefetch_related(
                Prefetch("certificates", queryset=OcopCertificate.objects.order_by("pk"))
            )
        connection = paginate(
            batches,
            connection_type=BatchCountableConnection,
            sort_keys=[SortKey("created_at", descending=True)],
            connection_name="batches",
            **args,
        )
        attach_batch_extras(
            [edge.node for edge in connection.edges],
            timeline="timeline" in node,
            stamp_counts="stampCounts" in node,
        )
        return connection

    @staticmethod
    def resolve_batch(root: None, info: graphene.ResolveInfo, id: str) -> models.Batch | None:
        return batch_for_viewer(info, from_global_id_or_error(id, "Batch"))

    @staticmethod
    def resolve_stamp_job(root: None, info: graphene.ResolveInfo, id: str) -> models.StampJob | None:
        return StampJob.get_node(info, from_global_id_or_error(id, "StampJob"))

    @staticmethod
    def resolve_batch_epcis_document(root: None, info: graphene.ResolveInfo, id: str) -> dict[str, Any] | None:
        try:
            batch = batch_for_member_or_operator(info, id)
        except DomainTraceError:
            return None
        return selectors.export_batch_epcis(batch)

    @staticmethod
    def resolve_verify_stamp(root: None, info: graphene.ResolveInfo, uri: str) -> verification.Verification:
        request = info.context
        allowance = check_stamp_lookup(request)
        if not allowance.allowed:
            raise ApiError(
                _("Bạn đã tra cứu quá nhiều mã trong một phút. Vui lòng thử lại sau %(seconds)s giây.")
                % {"seconds": allowance.retry_after},
                code=TOO_MANY_REQUESTS,
            )
        try:
            return services.scan_uri(
                uri=uri.strip(),
                province=services.province_from_request(request),
                device_key=services.device_key_for_request(request),
            )
        except InvalidIdentifier as exc:  # the Digital Link's syntax, or its GTIN
            raise ApiError(exc.message, code=exc.code or INVALID) from exc


class TraceabilityMutations(graphene.ObjectType):
    variant_gtin_set = VariantGtinSet.Field()
    batch_create = BatchCreate.Field()
    batch_update = BatchUpdate.Field()
    batch_recall = BatchRecall.Field()
    supply_chain_event_record = SupplyChainEventRecord.Field()
    stamps_generate = StampsGenerate.Field()
    label_job_create = LabelJobCreate.Field()
    stamps_activate = StampsActivate.Field()
    stamps_void = StampsVoid.Field()
