"""Every change to the catalogue. Callers (views, GraphQL, admin, commands)
validate input shape and call one of these; the rules live here."""

from __future__ import annotations

import datetime
import io
from typing import IO

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from marketplace.channel.models import Channel
from marketplace.core.errors import DomainError
from marketplace.core.images import validate_image
from marketplace.product.cache import catalog_changed
from marketplace.product.models import (
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    Thumbnail,
)
from marketplace.search.backends import get_search_backend

# Widths of the WebP thumbnails made for every product image; pages pick one
# with srcset, the API with thumbnail(size:).
THUMBNAIL_SIZES = (160, 320, 640)
MAX_PRICE = 1_000_000_000  # 1 billion đồng: a typo guard, not a business limit


class ProductError(DomainError):
    pass


@transaction.atomic
def add_product_media(*, product: Product, upload: IO[bytes], alt: str = "", filename: str = "image") -> ProductMedia:
    """Validate ``upload`` by its content, store it and its thumbnails.

    Raises ``InvalidImage`` (see ``marketplace.core.images``) and changes nothing then.
    """
    fmt = validate_image(upload)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    position = (product.media.aggregate(m=Min("sort_order"))["m"] or 0) + product.media.count()
    media = ProductMedia(product=product, alt=alt or product.name, sort_order=position)
    # The content needs a name: an unnamed file leaves width/height unset (NULL).
    name = f"{product.slug}-{filename}.{extension}"
    media.image.save(name, ContentFile(upload.read(), name=name), save=False)
    media.save()
    generate_thumbnails(media=media)
    catalog_changed()
    return media


def generate_thumbnails(*, media: ProductMedia) -> list[Thumbnail]:
    """(Re)make the WebP thumbnails of ``media``; square crops, never upscaled."""
    media.image.open("rb")
    with Image.open(media.image) as original:
        original = ImageOps.exif_transpose(original).convert("RGB")
        made = []
        for size in THUMBNAIL_SIZES:
            side = min(size, original.width, original.height)
            resized = ImageOps.fit(original, (side, side), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            resized.save(buffer, "WEBP", quality=78, method=4)
            thumb, _created = Thumbnail.objects.get_or_create(media=media, size=size, format="WEBP")
            name = f"{media.pk}-{size}.webp"
            thumb.image.save(name, ContentFile(buffer.getvalue(), name=name), save=False)
            thumb.save()
            made.append(thumb)
    media.image.close()
    return made


def validate_price(amount: object, *, field: str = "price") -> int:
    """A price is a whole, non-negative number of đồng below the typo guard."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        if isinstance(amount, float | str) and str(amount).strip().isdigit():
            amount = int(str(amount).strip())
        else:
            raise ProductError("INVALID_PRICE", _("Giá phải là số đồng nguyên, không có phần lẻ."), field=field)
    if amount < 0:
        raise ProductError("INVALID_PRICE", _("Giá không được âm."), field=field)
    if amount > MAX_PRICE:
        raise ProductError("INVALID_PRICE", _("Giá quá lớn."), field=field)
    return amount


@transaction.atomic
def set_variant_price(*, variant: ProductVariant, channel: Channel, amount: object) -> ProductVariantChannelListing:
    price = validate_price(amount)
    listing, _created = ProductVariantChannelListing.objects.update_or_create(
        variant=variant, channel=channel, defaults={"price_amount": price, "currency": channel.currency_code}
    )
    refresh_listing_price(product=variant.product, channel=channel)
    catalog_changed()
    return listing


def refresh_listing_price(*, product: Product, channel: Channel) -> None:
    """Keep the listing's cheapest price (used for sorting) in step with variants."""
    cheapest = ProductVariantChannelListing.objects.filter(variant__product=product, channel=channel).aggregate(
        m=Min("price_amount")
    )["m"]
    ProductChannelListing.objects.filter(product=product, channel=channel).update(discounted_price_amount=cheapest)


@transaction.atomic
def update_product_channel_listing(
    *,
    product: Product,
    channel: Channel,
    is_published: bool,
    published_at: datetime.datetime | None = None,
    visible_in_listings: bool = True,
    available_for_purchase_at: datetime.datetime | None = None,
) -> ProductChannelListing:
    """Publish or hide ``product`` in ``channel``. Publishing without a date
    publishes now; an unapproved seller is refused (``SELLER_NOT_APPROVED``)."""
    if is_published and not product.seller.is_live:
        raise ProductError("SELLER_NOT_APPROVED", _("Cơ sở chưa được duyệt nên chưa thể đăng bán."))
    now = timezone.now()
    listing, _created = ProductChannelListing.objects.update_or_create(
        product=product,
        channel=channel,
        defaults={
            "is_published": is_published,
            "published_at": published_at or (now if is_published else None),
            "visible_in_listings": visible_in_listings,
            "available_for_purchase_at": available_for_purchase_at or (now if is_published else None),
            "currency": channel.currency_code,
        },
    )
    refresh_listing_price(product=product, channel=channel)
    catalog_changed()
    return listing


@transaction.atomic
def translate_product(
    *,
    product: Product,
    language_code: str,
    name: str = "",
    description: str = "",
    seo_title: str = "",
    seo_description: str = "",
) -> ProductTranslation:
    translation, _created = ProductTranslation.objects.update_or_create(
        product=product,
        language_code=language_code,
        defaults={"name": name, "description": description, "seo_title": seo_title, "seo_description": seo_description},
    )
    reindex_products(product_ids=[product.pk])
    return translation


def reindex_products(*, product_ids: list[int]) -> None:
    """Refresh the search index for these products and expire cached pages."""
    if not product_ids:
        return
    get_search_backend().index_products(list(product_ids))
    catalog_changed()
