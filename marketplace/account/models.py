from __future__ import annotations

import phonenumbers
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: shopper, seller member or operator (``is_staff``).

    Email is the login; it is stored lower-cased and unique regardless of case.
    """

    email = models.EmailField(_("email"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language_code = models.CharField(max_length=8, default="vi")
    is_staff = models.BooleanField(_("operator"), default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Bumped to revoke every issued refresh token (password change, sign-out everywhere).
    jwt_token_key = models.CharField(max_length=32, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="account_user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_operator(self) -> bool:
        return self.is_active and self.is_staff

    def get_full_name(self) -> str:
        return f"{self.last_name} {self.first_name}".strip() or self.email


class Address(models.Model):
    """A postal address on Vietnam's two-level model (since 1 July 2025):
    street, then commune/ward/special zone, then province/city. Saleor's
    address shape, with ``province`` for its ``country_area`` and ``commune``
    for its ``city``.

    With ``user`` set it is an entry of that shopper's address book; the
    ``is_default_*`` flags mark at most one default shipping and one default
    billing address per user (database constraints). Without ``user`` it is a
    detached copy held by a checkout or an order, so that editing the address
    book never changes them. Written only by ``marketplace.account.addresses``.
    """

    user = models.ForeignKey("account.User", on_delete=models.CASCADE, null=True, blank=True, related_name="addresses")
    first_name = models.CharField(_("first name"), max_length=256, blank=True)
    last_name = models.CharField(_("last name"), max_length=256, blank=True)
    company_name = models.CharField(_("tên công ty"), max_length=256, blank=True)
    # Số nhà, đường / thôn, ấp, tổ dân phố.
    street_address_1 = models.CharField(_("số nhà, đường, thôn/ấp"), max_length=256)
    street_address_2 = models.CharField(_("địa chỉ (dòng 2)"), max_length=256, blank=True)
    commune = models.ForeignKey("geography.Commune", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("geography.Province", on_delete=models.PROTECT, related_name="+")
    postal_code = models.CharField(_("mã bưu chính"), max_length=10, blank=True)
    country = models.CharField(max_length=2, default="VN")
    # E.164, e.g. "+84912345678"; shown nationally ("0912 345 678").
    phone = models.CharField(_("phone"), max_length=20)
    is_default_shipping = models.BooleanField(default=False)
    is_default_billing = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_default_shipping=True), name="address_one_default_shipping"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_default_billing=True), name="address_one_default_billing"
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(is_default_shipping=False, is_default_billing=False),
                name="address_default_needs_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.street_address_1}"

    @property
    def full_name(self) -> str:
        """Vietnamese order: family name first ("Nguyễn Văn An")."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def phone_national(self) -> str:
        return format_phone_national(self.phone)

    def lines(self) -> list[str]:
        """The address as printed on a parcel, one part a line (loads
        ``commune`` and ``province``: select them with the address)."""
        name = self.full_name if not self.company_name else f"{self.full_name} ({self.company_name})"
        street = ", ".join(part for part in (self.street_address_1, self.street_address_2) if part)
        return [name, street, f"{self.commune.name}, {self.province.full_name}", self.phone_national]


def format_phone_national(e164: str) -> str:
    """``+84912345678`` -> ``0912 345 678``; anything unparsable is returned as is."""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
