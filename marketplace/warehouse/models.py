from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Warehouse(models.Model):
    """A place a seller ships from. Each warehouse belongs to one seller."""

    seller = models.ForeignKey("seller.Seller", on_delete=models.CASCADE, related_name="warehouses")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    province = models.ForeignKey(
        "geography.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey("geography.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    street_address = models.CharField(max_length=255, blank=True)
    channels = models.ManyToManyField("channel.Channel", related_name="warehouses", blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    """Units of one variant in one warehouse. ``quantity_allocated`` is held for
    placed orders; available = quantity - allocated, never negative."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stocks")
    product_variant = models.ForeignKey("product.ProductVariant", on_delete=models.CASCADE, related_name="stocks")
    quantity = models.PositiveIntegerField(default=0)
    quantity_allocated = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "product_variant"], name="stock_warehouse_variant_unique"),
            models.CheckConstraint(
                condition=Q(quantity_allocated__lte=F("quantity")), name="stock_allocated_lte_quantity"
            ),
        ]

    @property
    def quantity_available(self) -> int:
        return max(self.quantity - self.quantity_allocated, 0)
