"""The public pages a shopper sees after scanning: the verification page (each
view logs one scan) and the batch's history (no scan logged).

Both take the Digital Link path (``01/{gtin}[/10/{lot}][/21/{serial}]``) and
are never cached (scan counts change with every view). Malformed links are a
400 page, codes we never issued a 404 page that warns the shopper.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from traceability.gs1.gtin import InvalidIdentifier
from traceability.scans import device_key_for_request, province_from_request, scan_uri
from traceability.selectors import Verdict, Verification, verification_for_uri
from traceability.views.common import bad_link, link_from_path, page, too_many_lookups
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


VERIFICATION_TEMPLATE = "traceability/verification.html"

# The page's details (the ten items, timeline, badge) rendered once per batch
# part (``Verification.part_key``: batch, language, day and both cache
# generations) with a placeholder serial, per process; a stamp's page puts its
# own serial in. Bounded: cleared when full.
_DETAILS: dict[str, str] = {}
_DETAILS_MAX = 256
_SERIAL_PLACEHOLDER = "QZ9SERIAL9ZQ"


def _details(verification: Verification) -> SafeString | None:
    """The rendered details of a page composed from a cached batch part, or
    None to render them in full."""
    serial = verification.serial
    if not verification.part_key or verification.product is None or not serial:
        return None
    if not (serial.isascii() and serial.isalnum()):  # the same in a path and in HTML
        return None
    fragment = _DETAILS.get(verification.part_key)
    if fragment is None:
        fragment = render_to_string(
            VERIFICATION_TEMPLATE,
            {
                "v": verification.for_serial(_SERIAL_PLACEHOLDER),
                "base": engines["django"].from_string("{% block content %}{% endblock %}"),
                "details_only": True,
            },
        )[1:-1]  # the block's own line breaks around the details
        if len(_DETAILS) >= _DETAILS_MAX:
            _DETAILS.clear()
        _DETAILS[verification.part_key] = fragment
    return mark_safe(fragment.replace(_SERIAL_PLACEHOLDER, serial))  # noqa: S308 - rendered, escaped HTML


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
    response = page(
        request,
        VERIFICATION_TEMPLATE,
        {
            "v": verification,
            "details": _details(verification),
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
    return _no_store(page(request, "traceability/history.html", {"v": verification, "code": link.path()}))
