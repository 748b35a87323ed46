"""Each seller's own shipping methods: how its parcels reach a shopper and
what that costs. A checkout with products from several sellers shows one
delivery group per seller, each with that seller's methods (see ``pricing``).

Kinds:

- ``FLAT``: a fee by destination zone;
- ``WEIGHT``: a fee by the parcel's total weight (``WeightBand``); zones, if
  any, limit where it delivers and add their fee (a remote-area surcharge);
- ``FREE_OVER``: free when the seller's subtotal reaches ``free_over_amount``,
  otherwise the zone's fee;
- ``PICKUP``: the shopper collects at the seller's address, no fee; zones, if
  any, limit which shoppers are offered it.

A zone is a set of provinces, or "every other province" (at most one per
method). Fees are whole đồng. Written only by ``services``.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import TimestampedModel


class ShippingMethodKind(models.TextChoices):
    FLAT = "flat", _("Phí theo khu vực")
    WEIGHT = "weight", _("Phí theo cân nặng")
    FREE_OVER = "free_over", _("Miễn phí từ một mức giá trị đơn")
    PICKUP = "pickup", _("Nhận tại cơ sở")


class ShippingMethod(TimestampedModel):
    seller = models.ForeignKey("seller.Seller", on_delete=models.CASCADE, related_name="shipping_methods")
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=ShippingMethodKind.choices)
    is_active = models.BooleanField(default=True)
    min_delivery_days = models.PositiveSmallIntegerField(null=True, blank=True)
    max_delivery_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # FREE_OVER only: the seller's subtotal (đồng) from which delivery is free.
    free_over_amount = models.PositiveBigIntegerField(null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["seller_id", "sort_order", "pk"]
        indexes = [models.Index(fields=["seller", "is_active", "sort_order"], name="shipping_method_offer")]
        constraints = [
            models.UniqueConstraint(models.F("seller"), Lower("name"), name="shipping_method_name_unique"),
            models.CheckConstraint(
                condition=models.Q(min_delivery_days__isnull=True)
                | models.Q(max_delivery_days__isnull=True)
                | models.Q(min_delivery_days__lte=models.F("max_delivery_days")),
                name="shipping_method_days_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="free_over") | models.Q(free_over_amount__isnull=False),
                name="shipping_method_free_over_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ShippingZone(models.Model):
    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="zones")
    provinces = models.ManyToManyField(
        "geography.Province", through="ShippingZoneProvince", related_name="+", blank=True
    )
    # "Every province not in another zone of this method".
    is_rest_of_country = models.BooleanField(default=False)
    fee = models.PositiveIntegerField(_("phí giao hàng"))

    class Meta:
        ordering = ["method_id", "is_rest_of_country", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["method"], condition=models.Q(is_rest_of_country=True), name="shipping_zone_one_rest"
            )
        ]

    def __str__(self) -> str:
        return f"{self.method_id}: {self.fee}"


class ShippingZoneProvince(models.Model):
    """A province in a zone. ``method`` repeats the zone's so that the
    database refuses a province in two zones of one method."""

    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="zone_provinces")
    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey("geography.Province", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["method", "province"], name="shipping_zone_province_once_per_method")
        ]


class WeightBand(models.Model):
    """Parcels up to ``max_grams`` (inclusive) cost ``fee``; the next band
    starts above it."""

    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="weight_bands")
    max_grams = models.PositiveIntegerField()
    fee = models.PositiveIntegerField(_("phí giao hàng"))

    class Meta:
        ordering = ["method_id", "max_grams"]
        constraints = [models.UniqueConstraint(fields=["method", "max_grams"], name="weight_band_unique")]

    def __str__(self) -> str:
        return f"≤ {self.max_grams} g: {self.fee}"
