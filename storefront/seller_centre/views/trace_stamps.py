"""Serialised stamps of a batch in the seller centre: ask for N stamps (a
background job with a progress bar), print them as a PDF sheet, thermal PDF
or ZPL, activate the printed ones at packing, void damaged ones.

Printing claims the stamps (``claim_stamps_for_printing``: they move to
PRINTED, so no serial is ever printed twice) and renders them into an
anonymous temporary file inside the same transaction: if rendering fails,
the claim is undone. The file never lands in public media; the response
streams it and it disappears when closed."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.errors import DomainError
from marketplace.seller.models import Seller
from storefront.seller_centre.access import fetch, object_page
from storefront.seller_centre.forms import add_service_errors
from storefront.seller_centre.views.trace_forms import ZPL_PREFIX, ActivateForm, PrintForm, StampRequestForm, VoidForm
from storefront.seller_centre.views.traceability import batch_url, in_trace_tab, render_batch
from traceability import services as trace
from traceability.labels import LabelItem, get_format, layout_label, render_pdf, render_zpl
from traceability.labels.qr import DataTooLong, qr_matrix
from traceability.models import Stamp, StampJob, StampStatus
from traceability.permissions import get_batch_for_user, get_stamp_job_for_user
from traceability.selectors import batch_code_uri, job_progress, stamp_counts, stamp_label_rows

SAMPLE_SERIAL = "W" * 16  # the widest serial, to check a label fits before claiming


def job_url(job: StampJob, anchor: str = "") -> str:
    return reverse("seller_centre:trace_job", kwargs={"job_id": job.pk}) + (f"#{anchor}" if anchor else "")


@require_POST
@object_page
def request_stamps(request: HttpRequest, seller: Seller, batch_id: int) -> HttpResponse:
    batch = fetch(get_batch_for_user, user=request.user, batch_id=batch_id)
    form = StampRequestForm(request.POST)
    if form.is_valid():
        try:
            job = trace.request_stamps(
                seller=batch.seller,
                actor=request.user,
                variant=batch.variant,
                count=form.cleaned_data["count"],
                batch=batch,
            )
        except DomainError as error:
            add_service_errors(form, error)
        else:
            return redirect(job_url(job))
    return render_batch(request, batch, status=400, stamps_form=form)


def _fetch_job(request: HttpRequest, job_id: int) -> StampJob:
    return fetch(get_stamp_job_for_user, user=request.user, job_id=job_id)


def render_job(request: HttpRequest, job: StampJob, status: int = 200, **bound: object) -> HttpResponse:
    in_trace_tab(request, job.seller)
    progress = job_progress(job.pk)
    counts = stamp_counts(job=job)
    context = {
        "job": job,
        "batch": job.batch,
        "progress": progress,
        "counts": counts,
        "print_form": PrintForm(initial={"count": counts[StampStatus.GENERATED] or None}),
        "activate_form": ActivateForm(),
        "void_form": VoidForm(),
    }
    context.update(bound)
    return render(request, "seller_centre/trace/job.html", context, status=status)


@object_page
def job_detail(request: HttpRequest, seller: Seller, job_id: int) -> HttpResponse:
    return render_job(request, _fetch_job(request, job_id))


@object_page
def job_progress_json(request: HttpRequest, seller: Seller, job_id: int) -> JsonResponse:
    """What the job page's progress bar polls every two seconds."""
    job = _fetch_job(request, job_id)
    progress = job_progress(job.pk)
    return JsonResponse(
        {
            "state": progress.state,
            "requested": progress.requested,
            "done": progress.done,
            "percent": progress.percent,
            "finished": progress.finished,
        }
    )


def _fits(job: StampJob, code: str) -> None:
    """Refuse before claiming when this stock cannot carry a readable code."""
    if job.batch is None:
        return
    uri = f"{batch_code_uri(job.batch, gtin=job.trade_item.gtin)}/21/{SAMPLE_SERIAL}"
    try:
        layout_label(get_format(code), qr_matrix(uri).size, SAMPLE_SERIAL, job.trade_item.variant.product.name)
    except DataTooLong as error:
        raise DomainError("LABEL_DOES_NOT_FIT", str(error), field="label_format") from error


