"""Domain error codes shown to shoppers: the one place the storefront turns an
error into words. Codes not listed keep the message their service gave
(services word their messages in the active language)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError


def minimum_password_length() -> int:
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, MinimumLengthValidator)
    ]
    return max(lengths, default=0)


def error_message(error: DomainError) -> str:
    # Django's own Vietnamese catalogue lags behind its English messages (the
    # "too short" one shows in English), so the password rules are worded here.
    if error.code == "PASSWORD_TOO_SHORT":
        return _("Mật khẩu quá ngắn: cần ít nhất %(count)s ký tự.") % {"count": minimum_password_length()}
    messages = {
        "UNIQUE": _("Email này đã được đăng ký. Bạn có thể đăng nhập."),
        "INVALID": _("Email không hợp lệ."),
        "PASSWORD_TOO_COMMON": _("Mật khẩu này quá phổ biến, dễ bị đoán. Bạn hãy chọn mật khẩu khác."),
        "PASSWORD_ENTIRELY_NUMERIC": _("Mật khẩu không được chỉ gồm chữ số."),
        "PASSWORD_TOO_SIMILAR": _("Mật khẩu quá giống email hoặc tên của bạn."),
    }
    return messages.get(error.code, error.message)
