"""JSON Web Tokens for API clients (HS256, signed with SECRET_KEY).

An access token is short-lived and sent as ``Authorization: Bearer <token>``;
a refresh token lives longer and is traded for new access tokens. Both carry
``token`` = the user's ``jwt_token_key``: rotating that key (password change,
"sign out everywhere") invalidates every token issued before, access and
refresh alike. A refresh token also carries a CSRF token that a browser client
must echo back when refreshing.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

import jwt
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.account.services import AccountError, ensure_jwt_token_key

ALGORITHM = "HS256"
ACCESS = "access"
REFRESH = "refresh"
REQUIRED_CLAIMS = ("exp", "iat", "iss", "sub", "type", "token")


class InvalidToken(AccountError):
    """A token was refused. ``code`` is one of ``JWT_SIGNATURE_EXPIRED``,
    ``JWT_INVALID_SIGNATURE``, ``JWT_DECODE_ERROR`` or ``JWT_INVALID_TOKEN``."""


@dataclass(frozen=True, slots=True)
class TokenPair:
    access: str
    refresh: str
    csrf_token: str


def issuer() -> str:
    return f"{settings.PUBLIC_URL.rstrip('/')}/graphql/"


def _encode(user: User, token_type: str, ttl_seconds: int, now: datetime.datetime | None, **extra: Any) -> str:
    issued_at = now or timezone.now()
    payload = {
        "iss": issuer(),
        "iat": issued_at,
        "exp": issued_at + datetime.timedelta(seconds=ttl_seconds),
        "sub": str(user.pk),
        "email": user.email,
        "type": token_type,
        "token": ensure_jwt_token_key(user=user),
        "is_staff": user.is_staff,
        **extra,
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def create_access_token(user: User, *, now: datetime.datetime | None = None) -> str:
    return _encode(user, ACCESS, settings.JWT_ACCESS_TTL_SECONDS, now)


def create_refresh_token(user: User, *, csrf_token: str, now: datetime.datetime | None = None) -> str:
    return _encode(user, REFRESH, settings.JWT_REFRESH_TTL_SECONDS, now, csrf_token=csrf_token)


def issue_tokens(user: User) -> TokenPair:
    """A fresh access token, refresh token and the CSRF token bound to the latter."""
    csrf_token = secrets.token_urlsafe(32)
    return TokenPair(
        access=create_access_token(user),
        refresh=create_refresh_token(user, csrf_token=csrf_token),
        csrf_token=csrf_token,
    )


def decode_token(token: str, *, token_type: str | None = None) -> dict[str, Any]:
    """Verify signature, expiry, issuer, required claims and (if given) type.

    Raises ``InvalidToken``; does not touch the database.
    """
    try:
        payload = jwt.decode(
            token,
            settings.SECRET_KEY,
            algorithms=[ALGORITHM],
            issuer=issuer(),
            options={"require": list(REQUIRED_CLAIMS)},
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("JWT_SIGNATURE_EXPIRED", _("Phiên đăng nhập đã hết hạn."), field="token") from exc
    except jwt.InvalidSignatureError as exc:
        raise InvalidToken("JWT_INVALID_SIGNATURE", _("Chữ ký của mã truy cập không hợp lệ."), field="token") from exc
    except jwt.DecodeError as exc:
        raise InvalidToken("JWT_DECODE_ERROR", _("Không đọc được mã truy cập."), field="token") from exc
    except jwt.InvalidTokenError as exc:
        raise InvalidToken("JWT_INVALID_TOKEN", _("Mã truy cập không hợp lệ."), field="token") from exc
    if token_type is not None and payload.get("type") != token_type:
        raise InvalidToken("JWT_INVALID_TOKEN", _("Mã truy cập không hợp lệ."), field="token")
    return payload


def get_user_from_payload(payload: dict[str, Any]) -> User:
    """The active user the token was issued to, provided it was not revoked."""
    subject = str(payload.get("sub", ""))
    user = User.objects.filter(pk=int(subject), is_active=True).first() if subject.isdigit() else None
    if user is None or not user.jwt_token_key or user.jwt_token_key != payload.get("token"):
        raise InvalidToken("JWT_INVALID_TOKEN", _("Mã truy cập không hợp lệ."), field="token")
    return user


def get_user_from_access_token(token: str) -> User:
    return get_user_from_payload(decode_token(token, token_type=ACCESS))


def refresh_access_token(refresh_token: str, *, csrf_token: str | None = None) -> tuple[str, User]:
    """Trade a refresh token for a new access token.

    When ``csrf_token`` is given it must match the one issued with the refresh
    token (``JWT_INVALID_CSRF_TOKEN``). Raises ``InvalidToken``.
    """
    payload = decode_token(refresh_token, token_type=REFRESH)
    if csrf_token is not None and not secrets.compare_digest(str(payload.get("csrf_token", "")), csrf_token):
        raise InvalidToken("JWT_INVALID_CSRF_TOKEN", _("Mã CSRF không hợp lệ."), field="csrf_token")
    user = get_user_from_payload(payload)
    return create_access_token(user), user
