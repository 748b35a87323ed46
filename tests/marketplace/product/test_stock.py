"""Warehouses and stock per warehouse, including updates racing each other."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from marketplace.product import services
from marketplace.product.services import ProductError
from marketplace.warehouse.models import Stock, Warehouse
from tests.factories import commune_of, province
from tests.marketplace.product.helpers import catalogue_state


@pytest.fixture
def product(seller, owner, category):
    return services.create_product(
        seller=seller, actor=owner, name="Chè búp", category=category, price=100_000, stock=5
    )


def test_create_warehouse_defaults_to_the_sellers_place(seller, owner, channel):
    warehouse = services.create_warehouse(seller=seller, actor=owner, name="  Kho   Thái Nguyên ")
    assert warehouse.name == "Kho Thái Nguyên"
    assert (warehouse.province, warehouse.commune) == (seller.province, seller.commune)
    assert warehouse.slug.startswith("htx-che-tan-cuong-kho-thai-nguyen")
    assert channel in warehouse.channels.all()
    again = services.create_warehouse(seller=seller, actor=owner, name="Kho Thái Nguyên")
    assert again.slug != warehouse.slug


def test_create_warehouse_refuses_bad_input(seller, owner):
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        services.create_warehouse(seller=seller, actor=owner, name=" ")
    assert (exc.value.code, exc.value.field) == ("REQUIRED", "name")
    with pytest.raises(ProductError) as exc:
        services.create_warehouse(
            seller=seller, actor=owner, name="Kho", province=province("01"), commune=commune_of("19")
        )
    assert (exc.value.code, exc.value.field) == ("INVALID", "commune")
    assert catalogue_state() == before


def test_set_stock_in_several_warehouses(seller, owner, product):
    main = Warehouse.objects.get(seller=seller)
    second = services.create_warehouse(seller=seller, actor=owner, name="Kho phụ")
    stocks = services.update_variant_stocks(
        variant=product.default_variant, actor=owner, stocks=[(second, 7), (main, 2)]
    )
    assert [(s.warehouse, s.quantity) for s in stocks] == [(second, 7), (main, 2)]
    assert Stock.objects.get(warehouse=main).quantity == 2


def test_stock_in_another_sellers_warehouse_is_refused(seller, owner, product, other_seller, other_owner):
    foreign = services.create_warehouse(seller=other_seller, actor=other_owner, name="Kho B")
    main = Warehouse.objects.get(seller=seller)
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        services.update_variant_stocks(variant=product.default_variant, actor=owner, stocks=[(main, 9), (foreign, 3)])
    assert (exc.value.code, exc.value.field) == ("NOT_FOUND", "warehouse")
    assert catalogue_state() == before


@pytest.mark.parametrize("quantity", [-1, 1.5, "nhiều"])
def test_bad_quantities_are_refused(seller, owner, product, quantity):
    main = Warehouse.objects.get(seller=seller)
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        services.update_variant_stocks(variant=product.default_variant, actor=owner, stocks=[(main, quantity)])
    assert exc.value.code == "INVALID_QUANTITY"
    assert catalogue_state() == before


def test_the_same_warehouse_twice_is_refused(seller, owner, product):
    main = Warehouse.objects.get(seller=seller)
    with pytest.raises(ProductError) as exc:
        services.update_variant_stocks(variant=product.default_variant, actor=owner, stocks=[(main, 1), (main, 2)])
    assert exc.value.code == "DUPLICATED_INPUT_ITEM"


def test_stock_cannot_go_below_what_orders_hold(seller, owner, product):
    main = Warehouse.objects.get(seller=seller)
    Stock.objects.filter(warehouse=main).update(quantity=5, quantity_allocated=3)
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        services.update_variant_stocks(variant=product.default_variant, actor=owner, stocks=[(main, 2)])
    assert exc.value.code == "INSUFFICIENT_STOCK" and "3" in exc.value.message
    with pytest.raises(ProductError) as exc:
        services.adjust_variant_stock(variant=product.default_variant, actor=owner, warehouse=main, delta=-3)
    assert exc.value.code == "INSUFFICIENT_STOCK"
    assert catalogue_state() == before
    services.update_variant_stocks(variant=product.default_variant, actor=owner, stocks=[(main, 3)])
    assert Stock.objects.get(warehouse=main).quantity == 3


def _run_in_threads(targets: list) -> list[BaseException]:
    barrier = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def run(target) -> None:
        try:
            barrier.wait()
            target()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_adjustments_all_count(seller, owner, product):
    main = Warehouse.objects.get(seller=seller)
    variant = product.default_variant

    def add_one() -> None:
        services.adjust_variant_stock(variant=variant, actor=owner, warehouse=main, delta=1)

    errors = _run_in_threads([add_one] * 8)
    assert errors == []
    assert Stock.objects.get(warehouse=main, product_variant=variant).quantity == 5 + 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_stock_updates_in_opposite_order_do_not_deadlock_or_mix(seller, owner, product):
    main = Warehouse.objects.get(seller=seller)
    second = services.create_warehouse(seller=seller, actor=owner, name="Kho phụ")
    variant = product.default_variant
    wanted = [[(main, 10), (second, 20)], [(second, 3), (main, 4)]] * 3

    targets = [lambda s=s: services.update_variant_stocks(variant=variant, actor=owner, stocks=s) for s in wanted]
    errors = _run_in_threads(targets)

    assert errors == []
    final = dict(Stock.objects.filter(product_variant=variant).values_list("warehouse_id", "quantity"))
    # One update wins whole: never main from one and second from the other.
    assert final in ({main.pk: 10, second.pk: 20}, {main.pk: 4, second.pk: 3})
