"""The sub-order workflow as ONE explicit table, and the parent order's
status as a pure function of its sub-orders' statuses.

    action    from                                   to          who
    confirm   unconfirmed                            confirmed   seller, operator
    pack      confirmed                              packed      seller
    ship      packed                                 shipped     seller
    deliver   shipped                                delivered   seller, operator
    cancel    unconfirmed, confirmed, packed,        cancelled   seller, operator;
              shipped (failed delivery)                          buyer before packing
    return    delivered                              returned    seller, operator

Stock follows (``marketplace.order.services``): cancelling before shipment
releases the allocation, shipping decrements the stock, a failed delivery
(cancel after shipment) and an accepted return with restocking put the
units back.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from marketplace.order.models import OrderAction, OrderStatus, SellerOrderStatus


class Party(enum.Enum):
    SELLER = "seller"  # a member of the sub-order's seller
    OPERATOR = "operator"  # trading-floor staff (disputes)
    BUYER = "buyer"  # the signed-in shopper who placed the order


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    parties: frozenset[Party]


S = SellerOrderStatus
TRANSITIONS: dict[str, Transition] = {
    OrderAction.CONFIRM: Transition(frozenset({S.UNCONFIRMED}), S.CONFIRMED, frozenset({Party.SELLER, Party.OPERATOR})),
    OrderAction.PACK: Transition(frozenset({S.CONFIRMED}), S.PACKED, frozenset({Party.SELLER})),
    OrderAction.SHIP: Transition(frozenset({S.PACKED}), S.SHIPPED, frozenset({Party.SELLER})),
    OrderAction.DELIVER: Transition(frozenset({S.SHIPPED}), S.DELIVERED, frozenset({Party.SELLER, Party.OPERATOR})),
    OrderAction.CANCEL: Transition(
        frozenset({S.UNCONFIRMED, S.CONFIRMED, S.PACKED, S.SHIPPED}),
        S.CANCELLED,
        frozenset({Party.SELLER, Party.OPERATOR, Party.BUYER}),
    ),
    OrderAction.RETURN: Transition(frozenset({S.DELIVERED}), S.RETURNED, frozenset({Party.SELLER, Party.OPERATOR})),
}
# The buyer may cancel only while the seller has not started packing.
BUYER_CANCELLABLE = frozenset({S.UNCONFIRMED, S.CONFIRMED})
# Sub-orders whose goods have left the seller.
_LEFT = frozenset({S.SHIPPED, S.DELIVERED, S.RETURNED})
del S


def allowed_actions(status: str, party: Party) -> list[str]:
    """Actions ``party`` may take on a sub-order in ``status`` (for pages to
    offer buttons)."""
    actions = []
    for action, rule in TRANSITIONS.items():
        if status not in rule.sources or party not in rule.parties:
            continue
        if party is Party.BUYER and status not in BUYER_CANCELLABLE:
            continue
        actions.append(action)
    return actions


def order_status_from(statuses: Iterable[str]) -> str:
    """The parent order's status from its sub-orders' statuses.

    Cancelled sub-orders are left out unless all are cancelled; then, in
    order: any unconfirmed → unconfirmed; all returned → returned; all
    delivered or returned → delivered (completed); all shipped or beyond →
    shipped; some shipped or beyond → partially shipped; else confirmed."""
    every = list(statuses)
    active = [s for s in every if s != SellerOrderStatus.CANCELLED]
    if not active:
        return OrderStatus.CANCELLED if every else OrderStatus.UNCONFIRMED
    if SellerOrderStatus.UNCONFIRMED in active:
        return OrderStatus.UNCONFIRMED
    if all(s == SellerOrderStatus.RETURNED for s in active):
        return OrderStatus.RETURNED
    if all(s in (SellerOrderStatus.DELIVERED, SellerOrderStatus.RETURNED) for s in active):
        return OrderStatus.DELIVERED
    if all(s in _LEFT for s in active):
        return OrderStatus.SHIPPED
    if any(s in _LEFT for s in active):
        return OrderStatus.PARTIALLY_SHIPPED
    return OrderStatus.CONFIRMED
