"""The review queue, the list of sellers, and one seller's application with
its documents, the decisions an operator may take and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.account.models import User
from marketplace.seller import services
from marketplace.seller.errors import SellerError
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
from marketplace.seller.onboarding import Actor
from marketplace.seller.permissions import get_document_for_user, get_seller_for_operator
from marketplace.seller.selectors import (
    PROFILE_FIELD_LABELS,
    REVIEW_KEY_LABELS,
    required_document_kinds,
    review_queue,
    seller_transitions,
)
from storefront.operator.access import operator_required
from storefront.operator.forms import (
    DecisionForm,
    DocumentReviewForm,
    QueueFilterForm,
    RequestChangesForm,
    SellerFilterForm,
)
from storefront.operator.listing import page_of, query_without_page, valid_filters
from storefront.operator.presenters import ExpiryNote, error_status, expiry_note, waiting_words
from storefront.operator.queries import all_sellers, filter_sellers, seller_documents, seller_members

# --- the queue and the list -------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    seller: Seller
    waiting: str
    document_count: int


@operator_required
def queue(request: HttpRequest) -> HttpResponse:
    """Applications waiting for a decision, the longest-waiting first."""
    form = QueueFilterForm(request.GET or None)
    page = page_of(request, filter_sellers(review_queue(), valid_filters(form)))
    now = timezone.now()
    rows = [QueueRow(seller, waiting_words(seller.submitted_at, now), len(seller.current_documents)) for seller in page]
    return render(
        request,
        "operator/queue.html",
        {"form": form, "page": page, "rows": rows, "query": query_without_page(request)},
    )


@operator_required
def seller_list(request: HttpRequest) -> HttpResponse:
    """Every seller, whatever its status, with filters."""
    form = SellerFilterForm(request.GET or None)
    page = page_of(request, filter_sellers(all_sellers(), valid_filters(form)))
    return render(request, "operator/sellers.html", {"form": form, "page": page, "query": query_without_page(request)})


# --- decisions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """How the page offers one workflow action."""

    action: str
    button: Promise
    done: Promise
    reason_label: Promise | None = None  # None: the action takes no reason
    style: str = ""


DECISIONS: dict[str, Decision] = {
    decision.action: decision
    for decision in (
        Decision(
            SellerAction.START_REVIEW,
            gettext_lazy("Bắt đầu xét duyệt"),
            gettext_lazy("Đã nhận xét duyệt hồ sơ."),
            style="primary",
        ),
        Decision(
            SellerAction.APPROVE,
            gettext_lazy("Duyệt"),
            gettext_lazy("Đã duyệt cơ sở. Người bán sẽ nhận email thông báo."),
            gettext_lazy("Ghi chú cho người bán (không bắt buộc)"),
            style="primary",
        ),
        Decision(
            SellerAction.REQUEST_CHANGES,
            gettext_lazy("Yêu cầu bổ sung"),
            gettext_lazy("Đã gửi yêu cầu bổ sung. Người bán sẽ nhận email với từng mục cần sửa."),
        ),
        Decision(
            SellerAction.REJECT,
            gettext_lazy("Từ chối"),
            gettext_lazy("Đã từ chối hồ sơ. Người bán sẽ nhận email kèm lý do."),
            gettext_lazy("Lý do từ chối (người bán sẽ thấy)"),
            style="danger",
        ),
        Decision(
            SellerAction.SUSPEND,
            gettext_lazy("Tạm khóa"),
            gettext_lazy("Đã tạm khóa cơ sở: sản phẩm của cơ sở không còn hiển thị trên sàn."),
            gettext_lazy("Lý do tạm khóa (người bán sẽ thấy)"),
            style="danger",
        ),
        Decision(
            SellerAction.REINSTATE,
            gettext_lazy("Mở khóa"),
            gettext_lazy("Đã mở khóa cơ sở: sản phẩm đang bán hiển thị lại trên sàn."),
            gettext_lazy("Ghi chú cho người bán (không bắt buộc)"),
            style="primary",
        ),
    )
}

Apply = Callable[[Seller, User, Any], SellerTransition]
APPLY: dict[str, Apply] = {
    SellerAction.START_REVIEW: lambda seller, actor, data: services.start_review(seller=seller, actor=actor),
    SellerAction.APPROVE: lambda seller, actor, data: services.approve_seller(
        seller=seller, actor=actor, reason=data["reason"]
    ),
    SellerAction.REQUEST_CHANGES: lambda seller, actor, data: services.request_changes(
        seller=seller, actor=actor, field_reasons=data["field_reasons"], reason=data["reason"]
    ),
    SellerAction.REJECT: lambda seller, actor, data: services.reject_seller(
        seller=seller, actor=actor, reason=data["reason"]
    ),
    SellerAction.SUSPEND: lambda seller, actor, data: services.suspend_seller(
        seller=seller, actor=actor, reason=data["reason"]
    ),
    SellerAction.REINSTATE: lambda seller, actor, data: services.reinstate_seller(
        seller=seller, actor=actor, reason=data["reason"]
    ),
}


def decision_form(action: str, seller: Seller, data: Any = None) -> forms.Form | None:
    """The form of ``action``'s reasons, or None for an action without any."""
    decision = DECISIONS[action]
    auto_id = f"{action}-%s"
    if action == SellerAction.REQUEST_CHANGES:
        return RequestChangesForm(data, seller=seller, auto_id=auto_id)
    if decision.reason_label is None:
        return None
    required = services.TRANSITIONS[action].reason_required
    return DecisionForm(data, reason_label=decision.reason_label, reason_required=required, auto_id=auto_id)


