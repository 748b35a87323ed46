"""Prices and publication of products in channels.

Publishing rules (the shop's visibility rules themselves live in
``selectors.visible_products``): only an approved seller publishes; a product
an operator unlisted stays down until an operator relists it; a product needs
a category and a price in the channel. A photo is not required: a farmer may
list without one."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.channel.models import Channel
from marketplace.product.cache import catalog_changed
from marketplace.product.errors import ProductError
from marketplace.product.models import (
    Product,
    ProductChannelListing,
    ProductStatus,
    ProductVariant,
    ProductVariantChannelListing,
)
from marketplace.product.selectors import get_channel
from marketplace.product.validation import validate_price
from marketplace.seller.models import Seller, SellerStatus


def default_channel(channel: Channel | None = None) -> Channel:
    """``channel``, or the active default channel. Raises ``NOT_FOUND``."""
    if channel is not None:
        return channel
    found = get_channel()
    if found is None:
        raise ProductError("NOT_FOUND", _("Chưa có kênh bán hàng nào đang hoạt động."), field="channel")
    return found


@transaction.atomic
def set_variant_price(*, variant: ProductVariant, channel: Channel, amount: object) -> ProductVariantChannelListing:
    """Set ``variant``'s price in ``channel``. Raises ``INVALID_PRICE``."""
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


def ensure_listing(*, product: Product, channel: Channel) -> ProductChannelListing:
    """The product's listing in ``channel``, created unpublished if missing."""
    listing, _created = ProductChannelListing.objects.get_or_create(
        product=product, channel=channel, defaults={"is_published": False, "currency": channel.currency_code}
    )
    return listing


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
    if is_published:
        _require_approved_seller(product)
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


def _require_approved_seller(product: Product) -> None:
    # Read the status afresh: the caller's seller object may predate a suspension.
    status = Seller.objects.filter(pk=product.seller_id).values_list("status", flat=True).first()
    if status != SellerStatus.APPROVED:
        if status == SellerStatus.SUSPENDED:
            message = _("Cơ sở đang bị tạm khóa nên không thể đăng bán.")
        else:
            message = _("Cơ sở chưa được duyệt nên chưa thể đăng bán.")
        raise ProductError("SELLER_NOT_APPROVED", message)


def lock_product(product: Product) -> Product:
    """Re-read ``product`` with its row locked until the transaction ends."""
    return Product.objects.select_for_update(of=("self",)).get(pk=product.pk)


@transaction.atomic
def publish_product(*, product: Product, actor: User, channel: Channel | None = None) -> ProductChannelListing:
    """Put ``product`` on sale in ``channel`` (default: the default channel) now.

    Raises ``SELLER_NOT_APPROVED`` (seller not approved, or suspended),
    ``PRODUCT_UNLISTED_BY_OPERATOR`` (the message carries the operator's
    reason), ``PRODUCT_WITHOUT_CATEGORY`` or ``PRODUCT_WITHOUT_PRICE``."""
    channel = default_channel(channel)
    locked = lock_product(product)  # against an operator unlisting it meanwhile
    _require_approved_seller(locked)
    if locked.status == ProductStatus.UNLISTED_BY_OPERATOR:
        raise ProductError(
            "PRODUCT_UNLISTED_BY_OPERATOR",
            _("Sản phẩm đã bị ban quản lý sàn gỡ xuống: %(reason)s. Hãy sửa theo góp ý rồi liên hệ ban quản lý.")
            % {"reason": locked.moderation_reason},
        )
    if locked.category_id is None:
        raise ProductError(
            "PRODUCT_WITHOUT_CATEGORY", _("Vui lòng chọn danh mục trước khi đăng bán."), field="category"
        )
    if not ProductVariantChannelListing.objects.filter(variant__product=locked, channel=channel).exists():
        raise ProductError("PRODUCT_WITHOUT_PRICE", _("Vui lòng nhập giá trước khi đăng bán."), field="price")
    current = ProductChannelListing.objects.filter(product=locked, channel=channel).first()
    if current is not None and current.is_visible():
        return current
    return update_product_channel_listing(product=locked, channel=channel, is_published=True)


@transaction.atomic
def unpublish_product(*, product: Product, actor: User, channel: Channel | None = None) -> ProductChannelListing:
    """Take ``product`` off sale in ``channel`` (always allowed)."""
    channel = default_channel(channel)
    return update_product_channel_listing(product=product, channel=channel, is_published=False)
