"""The one error type of the seller area and its stable codes.

Codes (the GraphQL layer maps them to its ``SellerErrorCode`` enum, pages show
``message``):

- ``NOT_FOUND``: no such seller/document/invitation *for this user* (also used
  when the user may not see it, so existence is not revealed);
- ``PERMISSION_DENIED``: the user may see the seller but not do this;
- ``INVALID_TRANSITION``: the workflow does not allow this step from the
  current status;
- ``INCOMPLETE_APPLICATION``: submit refused, ``details["missing"]`` lists the
  checklist keys still to do;
- ``NOT_EDITABLE``: the profile or documents are locked in this status;
- ``REQUIRED``, ``INVALID``, ``INVALID_PHONE``, ``INVALID_EMAIL``,
  ``INVALID_TAX_CODE``, ``COMMUNE_NOT_IN_PROVINCE``: profile input;
- ``REASON_REQUIRED``, ``INVALID_REVIEW_KEY``: operator decisions;
- ``FILE_TOO_LARGE``, ``EMPTY_FILE``, ``UNSUPPORTED_FILE_TYPE``,
  ``IMAGE_TOO_LARGE``, ``INVALID_IMAGE``, ``INVALID_PDF``, ``UNSAFE_PDF``,
  ``ENCRYPTED_PDF``, ``DECOMPRESSION_BOMB``, ``DOCUMENT_EXPIRED``,
  ``EXPIRY_REQUIRED``: document uploads;
- ``INVALID_INVITATION``, ``INVITATION_CONTACT_MISMATCH``, ``ALREADY_MEMBER``,
  ``LAST_OWNER``, ``NOT_A_COOPERATIVE``: members and invitations.
"""

from __future__ import annotations

from typing import Any

from marketplace.core.errors import DomainError, ValidationFailed


class SellerError(DomainError):
    """A seller rule said no; nothing was changed. ``details`` carries
    machine-readable extras (e.g. ``{"missing": [...]}``)."""

    def __init__(
        self, code: str, message: str = "", *, field: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(code, message, field=field)
        self.details = details or {}


class SellerValidationFailed(ValidationFailed, SellerError):
    """Several ``SellerError`` field errors at once (profile forms)."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(errors)
        self.details = {}
