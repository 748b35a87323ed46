"""The shop's catalogue pages: home, category, product, seller and search.

Each view reads through ``marketplace.product.selectors`` (the shop's
visibility rules live there) in a fixed number of queries, and the cacheable
ones are stored whole for anonymous shoppers (see ``storefront.page_cache``).
"""

from __future__ import annotations

import re

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from marketplace.channel.models import Channel
from marketplace.product.models import Product
from marketplace.product.selectors import (
    PAGE_SIZE,
    approved_seller,
    category_ancestors,
    category_descendant_ids,
    category_tree,
    featured_products,
    get_channel,
    listed_products_in,
    product_for_page,
    search_products,
    variants_for_page,
)
from storefront.page_cache import cached_page
from traceability.selectors import product_traceability

# Page numbers as the pagination links write them; anything else is a 404, so
# odd spellings of a page neither fail nor fill the cache with copies.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
MAX_QUERY_LENGTH = 100


def _channel() -> Channel:
    channel = get_channel()
    if channel is None:
        raise Http404("no active default channel")
    return channel


def _paginate(request: HttpRequest, products: QuerySet[Product]) -> Page:
    """One COUNT and one page of rows; a page number that is malformed or past
    the end is a 404 (page 1 of nothing is an empty page)."""
    raw = request.GET.get("page") or "1"
    if not PAGE_NUMBER.fullmatch(raw):
        raise Http404("malformed page number")
    try:
        page = Paginator(products, PAGE_SIZE).page(int(raw))
    except EmptyPage as exc:
        raise Http404("page out of range") from exc
    page.object_list = list(page.object_list)
    return page


@cached_page()
def home(request: HttpRequest) -> HttpResponse:
    language = get_language()
    channel = get_channel()
    tree = category_tree(language=language)
    return render(
        request,
        "storefront/home.html",
        {
            "categories": [category for category in tree.values() if category.parent_id is None],
            "featured": featured_products(channel, language=language) if channel else [],
            "currency": channel.currency_code if channel else "VND",
        },
    )


@cached_page(query_params=("page",))
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    language = get_language()
    channel = _channel()
    tree = category_tree(language=language)
    category = next((node for node in tree.values() if node.slug == slug), None)
    if category is None:
        raise Http404("no such category")
    products = listed_products_in(channel, language=language, category_ids=category_descendant_ids(tree, category))
    return render(
        request,
        "storefront/category.html",
        {
            "category": category,
            "ancestors": category_ancestors(tree, category)[:-1],
            "subcategories": [node for node in tree.values() if node.parent_id == category.pk],
            "page": _paginate(request, products),
            "currency": channel.currency_code,
        },
    )


@cached_page()
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    language = get_language()
    channel = _channel()
    product = product_for_page(channel, slug, language=language)
    if product is None:
        raise Http404("no such visible product")
    variants = variants_for_page(product, channel, language=language)
    prices = [variant.price_amount for variant in variants]
    tree = category_tree(language=language)
    certificate = product.ocop_certificate
    origin = [place.name for place in (product.origin_commune,) if place] + [
        place.full_name for place in (product.origin_province,) if place
    ]
    return render(
        request,
        "storefront/product.html",
        {
            "product": product,
            "variants": variants,
            "price_min": min(prices) if prices else None,
            "price_max": max(prices) if prices else None,
            "breadcrumb": category_ancestors(tree, tree.get(product.category_id)),
            "certificate": certificate if certificate and certificate.shows_badge() else None,
            "origin": ", ".join(origin),
            "currency": channel.currency_code,
            "batch_histories": product_traceability(product),
        },
    )


@cached_page(query_params=("page",))
def seller_detail(request: HttpRequest, slug: str) -> HttpResponse:
    language = get_language()
    channel = _channel()
    seller = approved_seller(slug)
    if seller is None:
        raise Http404("no such approved seller")
    place = [seller.commune.name if seller.commune else "", seller.province.full_name if seller.province else ""]
    return render(
        request,
        "storefront/seller.html",
        {
            "seller": seller,
            "place": ", ".join(part for part in place if part),
            "page": _paginate(request, listed_products_in(channel, language=language, seller=seller)),
            "currency": channel.currency_code,
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    """Name search; diacritics are optional. No words lists every product."""
    language = get_language()
    channel = _channel()
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    return render(
        request,
        "storefront/search.html",
        {
            "query": query,
            "page": _paginate(request, search_products(channel, query, language=language)),
            "currency": channel.currency_code,
        },
    )
