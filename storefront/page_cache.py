"""Whole-page cache for anonymous shoppers.

A page is stored per path, canonical query and language, together with the
catalogue generation it was rendered in (see ``marketplace.product.cache``),
and served only while that is still the current generation: any catalogue
change moves the generation on, so the next request renders afresh. The
generation and the page are read in one round trip to the cache server.
Signed-in shoppers, form posts and requests carrying flash messages are never
served from the cache.

Cached HTML must not carry one visitor's CSRF token to another, so while a
cacheable page renders, ``{% csrf_input %}`` writes a placeholder, and every
response (fresh or cached) gets the current visitor's own token put in its place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import get_language

from marketplace.product.cache import generation_and_entry

CSRF_PLACEHOLDER = "<!--csrf-input-->"
# Browsers may reuse an anonymous page this long; "private" because every
# response sets the visitor's own CSRF cookie, which a shared cache must not keep.
BROWSER_MAX_AGE = 60

View = Callable[..., HttpResponse]


def csrf_input_html(request: HttpRequest) -> str:
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


def canonical_path(request: HttpRequest, query_params: tuple[str, ...]) -> str:
    """The path with only the query parameters the page reads, in a fixed order."""
    query = "&".join(f"{name}={request.GET[name]}" for name in query_params if request.GET.get(name))
    return f"{request.path}?{query}" if query else request.path


def page_cache_key(request: HttpRequest, path: str) -> str:
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return f"storefront:page:{get_language()}:{digest}"


def _is_cacheable(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and "messages" not in request.COOKIES and not request.user.is_authenticated


def _put_csrf_input(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    placeholder = CSRF_PLACEHOLDER.encode()
    if not response.streaming and placeholder in response.content:
        response.content = response.content.replace(placeholder, csrf_input_html(request).encode())
    return response


def cached_page(*, query_params: tuple[str, ...] = ()) -> Callable[[View], View]:
    """Serve the decorated view's 200 HTML answers to anonymous GETs from the
    cache. ``query_params`` names the query parameters the view reads; any other
    parameter is ignored and does not make a new cache entry."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            path = canonical_path(request, query_params)
            request.canonical_path = path
            if not _is_cacheable(request):
                response = _render(view, request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                return _put_csrf_input(request, response)
            key = page_cache_key(request, path)
            # The generation is read before the page's data, so a change committed
            # while the page renders leaves an entry that is never served.
            generation, entry = generation_and_entry(key)
            if entry is not None and entry[0] == generation:
                _generation, content, content_type = entry
                response = HttpResponse(content, content_type=content_type)
            else:
                response = _render(view, request, *args, **kwargs)
                if response.status_code == 200 and not response.streaming:
                    entry = (generation, response.content, response["Content-Type"])
                    cache.set(key, entry, settings.CATALOG_CACHE_SECONDS)
            patch_cache_control(response, private=True, max_age=BROWSER_MAX_AGE)
            patch_vary_headers(response, ("Cookie",))
            return _put_csrf_input(request, response)

        return wrapper

    return decorator


def _render(view: View, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    request.defer_csrf_input = True
    try:
        return view(request, *args, **kwargs)
    finally:
        # A 404 or 500 page is rendered after the view raised: give it a real token.
        request.defer_csrf_input = False
