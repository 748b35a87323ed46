"""Template helpers for the shop: money, product images with WebP srcset,
the OCOP star badge and the CSRF field that survives the page cache."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from marketplace.core.money import Money, format_money
from marketplace.product.models import OcopCertificate, ProductMedia
from storefront.page_cache import CSRF_PLACEHOLDER, csrf_input_html

register = template.Library()


@register.filter
def money(amount: int | None, currency: str = "VND") -> str:
    """``120000|money:"VND"`` -> ``120.000 ₫`` in Vietnamese, ``₫120,000`` in English."""
    if amount is None or amount == "":
        return ""
    return format_money(Money(int(amount), currency or "VND"), get_language() or "vi")


@register.simple_tag(takes_context=True)
def csrf_input(context: template.Context) -> SafeString:
    """The CSRF field of a form; a placeholder while a cacheable page renders."""
    request = context.get("request")
    if request is None:
        return mark_safe("")
    if getattr(request, "defer_csrf_input", False):
        return mark_safe(CSRF_PLACEHOLDER)
    return mark_safe(csrf_input_html(request))


@register.simple_tag(takes_context=True)
def page_path(context: template.Context) -> str:
    """The current page's address, for sign-in and language switch ``next``."""
    request = context.get("request")
    if request is None:
        return "/"
    return getattr(request, "canonical_path", None) or request.get_full_path()


@register.simple_tag
def product_img(
    media: ProductMedia,
    *,
    alt: str = "",
    max_size: int = 320,
    sizes: str = "100vw",
    lazy: bool = True,
    css_class: str = "",
) -> SafeString:
    """An ``<img>`` choosing among the WebP thumbnails up to ``max_size`` px
    wide; width and height are set so the layout does not jump."""
    thumbs = [thumb for thumb in media.thumbnails.all() if thumb.size <= max_size and thumb.format == "WEBP"]
    if thumbs:
        # Browsers without srcset get a mid-sized copy; the others pick by ``sizes``.
        fallback = next((thumb for thumb in reversed(thumbs) if thumb.size <= 320), thumbs[0])
        src, width, height = fallback.image.url, fallback.width, fallback.height
        srcset = format_html_join(", ", "{} {}w", ((thumb.image.url, thumb.width) for thumb in thumbs))
    else:
        src, width, height, srcset = media.image.url, media.width, media.height, ""
    return format_html(
        '<img src="{}"{} sizes="{}" width="{}" height="{}" alt="{}"{}{}>',
        src,
        format_html(' srcset="{}"', srcset) if srcset else "",
        sizes,
        width or max_size,
        height or max_size,
        alt or media.alt,
        mark_safe(' loading="lazy" decoding="async"') if lazy else mark_safe(' fetchpriority="high"'),
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.inclusion_tag("storefront/includes/ocop_badge.html")
def ocop_badge(certificate: OcopCertificate | None, large: bool = False) -> dict[str, Any]:
    """The OCOP star rank, only while the certificate is valid (3+ stars, not
    expired, not revoked)."""
    shows = certificate is not None and certificate.shows_badge()
    return {
        "shows": shows,
        "stars": range(certificate.star_rating) if shows else range(0),
        "star_rating": certificate.star_rating if shows else 0,
        "large": large,
    }


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """Link to page ``number`` of the current list, keeping the search words;
    page 1 has no ``page`` parameter so it shares the list's own address."""
    request = context["request"]
    query = QueryDict(mutable=True)
    if context.get("query"):
        query["q"] = context["query"]
    if number > 1:
        query["page"] = str(number)
    return f"{request.path}?{query.urlencode()}" if query else request.path
