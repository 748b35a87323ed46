"""The seller centre's "Truy xuất" tab: a seller's batches (lots), a new
batch, and one batch's page with its timeline, the buttons that record a
supply-chain event in a few taps, its batch QR code, the variant's GTIN, its
stamp jobs, the recall and the EPCIS export. Stamp jobs, printing,
activation and voiding are in ``trace_stamps``.

Every batch is fetched through ``traceability.permissions`` (another
seller's: 404); every change goes through ``traceability.services``."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.errors import DomainError
from marketplace.seller.models import Seller
from storefront.seller_centre.access import centre_context, fetch, object_page, seller_page
from storefront.seller_centre.forms import add_service_errors
from storefront.seller_centre.views.trace_forms import (
    EVENT_BUTTONS,
    BatchForm,
    EventForm,
    GtinForm,
    PrintForm,
    RecallForm,
    StampRequestForm,
)
from traceability import services as trace
from traceability.labels.qr import QUIET_ZONE_MODULES, qr_matrix
from traceability.models import Batch, EventKind, Stamp, StampJob, StampStatus
from traceability.permissions import get_batch_for_user
from traceability.selectors import batch_code_uri, batch_timeline, seller_batches, stamp_counts

SECTION = "trace"


def in_trace_tab(request: HttpRequest, seller: Seller) -> None:
    """The centre's layout for ``seller`` with the "Truy xuất" tab open."""
    centre_context(request, seller)
    request.centre_section = SECTION


def batch_url(batch: Batch, anchor: str = "") -> str:
    return reverse("seller_centre:trace_batch", kwargs={"batch_id": batch.pk}) + (f"#{anchor}" if anchor else "")


def qr_svg(data: str, *, title: str = "") -> SafeString:
    """``data`` as an inline SVG QR code (error correction M, 4-module quiet
    zone), one path of horizontal runs: a few hundred bytes, sharp at any size."""
    matrix = qr_matrix(data)
    side = matrix.size + 2 * QUIET_ZONE_MODULES
    path = "".join(
        f"M{col + QUIET_ZONE_MODULES} {row + QUIET_ZONE_MODULES}h{length}v1h-{length}z"
        for row, col, length in matrix.runs()
    )
    return format_html(
        '<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}"'
        ' shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/>'
        '<path fill="#000" d="{}"/></svg>',
        side,
        side,
        title or data,
        path,
    )


# --- the list ------------------------------------------------------------------------


def _stamp_total(status: str | None = None) -> Subquery:
    stamps = Stamp.objects.filter(batch=OuterRef("pk"))
    if status:
        stamps = stamps.filter(status=status)
    return Subquery(
        stamps.order_by().values("batch").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
    )


def batches_with_counts(seller: Seller) -> Any:
    """The seller's batches, newest first, each with the stamps asked for
    (``stamps_requested``) and activated (``stamps_activated``), in one query."""
    requested = (
        StampJob.objects.filter(batch=OuterRef("pk"))
        .order_by()
        .values("batch")
        .annotate(n=Sum("requested"))
        .values("n")
    )
    return (
        seller_batches(seller)
        .annotate(
            stamps_requested=Coalesce(Subquery(requested[:1], output_field=IntegerField()), 0),
            stamps_activated=Coalesce(_stamp_total(StampStatus.ACTIVATED), 0),
        )
        .order_by("-created_at", "-pk")
    )


@seller_page
def batch_list(request: HttpRequest, seller: Seller) -> HttpResponse:
    in_trace_tab(request, seller)
    return render(request, "seller_centre/trace/batches.html", {"batches": list(batches_with_counts(seller)[:200])})


@seller_page
def batch_create(request: HttpRequest, seller: Seller) -> HttpResponse:
    in_trace_tab(request, seller)
    form = BatchForm(request.POST or None, seller=seller)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            batch = trace.create_batch(
                seller=seller,
                actor=request.user,
                variant=data.pop("variant"),
                lot_code=data.pop("lot_code"),
                **data,
            )
        except DomainError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã tạo lô %(lot)s.") % {"lot": batch.lot_code})
            return redirect(batch_url(batch))
    return render(request, "seller_centre/trace/batch_create.html", {"form": form})


# --- one batch -------------------------------------------------------------------------


def _jobs(batch: Batch) -> list[StampJob]:
    by_status = {
        status: Count("stamps", filter=Q(stamps__status=status))
        for status in (StampStatus.GENERATED, StampStatus.PRINTED, StampStatus.ACTIVATED, StampStatus.VOIDED)
    }
    return list(StampJob.objects.filter(batch=batch).annotate(**by_status).order_by("-created_at", "-pk"))


