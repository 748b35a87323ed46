"""A sub-order's life: each seller confirms, packs, ships and delivers its
own part; stock follows; the parent's status follows; every step is audited
and emailed; anything out of order or by the wrong person changes nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from marketplace.checkout import services as checkout_services
from marketplace.order import services
from marketplace.order.errors import OrderError
from marketplace.order.models import OrderChargeStatus, OrderEvent, OrderStatus, SellerOrder, SellerOrderStatus
from payments.services import mark_cod_collected
from tests.marketplace.checkout.helpers import ready_checkout, run_in_threads, shop_state, stock_of


def _ship(sub, actor, **kwargs):
    services.mark_packed(seller_order=sub, actor=actor)
    return services.mark_shipped(
        seller_order=sub, actor=actor, carrier=kwargs.get("carrier", "GHN"), tracking_number="GHN123456"
    )


def test_each_seller_fulfils_its_own_part_and_the_order_follows(
    order, sub_a, sub_b, owner_a, owner_b, tea, squid, django_capture_on_commit_callbacks
):
    assert order.status == OrderStatus.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_packed(seller_order=sub_a, actor=owner_a)
    assert sub_a.status == SellerOrderStatus.PACKED
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert sorted(m.to[0] for m in mail.outbox) == ["chu.htx.a@example.vn", "htx@example.vn", "khach.quen@example.vn"]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.mark_shipped(
            seller_order=sub_a, actor=owner_a, carrier=" Giao Hàng  Nhanh ", tracking_number=" GHN 123 "
        )
    sub_a.refresh_from_db()
    assert (sub_a.status, sub_a.carrier, sub_a.tracking_number) == ("shipped", "Giao Hàng Nhanh", "GHN123")
    assert sub_a.shipped_at is not None
    assert (event.actor, event.from_status, event.to_status) == (owner_a, "packed", "shipped")
    # Shipped units leave the stock for good; seller B's are still only allocated.
    assert (stock_of(tea).quantity, stock_of(tea).quantity_allocated) == (8, 0)
    assert (stock_of(squid).quantity, stock_of(squid).quantity_allocated) == (10, 1)
    assert sub_a.lines.get().quantity_shipped == 2
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_SHIPPED
    buyer_mail = next(m for m in mail.outbox if m.to == ["khach.quen@example.vn"])
    assert "GHN123" in buyer_mail.body and "Giao Hàng Nhanh" in buyer_mail.body and "/don-hang/" in buyer_mail.body

    _ship(sub_b, owner_b)
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    services.mark_delivered(seller_order=sub_a, actor=owner_a)
    services.mark_delivered(seller_order=sub_b, actor=owner_b)
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    actions = list(order.events.values_list("action", "seller_order__seller__name"))
    assert actions[0] == ("placed", None) and len(actions) == 7


def test_an_order_paid_online_waits_for_the_sellers_confirmation(channel, tea, owner_a, settings):
    settings.PAYMENT_GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "tests.payments.gateways.PayLater"]
    checkout = ready_checkout(channel, [(tea, 1)])
    order = checkout_services.complete_checkout(checkout=checkout, payment_gateway="pay_later")
    sub = order.seller_orders.get()
    assert (order.status, sub.status) == (OrderStatus.UNCONFIRMED, SellerOrderStatus.UNCONFIRMED)
    with pytest.raises(OrderError) as exc:
        services.mark_packed(seller_order=sub, actor=owner_a)
    assert exc.value.code == "INVALID_TRANSITION"
    services.confirm_seller_order(seller_order=sub, actor=owner_a)
    order.refresh_from_db()
    assert (order.status, sub.status) == (OrderStatus.CONFIRMED, SellerOrderStatus.CONFIRMED)
    assert sub.confirmed_at is not None


@pytest.mark.parametrize(
    ("reach", "step"),
    [
        ([], "ship"),
        ([], "deliver"),
        ([], "return"),
        ([], "confirm"),
        (["pack"], "pack"),
        (["pack"], "deliver"),
        (["pack", "ship"], "return"),
        (["pack", "ship", "deliver"], "cancel"),
        (["pack", "ship", "deliver"], "ship"),
        (["cancel"], "pack"),
        (["cancel"], "cancel"),
    ],
)
def test_steps_out_of_order_are_refused_and_change_nothing(sub_a, owner_a, reach, step):
    steps = {
        "confirm": lambda: services.confirm_seller_order(seller_order=sub_a, actor=owner_a),
        "pack": lambda: services.mark_packed(seller_order=sub_a, actor=owner_a),
        "ship": lambda: services.mark_shipped(seller_order=sub_a, actor=owner_a, carrier="GHN", tracking_number="1"),
        "deliver": lambda: services.mark_delivered(seller_order=sub_a, actor=owner_a),
        "cancel": lambda: services.cancel_seller_order(seller_order=sub_a, actor=owner_a, reason="Hết hàng"),
        "return": lambda: services.mark_returned(seller_order=sub_a, actor=owner_a),
    }
    for name in reach:
        steps[name]()
    before = shop_state()
    with pytest.raises(OrderError) as exc:
        steps[step]()
    assert exc.value.code == "INVALID_TRANSITION"
    assert shop_state() == before


@pytest.mark.parametrize(("carrier", "tracking", "field"), [("", "123", "carrier"), ("GHN", " ", "tracking_number")])
def test_shipping_needs_carrier_and_tracking_number(sub_a, owner_a, carrier, tracking, field):
    services.mark_packed(seller_order=sub_a, actor=owner_a)
    before = shop_state()
    with pytest.raises(OrderError) as exc:
        services.mark_shipped(seller_order=sub_a, actor=owner_a, carrier=carrier, tracking_number=tracking)
    assert (exc.value.code, exc.value.field) == ("REQUIRED", field)
    assert shop_state() == before


def test_cancelling_before_shipment_releases_the_stock(order, sub_a, sub_b, owner_a, owner_b, tea, squid):
    with pytest.raises(OrderError) as exc:
        services.cancel_seller_order(seller_order=sub_a, actor=owner_a, reason="  ")
    assert (exc.value.code, exc.value.field) == ("REQUIRED", "reason")
    services.cancel_seller_order(seller_order=sub_a, actor=owner_a, reason="Hết hàng")
    assert (stock_of(tea).quantity, stock_of(tea).quantity_allocated) == (10, 0)
    assert stock_of(squid).quantity_allocated == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    event = OrderEvent.objects.get(seller_order=sub_a, action="cancel")
    assert (event.note, event.actor) == ("Hết hàng", owner_a)
    services.cancel_seller_order(seller_order=sub_b, actor=owner_b, reason="Không liên lạc được")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and stock_of(squid).quantity_allocated == 0


def test_a_failed_delivery_puts_the_units_back(sub_a, owner_a, tea):
    _ship(sub_a, owner_a)
    assert stock_of(tea).quantity == 8
    services.cancel_seller_order(seller_order=sub_a, actor=owner_a, reason="Người mua không nhận hàng")
    assert (stock_of(tea).quantity, stock_of(tea).quantity_allocated) == (10, 0)
    assert sub_a.lines.get().quantity_shipped == 0


@pytest.mark.parametrize(("restock", "expected"), [(True, 10), (False, 8)])
def test_a_return_restocks_only_when_asked(sub_a, owner_a, tea, restock, expected):
    _ship(sub_a, owner_a)
    services.mark_delivered(seller_order=sub_a, actor=owner_a)
    services.mark_returned(seller_order=sub_a, actor=owner_a, reason="Hộp bị móp", restock=restock)
    assert sub_a.status == SellerOrderStatus.RETURNED
    assert stock_of(tea).quantity == expected


def test_only_the_sellers_members_move_its_sub_order(sub_a, owner_b, stranger):
    before = shop_state()
    for actor in (owner_b, stranger, None):
        with pytest.raises(OrderError) as exc:
            services.mark_packed(seller_order=sub_a, actor=actor)
        assert exc.value.code == "NOT_FOUND"
    assert shop_state() == before


def test_the_buyer_may_cancel_only_before_packing(order, sub_a, sub_b, shopper, owner_b):
    with pytest.raises(OrderError) as exc:
        services.mark_packed(seller_order=sub_a, actor=shopper)
    assert exc.value.code == "PERMISSION_DENIED"
    services.cancel_seller_order(seller_order=sub_a, actor=shopper, reason="Đặt nhầm")
    services.mark_packed(seller_order=sub_b, actor=owner_b)
    before = shop_state()
    with pytest.raises(OrderError) as exc:
        services.cancel_seller_order(seller_order=sub_b, actor=shopper, reason="Đổi ý")
    assert exc.value.code == "PERMISSION_DENIED"
    assert shop_state() == before


def test_an_operator_may_cancel_but_not_ship(sub_a, operator, owner_a):
    services.mark_packed(seller_order=sub_a, actor=owner_a)
    with pytest.raises(OrderError) as exc:
        services.mark_shipped(seller_order=sub_a, actor=operator, carrier="GHN", tracking_number="1")
    assert exc.value.code == "PERMISSION_DENIED"
    services.cancel_seller_order(seller_order=sub_a, actor=operator, reason="Khiếu nại của người mua")
    assert sub_a.status == SellerOrderStatus.CANCELLED


def test_a_cancelled_sub_order_no_longer_counts_towards_what_is_due(order, sub_a, sub_b, owner_a, owner_b):
    _ship(sub_a, owner_a)
    mark_cod_collected(seller_order=sub_a, actor=owner_a, amount=sub_a.total_amount)
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.PARTIAL
    services.cancel_seller_order(seller_order=sub_b, actor=owner_b, reason="Hết hàng")
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL


@pytest.mark.django_db(transaction=True)
def test_two_sellers_shipping_at_once_leave_the_order_shipped(order, sub_a, sub_b, owner_a, owner_b, tea, squid):
    services.mark_packed(seller_order=sub_a, actor=owner_a)
    services.mark_packed(seller_order=sub_b, actor=owner_b)
    results = run_in_threads([lambda: _ship_only(sub_a, owner_a), lambda: _ship_only(sub_b, owner_b)])
    assert not [r for r in results if isinstance(r, BaseException)]
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    assert stock_of(tea).quantity == 8 and stock_of(squid).quantity == 9


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("step", ["ship", "cancel"])
def test_a_double_clicked_step_happens_once(sub_a, owner_a, tea, step):
    services.mark_packed(seller_order=sub_a, actor=owner_a)

    def cancel():
        fresh = SellerOrder.objects.get(pk=sub_a.pk)
        return services.cancel_seller_order(seller_order=fresh, actor=owner_a, reason="Hết hàng")

    target = (lambda: _ship_only(sub_a, owner_a)) if step == "ship" else cancel
    results = run_in_threads([target, target])
    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(errors) == 1 and isinstance(errors[0], OrderError) and errors[0].code == "INVALID_TRANSITION"
    stock = stock_of(tea)
    expected = (8, 0) if step == "ship" else (10, 0)
    assert (stock.quantity, stock.quantity_allocated) == expected
    assert OrderEvent.objects.filter(seller_order=sub_a, action=step).count() == 1


def _ship_only(sub, actor):
    return services.mark_shipped(
        seller_order=SellerOrder.objects.get(pk=sub.pk), actor=actor, carrier="GHN", tracking_number="X1"
    )
