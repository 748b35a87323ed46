"""Error codes of payment mutations (``paymentGatewayInitialize``,
``transactionInitialize``, ``transactionProcess``): every code
``payments.errors`` documents plus the generic ones."""

from __future__ import annotations

import graphene

from marketplace.graphql.core.errors import Error, error_code_enum

PAYMENT_ERROR_CODES = frozenset(
    {
        "GRAPHQL_ERROR",
        "INVALID",
        "NOT_FOUND",
        "REQUIRED",
        "NOT_SUPPORTED",
        "INVALID_AMOUNT",
        "ALREADY_COLLECTED",
        "INVALID_STATUS",
        "NOT_COD",
    }
)

PaymentErrorCode = error_code_enum("PaymentErrorCode", PAYMENT_ERROR_CODES, "Error codes of payment mutations.")


class PaymentError(Error):
    code = graphene.Field(PaymentErrorCode, required=True, description="The error code.")
    codes = PAYMENT_ERROR_CODES

    class Meta:
        description = "An error of a payment mutation."