def render_batch(request: HttpRequest, batch: Batch, status: int = 200, **bound: forms.Form) -> HttpResponse:
    """The batch page; ``bound`` replaces a form by the one the user just sent
    back with its errors (``event_form``, ``gtin_form``, ``stamps_form``,
    ``recall_form``)."""
    in_trace_tab(request, batch.seller)
    trade_item = trace.trade_item_for(batch.variant)
    uri = batch_code_uri(batch, gtin=trade_item.gtin)
    context = {
        "batch": batch,
        "trade_item": trade_item,
        "timeline": batch_timeline(batch),
        "counts": stamp_counts(batch=batch),
        "jobs": _jobs(batch),
        "batch_uri": uri,
        "batch_qr": qr_svg(uri, title=_("Mã QR của lô %(lot)s") % {"lot": batch.lot_code}),
        "event_buttons": EVENT_BUTTONS,
        "event_form": EventForm(initial={"kind": EventKind.HARVEST}),
        "gtin_form": GtinForm(initial={"gtin": "" if trade_item.is_internal else trade_item.gtin}),
        "stamps_form": StampRequestForm(initial={"count": 100}),
        "print_form": PrintForm(),
        "recall_form": RecallForm(),
        "seller_address": ", ".join(
            part
            for part in (
                batch.seller.street_address,
                batch.seller.commune.name if batch.seller.commune_id else "",
                batch.seller.province.full_name if batch.seller.province_id else "",
            )
            if part
        ),
    }
    context.update(bound)
    return render(request, "seller_centre/trace/batch.html", context, status=status)


def _fetch_batch(request: HttpRequest, batch_id: int) -> Batch:
    return fetch(get_batch_for_user, user=request.user, batch_id=batch_id)


@object_page
def batch_detail(request: HttpRequest, seller: Seller, batch_id: int) -> HttpResponse:
    return render_batch(request, _fetch_batch(request, batch_id))


@require_POST
@object_page
def record_event(request: HttpRequest, seller: Seller, batch_id: int) -> HttpResponse:
    batch = _fetch_batch(request, batch_id)
    form = EventForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        extra: dict[str, Any] = {}
        if data["kind"] in (EventKind.SHIPPING, EventKind.RECEIVING):
            extra["order_reference"] = data["order_reference"]
        if data["kind"] == EventKind.INSPECTION and data["passed"]:
            extra["passed"] = data["passed"] == "1"
        try:
            trace.record_event(
                batch=batch,
                actor=request.user,
                kind=data["kind"],
                when=data["when"],
                place=data["place"],
                note=data["note"],
                **extra,
            )
        except DomainError as error:
            add_service_errors(form, error, {"when": "when", "place": "place", "note": "note"})
        else:
            label = dict(EVENT_BUTTONS)[EventKind(data["kind"])]
            messages.success(request, _("Đã ghi nhận: %(step)s.") % {"step": label})
            return redirect(batch_url(batch, "nhat-ky"))
    return render_batch(request, batch, status=400, event_form=form)


@require_POST
@object_page
def set_gtin(request: HttpRequest, seller: Seller, batch_id: int) -> HttpResponse:
    batch = _fetch_batch(request, batch_id)
    form = GtinForm(request.POST)
    if form.is_valid():
        gtin = "" if "internal" in request.POST else form.cleaned_data["gtin"]
        try:
            item = trace.set_variant_gtin(variant=batch.variant, actor=request.user, gtin=gtin)
        except DomainError as error:
            add_service_errors(form, error)
        else:
            if item.is_internal:
                messages.success(request, _("Sản phẩm dùng mã nội bộ %(gtin)s.") % {"gtin": item.gtin})
            else:
                messages.success(request, _("Đã lưu mã GTIN %(gtin)s.") % {"gtin": item.gtin})
            return redirect(batch_url(batch, "ma-gtin"))
    return render_batch(request, batch, status=400, gtin_form=form)


@require_POST
@object_page
def recall(request: HttpRequest, seller: Seller, batch_id: int) -> HttpResponse:
    batch = _fetch_batch(request, batch_id)
    form = RecallForm(request.POST)
    if form.is_valid():
        try:
            trace.recall_batch(batch=batch, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Đã thu hồi lô %(lot)s: mọi tem của lô báo thu hồi khi quét.") % {"lot": batch.lot_code}
            )
            return redirect(batch_url(batch))
    return render_batch(request, batch, status=400, recall_form=form)


@object_page
def export_epcis(request: HttpRequest, seller: Seller, batch_id: int) -> HttpResponse:
    """The batch's whole history as one EPCIS 2.0 JSON-LD document, to download."""
    batch = _fetch_batch(request, batch_id)
    document = trace.export_batch_epcis(batch)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/ld+json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="epcis-lo-{batch.pk}.jsonld"'
    return response
