"""Completing a checkout: one order for the shopper, one sub-order per
seller, snapshots, totals, stock allocated, cash on delivery — and every
refusal leaving everything as it was."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import translation

from marketplace.account.models import Address
from marketplace.checkout import services
from marketplace.checkout.errors import CheckoutError
from marketplace.checkout.models import Checkout
from marketplace.order.models import Order, OrderChargeStatus, OrderStatus, SellerOrderStatus
from marketplace.product.models import ProductChannelListing
from marketplace.seller.models import SellerStatus
from marketplace.warehouse.models import Allocation, Reservation
from payments.models import TransactionEventType
from tests.marketplace.checkout.helpers import (
    SHIPPING_FEE_A,
    SHIPPING_FEE_B,
    address_data,
    ready_checkout,
    shop_state,
    stock_of,
)


def test_a_two_seller_cart_becomes_one_order_with_two_sub_orders(
    channel, tea, squid, seller_a, seller_b, django_capture_on_commit_callbacks
):
    checkout = ready_checkout(channel, [(tea, 2), (squid, 3)])
    services.set_customer_note(checkout=checkout, note="Giao giờ hành chính")
    with django_capture_on_commit_callbacks(execute=True):
        order = services.complete_checkout(checkout=checkout)

    assert re.fullmatch(r"OC-\d{4}-\d{6}", order.number)
    assert (order.status, order.charge_status, order.payment_gateway) == (
        OrderStatus.CONFIRMED,
        OrderChargeStatus.NONE,
        "cod",
    )
    assert order.user is None and order.user_email == "khach@example.vn"
    assert order.customer_note == "Giao giờ hành chính"
    assert order.subtotal_amount == 2 * 120_000 + 3 * 85_000
    assert order.shipping_amount == SHIPPING_FEE_A + SHIPPING_FEE_B
    assert order.total_amount == order.subtotal_amount + order.shipping_amount

    sub_a, sub_b = order.seller_orders.order_by("number")
    assert (sub_a.seller, sub_b.seller) == (seller_a, seller_b)
    assert (sub_a.number, sub_b.number) == (f"{order.number}-1", f"{order.number}-2")
    assert {sub_a.status, sub_b.status} == {SellerOrderStatus.CONFIRMED}
    assert (sub_a.subtotal_amount, sub_a.shipping_amount, sub_a.total_amount) == (240_000, SHIPPING_FEE_A, 270_000)
    assert (sub_b.subtotal_amount, sub_b.shipping_amount) == (255_000, SHIPPING_FEE_B)
    assert sub_a.shipping_method_name == "Giao tiêu chuẩn"

    (line_a,) = sub_a.lines.all()
    assert (line_a.product_name, line_a.variant_name, line_a.product_sku) == (
        "Chè búp Tân Cương",
        "Gói 200 g",
        tea.sku,
    )
    assert (line_a.quantity, line_a.unit_price_amount, line_a.total_price_amount) == (2, 120_000, 240_000)

    # Stock: allocated, not yet taken out; the reservations became allocations.
    assert (stock_of(tea).quantity, stock_of(tea).quantity_allocated) == (10, 2)
    assert (stock_of(squid).quantity, stock_of(squid).quantity_allocated) == (10, 3)
    assert sorted(Allocation.objects.values_list("quantity", flat=True)) == [2, 3]
    assert not Reservation.objects.exists()

    # The cart is gone; the order has its own address copies.
    assert not Checkout.objects.filter(pk=checkout.pk).exists()
    assert order.shipping_address.user_id is None and order.shipping_address.province_id == "22"
    assert Address.objects.count() == 1

    (tx,) = order.transactions.all()
    assert (tx.gateway, tx.charged_amount, tx.authorized_amount) == ("cod", 0, 0)
    assert [e.type for e in tx.events.all()] == [TransactionEventType.INFO]
    assert tx.events.get().message == "Thanh toán khi nhận hàng"
    assert list(order.events.values_list("action", flat=True)) == ["placed"]

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(["khach@example.vn", "chu.htx.a@example.vn", "htx@example.vn", "chu.ho.b@example.vn"])
    buyer_mail = next(m for m in mail.outbox if m.to == ["khach@example.vn"])
    assert order.number in buyer_mail.subject and "Thanh toán khi nhận hàng" not in buyer_mail.subject
    assert "/don-hang/" in buyer_mail.body and "Chả mực Hạ Long" in buyer_mail.body
    seller_b_mail = next(m for m in mail.outbox if m.to == ["chu.ho.b@example.vn"])
    assert "Chả mực Hạ Long" in seller_b_mail.body and "Chè búp" not in seller_b_mail.body
    assert "0912 345 678" in seller_b_mail.body and "khach@example.vn" not in seller_b_mail.body


def test_completing_twice_returns_the_same_order(channel, tea):
    checkout = ready_checkout(channel, [(tea, 2)])
    order = services.complete_checkout(checkout=checkout)
    again = services.complete_checkout(checkout=checkout)
    assert again == order
    assert Order.objects.count() == 1
    assert stock_of(tea).quantity_allocated == 2


def test_the_same_idempotency_key_returns_the_same_order(channel, tea):
    first = ready_checkout(channel, [(tea, 1)])
    order = services.complete_checkout(checkout=first, idempotency_key="k-1")
    second = ready_checkout(channel, [(tea, 1)])
    assert services.complete_checkout(checkout=second, idempotency_key="k-1") == order
    assert Order.objects.count() == 1
    with pytest.raises(CheckoutError) as exc:
        services.complete_checkout(checkout=second, idempotency_key="x" * 200)
    assert (exc.value.code, exc.value.field) == ("INVALID", "idempotency_key")


def test_a_signed_in_shopper_completing_a_guest_cart_owns_the_order(channel, tea, shopper):
    checkout = ready_checkout(channel, [(tea, 1)])
    order = services.complete_checkout(checkout=checkout, user=shopper)
    assert order.user == shopper


def test_an_account_cart_completes_only_for_its_owner(channel, tea, shopper, stranger):
    checkout = ready_checkout(channel, [(tea, 1)], user=shopper, email=shopper.email)
    before = shop_state()
    for user in (None, stranger):
        with pytest.raises(CheckoutError) as exc:
            services.complete_checkout(checkout=checkout, user=user)
        assert exc.value.code == "NOT_FOUND"
    assert shop_state() == before
    order = services.complete_checkout(checkout=checkout, user=shopper)
    assert order.user == shopper
    with pytest.raises(CheckoutError):  # the completed cart does not hand its order to others
        services.complete_checkout(checkout=checkout, user=stranger)


def _refused(checkout, code: str, **kwargs) -> CheckoutError:
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.complete_checkout(checkout=checkout, **kwargs)
    assert exc.value.code == code
    assert shop_state() == before
    return exc.value


def test_completion_needs_lines_email_address_and_delivery(channel, tea, squid, seller_b):
    empty = services.create_checkout(channel=channel, email="a@example.vn")
    _refused(empty, "NO_LINES")
    no_email = services.create_checkout(channel=channel, lines=[(tea, 1)])
    _refused(no_email, "EMAIL_NOT_SET")
    no_address = services.create_checkout(channel=channel, email="a@example.vn", lines=[(tea, 1)])
    _refused(no_address, "SHIPPING_ADDRESS_NOT_SET")
    half = ready_checkout(channel, [(tea, 1)])
    services.add_lines(checkout=half, lines=[(squid, 1)])
    error = _refused(half, "SHIPPING_METHOD_NOT_SET")
    assert seller_b.name in error.message


def test_a_product_unpublished_after_adding_is_refused_at_completion(channel, tea, squid, product_b):
    checkout = ready_checkout(channel, [(tea, 1), (squid, 1)])
    ProductChannelListing.objects.filter(product=product_b).update(is_published=False)
    assert _refused(checkout, "PRODUCT_NOT_PUBLISHED").variants == [squid.pk]


def test_a_seller_suspended_after_adding_is_refused_at_completion(channel, tea, squid, seller_a):
    checkout = ready_checkout(channel, [(tea, 1), (squid, 1)])
    seller_a.status = SellerStatus.SUSPENDED
    seller_a.save()
    assert _refused(checkout, "SELLER_UNAVAILABLE").variants == [tea.pk]


def test_a_delivery_method_no_longer_applicable_is_refused(channel, tea, seller_a):
    checkout = ready_checkout(channel, [(tea, 1)])
    seller_a.shipping_methods.update(is_active=False)
    _refused(checkout, "DELIVERY_METHOD_NOT_APPLICABLE")


def test_an_unknown_payment_gateway_is_refused(channel, tea):
    checkout = ready_checkout(channel, [(tea, 1)])
    error = _refused(checkout, "PAYMENT_ERROR", payment_gateway="bitcoin")
    assert error.field == "payment_gateway"


def test_stock_sold_elsewhere_meanwhile_is_refused_and_changes_nothing(channel, tea, squid):
    checkout = ready_checkout(channel, [(tea, 4), (squid, 1)])
    # The reservation expired and another shopper bought 8 of the 10 jars.
    Reservation.objects.update(reserved_until="2000-01-01T00:00:00Z")
    other = ready_checkout(channel, [(tea, 8)])
    services.complete_checkout(checkout=other)
    error = _refused(checkout, "INSUFFICIENT_STOCK")
    assert error.variants == [tea.pk]
    assert stock_of(tea).quantity_allocated == 8 and stock_of(squid).quantity_allocated == 0


def test_billing_address_defaults_to_the_shipping_address(channel, tea):
    checkout = ready_checkout(channel, [(tea, 1)])
    order = services.complete_checkout(checkout=checkout)
    assert order.billing_address_id == order.shipping_address_id
    other = ready_checkout(channel, [(tea, 1)])
    services.set_billing_address(checkout=other, data=address_data(company_name="HTX Hạ Long"))
    order = services.complete_checkout(checkout=other)
    assert order.billing_address.company_name == "HTX Hạ Long"
    assert order.billing_address_id != order.shipping_address_id


def test_messages_and_emails_follow_the_shoppers_language(channel, tea, django_capture_on_commit_callbacks):
    with translation.override("en"):
        with pytest.raises(CheckoutError) as exc:
            services.create_checkout(channel=channel, lines=[(tea, 0)])
    assert exc.value.message == "The quantity must be greater than 0."
    checkout = services.create_checkout(
        channel=channel, email="guest@example.com", lines=[(tea, 1)], language_code="en"
    )
    services.set_shipping_address(checkout=checkout, data=address_data())
    method = tea.product.seller.shipping_methods.get()
    services.set_delivery_method(checkout=checkout, seller=tea.product.seller, method_id=method.pk)
    with django_capture_on_commit_callbacks(execute=True):
        order = services.complete_checkout(checkout=checkout)
    buyer_mail = next(m for m in mail.outbox if m.to == ["guest@example.com"])
    assert buyer_mail.subject == f"Chợ OCOP has received order {order.number}"
    assert "You pay in cash on delivery." in buyer_mail.body
    seller_mail = next(m for m in mail.outbox if m.to == ["chu.htx.a@example.vn"])
    assert seller_mail.subject.startswith("Đơn hàng mới")  # the seller reads Vietnamese
