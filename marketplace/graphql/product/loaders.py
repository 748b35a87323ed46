"""Related data of products and variants in one channel.

The root resolvers prefetch these (see ``optimizer``) under the attribute
names below; when a path was not planned (an unusual nesting), each accessor
falls back to a query of its own and keeps the result on the instance.
"""

from __future__ import annotations

from typing import Any

from marketplace.channel.models import Channel
from marketplace.core.money import Money
from marketplace.product.models import (
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductVariant,
    ProductVariantChannelListing,
    Thumbnail,
)
from marketplace.product.selectors import channel_stocks, channel_variant_prices
from marketplace.warehouse.models import Stock

VARIANT_PRICES = "api_channel_prices"
VARIANT_STOCKS = "api_channel_stocks"
PRODUCT_LISTINGS = "api_channel_listings"


def _cached(instance: Any, attribute: str, load: Any) -> list[Any]:
    value = getattr(instance, attribute, None)
    if value is None:
        value = list(load())
        setattr(instance, attribute, value)
    return value


def variant_listing(variant: ProductVariant, channel: Channel) -> ProductVariantChannelListing | None:
    listings = _cached(variant, VARIANT_PRICES, lambda: channel_variant_prices(channel).filter(variant=variant))
    return listings[0] if listings else None


def variant_price(variant: ProductVariant, channel: Channel) -> Money | None:
    listing = variant_listing(variant, channel)
    return None if listing is None else Money(int(listing.price_amount), listing.currency or channel.currency_code)


def variant_stocks(variant: ProductVariant, channel: Channel) -> list[Stock]:
    return _cached(variant, VARIANT_STOCKS, lambda: channel_stocks(channel).filter(product_variant=variant))


def quantity_available(variant: ProductVariant, channel: Channel) -> int:
    return sum(stock.quantity_available for stock in variant_stocks(variant, channel))


def product_listing(product: Product, channel: Channel) -> ProductChannelListing | None:
    listings = _cached(
        product, PRODUCT_LISTINGS, lambda: ProductChannelListing.objects.filter(product=product, channel=channel)
    )
    return listings[0] if listings else None


def product_variants(product: Product) -> list[ProductVariant]:
    # Kept on the product so that variants loaded here keep their own caches.
    return _cached(product, "api_variants", product.variants.all)


def product_price_bounds(product: Product, channel: Channel) -> tuple[Money, Money] | None:
    prices = [price for v in product_variants(product) if (price := variant_price(v, channel)) is not None]
    if not prices:
        return None
    amounts = sorted(prices, key=lambda money: money.amount)
    return amounts[0], amounts[-1]


def product_media(product: Product) -> list[ProductMedia]:
    return _cached(product, "api_media", product.media.all)


def media_thumbnails(media: ProductMedia) -> list[Thumbnail]:
    return list(media.thumbnails.all())
