"""The shopper's cart in Saleor's shape: a ``Checkout`` identified by a secret
token, its ``CheckoutLine``s, and — for the marketplace — one
``CheckoutDelivery`` per seller in the cart holding that seller's chosen
shipping method and the fee quoted when it was chosen.

Every change goes through ``marketplace.checkout.services``; completing a
checkout turns it into an order and deletes it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Checkout(models.Model):
    # The token is the checkout's id and, for a guest, the only proof of
    # ownership (as in Saleor): random, never sequential.
    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.ForeignKey("channel.Channel", on_delete=models.CASCADE, related_name="checkouts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="checkouts"
    )
    email = models.EmailField(blank=True)
    # Detached copies (the address book is never edited through a checkout).
    shipping_address = models.ForeignKey(
        "account.Address", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    billing_address = models.ForeignKey(
        "account.Address", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    currency = models.CharField(max_length=3, default="VND")
    language_code = models.CharField(max_length=8, default="vi")
    customer_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_change = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-last_change", "pk"]
        indexes = [models.Index(fields=["user", "channel", "-last_change"], name="checkout_user_active")]

    def __str__(self) -> str:
        return str(self.token)


class CheckoutLine(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("product.ProductVariant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="checkout_line_variant_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="checkout_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id} × {self.quantity}"


class CheckoutDelivery(models.Model):
    """The delivery group of one seller in a checkout: the shipping method the
    shopper picked among that seller's quotes, and the fee quoted then (the
    fee is quoted again at completion, as the cart may have changed)."""

    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="deliveries")
    seller = models.ForeignKey("seller.Seller", on_delete=models.CASCADE, related_name="+")
    shipping_method = models.ForeignKey("shipping.ShippingMethod", on_delete=models.CASCADE, related_name="+")
    shipping_method_name = models.CharField(max_length=255, blank=True)
    fee_amount = models.PositiveBigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="VND")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["checkout", "seller"], name="checkout_delivery_per_seller")]
