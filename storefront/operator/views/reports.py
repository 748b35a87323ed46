"""Money reports for the trading floor's staff ("Báo cáo"): commission by
week, month, product category or seller over a date range, payout runs and
each run's payouts; every table also as a CSV file (UTF-8 with a BOM so
Excel shows Vietnamese, whole đồng without separators).

Figures come from ``payments.ledger.reports`` (summed from the journal, a
fixed number of queries); operators only (others get a 404)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from payments.ledger import reports
from payments.ledger.errors import LedgerError
from payments.ledger.models import PayoutRun
from payments.ledger.payouts import payable_by_seller, period_of
from payments.ledger.services import release_available, run_payouts
from storefront.operator.access import operator_required
from storefront.operator.listing import page_of, query_without_page

DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366
VIEWS = {
    "tuan": gettext_lazy("Theo tuần"),
    "thang": gettext_lazy("Theo tháng"),
    "danh-muc": gettext_lazy("Theo danh mục"),
    "nguoi-ban": gettext_lazy("Theo người bán"),
}
# Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CommissionReportForm(forms.Form):
    tu = forms.DateField(label=gettext_lazy("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    den = forms.DateField(
        label=gettext_lazy("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    xem = forms.ChoiceField(label=gettext_lazy("Xem"), choices=list(VIEWS.items()), required=False)

    def clean(self) -> dict:
        data = super().clean()
        today = timezone.localdate()
        until = data.get("den") or today
        since = data.get("tu") or until - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if since > until:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."), code="range")
        if (until - since).days >= MAX_DAYS:
            raise forms.ValidationError(_("Mỗi báo cáo xem tối đa 3 năm."), code="range")
        data.update(tu=since, den=until, xem=data.get("xem") or "tuan")
        return data


def _report_form(request: HttpRequest) -> CommissionReportForm:
    return CommissionReportForm(request.GET or {})


def _rows(view: str, since: datetime.date, until: datetime.date) -> list:
    if view == "danh-muc":
        return reports.commission_by_category(since=since, until=until)
    if view == "nguoi-ban":
        return reports.commission_by_seller(since=since, until=until)
    return reports.commission_by_period(since=since, until=until, group="month" if view == "thang" else "week")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    """A CSV download: UTF-8 with a BOM, CRLF lines, text cells that a
    spreadsheet would run as a formula quoted with a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _adjustment_label() -> str:
    return _("Hoàn tiền / hủy / trả hàng (không phân bổ được)")


def _csv_table(view: str, rows: list) -> tuple[list[str], list[list[object]]]:
    if view == "danh-muc":
        header = [_("Danh mục"), _("Doanh số hàng hóa (đồng)"), _("Hoa hồng (đồng)")]
        body = [
            [_adjustment_label() if r.is_adjustment else (r.name or _("Không có danh mục")), r.sales, r.commission]
            for r in rows
        ]
    elif view == "nguoi-ban":
        header = [
            _("Người bán"),
            _("Mã số thuế"),
            _("Số đơn"),
            _("Doanh số (đồng)"),
            _("Hoa hồng ghi nhận (đồng)"),
            _("Hoa hồng hoàn lại (đồng)"),
            _("Hoa hồng thực (đồng)"),
        ]
        body = [
            [
                _adjustment_label() if r.is_adjustment else r.name,
                r.tax_code,
                r.sales_count,
                r.sales,
                r.booked,
                r.reversed,
                r.commission,
            ]
            for r in rows
        ]
    else:
        header = [_("Kỳ bắt đầu ngày"), _("Số đơn"), _("Doanh số (đồng)"), _("Hoa hồng (đồng)")]
        body = [[r.period.isoformat(), r.sales_count, r.sales, r.commission] for r in rows]
    return header, body


@require_safe
@operator_required
def commission_report(request: HttpRequest) -> HttpResponse:
    """Commission over a date range, by week, month, category or seller,
    with the ledger's total for the range. Seven queries at most."""
    form = _report_form(request)
    context: dict[str, object] = {"form": form, "query": request.GET.urlencode()}
    if form.is_valid():
        since, until, view = form.cleaned_data["tu"], form.cleaned_data["den"], form.cleaned_data["xem"]
        rows = _rows(view, since, until)
        context.update(
            view=view,
            since=since,
            until=until,
            rows=rows,
            total=reports.commission_total(since=since, until=until),
            adjustment_label=_adjustment_label(),
        )
    return render(request, "operator/reports/commission.html", context, status=200 if form.is_valid() else 400)


