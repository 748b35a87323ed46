"""Error codes of catalogue mutations: Saleor's generic ones plus the codes
our product services and image validation raise."""

from __future__ import annotations

import graphene

from marketplace.graphql.core.errors import Error, error_code_enum

PRODUCT_ERROR_CODES = frozenset(
    {
        # Saleor's generic codes
        "ALREADY_EXISTS",
        "DUPLICATED_INPUT_ITEM",
        "GRAPHQL_ERROR",
        "INVALID",
        "NOT_FOUND",
        "REQUIRED",
        "UNIQUE",
        "PRODUCT_NOT_ASSIGNED_TO_CHANNEL",
        "PRODUCT_WITHOUT_CATEGORY",
        "NOT_PRODUCTS_IMAGE",
        # marketplace.product.errors.ProductError (the seller catalogue services)
        "PERMISSION_DENIED",
        "INVALID_PRICE",
        "INVALID_QUANTITY",
        "INSUFFICIENT_STOCK",
        "CANNOT_DELETE_LAST_VARIANT",
        "TOO_MANY_IMAGES",
        "SELLER_NOT_APPROVED",
        "PRODUCT_UNLISTED_BY_OPERATOR",
        "PRODUCT_WITHOUT_PRICE",
        "REASON_REQUIRED",
        "INVALID_TRANSITION",
        "EMPTY_FILE",
        "INVALID_ENCODING",
        "TOO_MANY_ROWS",
        "MISSING_COLUMNS",
        # marketplace.core.images.InvalidImage
        "FILE_TOO_LARGE",
        "UNSUPPORTED_FILE_TYPE",
        "IMAGE_TOO_LARGE",
        "INVALID_IMAGE",
    }
)

ProductErrorCode = error_code_enum("ProductErrorCode", PRODUCT_ERROR_CODES, "Error codes of catalogue mutations.")


class ProductError(Error):
    code = graphene.Field(ProductErrorCode, required=True, description="The error code.")
    codes = PRODUCT_ERROR_CODES

    class Meta:
        description = "An error of a catalogue mutation."