@require_POST
@object_page
def print_labels(request: HttpRequest, seller: Seller, job_id: int) -> HttpResponse:
    """Claim up to ``count`` unprinted stamps of the job and send their labels."""
    job = _fetch_job(request, job_id)
    form = PrintForm(request.POST)
    if not form.is_valid():
        return render_job(request, job, status=400, print_form=form)
    code, count = form.cleaned_data["label_format"], form.cleaned_data["count"]
    zpl = code.startswith(ZPL_PREFIX)
    fmt = get_format(code)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    try:
        _fits(job, code)
        with transaction.atomic():
            stamps = trace.claim_stamps_for_printing(seller=job.seller, actor=request.user, count=count, job=job)
            if not stamps:
                raise DomainError("NOTHING_TO_PRINT", _("Không còn tem nào chưa in trong đợt này."), field="count")
            items = (LabelItem(row.uri, row.serial, row.product_name) for row in stamp_label_rows(stamps))
            (render_zpl if zpl else render_pdf)(items, fmt, handle)
    except DomainError as error:
        handle.close()
        add_service_errors(form, error, {"format": "label_format"})
        return render_job(request, job, status=400, print_form=form)
    handle.seek(0)
    first, last = stamps[0].serial, stamps[-1].serial
    name = f"tem-{job.batch.lot_code if job.batch else job.pk}-{first}-{last}".lower().replace("/", "-")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{name}.{'zpl' if zpl else 'pdf'}",
        content_type="application/octet-stream" if zpl else "application/pdf",
    )


@require_POST
@object_page
def activate(request: HttpRequest, seller: Seller, job_id: int) -> HttpResponse:
    """Activate the job's printed stamps at packing: all of them, or the ones
    at positions first–last of the print order; binds them to the batch."""
    job = _fetch_job(request, job_id)
    form = ActivateForm(request.POST)
    if form.is_valid():
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
        try:
            if job.batch is None:
                raise DomainError("REQUIRED", _("Đợt tem này chưa gắn với lô hàng."))
            if first is None and last is None:
                printed_stamps = Stamp.objects.filter(job=job, status=StampStatus.PRINTED)
                printed = list(printed_stamps.values_list("serial", flat=True))
                if not printed:
                    raise DomainError("NOTHING_PRINTED", _("Chưa có tem đã in nào để kích hoạt."))
                done = trace.activate_stamps(seller=job.seller, actor=request.user, batch=job.batch, serials=printed)
            else:
                start = (first or 1) - 1
                done = trace.activate_stamps(
                    seller=job.seller, actor=request.user, batch=job.batch, job=job, start=start, stop=last
                )
        except DomainError as error:
            add_service_errors(form, error, {"stop": "last", "start": "first"})
        else:
            messages.success(request, _("Đã kích hoạt %(count)s tem.") % {"count": done})
            return redirect(job_url(job))
    return render_job(request, job, status=400, activate_form=form)


@require_POST
@object_page
def void(request: HttpRequest, seller: Seller, job_id: int) -> HttpResponse:
    job = _fetch_job(request, job_id)
    form = VoidForm(request.POST)
    if form.is_valid():
        serials = form.cleaned_data["serials"].replace(",", " ").split()
        try:
            done = trace.void_stamps(
                seller=job.seller, actor=request.user, reason=form.cleaned_data["reason"], serials=serials
            )
        except DomainError as error:
            add_service_errors(form, error)
            missing = getattr(error, "details", {}).get("serials")
            if missing:
                form.add_error("serials", ", ".join(missing))
        else:
            messages.success(request, _("Đã hủy %(count)s tem.") % {"count": done})
            return redirect(job_url(job))
    return render_job(request, job, status=400, void_form=form)


def back_to_batch(job: StampJob) -> str:
    return batch_url(job.batch) if job.batch else reverse("seller_centre:trace_batches")
