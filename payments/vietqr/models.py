"""VietQR bank transfers: the reference a shopper writes in the transfer's
memo, the credits our bank account received (from statement uploads and the
incoming-transfer webhook), and the operators' queue for credits that did
not match an order exactly, with every decision audited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.money import Money


class VietQRTransfer(models.Model):
    """The transfer reference of one VietQR transaction: unique, short, safe
    in any bank's memo field; the QR and the pay page show it."""

    transaction = models.OneToOneField("payments.Transaction", on_delete=models.CASCADE, related_name="vietqr_transfer")
    reference = models.CharField(max_length=16, unique=True)
    expires_at = models.DateTimeField()
    # Set when the expiry task cancelled the order's unpaid sub-orders.
    expired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["expires_at"], name="vietqr_transfer_expiry", condition=models.Q(expired_at=None))
        ]

    def __str__(self) -> str:
        return self.reference


class StatementUpload(models.Model):
    """One bank-statement CSV an operator uploaded, with what came of it."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    queued_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class CreditSource(models.TextChoices):
    STATEMENT = "statement", _("Sao kê")
    WEBHOOK = "webhook", _("Thông báo của ngân hàng")


class CreditOutcome(models.TextChoices):
    MATCHED = "matched", _("Đã khớp")
    QUEUED = "queued", _("Chờ xử lý")


class BankCredit(models.Model):
    """Money that arrived in our account, once per bank transaction (the
    bank's own reference is unique: the same line in two statements, or in a
    statement and a webhook, is one credit)."""

    source = models.CharField(max_length=16, choices=CreditSource.choices)
    upload = models.ForeignKey(StatementUpload, on_delete=models.PROTECT, null=True, blank=True, related_name="credits")
    bank_reference = models.CharField(max_length=100, unique=True)
    booked_at = models.DateTimeField()
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default="VND")
    description = models.CharField(max_length=500, blank=True)
    # The transfer reference found in the memo (blank: none).
    reference = models.CharField(max_length=16, blank=True)
    transfer = models.ForeignKey(
        VietQRTransfer, on_delete=models.PROTECT, null=True, blank=True, related_name="credits"
    )
    outcome = models.CharField(max_length=16, choices=CreditOutcome.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.bank_reference

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class ReviewReason(models.TextChoices):
    UNDERPAID = "underpaid", _("Chuyển thiếu")
    OVERPAID = "overpaid", _("Chuyển thừa")
    EXPIRED = "expired", _("Chuyển sau khi hết hạn")
    UNKNOWN = "unknown", _("Không rõ mã chuyển khoản")
    NOT_PAYABLE = "not_payable", _("Đơn đã thanh toán đủ hoặc đã hủy")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Chờ xử lý")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    REJECTED = "rejected", _("Đã từ chối")
    REFUNDED = "refunded", _("Đã hoàn tiền")


class TransferReview(models.Model):
    """A credit an operator must decide on: never accepted silently."""

    credit = models.OneToOneField(BankCredit, on_delete=models.PROTECT, related_name="review")
    transfer = models.ForeignKey(
        VietQRTransfer, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    reason = models.CharField(max_length=16, choices=ReviewReason.choices)
    # What the order still owed when the credit arrived (0 when unknown).
    expected_amount = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="vietqr_review_queue")]

    def __str__(self) -> str:
        return f"{self.reason} {self.credit_id}"


class ReviewDecision(models.Model):
    """Audit row: who decided what on a review, when, from which status, why."""

    review = models.ForeignKey(TransferReview, on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=16, choices=ReviewStatus.choices)
    to_status = models.CharField(max_length=16, choices=ReviewStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
