"""Reads of the seller area: the onboarding checklist, the operator's review
queue and what the seller's dashboard says about its application."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.seller.models import (
    Seller,
    SellerAction,
    SellerDocument,
    SellerDocumentKind,
    SellerDocumentStatus,
    SellerKind,
    SellerStatus,
    SellerTransition,
)

# Every key an operator may attach a reason to (``request_changes``): the
# profile fields, the producer list and each kind of document.
PROFILE_FIELD_LABELS: dict[str, Promise] = {
    "name": _("Tên cơ sở"),
    "phone": _("Số điện thoại"),
    "email": _("Email liên hệ"),
    "province": _("Tỉnh/thành phố"),
    "commune": _("Xã/phường/đặc khu"),
    "street_address": _("Địa chỉ (số nhà, thôn, ấp)"),
    "tax_code": _("Mã số thuế"),
    "description": _("Giới thiệu cơ sở"),
    "logo": _("Logo"),
    "producers": _("Danh sách thành viên sản xuất"),
}
REVIEW_KEY_LABELS: dict[str, Promise] = {
    **PROFILE_FIELD_LABELS,
    **{kind.value: kind.label for kind in SellerDocumentKind},
}

STATUS_MESSAGES: dict[str, Promise] = {
    SellerStatus.DRAFT: _("Hãy hoàn thiện hồ sơ và gửi để ban quản lý xét duyệt."),
    SellerStatus.SUBMITTED: _("Hồ sơ đã được gửi và đang chờ xét duyệt."),
    SellerStatus.IN_REVIEW: _("Hồ sơ đang được xét duyệt."),
    SellerStatus.CHANGES_REQUESTED: _("Ban quản lý yêu cầu bổ sung hồ sơ. Hãy sửa các mục được nêu rồi gửi lại."),
    SellerStatus.APPROVED: _("Cơ sở đã được duyệt và có thể đăng bán sản phẩm."),
    SellerStatus.REJECTED: _("Hồ sơ đăng ký bán hàng đã bị từ chối."),
    SellerStatus.SUSPENDED: _("Cơ sở đang bị tạm khóa: sản phẩm không hiển thị trên sàn."),
}


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    reason_if_changes_requested: str = ""
    required: bool = True


def required_document_kinds(kind: str) -> list[str]:
    """Documents without which an application cannot be submitted."""
    if kind == SellerKind.HOUSEHOLD:
        return [SellerDocumentKind.CITIZEN_ID, SellerDocumentKind.HOUSEHOLD_REGISTRATION]
    return [SellerDocumentKind.CITIZEN_ID, SellerDocumentKind.BUSINESS_REGISTRATION]


OPTIONAL_DOCUMENT_KINDS = [SellerDocumentKind.OCOP_CERTIFICATE, SellerDocumentKind.FOOD_SAFETY_CERTIFICATE]


def required_profile_fields(kind: str) -> list[str]:
    fields = ["name", "phone", "province", "commune", "street_address"]
    if kind != SellerKind.HOUSEHOLD:
        fields.append("tax_code")
    return fields


def current_documents(seller: Seller) -> QuerySet[SellerDocument]:
    return SellerDocument.objects.filter(seller=seller, is_current=True).order_by("kind")


def document_history(seller: Seller, kind: str) -> QuerySet[SellerDocument]:
    """Every file uploaded for this kind, newest first (the current one first)."""
    return SellerDocument.objects.filter(seller=seller, kind=kind).order_by("-uploaded_at", "-pk")


def last_transition(seller: Seller, *, action: str | None = None) -> SellerTransition | None:
    transitions = SellerTransition.objects.filter(seller=seller)
    if action:
        transitions = transitions.filter(action=action)
    return transitions.select_related("actor").order_by("-created_at", "-pk").first()


def seller_transitions(seller: Seller) -> QuerySet[SellerTransition]:
    """The audit trail, oldest first."""
    return SellerTransition.objects.filter(seller=seller).select_related("actor").order_by("created_at", "pk")


def requested_changes(seller: Seller) -> dict[str, str]:
    """The operator's reasons per field/document while changes are requested."""
    if seller.status != SellerStatus.CHANGES_REQUESTED:
        return {}
    request = last_transition(seller, action=SellerAction.REQUEST_CHANGES)
    return dict(request.field_reasons) if request else {}


