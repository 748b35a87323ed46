"""Reads the operator pages need beyond the domain selectors, each in a fixed
number of queries. No rules here: visibility and workflow stay in
``marketplace``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value

from marketplace.channel.models import Channel
from marketplace.product.models import Product, ProductStatus
from marketplace.product.selectors import visible_products
from marketplace.search.backends import get_search_backend
from marketplace.seller.models import Seller, SellerDocument, SellerMember, SellerStatus
from storefront.operator.forms import WAITING_STATUSES


def operator_counts() -> dict[str, int]:
    """The figures of the operator home page, in two queries."""
    counts = Seller.objects.aggregate(
        waiting=Count("pk", filter=Q(status__in=WAITING_STATUSES)),
        submitted=Count("pk", filter=Q(status=SellerStatus.SUBMITTED)),
        changes_requested=Count("pk", filter=Q(status=SellerStatus.CHANGES_REQUESTED)),
        approved=Count("pk", filter=Q(status=SellerStatus.APPROVED)),
        suspended=Count("pk", filter=Q(status=SellerStatus.SUSPENDED)),
    )
    counts["unlisted_products"] = Product.objects.filter(status=ProductStatus.UNLISTED_BY_OPERATOR).count()
    return counts


def filter_sellers(sellers: QuerySet[Seller], filters: dict[str, Any]) -> QuerySet[Seller]:
    """Narrow ``sellers`` by the valid filters of a filter form."""
    if filters.get("status"):
        sellers = sellers.filter(status=filters["status"])
    if filters.get("kind"):
        sellers = sellers.filter(kind=filters["kind"])
    if filters.get("province"):
        sellers = sellers.filter(province=filters["province"])
    text = " ".join((filters.get("q") or "").split())
    if text:
        sellers = sellers.filter(
            Q(name__icontains=text)
            | Q(slug__icontains=text)
            | Q(email__icontains=text)
            | Q(phone__icontains=text)
            | Q(tax_code__icontains=text)
        )
    return sellers


def all_sellers() -> QuerySet[Seller]:
    """Every seller, most recently changed first, with its place."""
    return Seller.objects.select_related("province").order_by("-updated_at", "-pk")


def seller_documents(seller: Seller) -> list[SellerDocument]:
    """Every document of ``seller``, current and replaced, by kind, newest first."""
    return list(
        SellerDocument.objects.filter(seller=seller)
        .select_related("uploaded_by")
        .order_by("kind", "-uploaded_at", "-pk")
    )


def seller_members(seller: Seller) -> list[SellerMember]:
    """The seller's users, owners first."""
    return list(SellerMember.objects.filter(seller=seller).select_related("user").order_by("role", "created_at", "pk"))


def moderation_products(channel: Channel | None) -> QuerySet[Product]:
    """Every product, most recently changed first, with its seller and
    ``is_visible``: whether shoppers see it in ``channel`` right now."""
    products = Product.objects.select_related("seller").order_by("-updated_at", "-pk")
    if channel is None:
        return products.annotate(is_visible=Value(False))
    return products.annotate(is_visible=Exists(visible_products(channel).filter(pk=OuterRef("pk"))))


def filter_products(products: QuerySet[Product], filters: dict[str, Any]) -> QuerySet[Product]:
    """Narrow ``products`` by status and by words: the shop's search (any
    order, diacritics optional, over name, seller, category and SKUs) or the
    words as typed in the product's or the seller's name."""
    if filters.get("status"):
        products = products.filter(status=filters["status"])
    text = " ".join((filters.get("q") or "").split())
    if text:
        searched = get_search_backend().search(Product.objects.all(), text).values("pk")
        matches = (
            Q(pk__in=searched)
            | Q(name__icontains=text)
            | Q(seller__name__icontains=text)
            | Q(pk__in=Product.objects.filter(variants__sku__iexact=text).values("pk"))
        )
        products = products.filter(matches)
    return products
