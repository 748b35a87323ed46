"""The one error type of the order area and its stable codes.

- ``NOT_FOUND``: no such order/sub-order *for this user* (also when the user
  may not see it, so ids cannot be probed);
- ``PERMISSION_DENIED``: the user may see the sub-order but not take this step
  (a shopper shipping, a seller's step taken by the buyer);
- ``INVALID_TRANSITION``: the workflow does not allow this step from the
  sub-order's current status;
- ``REQUIRED``, ``INVALID``: input (``field`` names it): carrier and tracking
  number at shipment, a reason when cancelling.
"""

from __future__ import annotations

from marketplace.core.errors import DomainError


class OrderError(DomainError):
    """An order rule said no; nothing was changed."""
