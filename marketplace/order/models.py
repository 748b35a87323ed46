"""Orders in Saleor's shape, split for a marketplace.

One ``Order`` per completed checkout: the shopper's purchase, paid once.
It is split into one ``SellerOrder`` (sub-order) per seller, which that
seller confirms, packs, ships and delivers on its own; the parent's status
follows its sub-orders (``marketplace.order.status``). ``OrderLine`` keeps a
snapshot of what was bought (names, SKU, unit price) so that later catalogue
changes never rewrite an order. ``OrderEvent`` is the audit trail.

Amounts are integer counts of the currency's smallest unit (đồng for VND).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.money import Money

# The PostgreSQL sequence behind human-friendly order numbers (created by the
# order app's first migration): numbers never repeat, even across concurrent
# completions, and no max()+1 race exists.
ORDER_NUMBER_SEQUENCE = "order_number_seq"


class OrderStatus(models.TextChoices):
    """The shopper's view of the whole order, derived from its sub-orders."""

    UNCONFIRMED = "unconfirmed", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    PARTIALLY_SHIPPED = "partially_shipped", _("Đã gửi một phần")
    SHIPPED = "shipped", _("Đang giao")
    DELIVERED = "delivered", _("Đã giao")
    RETURNED = "returned", _("Đã trả hàng")
    CANCELLED = "cancelled", _("Đã hủy")


class SellerOrderStatus(models.TextChoices):
    """One seller's part of an order; ``marketplace.order.status.TRANSITIONS``
    says which step may follow which."""

    UNCONFIRMED = "unconfirmed", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    PACKED = "packed", _("Đã đóng gói")
    SHIPPED = "shipped", _("Đã gửi hàng")
    DELIVERED = "delivered", _("Đã giao")
    CANCELLED = "cancelled", _("Đã hủy")
    RETURNED = "returned", _("Đã trả hàng")


class OrderChargeStatus(models.TextChoices):
    """How much of the order's total has been charged (Saleor's names)."""

    NONE = "none", _("Chưa thanh toán")
    PARTIAL = "partial", _("Đã thanh toán một phần")
    FULL = "full", _("Đã thanh toán")


class OrderAmounts(models.Model):
    """Amounts in whole units of ``currency`` (đồng), shared by an order and
    each seller's share of it."""

    currency = models.CharField(max_length=3, default="VND")
    subtotal_amount = models.PositiveBigIntegerField(default=0)
    shipping_amount = models.PositiveBigIntegerField(default=0)
    total_amount = models.PositiveBigIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def subtotal(self) -> Money:
        return Money(self.subtotal_amount, self.currency)

    @property
    def shipping(self) -> Money:
        return Money(self.shipping_amount, self.currency)

    @property
    def total(self) -> Money:
        return Money(self.total_amount, self.currency)


class Order(OrderAmounts):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("Mã đơn hàng"), max_length=32, unique=True)
    channel = models.ForeignKey("channel.Channel", on_delete=models.PROTECT, related_name="orders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    user_email = models.EmailField(_("Email"))
    language_code = models.CharField(max_length=8, default="vi")
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.UNCONFIRMED)
    charge_status = models.CharField(max_length=8, choices=OrderChargeStatus.choices, default=OrderChargeStatus.NONE)
    # Detached copies: editing the address book never changes a placed order.
    shipping_address = models.ForeignKey(
        "account.Address", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    billing_address = models.ForeignKey(
        "account.Address", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payment_gateway = models.CharField(max_length=64)
    # The checkout this order came from: a second completion of the same
    # checkout (double click, retry) finds this order instead of making one.
    checkout_token = models.UUIDField(null=True, blank=True, unique=True)
    idempotency_key = models.CharField(max_length=128, blank=True)
    customer_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-number"]
        indexes = [models.Index(fields=["user", "-created_at"], name="order_user_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["user_email", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="order_idempotency_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number


class SellerOrder(OrderAmounts):
    """One seller's share of an order: its lines, its delivery method and fee,
    its own status and shipment."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="seller_orders")
    seller = models.ForeignKey("seller.Seller", on_delete=models.PROTECT, related_name="seller_orders")
    number = models.CharField(_("Mã đơn hàng"), max_length=40, unique=True)
    status = models.CharField(max_length=16, choices=SellerOrderStatus.choices, default=SellerOrderStatus.UNCONFIRMED)
    shipping_method = models.ForeignKey(
        "shipping.ShippingMethod", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shipping_method_name = models.CharField(max_length=255, blank=True)
    carrier = models.CharField(_("Đơn vị vận chuyển"), max_length=100, blank=True)
    tracking_number = models.CharField(_("Mã vận đơn"), max_length=100, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order_id", "number"]
        constraints = [models.UniqueConstraint(fields=["order", "seller"], name="seller_order_one_per_seller")]
        indexes = [models.Index(fields=["seller", "status", "-created_at"], name="seller_order_queue")]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """What was bought, as it was when bought."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    seller_order = models.ForeignKey(SellerOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "product.ProductVariant", on_delete=models.SET_NULL, null=True, blank=True, related_name="order_lines"
    )
    product_name = models.CharField(max_length=250)
    variant_name = models.CharField(max_length=255, blank=True)
    product_sku = models.CharField(max_length=64, blank=True)
    quantity = models.PositiveIntegerField()
    quantity_shipped = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3, default="VND")
    unit_price_amount = models.PositiveBigIntegerField()
    total_price_amount = models.PositiveBigIntegerField()
    weight_grams = models.PositiveIntegerField(default=0)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(quantity_shipped__lte=models.F("quantity")), name="order_line_shipped_lte_quantity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} × {self.quantity}"

    @property
    def unit_price(self) -> Money:
        return Money(self.unit_price_amount, self.currency)

    @property
    def total_price(self) -> Money:
        return Money(self.total_price_amount, self.currency)


class OrderAction(models.TextChoices):
    PLACED = "placed", _("Đặt hàng")
    CONFIRM = "confirm", _("Xác nhận đơn")
    PACK = "pack", _("Đóng gói")
    SHIP = "ship", _("Gửi hàng")
    DELIVER = "deliver", _("Giao hàng thành công")
    CANCEL = "cancel", _("Hủy đơn")
    RETURN = "return", _("Nhận hàng trả lại")
    PAYMENT_COLLECTED = "payment_collected", _("Đã thu tiền")


class OrderEvent(models.Model):
    """One step in an order's life: who, when, what, from which status to
    which, and why. Written only by the order and payment services; never
    updated or deleted (the audit trail shoppers, sellers and operators read)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    seller_order = models.ForeignKey(
        SellerOrder, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=OrderAction.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["order", "created_at"], name="order_event_lookup")]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.action}"
