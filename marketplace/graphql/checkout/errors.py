"""Error codes of checkout mutations: Saleor's ``CheckoutErrorCode`` plus every
code ``marketplace.checkout.errors`` documents (a test keeps the two in step),
and Saleor's ``CheckoutError`` shape with ``variants`` and ``lines``."""

from __future__ import annotations

import graphene
from graphene.relay import Node

from marketplace.core.errors import DomainError, ValidationFailed
from marketplace.graphql.account.types import AddressTypeEnum
from marketplace.graphql.core.errors import Error, domain_errors, error_code_enum

CHECKOUT_ERROR_CODES = frozenset(
    {
        # Saleor's names
        "BILLING_ADDRESS_NOT_SET",
        "CHANNEL_INACTIVE",
        "DELIVERY_METHOD_NOT_APPLICABLE",
        "EMAIL_NOT_SET",
        "GRAPHQL_ERROR",
        "INSUFFICIENT_STOCK",
        "INVALID",
        "INVALID_SHIPPING_METHOD",
        "NO_LINES",
        "NOT_FOUND",
        "PAYMENT_ERROR",
        "PRODUCT_NOT_PUBLISHED",
        "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
        "QUANTITY_GREATER_THAN_LIMIT",
        "REQUIRED",
        "SHIPPING_ADDRESS_NOT_SET",
        "SHIPPING_METHOD_NOT_SET",
        "UNAVAILABLE_VARIANT_IN_CHANNEL",
        "UNIQUE",
        "ZERO_QUANTITY",
        # the marketplace's additions
        "INVALID_PHONE",
        "SELLER_UNAVAILABLE",
    }
)

CheckoutErrorCode = error_code_enum("CheckoutErrorCode", CHECKOUT_ERROR_CODES, "Error codes of checkout mutations.")


class CheckoutError(Error):
    code = graphene.Field(CheckoutErrorCode, required=True, description="The error code.")
    variants = graphene.List(graphene.NonNull(graphene.ID), description="List of variant IDs which causes the error.")
    lines = graphene.List(graphene.NonNull(graphene.ID), description="List of line IDs which cause the error.")
    address_type = graphene.Field(AddressTypeEnum, description="A type of address that causes the error.")
    codes = CHECKOUT_ERROR_CODES

    class Meta:
        description = "An error of a checkout mutation."


def checkout_errors(exc: DomainError, *, address_type: str | None = None) -> list[CheckoutError]:
    """``exc`` as ``CheckoutError`` objects, with the variants it names as
    global IDs and, for an address, which address was at fault."""
    errors = domain_errors(exc, CheckoutError)
    items = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    for error, item in zip(errors, items, strict=True):
        variants = getattr(item, "variants", None) or getattr(exc, "variants", None) or []
        error.variants = [Node.to_global_id("ProductVariant", pk) for pk in variants] or None
        error.address_type = address_type
    return errors
