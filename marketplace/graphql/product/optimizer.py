"""Plan joins and prefetches for product and variant querysets from the
fields a query selects, so that a page of N products costs the same number
of queries whatever N is."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from marketplace.channel.models import Channel
from marketplace.graphql.core.selection import Selection, any_selected, subtree
from marketplace.graphql.product.loaders import PRODUCT_LISTINGS, VARIANT_PRICES, VARIANT_STOCKS
from marketplace.product.models import ProductChannelListing, ProductMedia, ProductVariant, Thumbnail
from marketplace.product.selectors import channel_stocks, channel_variant_prices


def _media_prefetch() -> Prefetch:
    thumbnails = Prefetch("thumbnails", queryset=Thumbnail.objects.order_by("size"))
    return Prefetch("media", queryset=ProductMedia.objects.prefetch_related(thumbnails))


def optimize_variants(
    queryset: QuerySet[ProductVariant],
    fields: Selection,
    channel: Channel,
    *,
    prices: bool = False,
    stocks: bool = False,
    with_product: bool = False,
) -> QuerySet[ProductVariant]:
    """``prices``/``stocks`` force those prefetches for the parent product's own
    fields (``pricing``, ``isAvailable``); ``with_product`` joins the product
    (for variants fetched on their own, not through a product)."""
    lookups: list[str | Prefetch] = []
    if prices or "pricing" in fields:
        lookups.append(Prefetch("channel_listings", queryset=channel_variant_prices(channel), to_attr=VARIANT_PRICES))
    if stocks or "quantityAvailable" in fields:
        lookups.append(Prefetch("stocks", queryset=channel_stocks(channel), to_attr=VARIANT_STOCKS))
    if "translation" in fields:
        lookups.append("translations")
    if with_product and "product" in fields:
        queryset = queryset.select_related("product")
    return queryset.prefetch_related(*lookups) if lookups else queryset


def optimize_products(queryset: QuerySet, fields: Selection, channel: Channel) -> QuerySet:
    joins: list[str] = []
    lookups: list[str | Prefetch] = []
    if "productType" in fields:
        joins.append("product_type")
    if "category" in fields:
        joins.append("category")
        if "parent" in fields["category"]:
            joins.append("category__parent")
        if "translation" in fields["category"]:
            lookups.append("category__translations")
    if "seller" in fields:
        joins.append("seller")
        joins += [f"seller__{place}" for place in ("province", "commune") if place in fields["seller"]]
    if "ocop" in fields:
        joins.append("ocop_certificate")
    if "origin" in fields:
        joins += ["origin_province", "origin_commune"]
    if any_selected(fields, "thumbnail", "media"):
        lookups.append(_media_prefetch())
    if "translation" in fields:
        lookups.append("translations")
    if any_selected(fields, "isAvailable", "isAvailableForPurchase", "availableForPurchaseAt"):
        listings = ProductChannelListing.objects.filter(channel=channel)
        lookups.append(Prefetch("channel_listings", queryset=listings, to_attr=PRODUCT_LISTINGS))
    variant_fields = subtree(fields, "variants", "defaultVariant")
    if variant_fields or any_selected(fields, "pricing", "isAvailable"):
        variants = optimize_variants(
            ProductVariant.objects.all(),
            variant_fields,
            channel,
            prices="pricing" in fields,
            stocks="isAvailable" in fields,
        )
        lookups.append(Prefetch("variants", queryset=variants))
    if joins:
        queryset = queryset.select_related(*joins)
    return queryset.prefetch_related(*lookups) if lookups else queryset
