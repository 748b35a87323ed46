"""Stock that never oversells, with real threads against PostgreSQL: many
shoppers completing at once, lines locked in opposite orders, double
submissions."""

from __future__ import annotations

import pytest

from marketplace.checkout import services
from marketplace.checkout.errors import CheckoutError
from marketplace.order.models import Order, OrderLine
from marketplace.warehouse.models import Allocation, Reservation, Stock
from tests.marketplace.checkout.helpers import ready_checkout, run_in_threads, stock_of

pytestmark = pytest.mark.django_db(transaction=True)


def _orders(results: list[object]) -> list[Order]:
    return [r for r in results if isinstance(r, Order)]


def _errors(results: list[object]) -> list[BaseException]:
    return [r for r in results if isinstance(r, BaseException)]


def test_fifty_shoppers_competing_for_ten_units_make_exactly_ten_orders(channel, tea):
    Stock.objects.filter(product_variant=tea).update(quantity=50)
    checkouts = [ready_checkout(channel, [(tea, 1)], email=f"khach{i}@example.vn") for i in range(50)]
    # Their reservations ran out while they hesitated, and stock fell to 10.
    Reservation.objects.all().delete()
    Stock.objects.filter(product_variant=tea).update(quantity=10)

    results = run_in_threads([lambda c=c: services.complete_checkout(checkout=c) for c in checkouts])

    orders, errors = _orders(results), _errors(results)
    assert len(orders) == 10
    assert len(errors) == 40
    assert all(isinstance(e, CheckoutError) and e.code == "INSUFFICIENT_STOCK" for e in errors), errors[:3]
    stock = stock_of(tea)
    assert (stock.quantity, stock.quantity_allocated) == (10, 10)
    assert Order.objects.count() == 10 and OrderLine.objects.count() == 10
    assert sum(Allocation.objects.values_list("quantity", flat=True)) == 10


def test_opposite_line_orders_do_not_deadlock(channel, tea, squid):
    Stock.objects.filter(product_variant__in=[tea, squid]).update(quantity=40)
    checkouts = []
    for i in range(16):
        lines = [(tea, 1), (squid, 1)] if i % 2 else [(squid, 1), (tea, 1)]
        checkouts.append(ready_checkout(channel, lines, email=f"khach{i}@example.vn"))

    results = run_in_threads([lambda c=c: services.complete_checkout(checkout=c) for c in checkouts])

    assert _errors(results) == []
    assert len(_orders(results)) == 16
    assert stock_of(tea).quantity_allocated == 16 and stock_of(squid).quantity_allocated == 16


def test_a_double_submitted_completion_makes_one_order(channel, tea, squid):
    checkout = ready_checkout(channel, [(tea, 2), (squid, 1)])

    results = run_in_threads([lambda: services.complete_checkout(checkout=checkout)] * 2)

    assert _errors(results) == []
    first, second = results
    assert first == second
    assert Order.objects.count() == 1
    assert stock_of(tea).quantity_allocated == 2 and stock_of(squid).quantity_allocated == 1


def test_concurrent_carts_never_reserve_more_than_the_stock(channel, tea):
    results = run_in_threads([lambda: services.create_checkout(channel=channel, lines=[(tea, 1)]) for _ in range(20)])
    errors = _errors(results)
    assert len(errors) == 10
    assert all(isinstance(e, CheckoutError) and e.code == "INSUFFICIENT_STOCK" for e in errors)
    assert sum(Reservation.objects.values_list("quantity", flat=True)) == 10
