"""The parent order's status follows its sub-orders: one table, read row by row."""

from __future__ import annotations

import pytest

from marketplace.order.models import OrderAction, OrderStatus
from marketplace.order.models import SellerOrderStatus as S
from marketplace.order.status import Party, allowed_actions, order_status_from

P = OrderStatus  # the parent's statuses


@pytest.mark.parametrize(
    ("sub_orders", "expected"),
    [
        ([S.UNCONFIRMED], P.UNCONFIRMED),
        ([S.UNCONFIRMED, S.CONFIRMED], P.UNCONFIRMED),
        ([S.CONFIRMED], P.CONFIRMED),
        ([S.CONFIRMED, S.PACKED], P.CONFIRMED),
        ([S.PACKED, S.SHIPPED], P.PARTIALLY_SHIPPED),
        ([S.CONFIRMED, S.DELIVERED], P.PARTIALLY_SHIPPED),
        ([S.SHIPPED, S.SHIPPED], P.SHIPPED),
        ([S.SHIPPED, S.DELIVERED], P.SHIPPED),
        ([S.DELIVERED, S.DELIVERED], P.DELIVERED),
        ([S.DELIVERED, S.RETURNED], P.DELIVERED),
        ([S.RETURNED, S.RETURNED], P.RETURNED),
        ([S.CANCELLED, S.CANCELLED], P.CANCELLED),
        ([S.CANCELLED, S.CONFIRMED], P.CONFIRMED),
        ([S.CANCELLED, S.SHIPPED], P.SHIPPED),
        ([S.CANCELLED, S.DELIVERED], P.DELIVERED),
        ([S.CANCELLED, S.RETURNED], P.RETURNED),
        ([S.CANCELLED, S.UNCONFIRMED], P.UNCONFIRMED),
        ([S.CANCELLED, S.PACKED, S.SHIPPED], P.PARTIALLY_SHIPPED),
    ],
)
def test_parent_status_from_sub_orders(sub_orders, expected):
    assert order_status_from(sub_orders) == expected
    assert order_status_from(reversed(sub_orders)) == expected


@pytest.mark.parametrize(
    ("status", "party", "actions"),
    [
        (S.UNCONFIRMED, Party.SELLER, [OrderAction.CONFIRM, OrderAction.CANCEL]),
        (S.CONFIRMED, Party.SELLER, [OrderAction.PACK, OrderAction.CANCEL]),
        (S.PACKED, Party.SELLER, [OrderAction.SHIP, OrderAction.CANCEL]),
        (S.SHIPPED, Party.SELLER, [OrderAction.DELIVER, OrderAction.CANCEL]),
        (S.DELIVERED, Party.SELLER, [OrderAction.RETURN]),
        (S.CANCELLED, Party.SELLER, []),
        (S.RETURNED, Party.SELLER, []),
        (S.CONFIRMED, Party.BUYER, [OrderAction.CANCEL]),
        (S.PACKED, Party.BUYER, []),
        (S.PACKED, Party.OPERATOR, [OrderAction.CANCEL]),
    ],
)
def test_allowed_actions(status, party, actions):
    assert allowed_actions(status, party) == actions
