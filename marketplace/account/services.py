"""Account changes: registration and password checks shared by the shop's
pages and the GraphQL API."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
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


# --- Sign-in for API clients -------------------------------------------------

LOGIN_ATTEMPTS_LIMIT = 10
LOGIN_ATTEMPTS_WINDOW_SECONDS = 5 * 60


def _login_attempts_key(email: str, client_ip: str) -> str:
    digest = hashlib.sha256(f"{client_ip}|{email}".encode()).hexdigest()
    return f"account:login-attempts:{digest}"


def authenticate_account(*, email: str, password: str, client_ip: str) -> User:
    """The active user with these credentials.

    Failed attempts are counted per client IP and email in the cache; after
    ``LOGIN_ATTEMPTS_LIMIT`` failures within ``LOGIN_ATTEMPTS_WINDOW_SECONDS``
    every attempt is refused until the window ends. Raises ``AccountError``:
    ``LOGIN_ATTEMPT_DELAYED``, ``INVALID_CREDENTIALS`` or ``INACTIVE`` (the
    latter only once the password was right, so it reveals nothing to a guesser).
    """
    email = (email or "").strip().lower()
    key = _login_attempts_key(email, client_ip)
    if (cache.get(key) or 0) >= LOGIN_ATTEMPTS_LIMIT:
        minutes = LOGIN_ATTEMPTS_WINDOW_SECONDS // 60
        raise AccountError(
            "LOGIN_ATTEMPT_DELAYED",
            _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.") % {"minutes": minutes},
            field="email",
        )
    user = User.objects.filter(email__iexact=email).first() if email else None
    if user is None:
        User().set_password(password)  # spend the hashing time anyway: no timing hint that the email is unknown
    if user is None or not user.check_password(password):
        if cache.add(key, 1, timeout=LOGIN_ATTEMPTS_WINDOW_SECONDS) is False:
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=LOGIN_ATTEMPTS_WINDOW_SECONDS)
        raise AccountError("INVALID_CREDENTIALS", _("Email hoặc mật khẩu không đúng."), field="email")
    if not user.is_active:
        raise AccountError("INACTIVE", _("Tài khoản này đã bị khóa."), field="email")
    cache.delete(key)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    return user


def ensure_jwt_token_key(*, user: User) -> str:
    """The key that every token of ``user`` carries; made on first use."""
    if not user.jwt_token_key:
        User.objects.filter(pk=user.pk, jwt_token_key="").update(jwt_token_key=secrets.token_hex(16))
        user.refresh_from_db(fields=["jwt_token_key"])
    return user.jwt_token_key


def revoke_jwt_tokens(*, user: User) -> None:
    """Invalidate every access and refresh token issued to ``user`` so far."""
    user.jwt_token_key = secrets.token_hex(16)
    User.objects.filter(pk=user.pk).update(jwt_token_key=user.jwt_token_key)
