"""A provider's verified notification takes effect once: ``claim_event``
plus ``record_provider_events`` in one transaction, the order confirmed when
fully paid."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, transaction

from marketplace.checkout import services as checkout_services
from marketplace.order.models import OrderAction, OrderChargeStatus, OrderStatus, SellerOrderStatus
from payments.gateways.base import GatewayEvent
from payments.models import Transaction, TransactionEventType, WebhookEvent
from payments.services import record_provider_events
from payments.webhooks import claim_event
from tests.marketplace.checkout.helpers import ready_checkout

BOTH = ["payments.gateways.cod.CashOnDelivery", "tests.payments.gateways.PayLater"]


def _paid(tx: Transaction, amount: int) -> list[GatewayEvent]:
    return [GatewayEvent(type=TransactionEventType.CHARGE_SUCCESS, amount=amount, psp_reference="PSP-1")]


def _apply(tx: Transaction, event_id: str) -> bool:
    with transaction.atomic():
        if not claim_event(provider="test", event_id=event_id, tx=tx):
            return False
        record_provider_events(tx=tx, events=_paid(tx, tx.order.total_amount))
        return True


def test_a_full_payment_confirms_every_sub_order(channel, tea, squid, settings):
    settings.PAYMENT_GATEWAYS = BOTH
    order = checkout_services.complete_checkout(
        checkout=ready_checkout(channel, [(tea, 1), (squid, 1)]), payment_gateway="pay_later"
    )
    assert set(order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.UNCONFIRMED}
    tx = order.transactions.get()
    assert _apply(tx, "evt_1") is True
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.status == OrderStatus.CONFIRMED
    assert set(order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.CONFIRMED}
    # The confirmation is audited as the system's step, with no person.
    confirms = order.events.filter(action=OrderAction.CONFIRM)
    assert confirms.count() == 2 and not confirms.exclude(actor=None).exists()


def test_a_partial_payment_leaves_the_order_unconfirmed(channel, tea, settings):
    settings.PAYMENT_GATEWAYS = BOTH
    order = checkout_services.complete_checkout(
        checkout=ready_checkout(channel, [(tea, 2)]), payment_gateway="pay_later"
    )
    tx = order.transactions.get()
    with transaction.atomic():
        record_provider_events(tx=tx, events=_paid(tx, order.total_amount - 1))
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.PARTIAL
    assert order.status == OrderStatus.UNCONFIRMED


def test_an_event_delivered_twice_takes_effect_once(channel, tea, settings):
    settings.PAYMENT_GATEWAYS = BOTH
    order = checkout_services.complete_checkout(
        checkout=ready_checkout(channel, [(tea, 1)]), payment_gateway="pay_later"
    )
    tx = order.transactions.get()
    assert _apply(tx, "evt_1") is True
    assert _apply(tx, "evt_1") is False
    tx.refresh_from_db()
    assert tx.charged_amount == order.total_amount
    assert WebhookEvent.objects.filter(provider="test", event_id="evt_1").count() == 1


def test_claim_event_refuses_to_run_outside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError):
        claim_event(provider="test", event_id="x")


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_event_have_one_effect(channel, tea, settings):
    settings.PAYMENT_GATEWAYS = BOTH
    order = checkout_services.complete_checkout(
        checkout=ready_checkout(channel, [(tea, 1)]), payment_gateway="pay_later"
    )
    tx = order.transactions.get()
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def deliver() -> None:
        try:
            barrier.wait()
            results.append(_apply(Transaction.objects.select_related("order").get(pk=tx.pk), "evt_same"))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]
    tx.refresh_from_db()
    assert tx.charged_amount == order.total_amount
    assert tx.events.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1
