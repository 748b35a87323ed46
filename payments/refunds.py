"""Giving money back: a whole order, or one seller's part of it, through the
gateway that took it (``PaymentGateway.refund``).

Who: an operator for any order or sub-order; a seller's member for its own
sub-order only. Anyone else gets ``NOT_FOUND`` (the buyer, and a seller
asking for the whole order, ``PERMISSION_DENIED``).

How much, checked under the order's, the sub-order's and the transactions'
row locks (order → sub-order → transactions by pk): never more than the
order's transactions still hold (their charged amount, net of refunds);
for a sub-order never more than its total less what was refunded for it
before. The provider is called while those locks are held: a second refund
of the same money waits and then finds it gone, and a webhook about this
refund waits and then finds it recorded (Stripe answers within seconds;
``STRIPE_TIMEOUT`` bounds the wait). The idempotency key is the
transaction, the count of its refund events and the amount, so a retry
after a failure between the provider's answer and our commit gets the same
refund back, never a second one.

Errors (``PaymentError``, nothing changes): ``NOT_FOUND``,
``PERMISSION_DENIED``, ``INVALID_AMOUNT`` (field ``amount``), ``INVALID``
(field ``reason``), ``NOT_SUPPORTED`` (the gateway cannot refund),
``NOT_CHARGED``, ``PROVIDER_ERROR`` (the provider refused or is away)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.core.money import Money, format_money
from marketplace.order.access import is_operator, is_seller_member, is_signed_in
from marketplace.order.models import Order, SellerOrder
from marketplace.order.services import lock_order, lock_seller_order
from payments.errors import PaymentError
from payments.models import Transaction, TransactionEvent, TransactionEventType
from payments.registry import get_gateway
from payments.services import record_provider_events

AnyUser = User | AnonymousUser
T = TransactionEventType
MAX_REASON_LENGTH = 500
REFUND_TYPES = (T.REFUND_REQUEST, T.REFUND_SUCCESS)


def _not_found() -> PaymentError:
    return PaymentError("NOT_FOUND", _("Không tìm thấy đơn hàng."), field="id")


def _check_actor(*, actor: AnyUser | None, order: Order, seller_order: SellerOrder | None) -> None:
    if is_operator(actor):
        return
    if seller_order is not None and is_seller_member(actor, seller_order.seller_id):
        return
    if not is_signed_in(actor):
        raise _not_found()
    sellers = SellerOrder.objects.filter(order_id=order.pk).values_list("seller_id", flat=True)
    is_party = order.user_id == actor.pk or any(is_seller_member(actor, s) for s in sellers)
    if seller_order is None and is_party:
        raise PaymentError("PERMISSION_DENIED", _("Người bán chỉ hoàn tiền phần đơn hàng của mình."))
    raise _not_found()


def _invalid_amount(message: str) -> PaymentError:
    return PaymentError("INVALID_AMOUNT", message, field="amount")


def refunded_for(seller_order: SellerOrder) -> int:
    """What was refunded (or asked back) for ``seller_order`` so far."""
    total = TransactionEvent.objects.filter(seller_order_id=seller_order.pk, type__in=REFUND_TYPES).aggregate(
        total=Sum("amount")
    )["total"]
    return total or 0


def refund_order(
    *,
    order: Order,
    seller_order: SellerOrder | None = None,
    amount: int | None = None,
    actor: AnyUser | None,
    reason: str = "",
) -> list[TransactionEvent]:
    """Refund ``amount`` (everything refundable when ``None``) of ``order``,
    or of ``seller_order``'s part of it. Returns the events recorded."""
    reason = " ".join(str(reason or "").split())
    if len(reason) > MAX_REASON_LENGTH:
        raise PaymentError("INVALID", _("Tối đa %(limit)s ký tự.") % {"limit": MAX_REASON_LENGTH}, field="reason")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0):
        raise _invalid_amount(_("Số tiền hoàn phải là số nguyên dương."))
    with transaction.atomic():
        locked_order = lock_order(order.pk)
        sub = None
        if seller_order is not None:
            if seller_order.order_id != locked_order.pk:
                raise _not_found()
            sub = lock_seller_order(seller_order.pk)
        _check_actor(actor=actor, order=locked_order, seller_order=sub)
        txs = list(Transaction.objects.select_for_update(of=("self",)).filter(order_id=locked_order.pk).order_by("pk"))
        available = sum(tx.charged_amount for tx in txs)  # charged amounts are net of refunds
        if available <= 0:
            raise PaymentError("NOT_CHARGED", _("Đơn hàng chưa được thanh toán nên không có gì để hoàn."))
        limit = available if sub is None else min(available, sub.total_amount - refunded_for(sub))
        wanted = limit if amount is None else amount
        if wanted <= 0:
            raise _invalid_amount(_("Phần đơn hàng này đã được hoàn hết tiền."))
        if wanted > limit:
            raise _invalid_amount(
                _("Chỉ có thể hoàn tối đa %(limit)s.") % {"limit": format_money(Money(limit, locked_order.currency))}
            )
        return _refund_from(txs, amount=wanted, actor=actor, seller_order=sub, reason=reason)


def _refund_from(
    txs: list[Transaction], *, amount: int, actor: AnyUser | None, seller_order: SellerOrder | None, reason: str
) -> list[TransactionEvent]:
    """Take ``amount`` back from the locked ``txs``, oldest charge first."""
    recorded: list[TransactionEvent] = []
    remaining = amount
    for tx in sorted(txs, key=lambda t: (t.created_at, t.pk)):
        if remaining <= 0:
            break
        part = min(remaining, tx.charged_amount)
        if part <= 0:
            continue
        gateway = get_gateway(tx.gateway)
        if gateway is None:
            raise PaymentError("NOT_SUPPORTED", _("Phương thức thanh toán không tồn tại."), field="gateway")
        previous = TransactionEvent.objects.filter(transaction_id=tx.pk, type__in=REFUND_TYPES).count()
        key = f"chocop-refund-{tx.pk}-{previous}-{part}"
        events = gateway.refund(transaction=tx, amount=part, idempotency_key=key, reason=reason)
        before = set(TransactionEvent.objects.filter(transaction_id=tx.pk).values_list("pk", flat=True))
        record_provider_events(tx=tx, events=events, seller_order=seller_order)
        rows = list(TransactionEvent.objects.filter(transaction_id=tx.pk).exclude(pk__in=before).order_by("pk"))
        if is_signed_in(actor):
            # record_provider_events does not take an actor; the audit row says who asked.
            TransactionEvent.objects.filter(pk__in=[r.pk for r in rows]).update(actor=actor)
            for row in rows:
                row.actor_id = actor.pk
        recorded.extend(rows)
        remaining -= sum(e.amount for e in events if e.type in REFUND_TYPES)
    return recorded
