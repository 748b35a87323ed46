"""The one error type of the payments area and its stable codes (the GraphQL
layer maps them to its payment error enums):

- ``NOT_FOUND``: no such gateway, transaction or sub-order *for this user*;
- ``NOT_SUPPORTED``: the gateway does not take the currency;
- ``INVALID_AMOUNT``: cash collected differs from the sub-order's total;
- ``ALREADY_COLLECTED``: this sub-order's cash was already recorded;
- ``INVALID_STATUS``: the sub-order is not at a step where this is possible
  (cash is collected on delivery: shipped or delivered);
- ``NOT_COD``: the order is not paid by cash on delivery.
"""

from __future__ import annotations

from marketplace.core.errors import DomainError


class PaymentError(DomainError):
    """A payment rule said no; nothing was changed."""
