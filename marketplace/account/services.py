"""Account changes: registration and password checks shared by the shop's
pages and the GraphQL API."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.core.errors import DomainError, ValidationFailed


class AccountError(DomainError):
    pass


def register_account(
    *, email: str, password: str, first_name: str = "", last_name: str = "", language_code: str = "vi"
) -> User:
    """Create an active shopper account.

    Raises ``ValidationFailed`` with ``AccountError`` items: ``INVALID`` (email),
    ``UNIQUE`` (email taken), ``PASSWORD_TOO_SHORT`` / ``PASSWORD_TOO_COMMON`` /
    ``PASSWORD_ENTIRELY_NUMERIC`` / ``PASSWORD_TOO_SIMILAR`` (password).
    """
    email = (email or "").strip().lower()
    errors: list[DomainError] = []
    try:
        validate_email(email)
    except ValidationError:
        errors.append(AccountError("INVALID", _("Email không hợp lệ."), field="email"))
    candidate = User(email=email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as exc:
        for error in exc.error_list:
            code = {
                "password_too_short": "PASSWORD_TOO_SHORT",
                "password_too_common": "PASSWORD_TOO_COMMON",
                "password_entirely_numeric": "PASSWORD_ENTIRELY_NUMERIC",
                "password_too_similar": "PASSWORD_TOO_SIMILAR",
            }.get(error.code or "", "INVALID_PASSWORD")
            errors.append(AccountError(code, " ".join(error.messages), field="password"))
    if not errors and User.objects.filter(email__iexact=email).exists():
        errors.append(AccountError("UNIQUE", _("Email này đã được đăng ký."), field="email"))
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email, password, first_name=first_name, last_name=last_name, language_code=language_code
            )
    except IntegrityError as exc:  # a concurrent registration won the race
        raise ValidationFailed([AccountError("UNIQUE", _("Email này đã được đăng ký."), field="email")]) from exc
