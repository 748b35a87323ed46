"""What the resolver and the public pages share: reading the Digital Link from
the request path, the rate limit answer, CORS headers and error answers."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from traceability.gs1 import digital_link
from traceability.gs1.digital_link import DigitalLink
from traceability.ratelimit import check_stamp_lookup

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Expose-Headers": "Link, Location, Retry-After",
    "Access-Control-Max-Age": "86400",
}
LINKSET_TYPE = "application/linkset+json"


def page(request: HttpRequest, template_name: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    """A public traceability page. Rendered without the request's context
    processors: these pages show no user, messages or form, so a view makes
    no CSRF token, cookie or session lookup. ``here`` (the page's own
    address) is what the language switch returns to."""
    html = render_to_string(template_name, {**context, "here": request.get_full_path()})
    return HttpResponse(html, status=status)


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "json" in accept and "text/html" not in accept


def add_cors(response: HttpResponse) -> HttpResponse:
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def link_from_path(request: HttpRequest, path: str) -> DigitalLink:
    """The Digital Link in ``path`` (the part from the primary key on) and the
    request's query string. Raises ``InvalidDigitalLink`` with the reason."""
    raw_query = request.META.get("QUERY_STRING", "")
    # Django hands views the decoded path; encode it again so that parse()
    # decodes each segment exactly once (a lot may hold "%" or "/").
    return digital_link.parse("/" + escape_uri_path(path.lstrip("/")) + (f"?{raw_query}" if raw_query else ""))


def bad_link(request: HttpRequest, reason: str) -> HttpResponse:
    """400 for a malformed Digital Link: JSON for API clients, else a short page."""
    if wants_json(request):
        response: HttpResponse = JsonResponse({"code": "INVALID_DIGITAL_LINK", "message": reason}, status=400)
    else:
        response = page(request, "traceability/invalid.html", {"reason": reason}, status=400)
    response["Cache-Control"] = "no-store"
    return response


def not_found_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"code": "NOT_FOUND", "message": "No such item"}, status=404)


def too_many_lookups(request: HttpRequest) -> HttpResponse | None:
    """Count one lookup of the client: None when it may look a stamp up,
    else the 429 answer."""
    allowance = check_stamp_lookup(request)
    return None if allowance.allowed else too_many_lookups_page(request, allowance.retry_after)


def too_many_lookups_page(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The 429 answer: JSON for API clients, else a short page."""
    message = _("Bạn đã tra cứu quá nhiều mã trong một phút. Vui lòng thử lại sau %(seconds)s giây.") % {
        "seconds": retry_after
    }
    if wants_json(request):
        response = HttpResponse(
            json.dumps({"code": "TOO_MANY_REQUESTS", "message": message}, ensure_ascii=False),
            content_type="application/json",
            status=429,
        )
    else:
        response = page(request, "traceability/too_many.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
