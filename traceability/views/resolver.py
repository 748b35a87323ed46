"""The GS1-Conformant resolver at the Digital Link paths (``/01/{gtin}[/10/{lot}][/21/{serial}]``).

A scan lands here. The default answer is a 307 to the verification page with
the query string kept; ``?linkType=gs1:pip``, ``gs1:traceability``,
``gs1:certificationInfo`` (and the same as full ``https://gs1.org/voc/…``
IRIs) redirect to that resource; a link type this item does not have falls
back to the default link, as the resolver standard asks. ``?linkType=linkset``
(or ``all``) or ``Accept: application/linkset+json`` returns the RFC 9264
linkset of the item. Malformed links get 400 with the reason; items we never
issued, 404. Every answer carries open CORS headers; OPTIONS is a preflight.

Answers are cheap: one cache round trip (the rate limit) and one query; the
scan itself is logged when the verification page renders.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from marketplace.product.models import OcopCertificate, Product
from traceability import epcis
from traceability.gs1.digital_link import DigitalLink
from traceability.gs1.gtin import InvalidIdentifier
from traceability.models import Batch, Stamp, TradeItem
from traceability.views.common import (
    LINKSET_TYPE,
    add_cors,
    bad_link,
    link_from_path,
    not_found_json,
    page,
    too_many_lookups,
    wants_json,
)

VOC = "https://gs1.org/voc/"
# Where the public pages live (traceability/urls.py), followed by the Digital Link path.
VERIFY_PREFIX = "/xac-thuc"
HISTORY_PREFIX = "/truy-xuat"
LINKSET_REQUESTS = frozenset({"linkset", "all"})


@dataclass(frozen=True)
class ResolvedItem:
    """What the resolver knows about an identified item: its product, whether
    it names a package or lot (and so has a verification page and history),
    and the OCOP certificate when its badge may be shown."""

    product: Product
    is_instance: bool
    has_history: bool
    certificate: OcopCertificate | None


def _resolve_item(link: DigitalLink) -> ResolvedItem | None:
    """One query: the stamp, the batch or the trade item ``link`` names."""
    gtin = link.gtin
    product_path = "variant__product__ocop_certificate"
    if gtin is None:
        return None
    if link.serial:
        stamp = (
            Stamp.objects.filter(trade_item__gtin=gtin, serial=link.serial)
            .select_related(f"trade_item__{product_path}")
            .first()
        )
        if stamp is None:
            return None
        product, is_instance, history = stamp.trade_item.variant.product, True, stamp.batch_id is not None
    elif link.lot:
        batch = Batch.objects.filter(variant__trade_item__gtin=gtin, lot_code=link.lot).select_related(product_path)
        found = batch.first()
        if found is None:
            return None
        product, is_instance, history = found.variant.product, True, True
    else:
        trade_item = TradeItem.objects.filter(gtin=gtin).select_related(product_path).first()
        if trade_item is None:
            return None
        product, is_instance, history = trade_item.variant.product, False, False
    certificate = product.ocop_certificate
    badge = certificate if certificate is not None and certificate.shows_badge() else None
    return ResolvedItem(product, is_instance, history, badge)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _query(link: DigitalLink, request: HttpRequest, *, keep_all: bool) -> str:
    if keep_all:
        query = request.META.get("QUERY_STRING", "")
    else:  # the data attributes, without the resolver's own parameters
        query = urlencode(sorted(link.attributes.items()))
    return f"?{query}" if query else ""


def _links(request: HttpRequest, link: DigitalLink, item: ResolvedItem) -> dict[str, dict[str, str]]:
    """Link type (full IRI) -> the target, in the order the linkset lists them."""
    attributes = _query(link, request, keep_all=False)
    product_page = {
        "href": _absolute(request, reverse("storefront:product", args=[item.product.slug])),
        "title": _("Trang sản phẩm: %(name)s") % {"name": item.product.name},
        "type": "text/html",
    }
    links: dict[str, dict[str, str]] = {}
    if item.is_instance:
        verification = {
            "href": _absolute(request, VERIFY_PREFIX + link.path() + attributes),
            "title": _("Xác thực sản phẩm và truy xuất nguồn gốc"),
            "type": "text/html",
        }
        links[f"{VOC}defaultLink"] = verification
        links[f"{VOC}verificationService"] = verification
    else:
        links[f"{VOC}defaultLink"] = product_page
    links[f"{VOC}pip"] = product_page
    if item.has_history:
        links[f"{VOC}traceability"] = {
            "href": _absolute(request, HISTORY_PREFIX + link.path()),
            "title": _("Lịch sử lô hàng"),
            "type": "text/html",
        }
    if item.certificate is not None:
        links[f"{VOC}certificationInfo"] = {
            "href": _absolute(request, HISTORY_PREFIX + link.path() + "#ocop"),
            "title": _("Chứng nhận OCOP %(stars)s sao") % {"stars": item.certificate.star_rating},
            "type": "text/html",
        }
    return links


def _requested_link_type(value: str) -> str:
    """``gs1:pip`` and ``https://gs1.org/voc/pip`` alike -> the full IRI."""
    value = value.strip()
    if value.startswith("gs1:"):
        return VOC + value[4:]
    return value