def operator_actions(status: str) -> list[str]:
    """The operators' actions the workflow allows from ``status``."""
    return [
        action for action in services.allowed_actions(status) if services.TRANSITIONS[action].actor is Actor.OPERATOR
    ]


def _application_url(seller: Seller) -> str:
    return reverse("operator:application", kwargs={"seller_id": seller.pk})


@operator_required
def application(request: HttpRequest, seller_id: int) -> HttpResponse:
    """The application and its documents side by side; POST takes a decision."""
    try:
        seller = get_seller_for_operator(user=request.user, seller_id=seller_id)
    except SellerError as exc:
        raise Http404("no such seller") from exc
    if request.method != "POST":
        return _render_application(request, seller)
    action = request.POST.get("action", "")
    if action == "review_document":
        return _review_document(request, seller)
    if action not in DECISIONS:
        error = SellerError("INVALID", _("Thao tác không hợp lệ."))
        return _render_application(request, seller, error=error, status=400)
    form = decision_form(action, seller, request.POST)
    if form is not None and not form.is_valid():
        return _render_application(request, seller, bound={action: form}, status=400)
    data: dict[str, Any] = {"reason": form.cleaned_data["reason"] if form is not None else ""}
    if isinstance(form, RequestChangesForm):
        data["field_reasons"] = form.field_reasons()
    try:
        # Called whatever the page offered: the workflow table is the judge.
        APPLY[action](seller, request.user, data)
    except SellerError as error:
        bound = {action: form} if form is not None else {}
        return _render_application(request, seller, error=error, bound=bound, status=error_status(error.code))
    messages.success(request, str(DECISIONS[action].done))
    return redirect(_application_url(seller))


