"""Shopper account forms. They check the input's shape; accounts are made and
passwords checked by ``marketplace.account.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.account.addresses import division_order
from marketplace.account.services import AccountError, authenticate_account
from storefront.messages import error_message


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
    """Email and password, checked by ``authenticate_account``, which counts
    failures per client address and email: past the limit it refuses without
    checking the password until the window ends (the API's sign-in shares the count)."""

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

    def clean(self) -> dict[str, Any]:
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        try:
            user = authenticate_account(email=email, password=password, client_ip=client_address(self.request))
        except AccountError as error:
            raise ValidationError(error_message(error), code=error.code.lower()) from error
        user.backend = "django.contrib.auth.backends.ModelBackend"
        self.user_cache = user
        return self.cleaned_data


def client_address(request: HttpRequest | None) -> str:
    """The client's address; behind a trusted proxy (BEHIND_PROXY) the last hop
    of X-Forwarded-For, which the proxy appended and the client cannot forge."""
    if request is None:
        return "unknown"
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


class _DivisionChoices(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for division in sorted(self.queryset, key=division_order):
            yield self.choice(division)


class DivisionChoiceField(forms.ModelChoiceField):
    """A province or commune picked from a list in ``division_order`` (as the
    shop's address forms list them), whatever the queryset's SQL order."""

    iterator = _DivisionChoices
