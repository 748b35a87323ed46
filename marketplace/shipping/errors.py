"""The one error type of the shipping area and its stable codes.

- ``NOT_FOUND``: no such shipping method *for this user* (also when the user
  is not a member of its seller, so ids cannot be probed);
- ``REQUIRED``, ``INVALID``: input (``field`` names it): a name, a kind, a
  fee that is not a whole non-negative number of đồng, weight bands not in
  ascending order, an unknown province, delivery days out of order;
- ``UNIQUE``: the seller already has a method of that name;
- ``DUPLICATED_INPUT_ITEM``: a province in two zones, two "other provinces" zones;
- ``LIMIT_EXCEEDED``: too many methods, zones or bands.
"""

from __future__ import annotations

from marketplace.core.errors import DomainError, ValidationFailed


class ShippingError(DomainError):
    """A shipping rule said no; nothing was changed."""


class ShippingValidationFailed(ValidationFailed, ShippingError):
    """Several ``ShippingError`` field errors at once."""
