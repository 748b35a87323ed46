"""Normalising and checking the contact details a seller types in."""

from __future__ import annotations

import re

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from marketplace.seller.errors import SellerError

# Vietnamese tax codes: 10 digits, 10 + "-" + 3 for a branch, or the 12-digit
# citizen ID number that households use as their tax code since 1 July 2025.
_TAX_CODE = re.compile(r"^(\d{10}(-\d{3})?|\d{12})$")


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """``0912 345 678`` or ``+84 912-345-678`` -> ``+84912345678`` (E.164).

    Numbers without a country code are read as Vietnamese. Raises
    ``SellerError("INVALID_PHONE")`` for anything that is not a valid number.
    """
    try:
        number = phonenumbers.parse((raw or "").strip(), settings.DEFAULT_COUNTRY)
    except phonenumbers.NumberParseException as exc:
        raise SellerError("INVALID_PHONE", _("Số điện thoại không hợp lệ."), field=field) from exc
    if not phonenumbers.is_valid_number(number):
        raise SellerError("INVALID_PHONE", _("Số điện thoại không hợp lệ."), field=field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str, *, field: str = "email") -> str:
    email = (raw or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise SellerError("INVALID_EMAIL", _("Email không hợp lệ."), field=field) from exc
    return email


def normalize_tax_code(raw: str, *, field: str = "tax_code") -> str:
    code = re.sub(r"\s+", "", raw or "")
    if not _TAX_CODE.match(code):
        raise SellerError(
            "INVALID_TAX_CODE", _("Mã số thuế gồm 10 chữ số (chi nhánh: thêm -3 chữ số) hoặc 12 chữ số."), field=field
        )
    return code
