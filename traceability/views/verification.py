"""The public pages a shopper sees after scanning: the verification page (each
view logs one scan) and the batch's history (no scan logged).

Both take the Digital Link path (``01/{gtin}[/10/{lot}][/21/{serial}]``) and
are never cached by browsers or proxies (scan counts change with every
view). Malformed links are a 400 page, codes we never issued a 404 page that
warns the shopper.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from traceability.gs1.gtin import InvalidIdentifier
from traceability.ratelimit import TooManyLookups, lookup_key
from traceability.scans import device_key_for_request, province_from_request, scan_uri
from traceability.verification import Verdict, Verification, verification_for_uri
from traceability.views.common import bad_link, link_from_path, page, too_many_lookups, too_many_lookups_page
from traceability.views.resolver import not_found

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

# Whole pages composed from a cached batch part, rendered once per process
# for each part (``Verification.part_key``: batch, language, day and both
# cache generations), verdict and suspicion, with placeholders where one
# stamp's page differs from another's: its serial, the code scanned, the
# page's address (for the language switch) and its scan line. Kept split at
# the placeholders (text, placeholder, text, …), so that a page view joins
# the pieces instead of searching the page for them. Bounded: cleared when
# full.
_SHELLS: dict[tuple[str, str, str], list[str]] = {}
_SHELLS_MAX = 256
_SERIAL, _CODE, _HERE, _SCAN_TEXT = "QZ9SERIAL9ZQ", "QZ9CODE9ZQ", "QZ9HERE9ZQ", "QZ9SCAN9ZQ"
_PLACEHOLDER = re.compile("(QZ9(?:SERIAL|CODE|HERE|SCAN)9ZQ)")


def scan_text(verification: Verification) -> str:
    """A stamp page's scan line, e.g. "Đã quét 3 lần, lần đầu lúc 07:30
    01/06/2026 tại Tỉnh Thái Nguyên." ("" for batch codes and unknown codes)."""
    scan = verification.scan
    if scan is None or verification.stamp is None:
        return ""
    first = timezone.localtime(scan.first_scanned_at).strftime("%H:%M %d/%m/%Y")  # the pages' "H:i d/m/Y"
    text = ngettext(
        "Đã quét %(counter)s lần, lần đầu lúc %(first)s", "Đã quét %(counter)s lần, lần đầu lúc %(first)s", scan.count
    ) % {"counter": scan.count, "first": first}
    if scan.first_province_name:
        text += " " + gettext("tại %(place)s") % {"place": scan.first_province_name}
    return text + "."


def _context(verification: Verification, *, code: str, scan: str) -> dict[str, object]:
    return {
        "v": verification,
        "verdict": verification.verdict.value,
        "title": VERDICT_TITLES[verification.verdict],
        "code": code,
        "scan_text": scan,
    }


def _composed(verification: Verification, *, code: str, here: str) -> str | None:
    """The page of a stamp answered from a cached batch part, from the
    process's rendered shell of it; None to render it in full."""
    serial = verification.serial
    if not verification.part_key or verification.product is None or not serial:
        return None
    if not (serial.isascii() and serial.isalnum()):  # the same in a path and in HTML
        return None
    scan = scan_text(verification)
    key = (verification.part_key, verification.verdict.value, verification.scan.reason if verification.scan else "-")
    pieces = _SHELLS.get(key)
    if pieces is None:
        context = _context(verification.for_serial(_SERIAL), code=_CODE, scan=_SCAN_TEXT if scan else "")
        pieces = _PLACEHOLDER.split(render_to_string(VERIFICATION_TEMPLATE, {**context, "here": _HERE}))
        if len(_SHELLS) >= _SHELLS_MAX:
            _SHELLS.clear()
        _SHELLS[key] = pieces
    # Escaped as the template escapes them ({{ code }}, {{ here|urlencode }}).
    values = {_SERIAL: serial, _CODE: escape(code), _HERE: escape(quote(here, safe="/")), _SCAN_TEXT: escape(scan)}
    filled = pieces.copy()
    filled[1::2] = [values[placeholder] for placeholder in pieces[1::2]]
    return "".join(filled)


def verify(request: HttpRequest, path: str) -> HttpResponse:
    """``/xac-thuc/01/…``: verify the scanned code, log the scan, show the verdict,
    the ten items of Circular 02/2024/TT-BKHCN and the batch timeline."""
    try:
        link = link_from_path(request, path)
    except InvalidIdentifier as exc:
        return too_many_lookups(request) or bad_link(request, exc.message)
    if link.gtin is None:
        return too_many_lookups(request) or not_found(request, link)
    try:
        # The client's lookup is counted in the round trip that reads the cache.
        verification = scan_uri(
            uri=link,
            province=province_from_request(request),
            device_key=device_key_for_request(request),
            lookup_key=lookup_key(request),
        )
    except TooManyLookups as exc:
        return too_many_lookups_page(request, exc.retry_after)
    status = 404 if verification.verdict == Verdict.UNKNOWN else 200
    code = link.path()
    html = _composed(verification, code=code, here=request.get_full_path())
    if html is not None:
        return _no_store(HttpResponse(html, status=status))
    context = _context(verification, code=code, scan=scan_text(verification))
    return _no_store(page(request, VERIFICATION_TEMPLATE, context, status=status))


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
