"""The ledger's one error type and its codes:

- ``PERMISSION_DENIED``: only operators set commission rates and run payouts;
- ``NOT_FOUND``: no such seller or category *for this user*;
- ``INVALID_RATE``: a rate is a whole number of basis points, 0–10000;
- ``INVALID``: a payout account field is malformed (``field`` says which);
- ``UNBALANCED``: a posting's lines do not sum to zero (a bug, never input);
- ``TRANSFER_FAILED``: the Stripe transfer was refused or is not configured.
"""

from __future__ import annotations

from marketplace.core.errors import DomainError


class LedgerError(DomainError):
    """A ledger rule said no; nothing was changed."""