def _review_document(request: HttpRequest, seller: Seller) -> HttpResponse:
    form = DocumentReviewForm(request.POST)
    if not form.is_valid():
        error = SellerError("INVALID", _("Thao tác không hợp lệ."))
        return _render_application(request, seller, error=error, status=400)
    try:
        document = get_document_for_user(user=request.user, document_id=form.cleaned_data["document"])
    except SellerError as exc:
        raise Http404("no such document") from exc
    if document.seller_id != seller.pk:
        raise Http404("document of another seller")
    try:
        services.review_document(
            document=document,
            actor=request.user,
            accepted=form.cleaned_data["verdict"] == "accept",
            note=form.cleaned_data["note"],
        )
    except SellerError as error:
        return _render_application(request, seller, error=error, status=error_status(error.code))
    messages.success(request, _("Đã ghi nhận kết quả kiểm tra giấy tờ."))
    return redirect(_application_url(seller) + f"#tai-lieu-{document.pk}")


# --- the application page ------------------------------------------------------------


@dataclass(frozen=True)
class DocumentView:
    document: SellerDocument
    label: str
    expiry: ExpiryNote
    viewer: str  # "image" or "pdf"
    older: list[SellerDocument]
    needs_replacement: bool


@dataclass(frozen=True)
class TrailEntry:
    transition: SellerTransition
    field_reasons: list[tuple[str, str]]  # (label, reason)


def _profile_rows(seller: Seller) -> list[tuple[str, str]]:
    values = {
        "name": seller.name,
        "phone": seller.phone,
        "email": seller.email,
        "province": seller.province.full_name if seller.province else "",
        "commune": seller.commune.name if seller.commune else "",
        "street_address": seller.street_address,
        "tax_code": seller.tax_code,
        "description": seller.description,
    }
    return [(str(PROFILE_FIELD_LABELS[key]), value) for key, value in values.items()]


def _documents(seller: Seller) -> tuple[list[DocumentView], list[str]]:
    """The current documents, each with its older copies, and the labels of
    required kinds never uploaded."""
    today = timezone.localdate()
    documents = seller_documents(seller)
    order = list(SellerDocumentKind)
    current = sorted((doc for doc in documents if doc.is_current), key=lambda doc: order.index(doc.kind))
    views = [
        DocumentView(
            document=doc,
            label=str(SellerDocumentKind(doc.kind).label),
            expiry=expiry_note(doc.expires_on, today),
            viewer="pdf" if doc.content_type == "application/pdf" else "image",
            older=[old for old in documents if old.kind == doc.kind and not old.is_current],
            needs_replacement=doc.status == SellerDocumentStatus.NEEDS_REPLACEMENT,
        )
        for doc in current
    ]
    present = {doc.kind for doc in current}
    missing = [
        str(SellerDocumentKind(kind).label) for kind in required_document_kinds(seller.kind) if kind not in present
    ]
    return views, missing


def _render_application(
    request: HttpRequest,
    seller: Seller,
    *,
    error: SellerError | None = None,
    bound: dict[str, forms.Form | None] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    members = seller_members(seller)
    documents, missing_documents = _documents(seller)
    trail = list(seller_transitions(seller))
    last_submit = next((t for t in reversed(trail) if t.action == SellerAction.SUBMIT), None)
    waiting = ""
    if last_submit is not None and seller.status in (SellerStatus.SUBMITTED, SellerStatus.IN_REVIEW):
        waiting = waiting_words(last_submit.created_at, timezone.now())
    actions = [
        (DECISIONS[action], bound[action] if action in bound else decision_form(action, seller))
        for action in operator_actions(seller.status)
    ]
    return render(
        request,
        "operator/application.html",
        {
            "seller": seller,
            "profile": _profile_rows(seller),
            "members": members,
            "is_member": any(member.user_id == request.user.pk for member in members),
            "producers": list(seller.producers.select_related("commune"))
            if seller.kind == SellerKind.COOPERATIVE
            else [],
            "documents": documents,
            "missing_documents": missing_documents,
            "review_form": DocumentReviewForm(auto_id=False),
            "actions": actions,
            "error": error,
            "waiting": waiting,
            "trail": [
                TrailEntry(t, [(str(REVIEW_KEY_LABELS.get(key, key)), text) for key, text in t.field_reasons.items()])
                for t in reversed(trail)
            ],
        },
        status=status,
    )
