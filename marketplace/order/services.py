"""A sub-order's life after checkout: confirm, pack, ship, deliver, cancel,
return. The table of allowed steps is ``marketplace.order.status.TRANSITIONS``;
``_transition`` is the only code that changes ``SellerOrder.status``: it locks
the parent order and then the sub-order (the order's lock serialises the
sellers of one order, so the parent's status, derived from all sub-orders,
is never computed from a stale sibling), checks who may act and from which
status, applies the stock effect, writes the ``OrderEvent`` audit row,
updates the parent's status and schedules the emails on commit. Anything the
table does not allow raises ``OrderError("INVALID_TRANSITION")`` and changes
nothing.

New orders are written by ``marketplace.order.placement`` (from a checkout).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.order.access import is_operator, is_seller_member, is_signed_in
from marketplace.order.errors import OrderError
from marketplace.order.models import (
    Order,
    OrderAction,
    OrderChargeStatus,
    OrderEvent,
    OrderLine,
    SellerOrder,
    SellerOrderStatus,
)
from marketplace.order.status import BUYER_CANCELLABLE, TRANSITIONS, Party, order_status_from
from marketplace.order.tasks import send_order_status_emails
from marketplace.warehouse.services import release_allocations, restock_shipped, ship_allocations
from payments.ledger.posting import on_seller_order_transition
from payments.models import Transaction

AnyUser = User | AnonymousUser
MAX_NOTE_LENGTH = 1000


def lock_order(order_id: object) -> Order:
    """Re-read the order with its row locked until the transaction ends."""
    return Order.objects.select_for_update(of=("self",)).get(pk=order_id)


def lock_seller_order(seller_order_id: int) -> SellerOrder:
    """Re-read the sub-order with its row locked (after its order's lock)."""
    return SellerOrder.objects.select_for_update(of=("self",)).select_related("seller").get(pk=seller_order_id)


def party_of(*, user: AnyUser | None, seller_order: SellerOrder, order: Order) -> set[Party]:
    """What ``user`` is to this sub-order: a member of its seller, an
    operator, its buyer (several at once is possible)."""
    parties: set[Party] = set()
    if not is_signed_in(user):
        return parties
    if is_seller_member(user, seller_order.seller_id):
        parties.add(Party.SELLER)
    if is_operator(user):
        parties.add(Party.OPERATOR)
    if order.user_id is not None and order.user_id == user.pk:
        parties.add(Party.BUYER)
    return parties


def charge_status_from(*, charged: int, due: int) -> str:
    """Saleor's charge status: nothing charged, part of what is due, all of it."""
    if charged <= 0:
        return OrderChargeStatus.NONE
    return OrderChargeStatus.FULL if charged >= due else OrderChargeStatus.PARTIAL


def refresh_charge_status(order: Order) -> None:
    """Recompute ``order.charge_status`` from its transactions and what is
    still due (sub-orders not cancelled). The caller holds the order's lock."""
    due = sum(
        SellerOrder.objects.filter(order_id=order.pk)
        .exclude(status=SellerOrderStatus.CANCELLED)
        .values_list("total_amount", flat=True)
    )
    charged = sum(Transaction.objects.filter(order_id=order.pk).values_list("charged_amount", flat=True))
    status = charge_status_from(charged=charged, due=due)
    if status != order.charge_status:
        order.charge_status = status
        order.save(update_fields=["charge_status", "updated_at"])


def _check_party(*, action: str, actor: AnyUser | None, seller_order: SellerOrder, order: Order) -> None:
    rule = TRANSITIONS[action]
    parties = party_of(user=actor, seller_order=seller_order, order=order)
    if not parties:
        raise OrderError("NOT_FOUND", _("Không tìm thấy đơn hàng."), field="id")
    allowed = parties & rule.parties
    if allowed == {Party.BUYER} and seller_order.status not in BUYER_CANCELLABLE:
        raise OrderError("PERMISSION_DENIED", _("Người bán đã chuẩn bị hàng; vui lòng liên hệ người bán để hủy đơn."))
    if not allowed:
        raise OrderError("PERMISSION_DENIED", _("Bạn không được thực hiện thao tác này với đơn hàng."))


def _clean_note(note: str, *, field: str = "note") -> str:
    note = " ".join(str(note or "").split())
    if len(note) > MAX_NOTE_LENGTH:
        raise OrderError("INVALID", _("Tối đa %(limit)s ký tự.") % {"limit": MAX_NOTE_LENGTH}, field=field)
    return note


def _transition(
    *,
    seller_order: SellerOrder,
    actor: AnyUser | None,
    action: str,
    note: str = "",
    data: dict[str, Any] | None = None,
    check: Callable[[SellerOrder], None] | None = None,
    effect: Callable[[SellerOrder, str], None] | None = None,
    by_system: bool = False,
) -> OrderEvent:
    """Move ``seller_order`` along the workflow by ``action``.

    Locks the order then the sub-order, checks the actor (``NOT_FOUND`` for a
    stranger, ``PERMISSION_DENIED`` for a party the step is not for) and the
    table (``INVALID_TRANSITION``); ``check`` may refuse under the lock,
    ``effect(locked, from_status)`` applies stock changes. ``by_system``:
    the marketplace itself acts (a verified payment confirms the order), no
    person is checked. Updates ``seller_order`` in place and returns the
    audit event."""
    rule = TRANSITIONS[action]
    with transaction.atomic():
        order = lock_order(seller_order.order_id)
        locked = lock_seller_order(seller_order.pk)
        if not by_system:
            _check_party(action=action, actor=actor, seller_order=locked, order=order)
        if locked.status not in rule.sources:
            raise OrderError(
                "INVALID_TRANSITION",
                _("Không thể “%(action)s” khi đơn đang ở trạng thái “%(status)s”.")
                % {"action": OrderAction(action).label, "status": SellerOrderStatus(locked.status).label},
            )
        if check is not None:
            check(locked)
        from_status = locked.status
        locked.status = rule.target
        now = timezone.now()
        stamp = {
            SellerOrderStatus.CONFIRMED: "confirmed_at",
            SellerOrderStatus.SHIPPED: "shipped_at",
            SellerOrderStatus.DELIVERED: "delivered_at",
            SellerOrderStatus.CANCELLED: "cancelled_at",
        }.get(rule.target)
        if stamp:
            setattr(locked, stamp, now)
        if effect is not None:
            effect(locked, from_status)
        locked.save()
        # The books follow: delivery starts the return window, cancel/return take the sale back.
        on_seller_order_transition(seller_order=locked, from_status=from_status)
        statuses = SellerOrder.objects.filter(order_id=order.pk).values_list("status", flat=True)
        order_from = order.status
        order.status = order_status_from(statuses)
        if order.status != order_from:
            order.save(update_fields=["status", "updated_at"])
        if rule.target == SellerOrderStatus.CANCELLED:
            refresh_charge_status(order)
        event = OrderEvent.objects.create(
            order=order,
            seller_order=locked,
            actor=actor if is_signed_in(actor) else None,
            action=action,
            from_status=from_status,
            to_status=rule.target,
            note=note,
            data={**(data or {}), "order_status": [order_from, order.status]},
        )
        transaction.on_commit(partial(send_order_status_emails.delay, event_id=event.pk))
    for field in ("status", "carrier", "tracking_number", "confirmed_at", "shipped_at", "delivered_at", "cancelled_at"):
        setattr(seller_order, field, getattr(locked, field))
    return event


def _line_ids(seller_order: SellerOrder) -> list:
    return list(OrderLine.objects.filter(seller_order_id=seller_order.pk).values_list("pk", flat=True))


def confirm_seller_order(*, seller_order: SellerOrder, actor: AnyUser | None) -> OrderEvent:
    """The seller accepts an unconfirmed sub-order (orders paid online start
    unconfirmed; cash-on-delivery orders are confirmed at checkout)."""
    return _transition(seller_order=seller_order, actor=actor, action=OrderAction.CONFIRM)


def confirm_paid_seller_orders(*, order: Order) -> list[OrderEvent]:
    """A verified payment (webhook, IPN, bank statement) covered ``order``:
    its unconfirmed sub-orders become confirmed, audited as the system's
    step. The caller holds the order's lock inside its transaction."""
    if order.charge_status != OrderChargeStatus.FULL:
        return []
    waiting = SellerOrder.objects.filter(order_id=order.pk, status=SellerOrderStatus.UNCONFIRMED).order_by("pk")
    return [
        _transition(seller_order=sub, actor=None, action=OrderAction.CONFIRM, note="payment", by_system=True)
        for sub in waiting
    ]


def cancel_unpaid_seller_orders(*, order: Order, reason: str, data: dict[str, Any] | None = None) -> list[OrderEvent]:
    """The time to pay ``order`` ran out (a bank transfer never came): its
    unconfirmed sub-orders are cancelled by the system and their allocated
    units released. The caller holds the order's lock inside its transaction
    and has checked that nothing was charged."""
    reason = _clean_note(reason, field="reason")

    def release(locked: SellerOrder, from_status: str) -> None:
        release_allocations(order_line_ids=_line_ids(locked))

    waiting = SellerOrder.objects.filter(order_id=order.pk, status=SellerOrderStatus.UNCONFIRMED).order_by("pk")
    return [
        _transition(
            seller_order=sub,
            actor=None,
            action=OrderAction.CANCEL,
            note=reason,
            data=data,
            effect=release,
            by_system=True,
        )
        for sub in waiting
    ]


def mark_packed(*, seller_order: SellerOrder, actor: AnyUser | None) -> OrderEvent:
    """The parcel is packed and waits for the carrier."""
    return _transition(seller_order=seller_order, actor=actor, action=OrderAction.PACK)


def mark_shipped(*, seller_order: SellerOrder, actor: AnyUser | None, carrier: str, tracking_number: str) -> OrderEvent:
    """Handed to ``carrier`` with ``tracking_number`` (both required,
    ``REQUIRED``/``INVALID``): the units leave the stock for good
    (quantity and allocated both go down)."""
    carrier = " ".join(str(carrier or "").split())
    tracking_number = "".join(str(tracking_number or "").split())
    if not carrier:
        raise OrderError("REQUIRED", _("Vui lòng nhập đơn vị vận chuyển."), field="carrier")
    if not tracking_number:
        raise OrderError("REQUIRED", _("Vui lòng nhập mã vận đơn."), field="tracking_number")
    if len(carrier) > 100:
        raise OrderError("INVALID", _("Tối đa %(limit)s ký tự.") % {"limit": 100}, field="carrier")
    if len(tracking_number) > 100:
        raise OrderError("INVALID", _("Tối đa %(limit)s ký tự.") % {"limit": 100}, field="tracking_number")

    def effect(locked: SellerOrder, from_status: str) -> None:
        locked.carrier, locked.tracking_number = carrier, tracking_number
        ship_allocations(order_line_ids=_line_ids(locked))
        # The whole parcel left, also lines whose variant (and stock) was deleted meanwhile.
        OrderLine.objects.filter(seller_order_id=locked.pk).update(quantity_shipped=F("quantity"))

    return _transition(
        seller_order=seller_order,
        actor=actor,
        action=OrderAction.SHIP,
        data={"carrier": carrier, "tracking_number": tracking_number},
        effect=effect,
    )


def mark_delivered(*, seller_order: SellerOrder, actor: AnyUser | None) -> OrderEvent:
    """The buyer received the parcel."""
    return _transition(seller_order=seller_order, actor=actor, action=OrderAction.DELIVER)


def cancel_seller_order(*, seller_order: SellerOrder, actor: AnyUser | None, reason: str) -> OrderEvent:
    """Cancel one seller's part of an order, with a reason (``REQUIRED``).

    Before shipment the allocated units are released; after shipment (the
    delivery failed, e.g. the buyer refused a cash-on-delivery parcel) the
    units come back into the warehouses they left. The buyer may cancel
    only before packing (``PERMISSION_DENIED`` after)."""
    reason = _clean_note(reason, field="reason")
    if not reason:
        raise OrderError("REQUIRED", _("Vui lòng ghi rõ lý do hủy đơn."), field="reason")

    def effect(locked: SellerOrder, from_status: str) -> None:
        line_ids = _line_ids(locked)
        if from_status == SellerOrderStatus.SHIPPED:
            restock_shipped(order_line_ids=line_ids)
            OrderLine.objects.filter(pk__in=line_ids).update(quantity_shipped=0)
        else:
            release_allocations(order_line_ids=line_ids)

    return _transition(seller_order=seller_order, actor=actor, action=OrderAction.CANCEL, note=reason, effect=effect)


def mark_returned(
    *, seller_order: SellerOrder, actor: AnyUser | None, reason: str = "", restock: bool = True
) -> OrderEvent:
    """The buyer sent a delivered parcel back and the seller accepted it;
    with ``restock`` the units go back on sale (not for spoiled food)."""
    reason = _clean_note(reason, field="reason")

    def effect(locked: SellerOrder, from_status: str) -> None:
        if restock:
            restock_shipped(order_line_ids=_line_ids(locked))

    return _transition(
        seller_order=seller_order,
        actor=actor,
        action=OrderAction.RETURN,
        note=reason,
        data={"restock": bool(restock)},
        effect=effect,
    )
