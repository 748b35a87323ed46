"""Sellers: farmer households, cooperatives (HTX) and enterprises.

The onboarding workflow (draft -> submitted -> ... -> approved/suspended) lives
in ``services.py``; only approved sellers' products are visible in the shop.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import TimestampedModel
from marketplace.seller.storage import private_document_storage


class SellerKind(models.TextChoices):
    HOUSEHOLD = "household", _("Hộ sản xuất")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")


class SellerStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    IN_REVIEW = "in_review", _("Đang xét duyệt")
    CHANGES_REQUESTED = "changes_requested", _("Cần bổ sung")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Bị từ chối")
    SUSPENDED = "suspended", _("Tạm khóa")


class Seller(TimestampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SellerKind.choices)
    status = models.CharField(max_length=20, choices=SellerStatus.choices, default=SellerStatus.DRAFT, db_index=True)
    description = models.TextField(_("description"), blank=True)
    province = models.ForeignKey(
        "geography.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey("geography.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    street_address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    logo = models.ImageField(upload_to="sellers/logos/", blank=True)
    # Bumped whenever something shown with the seller's products changes, so
    # cached pages of those products expire (see marketplace.product.cache).
    cache_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        return self.status == SellerStatus.APPROVED


class SellerRole(models.TextChoices):
    OWNER = "owner", _("Chủ cơ sở")
    STAFF = "staff", _("Nhân viên")


class SellerMember(TimestampedModel):
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_memberships")
    role = models.CharField(max_length=8, choices=SellerRole.choices, default=SellerRole.STAFF)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller", "user"], name="seller_member_unique")]


class SellerAction(models.TextChoices):
    """Steps of the onboarding workflow; ``services.TRANSITIONS`` says which
    states each may start from, where it leads and who may take it."""

    SUBMIT = "submit", _("Gửi hồ sơ")
    START_REVIEW = "start_review", _("Bắt đầu xét duyệt")
    REQUEST_CHANGES = "request_changes", _("Yêu cầu bổ sung")
    APPROVE = "approve", _("Duyệt")
    REJECT = "reject", _("Từ chối")
    SUSPEND = "suspend", _("Tạm khóa")
    REINSTATE = "reinstate", _("Mở khóa")


class SellerTransition(models.Model):
    """One step of a seller's onboarding history: who did what, when, from
    which status to which, and why. Written only by ``services._transition``;
    never updated or deleted (the operator's audit trail)."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=SellerAction.choices)
    from_status = models.CharField(max_length=20, choices=SellerStatus.choices)
    to_status = models.CharField(max_length=20, choices=SellerStatus.choices)
    reason = models.TextField(blank=True)
    # {field or document key: reason}, for "changes requested".
    field_reasons = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["seller", "action", "-created_at"], name="seller_transition_lookup")]

    def __str__(self) -> str:
        return f"{self.seller_id}: {self.from_status} -> {self.to_status} ({self.action})"


class SellerDocumentKind(models.TextChoices):
    CITIZEN_ID = "citizen_id", _("Căn cước công dân của người đại diện")
    BUSINESS_REGISTRATION = "business_registration", _("Giấy chứng nhận đăng ký doanh nghiệp/hợp tác xã")
    HOUSEHOLD_REGISTRATION = "household_registration", _("Giấy chứng nhận đăng ký hộ kinh doanh")
    OCOP_CERTIFICATE = "ocop_certificate", _("Giấy chứng nhận sản phẩm OCOP")
    FOOD_SAFETY_CERTIFICATE = "food_safety_certificate", _("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm")


class SellerDocumentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ kiểm tra")
    ACCEPTED = "accepted", _("Hợp lệ")
    NEEDS_REPLACEMENT = "needs_replacement", _("Cần thay thế")


def seller_document_path(instance: SellerDocument, filename: str) -> str:
    # The stored name never contains the uploader's file name (kept apart in
    # ``original_filename``): no path tricks, no personal data in paths.
    return f"sellers/{instance.seller_id}/{filename}"


class SellerDocument(models.Model):
    """A file proving who the seller is or what it may sell. Uploading a new
    file of the same kind replaces the current one; the old row stays, with
    ``is_current`` false and ``replaced_by`` set, so the history is kept."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document type"), max_length=32, choices=SellerDocumentKind.choices)
    file = models.FileField(upload_to=seller_document_path, storage=private_document_storage, max_length=255)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=SellerDocumentStatus.choices, default=SellerDocumentStatus.PENDING)
    review_note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)
    replaced_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces")

    class Meta:
        ordering = ["kind", "-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "kind"], condition=models.Q(is_current=True), name="seller_document_one_current"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.seller_id})"

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())


class SellerInvitation(models.Model):
    """An owner's invitation for someone to join the seller, by email or by
    phone (E.164). The token in the link is the proof; it expires."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    role = models.CharField(max_length=8, choices=SellerRole.choices, default=SellerRole.STAFF)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(email="") & ~models.Q(phone="")) | (~models.Q(email="") & models.Q(phone="")),
                name="seller_invitation_email_xor_phone",
            ),
            models.UniqueConstraint(
                fields=["seller", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True) & ~models.Q(email=""),
                name="seller_invitation_one_open_per_email",
            ),
            models.UniqueConstraint(
                fields=["seller", "phone"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True) & ~models.Q(phone=""),
                name="seller_invitation_one_open_per_phone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email or self.phone} -> {self.seller_id}"

    @property
    def contact(self) -> str:
        return self.email or self.phone

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        """Neither accepted, revoked nor expired."""
        return self.accepted_at is None and self.revoked_at is None and (now or timezone.now()) < self.expires_at


class ProducerMember(TimestampedModel):
    """A member producer of a cooperative (HTX): a household that grows or makes
    what the cooperative sells. A record, not a user account."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="producers")
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    commune = models.ForeignKey("geography.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
