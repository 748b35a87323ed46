"""What the ledger tests do, through the same services real code calls."""

from __future__ import annotations

from django.db import transaction

from marketplace.checkout import services as checkout_services
from marketplace.order import services as order_services
from marketplace.order.models import Order, SellerOrder
from payments.gateways.base import GatewayEvent
from payments.ledger.models import JournalEntry, JournalLine
from payments.models import Transaction, TransactionEventType
from payments.services import mark_cod_collected, record_provider_events
from tests.marketplace.checkout.helpers import ready_checkout


def place(channel, lines, *, gateway: str) -> Order:
    return checkout_services.complete_checkout(checkout=ready_checkout(channel, lines), payment_gateway=gateway)


def online_tx(order: Order) -> Transaction:
    return order.transactions.get()


def pay(order: Order, *, amount: int | None = None, fee: int = 0) -> None:
    tx = online_tx(order)
    event = GatewayEvent(
        type=TransactionEventType.CHARGE_SUCCESS,
        amount=order.total_amount if amount is None else amount,
        psp_reference="PSP-1",
        fee=fee,
    )
    with transaction.atomic():
        record_provider_events(tx=tx, events=[event])


def refund(order: Order, amount: int, *, seller_order: SellerOrder | None = None) -> None:
    tx = online_tx(order)
    with transaction.atomic():
        record_provider_events(
            tx=tx,
            events=[GatewayEvent(type=TransactionEventType.REFUND_SUCCESS, amount=amount, psp_reference="re_1")],
            seller_order=seller_order,
        )


def ship(sub: SellerOrder, owner) -> None:
    if sub.status == "unconfirmed":
        order_services.confirm_seller_order(seller_order=sub, actor=owner)
    order_services.mark_packed(seller_order=sub, actor=owner)
    order_services.mark_shipped(seller_order=sub, actor=owner, carrier="Viettel Post", tracking_number="VTP1")


def deliver(sub: SellerOrder, owner, *, cod: bool = False) -> None:
    ship(sub, owner)
    if cod:
        mark_cod_collected(seller_order=sub, actor=owner, amount=sub.total_amount)
    order_services.mark_delivered(seller_order=sub, actor=owner)


def unbalanced_entries() -> list:
    from django.db.models import Sum

    return list(
        JournalLine.objects.values("entry_id").annotate(total=Sum("amount")).exclude(total=0).values_list("entry_id")
    )


def entry_kinds(order: Order) -> list[str]:
    return list(JournalEntry.objects.filter(order=order).order_by("pk").values_list("kind", flat=True))
