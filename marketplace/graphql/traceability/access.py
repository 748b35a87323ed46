"""Fetching traceability objects by global ID, always through
``traceability.permissions``: another seller's batch, job or stamp is
``NOT_FOUND`` exactly like a missing one. Plus the lookups of inputs
(provinces, communes, producers, certificates, warehouses)."""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext as _

from marketplace.geography.models import Commune, Province
from marketplace.graphql.core.ids import from_global_id_or_error, pks_from_global_ids
from marketplace.graphql.geography import lookups
from marketplace.product.models import OcopCertificate
from marketplace.seller.models import ProducerMember
from marketplace.warehouse.models import Warehouse
from traceability import permissions
from traceability.errors import TraceError
from traceability.models import Batch, StampJob


def user(info: graphene.ResolveInfo) -> Any:
    return info.context.user


def batch_for_member(info: graphene.ResolveInfo, global_id: str, *, field: str = "id") -> Batch:
    pk = from_global_id_or_error(global_id, "Batch")
    try:
        return permissions.get_batch_for_user(user=user(info), batch_id=pk)
    except TraceError as exc:
        exc.field = field
        raise


def batch_for_member_or_operator(info: graphene.ResolveInfo, global_id: str) -> Batch:
    """For reads and recalls: members of the batch's seller, or operators."""
    pk = from_global_id_or_error(global_id, "Batch")
    try:
        return permissions.get_batch_for_user(user=user(info), batch_id=pk)
    except TraceError:
        return permissions.get_batch_for_operator(user=user(info), batch_id=pk)


def job_for_member(info: graphene.ResolveInfo, global_id: str, *, field: str = "job_id") -> StampJob:
    pk = from_global_id_or_error(global_id, "StampJob")
    try:
        return permissions.get_stamp_job_for_user(user=user(info), job_id=pk)
    except TraceError as exc:
        exc.field = field
        raise


def producer_by_id(global_id: str | None) -> ProducerMember | None:
    """The member producer named; the batch services check it is the seller's own."""
    if not global_id:
        return None
    found = ProducerMember.objects.filter(pk=from_global_id_or_error(global_id, "ProducerMember")).first()
    if found is None:
        raise TraceError("NOT_FOUND", _("Không tìm thấy thành viên sản xuất."), field="producer")
    return found


def certificates_by_ids(global_ids: list[str]) -> list[OcopCertificate]:
    """The certificates named; the batch services check they are the seller's own."""
    pks = set(pks_from_global_ids(global_ids, "OcopCertificate"))
    found = list(OcopCertificate.objects.filter(pk__in=pks))
    if len(found) != len(pks):
        raise TraceError("NOT_FOUND", _("Không tìm thấy giấy chứng nhận."), field="certificates")
    return found


def warehouse_by_id(global_id: str | None) -> Warehouse | None:
    """The warehouse named; ``record_event`` checks it is the seller's own."""
    if not global_id:
        return None
    found = Warehouse.objects.filter(pk=from_global_id_or_error(global_id, "Warehouse")).first()
    if found is None:
        raise TraceError("NOT_FOUND", _("Không tìm thấy kho."), field="warehouse")
    return found


def province_by_code(code: str | None, *, field: str) -> Province | None:
    return lookups.province_by_code(code, field=field, error=TraceError)


def commune_by_code(code: str | None, *, field: str) -> Commune | None:
    return lookups.commune_by_code(code, field=field, error=TraceError)
