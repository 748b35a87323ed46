"""Reads of orders for the API. Permission at the fetch
(``marketplace.order.access``): a shopper sees their own orders, an operator
every order, anyone else ``null``; lists through
``marketplace.order.selectors`` in a fixed number of queries."""

from __future__ import annotations

import uuid
from typing import Any

import graphene
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.graphql.checkout.ids import object_token
from marketplace.graphql.core.connection import CountableConnection, SortKey, paginate
from marketplace.graphql.order.types import OrderCountableConnection
from marketplace.order.access import get_order_by_token, get_order_for_user, is_operator
from marketplace.order.errors import OrderError
from marketplace.order.models import Order
from marketplace.order.selectors import order_detail, orders_for_user


def resolve_user_orders(info: graphene.ResolveInfo, user: User, **args: Any) -> CountableConnection | None:
    """``me.orders``: the requester's own orders, newest first."""
    requester = info.context.user
    if not requester.is_authenticated or requester.pk != user.pk:
        return None
    return paginate(
        orders_for_user(user),
        connection_type=OrderCountableConnection,
        sort_keys=[SortKey("created_at", descending=True), SortKey("number", descending=True)],
        connection_name="orders",
        **args,
    )


def fetch_order(info: graphene.ResolveInfo, order_id: object) -> Order:
    """The order ``order_id`` (global ID or UUID) if the requester placed it,
    or any order for an operator. Raises ``OrderError("NOT_FOUND")``."""
    user = info.context.user
    token = object_token(order_id, "Order")
    if is_operator(user):
        found = Order.objects.filter(pk=_uuid_or_none(token)).first() if _uuid_or_none(token) else None
        if found is None:
            raise OrderError("NOT_FOUND", _("Không tìm thấy đơn hàng."), field="id")
        return found
    return get_order_for_user(user=user, order_id=token)


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return None


def resolve_order(info: graphene.ResolveInfo, order_id: object) -> Order | None:
    try:
        return order_detail(fetch_order(info, order_id))
    except OrderError:
        return None


def resolve_order_by_token(info: graphene.ResolveInfo, token: str) -> Order | None:
    """A guest's way back to an order: the signed token from the order's emails."""
    try:
        return order_detail(get_order_by_token(token))
    except OrderError:
        return None
