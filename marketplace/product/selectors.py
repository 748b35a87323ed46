"""Reads of the catalogue with the shop's visibility rules in one place."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from marketplace.channel.models import Channel
from marketplace.product.models import Product, ProductChannelListing, ProductStatus, ProductVariantChannelListing
from marketplace.seller.models import SellerStatus


def get_channel(slug: str | None = None) -> Channel | None:
    """The active channel with this slug, or the default channel when ``slug`` is None."""
    return Channel.objects.filter(slug=slug or settings.DEFAULT_CHANNEL_SLUG, is_active=True).first()


def published_listings(channel: Channel, *, now: datetime.datetime | None = None) -> QuerySet[ProductChannelListing]:
    now = now or timezone.now()
    return ProductChannelListing.objects.filter(channel=channel, is_published=True).filter(
        Q(published_at__isnull=True) | Q(published_at__lte=now)
    )


def visible_products(
    channel: Channel, *, listed_only: bool = False, now: datetime.datetime | None = None
) -> QuerySet[Product]:
    """Products a shopper may see in ``channel``: published (publication date
    reached), not unlisted by an operator, from an approved seller, with at
    least one priced variant. ``listed_only`` also drops products hidden from
    lists (still reachable by their own page, as in Saleor)."""
    listings = published_listings(channel, now=now).filter(product_id=OuterRef("pk"))
    if listed_only:
        listings = listings.filter(visible_in_listings=True)
    priced = ProductVariantChannelListing.objects.filter(channel=channel, variant__product_id=OuterRef("pk"))
    return Product.objects.filter(
        Exists(listings), Exists(priced), status=ProductStatus.ACTIVE, seller__status=SellerStatus.APPROVED
    )
