"""Fixtures and helpers shared by the checkout, order and payment tests: two
approved sellers with shipping methods and published products, a shopper, a
Vietnamese address, and a snapshot of everything a refused change must not
touch."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import pytest
from django.db import connection

from marketplace.account.models import Address
from marketplace.channel.models import Channel
from marketplace.checkout import services
from marketplace.checkout.models import Checkout, CheckoutDelivery, CheckoutLine
from marketplace.checkout.selectors import checkout_summary, get_checkout_for_user
from marketplace.order.models import Order, OrderEvent, OrderLine, SellerOrder
from marketplace.product.models import Product, ProductVariant
from marketplace.seller.models import Seller, SellerRole
from marketplace.shipping.models import ShippingMethod, ShippingMethodKind
from marketplace.shipping.services import create_shipping_method
from marketplace.warehouse.models import Allocation, Reservation, Stock
from payments.models import Transaction, TransactionEvent
from tests.factories import (
    OperatorFactory,
    ProductFactory,
    SellerFactory,
    SellerMemberFactory,
    UserFactory,
    commune_of,
    province,
    publish,
)

SHIPPING_FEE_A = 30_000
SHIPPING_FEE_B = 25_000


def address_data(**overrides: object) -> dict[str, object]:
    """A valid shipping address in Quảng Ninh (province 22)."""
    data: dict[str, object] = {
        "first_name": "Văn An",
        "last_name": "Nguyễn",
        "street_address_1": "12 Lê Thánh Tông",
        "province": "22",
        "commune": commune_of("22").code,
        "phone": "0912 345 678",
    }
    data.update(overrides)
    return data


def flat_method(seller: Seller, *, fee: int, name: str = "Giao tiêu chuẩn") -> ShippingMethod:
    return create_shipping_method(
        seller=seller,
        actor=None,
        name=name,
        kind=ShippingMethodKind.FLAT,
        zones=[{"rest_of_country": True, "fee": fee}],
        min_delivery_days=2,
        max_delivery_days=4,
    )


def variant_of(product: Product) -> ProductVariant:
    return product.default_variant


def stock_of(variant: ProductVariant) -> Stock:
    return Stock.objects.get(product_variant=variant)


def shop_state() -> dict[str, object]:
    """Everything checkout, order and payment services write."""
    return {
        "checkouts": sorted(Checkout.objects.values_list("pk", "email", "user_id", "shipping_address_id")),
        "lines": sorted(CheckoutLine.objects.values_list("checkout_id", "variant_id", "quantity")),
        "deliveries": sorted(CheckoutDelivery.objects.values_list("checkout_id", "seller_id", "shipping_method_id")),
        "reservations": sorted(Reservation.objects.values_list("checkout_line__variant_id", "stock_id", "quantity")),
        "stock": sorted(Stock.objects.values_list("pk", "quantity", "quantity_allocated")),
        "allocations": sorted(
            Allocation.objects.values_list("order_line_id", "stock_id", "quantity", "quantity_shipped")
        ),
        "orders": sorted(Order.objects.values_list("pk", "status", "charge_status")),
        "seller_orders": sorted(SellerOrder.objects.values_list("pk", "status", "carrier", "tracking_number")),
        "order_lines": OrderLine.objects.count(),
        "events": OrderEvent.objects.count(),
        "transactions": sorted(Transaction.objects.values_list("pk", "charged_amount", "authorized_amount")),
        "transaction_events": TransactionEvent.objects.count(),
        "addresses": Address.objects.count(),
    }


def ready_checkout(
    channel: Channel,
    lines: Sequence[tuple[ProductVariant, int]],
    *,
    user=None,
    email: str = "khach@example.vn",
) -> Checkout:
    """A checkout with ``lines``, an email, a shipping address and each
    seller's first shipping option chosen: ready to complete."""
    checkout = services.create_checkout(channel=channel, user=user, email=email, lines=lines)
    services.set_shipping_address(checkout=checkout, data=address_data())
    summary = checkout_summary(get_checkout_for_user(token=checkout.pk, user=user))
    for group in summary.groups:
        services.set_delivery_method(checkout=checkout, seller=group.seller, method_id=group.quotes[0].method_id)
    return checkout


def run_in_threads(targets: Sequence[Callable[[], object]], *, timeout: float = 120) -> list[object]:
    """Run each target in its own thread (and database connection), all
    released at once; returns each one's result or the exception it raised."""
    barrier = threading.Barrier(len(targets))
    results: list[object] = [None] * len(targets)

    def run(index: int, target: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = target()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return results


# --- fixtures --------------------------------------------------------------------------


@pytest.fixture
def owner_a(db):
    return UserFactory(email="chu.htx.a@example.vn")


@pytest.fixture
def owner_b(db):
    return UserFactory(email="chu.ho.b@example.vn")


@pytest.fixture
def seller_a(channel, owner_a) -> Seller:
    seller = SellerFactory(name="HTX Chè Tân Cương", slug="htx-che-tan-cuong", email="htx@example.vn")
    SellerMemberFactory(seller=seller, user=owner_a, role=SellerRole.OWNER)
    flat_method(seller, fee=SHIPPING_FEE_A)
    return seller


@pytest.fixture
def seller_b(channel, owner_b) -> Seller:
    seller = SellerFactory(
        name="Hộ Nguyễn Văn B", slug="ho-nguyen-van-b", province=province("22"), commune=commune_of("22")
    )
    SellerMemberFactory(seller=seller, user=owner_b, role=SellerRole.OWNER)
    flat_method(seller, fee=SHIPPING_FEE_B)
    return seller


@pytest.fixture
def product_a(seller_a, channel) -> Product:
    return publish(ProductFactory(seller=seller_a, name="Chè búp Tân Cương"), channel, price=120_000, stock=10)


@pytest.fixture
def product_b(seller_b, channel) -> Product:
    return publish(ProductFactory(seller=seller_b, name="Chả mực Hạ Long"), channel, price=85_000, stock=10)


@pytest.fixture
def tea(product_a) -> ProductVariant:
    return product_a.default_variant


@pytest.fixture
def squid(product_b) -> ProductVariant:
    return product_b.default_variant


@pytest.fixture
def shopper(db):
    return UserFactory(email="khach.quen@example.vn")


@pytest.fixture
def stranger(db):
    return UserFactory(email="nguoi.la@example.vn")


@pytest.fixture
def operator(db):
    return OperatorFactory(email="can.bo@ocop.example.vn")


@pytest.fixture
def order(channel, shopper, tea, squid) -> Order:
    """A cash-on-delivery order by ``shopper``: 2 tea from seller A, 1 squid from seller B."""
    checkout = ready_checkout(channel, [(tea, 2), (squid, 1)], user=shopper, email=shopper.email)
    return services.complete_checkout(checkout=checkout, user=shopper)


@pytest.fixture
def sub_a(order, seller_a) -> SellerOrder:
    return order.seller_orders.get(seller=seller_a)


@pytest.fixture
def sub_b(order, seller_b) -> SellerOrder:
    return order.seller_orders.get(seller=seller_b)
