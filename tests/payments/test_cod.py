"""Cash on delivery: the order is confirmed unpaid; each seller records the
cash its courier collected, once, for exactly its sub-order's total."""

from __future__ import annotations

import pytest

from marketplace.order import services as order_services
from marketplace.order.models import OrderChargeStatus, OrderEvent, SellerOrder
from payments.errors import PaymentError
from payments.models import Transaction, TransactionEvent, TransactionEventType
from payments.services import mark_cod_collected
from tests.marketplace.checkout.helpers import run_in_threads, shop_state, stock_of


def _deliver(sub, actor):
    order_services.mark_packed(seller_order=sub, actor=actor)
    order_services.mark_shipped(seller_order=sub, actor=actor, carrier="Viettel Post", tracking_number="VTP1")
    order_services.mark_delivered(seller_order=sub, actor=actor)


def test_the_order_starts_confirmed_and_unpaid(order):
    tx = Transaction.objects.get(order=order)
    assert (tx.gateway, tx.currency, tx.charged_amount) == ("cod", "VND", 0)
    assert order.charge_status == OrderChargeStatus.NONE
    assert list(tx.events.values_list("type", "amount")) == [(TransactionEventType.INFO, order.total_amount)]


def test_each_seller_records_its_cash(order, sub_a, sub_b, owner_a, owner_b):
    _deliver(sub_a, owner_a)
    event = mark_cod_collected(seller_order=sub_a, actor=owner_a, amount=sub_a.total_amount)
    assert (event.type, event.amount, event.seller_order, event.actor) == (
        TransactionEventType.CHARGE_SUCCESS,
        sub_a.total_amount,
        sub_a,
        owner_a,
    )
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.PARTIAL
    _deliver(sub_b, owner_b)
    mark_cod_collected(seller_order=sub_b, actor=owner_b, amount=sub_b.total_amount)
    order.refresh_from_db()
    tx = Transaction.objects.get(order=order)
    assert tx.charged_amount == order.total_amount
    assert order.charge_status == OrderChargeStatus.FULL
    assert OrderEvent.objects.filter(order=order, action="payment_collected").count() == 2


def test_cash_may_be_recorded_when_the_courier_hands_over_the_parcel(sub_a, owner_a):
    order_services.mark_packed(seller_order=sub_a, actor=owner_a)
    order_services.mark_shipped(seller_order=sub_a, actor=owner_a, carrier="GHTK", tracking_number="1")
    mark_cod_collected(seller_order=sub_a, actor=owner_a, amount=sub_a.total_amount)


@pytest.mark.parametrize("amount", [0, 1, -270_000, 269_999, 270_001, "270000", 270_000.0])
def test_the_amount_must_be_the_sub_orders_total(sub_a, owner_a, amount):
    _deliver(sub_a, owner_a)
    assert sub_a.total_amount == 270_000
    before = shop_state()
    with pytest.raises(PaymentError) as exc:
        mark_cod_collected(seller_order=sub_a, actor=owner_a, amount=amount)
    assert (exc.value.code, exc.value.field) == ("INVALID_AMOUNT", "amount")
    assert shop_state() == before


def test_cash_is_recorded_once(sub_a, owner_a):
    _deliver(sub_a, owner_a)
    mark_cod_collected(seller_order=sub_a, actor=owner_a, amount=sub_a.total_amount)
    before = shop_state()
    with pytest.raises(PaymentError) as exc:
        mark_cod_collected(seller_order=sub_a, actor=owner_a, amount=sub_a.total_amount)
    assert exc.value.code == "ALREADY_COLLECTED"
    assert shop_state() == before


def test_cash_before_shipment_is_refused(sub_a, owner_a):
    before = shop_state()
    with pytest.raises(PaymentError) as exc:
        mark_cod_collected(seller_order=sub_a, actor=owner_a, amount=sub_a.total_amount)
    assert exc.value.code == "INVALID_STATUS"
    assert shop_state() == before


def test_only_the_seller_or_an_operator_records_cash(sub_a, owner_a, owner_b, shopper, operator):
    _deliver(sub_a, owner_a)
    before = shop_state()
    for actor in (owner_b, shopper, None):
        with pytest.raises(PaymentError) as exc:
            mark_cod_collected(seller_order=sub_a, actor=actor, amount=sub_a.total_amount)
        assert exc.value.code == "NOT_FOUND"
    assert shop_state() == before
    mark_cod_collected(seller_order=sub_a, actor=operator, amount=sub_a.total_amount)


def test_a_failed_cod_delivery_cancels_and_returns_the_stock(sub_a, owner_a, tea):
    order_services.mark_packed(seller_order=sub_a, actor=owner_a)
    order_services.mark_shipped(seller_order=sub_a, actor=owner_a, carrier="GHN", tracking_number="1")
    order_services.cancel_seller_order(seller_order=sub_a, actor=owner_a, reason="Người mua từ chối nhận hàng")
    assert stock_of(tea).quantity == 10
    with pytest.raises(PaymentError) as exc:
        mark_cod_collected(seller_order=sub_a, actor=owner_a, amount=sub_a.total_amount)
    assert exc.value.code == "INVALID_STATUS"


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_charge_once(order, sub_a, owner_a):
    _deliver(sub_a, owner_a)

    def collect():
        return mark_cod_collected(
            seller_order=SellerOrder.objects.get(pk=sub_a.pk), actor=owner_a, amount=sub_a.total_amount
        )

    results = run_in_threads([collect] * 4)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(errors) == 3
    assert all(isinstance(e, PaymentError) and e.code == "ALREADY_COLLECTED" for e in errors)
    assert TransactionEvent.objects.filter(type=TransactionEventType.CHARGE_SUCCESS).count() == 1
    assert Transaction.objects.get(order=order).charged_amount == sub_a.total_amount
