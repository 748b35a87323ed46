"""VietQR's HTTP surface: the bank's incoming-transfer webhook and the
operators' pages (statement upload, the review queue, one review with its
decision). The pay page itself is ``payments.views.pay`` rendering
``VietQRGateway.payment_step``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.seller.permissions import is_operator
from payments.errors import PaymentError
from payments.vietqr.forms import DecisionForm, StatementUploadForm
from payments.vietqr.matching import Outcome, receive_credit
from payments.vietqr.models import CreditSource, ReviewStatus
from payments.vietqr.selectors import get_review_for_operator, recent_uploads, review_queue
from payments.vietqr.services import decide_review, import_statement
from payments.vietqr.webhook import SIGNATURE_HEADER, WebhookRejected, parse_credit, verify_signature

View = Callable[..., HttpResponse]
QUEUE_LIMIT = 100


# --- the bank's webhook ---------------------------------------------------------------


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """See ``payments.vietqr.webhook`` for the contract."""
    secret = settings.VIETQR_WEBHOOK_SECRET
    if not secret:
        raise Http404("VietQR webhook is off")
    body = request.body
    try:
        verify_signature(
            header=request.headers.get(SIGNATURE_HEADER, ""),
            body=body,
            secret=secret,
            tolerance=settings.VIETQR_WEBHOOK_TOLERANCE_SECONDS,
        )
        credit = parse_credit(body=body, account_number=settings.VIETQR_ACCOUNT_NUMBER)
    except WebhookRejected as rejected:
        return JsonResponse({"status": rejected.code}, status=rejected.status)
    outcome = receive_credit(credit=credit, source=CreditSource.WEBHOOK)
    return JsonResponse({"status": outcome.value}, status=202 if outcome is Outcome.QUEUED else 200)


# --- operators' pages -----------------------------------------------------------------


def operator_required(view: View) -> View:
    """Operators only: anyone signed out goes to the sign-in page, a signed-in
    shopper or seller gets the ordinary 404 (the pages do not reveal
    themselves). Responses are never stored by browsers or proxies."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        elif not is_operator(request.user):
            raise Http404("not an operator")
        else:
            response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return csrf_protect(never_cache(wrapper))


@operator_required
@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest) -> HttpResponse:
    """Upload a bank statement; the latest uploads with what came of them."""
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.VIETQR_STATEMENT_MAX_BYTES
        data = upload.read(limit + 1)
        try:
            result = import_statement(actor=request.user, file_name=upload.name or "", data=data)
        except PaymentError as error:
            form.add_error("file", error.message)
        else:
            messages.success(
                request,
                _("Đã đọc sao kê: %(matched)s khớp, %(queued)s chờ xử lý, %(duplicates)s trùng, %(skipped)s bỏ qua.")
                % {
                    "matched": result.matched,
                    "queued": result.queued,
                    "duplicates": result.duplicates,
                    "skipped": result.skipped,
                },
            )
            return redirect("payments:vietqr:statements")
    status = 400 if form.errors else 200
    return render(
        request,
        "vietqr/statements.html",
        {
            "form": form,
            "uploads": recent_uploads(user=request.user),
            "max_kb": settings.VIETQR_STATEMENT_MAX_BYTES // 1024,
        },
        status=status,
    )


@operator_required
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    """Credits waiting for a decision (oldest first), or those decided."""
    status = request.GET.get("trang-thai", ReviewStatus.OPEN)
    if status not in ReviewStatus.values:
        status = ReviewStatus.OPEN
    rows = list(review_queue(user=request.user, status=status)[:QUEUE_LIMIT])
    return render(
        request,
        "vietqr/queue.html",
        {"rows": rows, "status": status, "statuses": ReviewStatus.choices, "limit": QUEUE_LIMIT},
    )


@operator_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    """One queued credit, its order, the decision form and the audit trail."""
    try:
        item = get_review_for_operator(user=request.user, review_id=review_id)
    except PaymentError:
        raise Http404 from None
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decide_review(
                review=item,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                reference=form.cleaned_data["reference"],
            )
        except PaymentError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Đã ghi nhận quyết định."))
            return redirect("payments:vietqr:review", review_id=item.pk)
    decisions = list(item.decisions.select_related("actor").order_by("created_at", "pk"))
    return render(
        request,
        "vietqr/review.html",
        {"item": item, "form": form, "decisions": decisions, "open": item.status == ReviewStatus.OPEN},
        status=400 if form.errors else 200,
    )
