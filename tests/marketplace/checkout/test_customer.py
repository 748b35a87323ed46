"""Carts and accounts: attaching, detaching, and a guest's cart surviving
sign-in by merging into the account's."""

from __future__ import annotations

import pytest

from marketplace.account.models import Address
from marketplace.checkout import services
from marketplace.checkout.errors import CheckoutError
from marketplace.checkout.models import Checkout, CheckoutDelivery, CheckoutLine
from marketplace.checkout.selectors import get_checkout_for_user
from marketplace.seller.models import SellerStatus
from marketplace.warehouse.models import Reservation, Stock
from tests.marketplace.checkout.helpers import address_data, ready_checkout, shop_state


def _lines(checkout) -> dict[int, int]:
    return dict(CheckoutLine.objects.filter(checkout=checkout).values_list("variant_id", "quantity"))


def _reserved(checkout) -> dict[int, int]:
    rows = Reservation.objects.filter(checkout_line__checkout=checkout)
    return dict(rows.values_list("checkout_line__variant_id", "quantity"))


def test_attach_and_detach(channel, tea, shopper, stranger):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    services.attach_customer(checkout=checkout, user=shopper)
    checkout.refresh_from_db()
    assert (checkout.user, checkout.email) == (shopper, shopper.email)
    with pytest.raises(CheckoutError):
        get_checkout_for_user(token=checkout.pk, user=None)
    before = shop_state()
    for call in (
        lambda: services.attach_customer(checkout=checkout, user=stranger),
        lambda: services.detach_customer(checkout=checkout, user=stranger),
    ):
        with pytest.raises(CheckoutError) as exc:
            call()
        assert exc.value.code == "NOT_FOUND"
    assert shop_state() == before
    services.detach_customer(checkout=checkout, user=shopper)
    assert get_checkout_for_user(token=checkout.pk, user=None).user is None


def test_without_an_account_cart_the_guest_cart_becomes_the_accounts(channel, tea, shopper):
    guest = services.create_checkout(channel=channel, email="khach@example.vn", lines=[(tea, 2)])
    merged = services.merge_guest_checkout_into_user(guest_checkout=guest, user=shopper)
    assert merged.pk == guest.pk and merged.user == shopper
    assert merged.email == "khach@example.vn"  # the email the guest typed is kept


def test_a_guest_cart_merges_into_the_accounts_cart(channel, tea, squid, shopper, seller_b):
    mine = services.create_checkout(channel=channel, user=shopper, lines=[(tea, 1)])
    guest = ready_checkout(channel, [(tea, 2), (squid, 3)])
    merged = services.merge_guest_checkout_into_user(guest_checkout=guest, user=shopper)
    assert merged.pk == mine.pk
    assert not Checkout.objects.filter(pk=guest.pk).exists()
    assert _lines(mine) == {tea.pk: 3, squid.pk: 3}
    assert _reserved(mine) == {tea.pk: 3, squid.pk: 3}
    assert Reservation.objects.count() == 2
    mine.refresh_from_db()
    assert mine.shipping_address is not None and mine.shipping_address.province_id == "22"
    assert set(CheckoutDelivery.objects.filter(checkout=mine).values_list("seller_id", flat=True)) >= {seller_b.pk}


def test_merged_quantities_are_capped_by_limit_and_stock(channel, tea, squid, shopper, settings):
    settings.CHECKOUT_MAX_LINE_QUANTITY = 8
    mine = services.create_checkout(channel=channel, user=shopper, lines=[(tea, 5), (squid, 4)])
    guest = services.create_checkout(channel=channel, lines=[(tea, 5), (squid, 3)])
    # Someone else holds 4 of the 10 jars of squid.
    services.create_checkout(channel=channel, lines=[(squid, 3)])
    services.merge_guest_checkout_into_user(guest_checkout=guest, user=shopper)
    # tea: 5 + 5 capped by the line limit 8; squid: 4 + 3 capped by the 7 still free.
    assert _lines(mine) == {tea.pk: 8, squid.pk: 7}
    assert _reserved(mine) == {tea.pk: 8, squid.pk: 7}


def test_lines_no_longer_for_sale_are_dropped_in_the_merge(channel, tea, squid, shopper, seller_b):
    mine = services.create_checkout(channel=channel, user=shopper, lines=[(tea, 1)])
    guest = services.create_checkout(channel=channel, lines=[(squid, 2)])
    seller_b.status = SellerStatus.SUSPENDED
    seller_b.save()
    services.merge_guest_checkout_into_user(guest_checkout=guest, user=shopper)
    assert _lines(mine) == {tea.pk: 1}
    assert Stock.objects.get(product_variant=squid).quantity_allocated == 0
    assert not Reservation.objects.filter(checkout_line__variant=squid).exists()


def test_another_accounts_cart_cannot_be_merged(channel, tea, shopper, stranger):
    services.create_checkout(channel=channel, user=shopper, lines=[(tea, 1)])
    theirs = services.create_checkout(channel=channel, user=stranger, lines=[(tea, 1)])
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.merge_guest_checkout_into_user(guest_checkout=theirs, user=shopper)
    assert exc.value.code == "NOT_FOUND"
    assert shop_state() == before


def test_the_guest_address_fills_only_what_the_account_cart_lacks(channel, tea, shopper):
    mine = services.create_checkout(channel=channel, user=shopper, lines=[(tea, 1)])
    services.set_shipping_address(checkout=mine, data=address_data(street_address_1="Nhà riêng"))
    guest = services.create_checkout(channel=channel, lines=[(tea, 1)])
    services.set_shipping_address(checkout=guest, data=address_data(street_address_1="Nhà khách"))
    services.merge_guest_checkout_into_user(guest_checkout=guest, user=shopper)
    mine.refresh_from_db()
    assert mine.shipping_address.street_address_1 == "Nhà riêng"
    assert Address.objects.count() == 1  # the guest's copy went with its cart
