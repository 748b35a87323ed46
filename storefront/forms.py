"""Shopper account forms. They check the input's shape; accounts are made by
``marketplace.account.services`` and passwords checked by Django's backend."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from storefront.ratelimit import SIGN_IN_FAILURES, client_address


class SignUpForm(forms.Form):
    last_name = forms.CharField(label=_("Họ"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Tên"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"),
        error_messages={"required": _("Vui lòng nhập email."), "invalid": _("Email không hợp lệ.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        error_messages={"required": _("Vui lòng nhập mật khẩu.")},
        help_text=_("Ít nhất 8 ký tự, không chỉ gồm chữ số."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        error_messages={"required": _("Vui lòng nhập lại mật khẩu.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    # Where each service error belongs on this form.
    service_fields = {"email": "email", "password": "password1"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return data


class SignInForm(AuthenticationForm):
    """Email and password, with failed attempts counted per address and email:
    past the limit the password is not checked at all until the window ends."""

    username = forms.EmailField(
        label=_("Email"),
        error_messages={"required": _("Vui lòng nhập email."), "invalid": _("Email không hợp lệ.")},
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        error_messages={"required": _("Vui lòng nhập mật khẩu.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("Email hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
        "rate_limited": _("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        if not email:
            return super().clean()
        limit_key = (client_address(self.request), email) if self.request else ("", email)
        if SIGN_IN_FAILURES.is_exceeded(*limit_key):
            raise ValidationError(
                self.error_messages["rate_limited"],
                code="rate_limited",
                params={"minutes": SIGN_IN_FAILURES.window_seconds // 60},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            SIGN_IN_FAILURES.record_failure(*limit_key)
            raise
        SIGN_IN_FAILURES.reset(*limit_key)
        return cleaned
