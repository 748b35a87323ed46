"""Sellers: farmer households, cooperatives (HTX) and enterprises.

The onboarding workflow (draft -> submitted -> ... -> approved/suspended) lives
in ``services.py``; only approved sellers' products are visible in the shop.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import TimestampedModel


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