def _profile_done(seller: Seller, key: str) -> bool:
    if key == "province":
        return seller.province_id is not None
    if key == "commune":
        return seller.commune_id is not None
    return bool(str(getattr(seller, key, "") or "").strip())


def onboarding_checklist(seller: Seller, *, today: datetime.date | None = None) -> list[ChecklistItem]:
    """What the seller must (``required``) or may provide before submitting,
    each with whether it is done and the operator's reason if changes were
    requested about it. A document counts as done when a current, unexpired
    copy exists that the operator has not asked to replace. Two queries."""
    today = today or timezone.localdate()
    reasons = requested_changes(seller)
    items: list[ChecklistItem] = []
    for key in required_profile_fields(seller.kind):
        items.append(
            ChecklistItem(key, str(PROFILE_FIELD_LABELS[key]), _profile_done(seller, key), reasons.get(key, ""))
        )
    documents = {doc.kind: doc for doc in current_documents(seller)}
    required = required_document_kinds(seller.kind)
    for kind in [*required, *OPTIONAL_DOCUMENT_KINDS]:
        doc = documents.get(kind)
        done = doc is not None and doc.status != SellerDocumentStatus.NEEDS_REPLACEMENT and not doc.is_expired(today)
        items.append(
            ChecklistItem(
                kind, str(SellerDocumentKind(kind).label), done, reasons.get(kind, ""), required=kind in required
            )
        )
    return items


def missing_items(checklist: list[ChecklistItem]) -> list[ChecklistItem]:
    return [item for item in checklist if item.required and not item.done]


def review_queue() -> QuerySet[Seller]:
    """Applications waiting for an operator (submitted or in review), the
    longest-waiting first (by the time of their last submission).

    Each seller carries ``submitted_at``, ``submission_count``,
    ``reviewer_email`` (who started the current review, if any),
    ``province``/``commune`` and ``current_documents`` (a list): two queries
    whatever the queue's length."""
    submits = SellerTransition.objects.filter(seller=OuterRef("pk"), action=SellerAction.SUBMIT)
    last_submit = submits.order_by("-created_at", "-pk").values("created_at")[:1]
    submit_count = submits.order_by().values("seller").annotate(n=Count("pk")).values("n")[:1]
    last_review = (
        SellerTransition.objects.filter(seller=OuterRef("pk"), action=SellerAction.START_REVIEW)
        .order_by("-created_at", "-pk")
        .values("actor__email")[:1]
    )
    return (
        Seller.objects.filter(status__in=[SellerStatus.SUBMITTED, SellerStatus.IN_REVIEW])
        .annotate(
            submitted_at=Subquery(last_submit),
            submission_count=Coalesce(Subquery(submit_count), 0),
            reviewer_email=Subquery(last_review),
        )
        .select_related("province", "commune")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=SellerDocument.objects.filter(is_current=True).order_by("kind"),
                to_attr="current_documents",
            )
        )
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
    )


@dataclass(frozen=True)
class SellerNotice:
    """What the seller's dashboard shows about its application."""

    status: str
    status_label: str
    message: str
    reason: str = ""
    field_reasons: list[tuple[str, str, str]] = field(default_factory=list)  # (key, label, reason)
    decided_at: datetime.datetime | None = None


def seller_notice(seller: Seller) -> SellerNotice:
    """The latest decision about ``seller``, in words, for its dashboard."""
    latest = last_transition(seller)
    reason = ""
    field_reasons: list[tuple[str, str, str]] = []
    if latest is not None and latest.to_status == seller.status:
        reason = latest.reason
        field_reasons = [
            (key, str(REVIEW_KEY_LABELS.get(key, key)), text) for key, text in (latest.field_reasons or {}).items()
        ]
    return SellerNotice(
        status=seller.status,
        status_label=str(SellerStatus(seller.status).label),
        message=str(STATUS_MESSAGES[seller.status]),
        reason=reason,
        field_reasons=field_reasons,
        decided_at=latest.created_at if latest is not None else None,
    )
