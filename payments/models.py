"""Payments in the shape of Saleor's Transactions API.

A ``Transaction`` is one payment attempt for an order through one gateway
(cash on delivery, later card or bank transfer). Its amounts — authorized,
charged, refunded, canceled — are integer counts of the currency's smallest
unit, changed only by ``payments.services`` together with a
``TransactionEvent`` that says what happened (the event log)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.money import Money


class TransactionEventType(models.TextChoices):
    """Saleor's ``TransactionEventTypeEnum`` (the values we use so far)."""

    AUTHORIZATION_SUCCESS = "AUTHORIZATION_SUCCESS", _("Đã chấp thuận thanh toán")
    AUTHORIZATION_FAILURE = "AUTHORIZATION_FAILURE", _("Chấp thuận thanh toán thất bại")
    CHARGE_REQUEST = "CHARGE_REQUEST", _("Yêu cầu thu tiền")
    CHARGE_SUCCESS = "CHARGE_SUCCESS", _("Đã thu tiền")
    CHARGE_FAILURE = "CHARGE_FAILURE", _("Thu tiền thất bại")
    REFUND_REQUEST = "REFUND_REQUEST", _("Yêu cầu hoàn tiền")
    REFUND_SUCCESS = "REFUND_SUCCESS", _("Đã hoàn tiền")
    REFUND_FAILURE = "REFUND_FAILURE", _("Hoàn tiền thất bại")
    CANCEL_SUCCESS = "CANCEL_SUCCESS", _("Đã hủy thanh toán")
    CANCEL_FAILURE = "CANCEL_FAILURE", _("Hủy thanh toán thất bại")
    INFO = "INFO", _("Thông tin")


class Transaction(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="transactions")
    gateway = models.CharField(max_length=64)
    name = models.CharField(max_length=100, blank=True)
    psp_reference = models.CharField(max_length=255, blank=True)
    currency = models.CharField(max_length=3)
    authorized_amount = models.PositiveBigIntegerField(default=0)
    charged_amount = models.PositiveBigIntegerField(default=0)
    refunded_amount = models.PositiveBigIntegerField(default=0)
    canceled_amount = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.gateway} {self.pk}"

    @property
    def charged(self) -> Money:
        return Money(self.charged_amount, self.currency)

    @property
    def authorized(self) -> Money:
        return Money(self.authorized_amount, self.currency)

    @property
    def refunded(self) -> Money:
        return Money(self.refunded_amount, self.currency)


class TransactionEvent(models.Model):
    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=32, choices=TransactionEventType.choices)
    amount = models.PositiveBigIntegerField(default=0)
    currency = models.CharField(max_length=3)
    psp_reference = models.CharField(max_length=255, blank=True)
    message = models.CharField(max_length=512, blank=True)
    # The sub-order a marketplace event concerns (cash collected by one seller).
    seller_order = models.ForeignKey(
        "order.SellerOrder", on_delete=models.CASCADE, null=True, blank=True, related_name="transaction_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # A sub-order's cash is collected once: the database says so, not
            # only a check in the service.
            models.UniqueConstraint(
                fields=["transaction", "seller_order"],
                condition=Q(type="CHARGE_SUCCESS", seller_order__isnull=False),
                name="transaction_event_one_charge_per_seller_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.amount}"


class WebhookEvent(models.Model):
    """A provider's notification (webhook, IPN) we acted on, by the provider's
    own event id. The unique constraint makes each event take effect once: a
    second delivery — later, concurrent or out of order — finds the row (or
    waits on the first delivery's uncommitted row) and does nothing."""

    provider = models.CharField(max_length=32)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100, blank=True)
    transaction = models.ForeignKey(
        Transaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="webhook_events"
    )
    payload_sha256 = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_once")]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_id}"
