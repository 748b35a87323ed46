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


class Reservation(models.Model):
    """Units of a stock row held for a checkout line until ``reserved_until``
    (Saleor's stock reservation). Active reservations of other checkouts count
    against availability; expired ones are ignored and deleted by a periodic
    task. Written only by ``marketplace.warehouse.reservations``."""

    checkout_line = models.ForeignKey("checkout.CheckoutLine", on_delete=models.CASCADE, related_name="reservations")
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="reservations")
    quantity = models.PositiveIntegerField()
    reserved_until = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkout_line", "stock"], name="reservation_line_stock_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="reservation_quantity_positive"),
        ]
        indexes = [models.Index(fields=["stock", "reserved_until"], name="reservation_stock_active")]


class Allocation(models.Model):
    """Units of a stock row held for an order line (``quantity``, also counted
    in ``Stock.quantity_allocated``) and, once shipped, the units that left
    that warehouse (``quantity_shipped``, so a return knows where to restock).
    Written only by ``marketplace.warehouse.services``."""

    order_line = models.ForeignKey("order.OrderLine", on_delete=models.CASCADE, related_name="allocations")
    # CASCADE as in Saleor: deleting a variant deletes its stock; the order
    # line keeps its snapshot (name, SKU, price) without it.
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="allocations")
    quantity = models.PositiveIntegerField(default=0)
    quantity_shipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["order_line", "stock"], name="allocation_line_stock_unique")]
