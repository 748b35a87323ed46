"""E-invoice errors: ``NOT_PAID`` (no sale booked for the sub-order yet),
``TOTAL_MISMATCH`` (its lines and shipping do not make its total: a bug or
a discount this module does not know), ``NOT_CONFIGURED`` (no such
provider)."""

from __future__ import annotations

from marketplace.core.errors import DomainError


class EInvoiceError(DomainError):
    """No invoice was issued; nothing was written."""
