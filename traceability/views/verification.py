"""The public pages a shopper sees after scanning: the verification page (each
view logs one scan) and the batch's history (no scan logged).

Both take the Digital Link path (``01/{gtin}[/10/{lot}][/21/{serial}]``) and
are never cached (scan counts change with every view). Malformed links are a
400 page, codes we never issued a 404 page that warns the shopper.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from traceability.gs1.gtin import InvalidIdentifier
from traceability.scans import device_key_for_request, province_from_request, scan_uri
from traceability.selectors import Verdict, verification_for_uri
from traceability.views.common import bad_link, link_from_path, too_many_lookups
from traceability.views.resolver import HISTORY_PREFIX, not_found

VERDICT_TITLES = {
    Verdict.GENUINE: _("Tem chính hãng"),
    Verdict.NOT_ACTIVATED: _("Tem chưa được kích hoạt"),
    Verdict.VOIDED: _("Tem đã bị hủy"),
    Verdict.RECALLED: _("THU HỒI"),
    Verdict.SUSPICIOUS: _("Cảnh báo: tem bị quét bất thường"),
    Verdict.UNKNOWN: _("Không tìm thấy mã này"),
    Verdict.BATCH_ONLY: _("Mã lô: xác nhận nguồn gốc, không chứng minh hàng thật"),
}


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def verify(request: HttpRequest, path: str) -> HttpResponse:
    """``/xac-thuc/01/…``: verify the scanned code, log the scan, show the verdict,
    the ten items of Circular 02/2024/TT-BKHCN and the batch timeline."""
    throttled = too_many_lookups(request)
    if throttled is not None:
        return throttled
    try:
        link = link_from_path(request, path)
    except InvalidIdentifier as exc:
        return bad_link(request, exc.message)
    if link.gtin is None:
        return not_found(request, link)
    verification = scan_uri(
        uri=link, province=province_from_request(request), device_key=device_key_for_request(request)
    )
    status = 404 if verification.verdict == Verdict.UNKNOWN else 200
    response = render(
        request,
        "traceability/verification.html",
        {
            "v": verification,
            "verdict": verification.verdict.value,
            "title": VERDICT_TITLES[verification.verdict],
            "code": link.path(),
            "history_url": HISTORY_PREFIX + link.path(),
        },
        status=status,
    )
    return _no_store(response)


def history(request: HttpRequest, path: str) -> HttpResponse:
    """``/truy-xuat/01/…``: the public history of the lot a code belongs to, and
    its OCOP certificate (``#ocop``); reading it logs no scan."""
    throttled = too_many_lookups(request)
    if throttled is not None:
        return throttled
    try:
        link = link_from_path(request, path)
    except InvalidIdentifier as exc:
        return bad_link(request, exc.message)
    if link.gtin is None:
        return not_found(request, link)
    verification = verification_for_uri(link)
    if verification.batch is None:
        return not_found(request, link)
    return _no_store(render(request, "traceability/history.html", {"v": verification, "code": link.path()}))
