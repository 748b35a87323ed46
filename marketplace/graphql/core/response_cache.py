"""Whole-response cache for anonymous catalogue queries.

A storefront asks the same catalogue questions over and over (the home page's
product list, a category, a product by slug). An anonymous query whose root
fields all read the public catalogue is answered from the cache while the
catalogue generation it was computed in is still current (see
``marketplace.product.cache``): any change a shopper could see moves the
generation on, so a stale answer is never served.

Never cached: mutations, subscriptions, requests that carry a token or a
signed-in session, root fields outside the catalogue (``me``, and later the
checkout and orders), and answers with errors.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from graphql import GraphQLSyntaxError, OperationDefinitionNode, OperationType, parse
from graphql.language import FieldNode

from marketplace.product.cache import generation_and_entry

CATALOG_ROOT_FIELDS = frozenset(
    {
        "products",
        "product",
        "productVariant",
        "categories",
        "category",
        "channels",
        "channel",
        "sellers",
        "seller",
        "__typename",
    }
)
MAX_CACHEABLE_BODY = 64 * 1024

View = Callable[..., HttpResponse]


@lru_cache(maxsize=512)
def is_catalog_query(query: str, operation_name: str | None) -> bool:
    """True when the operation to run is a query whose root fields are all
    public catalogue fields (fragments at the root are not looked into)."""
    try:
        document = parse(query, no_location=True)
    except GraphQLSyntaxError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [op for op in operations if op.name and op.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY:
        return False
    selections = operations[0].selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value in CATALOG_ROOT_FIELDS for s in selections)


def _request_body(request: HttpRequest) -> dict | None:
    if request.method != "POST" or request.content_type != "application/json":
        return None
    if len(request.body) > MAX_CACHEABLE_BODY:
        return None
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return None
    return body


def _anonymous(request: HttpRequest) -> bool:
    if request.META.get("HTTP_AUTHORIZATION") or request.META.get("HTTP_AUTHORIZATION_BEARER"):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def cache_key(body: dict) -> str:
    canonical = json.dumps(
        [body["query"], body.get("variables") or {}, body.get("operationName") or None, get_language()],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "graphql:response:" + hashlib.sha256(canonical.encode()).hexdigest()


def cached_catalog_queries(view: View) -> View:
    """Decorate the GraphQL view with the response cache described above."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        body = _request_body(request)
        if (
            body is None
            or not _anonymous(request)
            or not isinstance(body.get("variables") or {}, dict)
            or not is_catalog_query(body["query"], body.get("operationName"))
        ):
            return view(request, *args, **kwargs)
        key = cache_key(body)
        # The generation is read before the answer is computed, so a change
        # committed meanwhile leaves an entry that is never served.
        generation, entry = generation_and_entry(key)
        if entry is not None and entry[0] == generation:
            response = HttpResponse(entry[1], content_type="application/json")
            response["X-Cache"] = "HIT"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            try:
                clean = "errors" not in json.loads(response.content)
            except ValueError:
                clean = False
            if clean:
                cache.set(key, (generation, response.content), settings.CATALOG_CACHE_SECONDS)
        response["X-Cache"] = "MISS"
        return response

    return wrapper
