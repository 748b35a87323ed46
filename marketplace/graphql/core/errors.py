"""Errors the API returns, in Saleor's two shapes.

* Request-level problems (bad pagination, malformed IDs, unknown channel, ...)
  are GraphQL errors with a code in ``extensions.exception.code``
  (``ApiError``; the view adds codes to errors raised elsewhere).
* A mutation that a business rule refused returns ``errors { field code
  message }`` whose ``code`` is an enum per area (``AccountErrorCode``,
  ``ProductErrorCode``, ...). Domain code raises ``DomainError`` with a string
  code; ``domain_errors`` maps it here, so domain code never imports GraphQL.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import graphene
from graphene.utils.str_converters import to_camel_case
from graphql import GraphQLError

from marketplace.core.errors import DomainError, ValidationFailed

logger = logging.getLogger(__name__)

# Codes found in ``extensions.exception.code`` of request-level errors.
GRAPHQL_ERROR = "GRAPHQL_ERROR"  # the query itself is malformed or fails validation
INVALID = "INVALID"  # an argument value cannot be used (pagination, cursor, ID, sort)
REQUIRED = "REQUIRED"  # a needed argument is missing
NOT_FOUND = "NOT_FOUND"  # a named thing (e.g. a channel) does not exist
PERMISSION_DENIED = "PERMISSION_DENIED"
INTERNAL_ERROR = "INTERNAL_ERROR"
# Authorization header refused: the names Saleor's JavaScript SDK looks for.
EXPIRED_SIGNATURE = "ExpiredSignatureError"
INVALID_SIGNATURE = "InvalidSignatureError"
INVALID_TOKEN = "InvalidTokenError"


class ApiError(GraphQLError):
    """A request-level error with a stable code for clients."""

    def __init__(self, message: str, *, code: str = INVALID) -> None:
        super().__init__(str(message), extensions={"exception": {"code": code}})
        self.code = code


def error_code_enum(name: str, codes: Iterable[str], description: str) -> type[graphene.Enum]:
    """A GraphQL enum whose names and values are the given codes."""
    return graphene.Enum(name, [(code, code) for code in sorted(set(codes))], description=description)


class Error(graphene.ObjectType):
    """Saleor's generic error shape; each area adds its ``code`` enum."""

    field = graphene.String(
        description="Name of a field that caused the error. A value of `null` indicates that the error isn't "
        "associated with a particular field."
    )
    message = graphene.String(description="The error message.")

    codes: frozenset[str] = frozenset()


def domain_errors(exc: DomainError, error_type: type[Error]) -> list[Error]:
    """``DomainError`` (or every item of ``ValidationFailed``) as error objects.

    A code the area's enum does not know becomes ``INVALID`` (logged), so a
    new domain code never turns into a server error.
    """
    items = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    result = []
    for item in items:
        code = item.code
        if code not in error_type.codes:
            logger.warning("Domain error code %s is missing from %s; sent as INVALID", code, error_type.__name__)
            code = "INVALID"
        field = to_camel_case(item.field) if item.field else None
        result.append(error_type(field=field, message=str(item.message), code=code))
    return result
