"""Error codes of traceability mutations: Saleor's generic ones plus every
code ``traceability.errors`` lists, the Digital Link parser's and the label
renderer's (a test keeps them in step)."""

from __future__ import annotations

import graphene

from marketplace.graphql.core.errors import Error, error_code_enum

TRACE_ERROR_CODES = frozenset(
    {
        # Saleor's generic codes
        "GRAPHQL_ERROR",
        "INVALID",
        "NOT_FOUND",
        "REQUIRED",
        "UNIQUE",
        # traceability.errors.TraceError
        "INVALID_GTIN",
        "GTIN_IN_USE",
        "INVALID_LOT_CODE",
        "INVALID_DATES",
        "INVALID_QUANTITY",
        "INVALID_UNIT",
        "NOT_A_COOPERATIVE",
        "INVALID_COUNT",
        "INVALID_TRANSITION",
        "TRADE_ITEM_MISMATCH",
        "BATCH_RECALLED",
        "REASON_REQUIRED",
        "INVALID_EVENT",
        "INVALID_DIGITAL_LINK",
        # traceability.labels.errors
        "LABEL_DOES_NOT_FIT",
        "UNKNOWN_LABEL_FORMAT",
    }
)

TraceErrorCode = error_code_enum("TraceErrorCode", TRACE_ERROR_CODES, "Error codes of traceability mutations.")


class TraceError(Error):
    code = graphene.Field(TraceErrorCode, required=True, description="The error code.")
    codes = TRACE_ERROR_CODES

    class Meta:
        description = "An error of a traceability mutation."
