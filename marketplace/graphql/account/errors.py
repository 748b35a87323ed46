"""Error codes of account mutations: Saleor's names plus every code that
``marketplace.account.services`` and ``marketplace.account.jwt`` raise."""

from __future__ import annotations

import graphene

from marketplace.graphql.core.errors import Error, error_code_enum

ACCOUNT_ERROR_CODES = frozenset(
    {
        "GRAPHQL_ERROR",
        "INVALID",
        "NOT_FOUND",
        "REQUIRED",
        "UNIQUE",
        "CHANNEL_INACTIVE",
        "ACCOUNT_NOT_CONFIRMED",
        # register_account
        "INVALID_PASSWORD",
        "PASSWORD_ENTIRELY_NUMERIC",
        "PASSWORD_TOO_COMMON",
        "PASSWORD_TOO_SHORT",
        "PASSWORD_TOO_SIMILAR",
        # authenticate_account
        "INACTIVE",
        "INVALID_CREDENTIALS",
        "LOGIN_ATTEMPT_DELAYED",
        # tokens (marketplace.account.jwt)
        "JWT_SIGNATURE_EXPIRED",
        "JWT_INVALID_SIGNATURE",
        "JWT_INVALID_TOKEN",
        "JWT_DECODE_ERROR",
        "JWT_MISSING_TOKEN",
        "JWT_INVALID_CSRF_TOKEN",
        # the address book (marketplace.account.addresses)
        "INVALID_PHONE",
        "LIMIT_EXCEEDED",
        "PERMISSION_DENIED",
    }
)

AccountErrorCode = error_code_enum("AccountErrorCode", ACCOUNT_ERROR_CODES, "Error codes of account mutations.")


class AccountError(Error):
    code = graphene.Field(AccountErrorCode, required=True, description="The error code.")
    codes = ACCOUNT_ERROR_CODES

    class Meta:
        description = "An error of an account mutation."
