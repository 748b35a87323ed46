"""Error codes of seller mutations: Saleor's generic ones plus every code
``marketplace.seller.errors`` lists (a test keeps the two in step)."""

from __future__ import annotations

import graphene

from marketplace.graphql.core.errors import Error, error_code_enum

SELLER_ERROR_CODES = frozenset(
    {
        # Saleor's generic codes
        "DUPLICATED_INPUT_ITEM",
        "GRAPHQL_ERROR",
        "INVALID",
        "NOT_FOUND",
        "REQUIRED",
        "UNIQUE",
        # who may do it, and the workflow
        "PERMISSION_DENIED",
        "INVALID_TRANSITION",
        "INCOMPLETE_APPLICATION",
        "NOT_EDITABLE",
        "REASON_REQUIRED",
        "INVALID_REVIEW_KEY",
        # profile
        "INVALID_PHONE",
        "INVALID_EMAIL",
        "INVALID_TAX_CODE",
        "COMMUNE_NOT_IN_PROVINCE",
        # documents
        "FILE_TOO_LARGE",
        "EMPTY_FILE",
        "UNSUPPORTED_FILE_TYPE",
        "IMAGE_TOO_LARGE",
        "INVALID_IMAGE",
        "INVALID_PDF",
        "UNSAFE_PDF",
        "ENCRYPTED_PDF",
        "DECOMPRESSION_BOMB",
        "DOCUMENT_EXPIRED",
        "EXPIRY_REQUIRED",
        # members and invitations
        "INVALID_INVITATION",
        "INVITATION_CONTACT_MISMATCH",
        "ALREADY_MEMBER",
        "LAST_OWNER",
        "NOT_A_COOPERATIVE",
    }
)

SellerErrorCode = error_code_enum("SellerErrorCode", SELLER_ERROR_CODES, "Error codes of seller mutations.")


class SellerError(Error):
    code = graphene.Field(SellerErrorCode, required=True, description="The error code.")
    codes = SELLER_ERROR_CODES

    class Meta:
        description = "An error of a seller mutation."