def linkset_document(request: HttpRequest, link: DigitalLink, item: ResolvedItem) -> dict[str, object]:
    """RFC 9264 linkset: one context object anchored at the canonical Digital Link."""
    anchor = link.uri(stem=epcis.public_stem())
    context: dict[str, object] = {"anchor": anchor}
    for relation, target in _links(request, link, item).items():
        context[relation] = [{**target, "hreflang": ["vi", "en"]}]
    return {"linkset": [context]}


def _linkset_header(request: HttpRequest) -> str:
    url = request.build_absolute_uri(request.path) + "?linkType=linkset"
    return f'<{url}>; rel="linkset"; type="{LINKSET_TYPE}"'


def options_answer() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = "GET, HEAD, OPTIONS"
    return add_cors(response)


@csrf_exempt
def resolve(request: HttpRequest, path: str) -> HttpResponse:
    """``/01/…``: redirect a scan to the right page, or describe its links."""
    if request.method == "OPTIONS":
        return options_answer()
    if request.method not in ("GET", "HEAD"):
        return add_cors(HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"]))
    return add_cors(_resolve(request, path))


def _resolve(request: HttpRequest, path: str) -> HttpResponse:
    throttled = too_many_lookups(request)
    if throttled is not None:
        return throttled
    try:
        link = link_from_path(request, path)
    except InvalidIdentifier as exc:
        return bad_link(request, exc.message)
    item = _resolve_item(link)
    if item is None:
        return not_found(request, link)
    link_type = request.GET.get("linkType", "")
    accept = request.headers.get("Accept", "")
    if link_type in LINKSET_REQUESTS or (not link_type and LINKSET_TYPE in accept):
        body = json.dumps(linkset_document(request, link, item), ensure_ascii=False)
        response = HttpResponse(body, content_type=LINKSET_TYPE)
    else:
        links = _links(request, link, item)
        target = links.get(_requested_link_type(link_type)) if link_type else None
        if target is None:
            target = links[f"{VOC}defaultLink"]
            location = target["href"]
            if item.is_instance:  # the verification page: keep the query string as scanned
                location = location.split("?", 1)[0] + _query(link, request, keep_all=True)
        else:
            location = target["href"]
        response = HttpResponse(status=307)
        response["Location"] = location
    response["Link"] = _linkset_header(request)
    response["Cache-Control"] = "no-store"
    response["Vary"] = "Accept"
    return response


def not_found(request: HttpRequest, link: DigitalLink | None = None) -> HttpResponse:
    """404 for an item we never issued: the page warns a shopper the code is unknown."""
    if wants_json(request):
        response = not_found_json(request)
    else:
        response = page(request, "traceability/unknown.html", {"code": link.path() if link else ""}, status=404)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
def resolve_sscc(request: HttpRequest, path: str) -> HttpResponse:
    """``/00/{sscc}``: logistic units are not resolved here; a valid SSCC is
    404, a malformed one (or one with qualifiers) 400."""
    if request.method == "OPTIONS":
        return options_answer()
    throttled = too_many_lookups(request)
    if throttled is not None:
        return add_cors(throttled)
    try:
        link_from_path(request, path)
    except InvalidIdentifier as exc:
        return add_cors(bad_link(request, exc.message))
    return add_cors(not_found(request))


def resolver_description(request: HttpRequest) -> HttpResponse:
    """``/.well-known/gs1resolver``: what this resolver supports."""
    root = epcis.public_stem()
    body = {
        "name": "Chợ OCOP",
        "resolverRoot": root,
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [
            {"namespace": VOC, "prefix": "gs1:", "profile": "https://ref.gs1.org/voc/?show=linktypes"},
        ],
        "linkTypes": [
            "gs1:defaultLink",
            "gs1:verificationService",
            "gs1:pip",
            "gs1:traceability",
            "gs1:certificationInfo",
        ],
        "linkTypeDefaultCanBeLinkset": False,
        "supportedContextValuesEnumerated": [],
        "contact": {"name": "Chợ OCOP", "url": root + "/"},
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")
    response["Cache-Control"] = "public, max-age=3600"
    return add_cors(response)
