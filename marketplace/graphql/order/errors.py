"""Error codes of order operations: Saleor's ``OrderErrorCode`` names that the
order area raises, plus every code ``marketplace.order.errors`` documents."""

from __future__ import annotations

import graphene

from marketplace.graphql.core.errors import Error, error_code_enum

ORDER_ERROR_CODES = frozenset(
    {"GRAPHQL_ERROR", "INVALID", "INVALID_TRANSITION", "NOT_FOUND", "PERMISSION_DENIED", "REQUIRED"}
)

OrderErrorCode = error_code_enum("OrderErrorCode", ORDER_ERROR_CODES, "Error codes of order operations.")


class OrderError(Error):
    code = graphene.Field(OrderErrorCode, required=True, description="The error code.")
    codes = ORDER_ERROR_CODES

    class Meta:
        description = "An error of an order operation."