@require_safe
@operator_required
def commission_csv(request: HttpRequest) -> HttpResponse:
    form = _report_form(request)
    if not form.is_valid():
        messages = [error for errors in form.errors.values() for error in errors]
        return HttpResponse("\n".join(messages), status=400, content_type="text/plain; charset=utf-8")
    since, until, view = form.cleaned_data["tu"], form.cleaned_data["den"], form.cleaned_data["xem"]
    header, body = _csv_table(view, _rows(view, since, until))
    return csv_response(f"hoa-hong-{view}-{since:%Y%m%d}-{until:%Y%m%d}.csv", header, body)


# --- payouts ---------------------------------------------------------------------------


@require_safe
@operator_required
def payout_runs(request: HttpRequest) -> HttpResponse:
    """Every payout run, newest first, 50 a page."""
    page = page_of(request, reports.payout_runs())
    return render(request, "operator/reports/payout_runs.html", {"page": page, "query": query_without_page(request)})


@require_safe
@operator_required
def payout_runs_csv(request: HttpRequest) -> HttpResponse:
    header = [_("Kỳ (thứ Hai)"), _("Trạng thái"), _("Bắt đầu"), _("Kết thúc"), _("Số lần chi"), _("Tổng chi (đồng)")]
    body = [
        [
            run.period.isoformat(),
            run.get_status_display(),
            timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(run.finished_at).strftime("%Y-%m-%d %H:%M") if run.finished_at else "",
            run.payout_count,
            run.total_amount,
        ]
        for run in reports.payout_runs().iterator()
    ]
    return csv_response("dot-chi-tra.csv", header, body)


def _run(run_id: int) -> PayoutRun:
    return get_object_or_404(PayoutRun, pk=run_id)


@require_safe
@operator_required
def payout_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """One run's payouts, by seller name."""
    run = _run(run_id)
    payouts = list(reports.payouts_of_run(run=run))
    return render(request, "operator/reports/payout_run.html", {"run": run, "payouts": payouts})


@require_safe
@operator_required
def payout_run_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(run_id)
    header = [
        _("Người bán"),
        _("Mã số thuế"),
        _("Hình thức"),
        _("Trạng thái"),
        _("Số dư có thể chi trả (đồng)"),
        _("Hoa hồng COD cấn trừ (đồng)"),
        _("Số tiền chi (đồng)"),
        _("Mã giao dịch"),
        _("Ghi chú"),
    ]
    body = [
        [
            p.seller.name,
            p.seller.tax_code,
            p.get_method_display(),
            p.get_status_display(),
            p.available,
            p.netted,
            p.amount,
            p.reference,
            p.message,
        ]
        for p in reports.payouts_of_run(run=run)
    ]
    return csv_response(f"chi-tra-{run.period:%Y%m%d}.csv", header, body)


@require_http_methods(["GET", "POST"])
@operator_required
def run_payouts_now(request: HttpRequest) -> HttpResponse:
    """ "Chạy chi trả tuần này": GET asks to confirm (the week, this week's
    run if one exists, what is payable now); POST releases what is due and
    runs (or continues) the week's payout run, then shows the run. A second
    run in the same week pays nobody twice (the service's guarantee)."""
    period = period_of()
    if request.method == "POST":
        try:
            release_available()
            run = run_payouts(actor=request.user)
        except LedgerError as exc:
            return render(request, "operator/reports/run_payouts.html", {"period": period, "error": exc.message})
        return redirect("operator:payout_run", run_id=run.pk)
    payable = [a - r for a, r in payable_by_seller().values() if a - r > 0]
    context = {
        "period": period,
        "existing": PayoutRun.objects.filter(period=period).first(),
        "seller_count": len(payable),
        "payable_total": sum(payable),
    }
    return render(request, "operator/reports/run_payouts.html", context)
