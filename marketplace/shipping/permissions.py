"""Who may see and change a shipping method: the members of its seller.
Anyone else gets ``NOT_FOUND``, exactly as if it did not exist."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.seller.permissions import AnyUser
from marketplace.shipping.errors import ShippingError
from marketplace.shipping.models import ShippingMethod
from marketplace.shipping.pricing import offer_queryset


def _as_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def get_shipping_method_for_user(*, user: AnyUser | None, method_id: object) -> ShippingMethod:
    """The method ``method_id`` (with its seller, zones and bands) if ``user``
    is a member (owner or staff) of its seller.

    Raises ``ShippingError("NOT_FOUND")`` otherwise, also for operators."""
    pk = _as_id(method_id)
    found = None
    if pk is not None and user is not None and user.is_authenticated and user.is_active:
        found = offer_queryset().select_related("seller").filter(pk=pk, seller__members__user_id=user.pk).first()
    if found is None:
        raise ShippingError("NOT_FOUND", _("Không tìm thấy phương thức giao hàng."), field="id")
    return found
