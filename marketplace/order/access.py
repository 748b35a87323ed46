"""Who may see an order. Permission is checked where the object is fetched:
pages and GraphQL resolvers call these and never load an order by id.

- a signed-in shopper sees their own orders (``get_order_for_user``);
- a guest follows an order through a signed link (``order_access_token`` /
  ``get_order_by_token``; the token is signed with the site's secret and a
  salt, so it cannot be forged or derived from the order number);
- a seller's members see that seller's sub-orders only
  (``get_seller_order_for_user``) and, of the buyer, only what shipping
  needs (``marketplace.order.selectors.seller_order_buyer_view``).

Anyone else gets ``OrderError("NOT_FOUND")``, as if the order did not exist.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.order.errors import OrderError
from marketplace.order.models import Order, SellerOrder
from marketplace.seller.models import SellerMember

AnyUser = User | AnonymousUser
_TOKEN_SALT = "marketplace.order.access"


def _not_found() -> OrderError:
    return OrderError("NOT_FOUND", _("Không tìm thấy đơn hàng."), field="id")


def _as_uuid(value: object) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def is_signed_in(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_operator(user: AnyUser | None) -> bool:
    return is_signed_in(user) and bool(user.is_staff)


def is_seller_member(user: AnyUser | None, seller_id: int) -> bool:
    return is_signed_in(user) and SellerMember.objects.filter(seller_id=seller_id, user_id=user.pk).exists()


def get_order_for_user(*, user: AnyUser | None, order_id: object) -> Order:
    """The order ``order_id`` if ``user`` placed it (signed in). Raises
    ``OrderError("NOT_FOUND")`` otherwise, for guests too (they use the
    signed link)."""
    pk = _as_uuid(order_id)
    if pk is None or not is_signed_in(user):
        raise _not_found()
    order = Order.objects.select_related("channel").filter(pk=pk, user_id=user.pk).first()
    if order is None:
        raise _not_found()
    return order


def order_access_token(order: Order) -> str:
    """A token that opens ``order`` for whoever holds it (the link in the
    shopper's emails; a guest's only way back to the order)."""
    return signing.dumps(str(order.pk), salt=_TOKEN_SALT)


def get_order_by_token(token: str) -> Order:
    """The order a token from ``order_access_token`` opens. Raises
    ``OrderError("NOT_FOUND")`` for a forged, altered or expired token."""
    max_age = datetime.timedelta(days=settings.ORDER_ACCESS_TOKEN_MAX_AGE_DAYS)
    try:
        value = signing.loads(str(token or ""), salt=_TOKEN_SALT, max_age=max_age)
    except signing.BadSignature as exc:
        raise _not_found() from exc
    pk = _as_uuid(value)
    order = Order.objects.select_related("channel").filter(pk=pk).first() if pk else None
    if order is None:
        raise _not_found()
    return order


def get_seller_order_for_user(*, user: AnyUser | None, seller_order_id: object) -> SellerOrder:
    """The sub-order ``seller_order_id`` if ``user`` is a member of its seller.
    Raises ``OrderError("NOT_FOUND")`` otherwise (the buyer included: buyers
    see sub-orders through their order)."""
    pk = _as_int(seller_order_id)
    if pk is None or not is_signed_in(user):
        raise _not_found()
    found = (
        SellerOrder.objects.select_related("order", "seller").filter(pk=pk, seller__members__user_id=user.pk).first()
    )
    if found is None:
        raise _not_found()
    return found


def get_seller_order_for_operator(*, user: AnyUser | None, seller_order_id: object) -> SellerOrder:
    """Any sub-order, for an operator (disputes). Raises ``NOT_FOUND`` for
    anyone else."""
    pk = _as_int(seller_order_id)
    if pk is None or not is_operator(user):
        raise _not_found()
    found = SellerOrder.objects.select_related("order", "seller").filter(pk=pk).first()
    if found is None:
        raise _not_found()
    return found
