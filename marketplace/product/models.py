"""The OCOP catalogue in Saleor's shape: categories, product types, products,
variants, per-channel listings and prices, media with thumbnails,
translations, and the OCOP certificate that a product carries."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import TimestampedModel
from marketplace.core.text import BARE_LETTERS, MARKED_LETTERS

OCOP_VALIDITY_MONTHS = 36
OCOP_BADGE_MIN_STARS = 3


class OcopProductGroup(models.TextChoices):
    """The six OCOP product groups (Decision 919/QĐ-TTg, criteria in 148/QĐ-TTg)."""

    FOOD = "food", _("Thực phẩm")
    BEVERAGE = "beverage", _("Đồ uống")
    HERBAL = "herbal", _("Dược liệu và sản phẩm từ dược liệu")
    HANDICRAFT = "handicraft", _("Thủ công mỹ nghệ")
    ORNAMENTAL = "ornamental", _("Sinh vật cảnh")
    TOURISM = "tourism", _("Dịch vụ du lịch cộng đồng, du lịch nông nghiệp và điểm du lịch")


class OcopCertificate(TimestampedModel):
    """An OCOP decision for one product: number, issuer, date, stars, group.

    Valid for 36 months from the decision date (``expires_on`` is computed by
    the database so it can never drift); a revoked certificate never shows a
    badge.
    """

    seller = models.ForeignKey("seller.Seller", on_delete=models.CASCADE, related_name="ocop_certificates")
    number = models.CharField(_("certificate number"), max_length=64)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    decision_date = models.DateField(_("decision date"))
    star_rating = models.PositiveSmallIntegerField(
        _("star rank"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    product_group = models.CharField(_("product group"), max_length=16, choices=OcopProductGroup.choices)
    expires_on = models.GeneratedField(
        expression=Func(
            F("decision_date"), template=f"((%(expressions)s + interval '{OCOP_VALIDITY_MONTHS} months')::date)"
        ),
        output_field=models.DateField(),
        db_persist=True,
    )
    revoked = models.BooleanField(_("revoked"), default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuing_body", "number"], name="ocop_certificate_number_unique"),
            models.CheckConstraint(condition=Q(star_rating__gte=1, star_rating__lte=5), name="ocop_star_rating_1_5"),
        ]

    def __str__(self) -> str:
        return f"OCOP {self.star_rating}★ {self.number}"

    def computed_expiry(self) -> datetime.date:
        """Expiry for an unsaved certificate (the stored one comes from the DB)."""
        month = self.decision_date.month - 1 + OCOP_VALIDITY_MONTHS
        year, month = self.decision_date.year + month // 12, month % 12 + 1
        # PostgreSQL clamps the day to the month's end (e.g. 29 Feb -> 28 Feb).
        day = min(self.decision_date.day, calendar.monthrange(year, month)[1])
        return datetime.date(year, month, day)

    def shows_badge(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        expires_on = self.expires_on if isinstance(self.expires_on, datetime.date) else self.computed_expiry()
        return (not self.revoked) and self.star_rating >= OCOP_BADGE_MIN_STARS and today <= expires_on


class Category(TimestampedModel):
    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=False)
    description = models.TextField(blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.IntegerField(default=0)
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=300, blank=True)
    background_image = models.ImageField(upload_to="category-backgrounds/", blank=True)
    cache_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class ProductType(models.Model):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    has_variants = models.BooleanField(default=True)
    is_shipping_required = models.BooleanField(default=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class ProductStatus(models.TextChoices):
    """Moderation state set by operators; visibility per channel is separate."""

    ACTIVE = "active", _("Đang bán")
    UNLISTED_BY_OPERATOR = "unlisted", _("Bị gỡ bởi ban quản lý")


class Product(TimestampedModel):
    seller = models.ForeignKey("seller.Seller", on_delete=models.CASCADE, related_name="products")
    product_type = models.ForeignKey(ProductType, on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="products")
    name = models.CharField(_("name"), max_length=250)
    # The name as listings sort it: lower-case without diacritics, so that
    # "Đặc sản…" sits among the D's ("Ớt…" among the O's) instead of after Z,
    # where the database's C collation puts every marked capital.
    sort_name = models.GeneratedField(
        expression=Func(Lower("name"), Value(MARKED_LETTERS), Value(BARE_LETTERS), function="translate"),
        output_field=models.CharField(max_length=250),
        db_persist=True,
    )
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=300, blank=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    ocop_certificate = models.ForeignKey(
        OcopCertificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="products"
    )
    origin_province = models.ForeignKey(
        "geography.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    origin_commune = models.ForeignKey(
        "geography.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=ProductStatus.choices, default=ProductStatus.ACTIVE)
    moderation_reason = models.TextField(blank=True)
    default_variant = models.OneToOneField(
        "ProductVariant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.FloatField(null=True, blank=True)
    # Search: diacritic-free document and its vector (see marketplace.search).
    search_document = models.TextField(blank=True, default="")
    search_vector = SearchVectorField(null=True, blank=True)
    cache_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["slug"]
        indexes = [
            GinIndex(fields=["search_vector"], name="product_search_vector_gin"),
            models.Index(fields=["category", "sort_name"], name="product_category_sort_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ProductVariant(TimestampedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255, blank=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    track_inventory = models.BooleanField(default=True)
    quantity_limit_per_customer = models.PositiveIntegerField(null=True, blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "sku"]

    def __str__(self) -> str:
        return f"{self.product.name} — {self.name}" if self.name else self.product.name


class ProductChannelListing(models.Model):
    """Whether and from when a product shows in a channel (Saleor's listing)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey("channel.Channel", on_delete=models.CASCADE, related_name="product_listings")
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    visible_in_listings = models.BooleanField(default=True)
    available_for_purchase_at = models.DateTimeField(null=True, blank=True)
    # Cheapest variant price in this channel, kept for sorting and price filters.
    discounted_price_amount = models.PositiveBigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="VND")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="product_channel_listing_unique")]
        indexes = [models.Index(fields=["channel", "is_published", "published_at"])]

    def is_visible(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_published and (self.published_at is None or self.published_at <= now)

    def is_available_for_purchase(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.available_for_purchase_at is not None and self.available_for_purchase_at <= now


class ProductVariantChannelListing(models.Model):
    """A variant's price in a channel, in whole units of the channel's currency."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey("channel.Channel", on_delete=models.CASCADE, related_name="variant_listings")
    price_amount = models.PositiveBigIntegerField(_("price"))
    cost_price_amount = models.PositiveBigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="VND")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["variant", "channel"], name="variant_channel_listing_unique")]


class ProductMedia(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="media")
    image = models.ImageField(upload_to="products/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(max_length=250, blank=True)
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["sort_order", "pk"]


class Thumbnail(models.Model):
    """A resized copy of a media image (Saleor's thumbnail), made at upload."""

    media = models.ForeignKey(ProductMedia, on_delete=models.CASCADE, related_name="thumbnails")
    size = models.PositiveIntegerField()
    format = models.CharField(max_length=8, default="WEBP")
    image = models.ImageField(upload_to="thumbnails/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["size"]
        constraints = [models.UniqueConstraint(fields=["media", "size", "format"], name="thumbnail_unique")]


class ProductTranslation(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=8)
    name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "language_code"], name="product_translation_unique")]


class ProductVariantTranslation(models.Model):
    product_variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=8)
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product_variant", "language_code"], name="variant_translation_unique")
        ]


class CategoryTranslation(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=8)
    name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "language_code"], name="category_translation_unique")
        ]


class ModerationAction(models.TextChoices):
    UNLIST = "unlist", _("Gỡ sản phẩm")
    RELIST = "relist", _("Cho bán lại")


class ProductModerationEvent(models.Model):
    """One operator decision on a product: who, when, what and why. Written
    only by ``marketplace.product.moderation``; never updated or deleted (the
    audit trail operators and the seller read)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="moderation_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=ModerationAction.choices)
    from_status = models.CharField(max_length=16, choices=ProductStatus.choices)
    to_status = models.CharField(max_length=16, choices=ProductStatus.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["product", "-created_at"], name="product_moderation_lookup")]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.action}"
