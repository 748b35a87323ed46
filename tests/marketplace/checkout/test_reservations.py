"""Stock reserved for carts: others cannot take it meanwhile, and an expired
reservation frees it."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.checkout import services
from marketplace.checkout.errors import CheckoutError
from marketplace.warehouse.models import Reservation
from marketplace.warehouse.reservations import available_quantities
from marketplace.warehouse.tasks import delete_expired_reservations_task
from tests.marketplace.checkout.helpers import shop_state


def _expire_all() -> None:
    Reservation.objects.update(reserved_until=timezone.now() - datetime.timedelta(seconds=1))


def test_reserved_units_are_not_available_to_others(channel, tea, settings):
    first = services.create_checkout(channel=channel, lines=[(tea, 8)])
    reservation = Reservation.objects.get()
    expected = timezone.now() + datetime.timedelta(minutes=settings.RESERVATION_MINUTES)
    assert abs((reservation.reserved_until - expected).total_seconds()) < 60
    assert available_quantities(channel_id=channel.pk, variant_ids=[tea.pk]) == {tea.pk: 2}
    assert available_quantities(channel_id=channel.pk, variant_ids=[tea.pk], checkout_token=first.pk) == {tea.pk: 10}
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.create_checkout(channel=channel, lines=[(tea, 3)])
    assert exc.value.code == "INSUFFICIENT_STOCK"
    assert shop_state() == before
    services.create_checkout(channel=channel, lines=[(tea, 2)])


def test_a_cart_may_grow_into_its_own_reservation(channel, tea):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 6)])
    services.update_lines(checkout=checkout, lines=[(tea, 10)])
    assert Reservation.objects.get().quantity == 10


def test_an_expired_reservation_frees_the_stock(channel, tea):
    services.create_checkout(channel=channel, lines=[(tea, 10)])
    _expire_all()
    assert available_quantities(channel_id=channel.pk, variant_ids=[tea.pk]) == {tea.pk: 10}
    services.create_checkout(channel=channel, lines=[(tea, 10)])
    assert Reservation.objects.count() == 2


def test_expired_reservations_are_deleted_by_the_task_and_the_command(channel, tea, squid):
    services.create_checkout(channel=channel, lines=[(tea, 1)])
    _expire_all()
    services.create_checkout(channel=channel, lines=[(squid, 1)])
    assert delete_expired_reservations_task() == 1
    assert list(Reservation.objects.values_list("checkout_line__variant_id", flat=True)) == [squid.pk]
    _expire_all()
    call_command("delete_expired_reservations")
    assert not Reservation.objects.exists()


def test_removing_a_line_releases_its_reservation(channel, tea):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 10)])
    services.update_lines(checkout=checkout, lines=[(tea, 0)])
    assert not Reservation.objects.exists()
    services.create_checkout(channel=channel, lines=[(tea, 10)])


def test_with_reservations_off_only_stock_is_checked(channel, tea, settings):
    settings.RESERVATION_MINUTES = 0
    services.create_checkout(channel=channel, lines=[(tea, 10)])
    services.create_checkout(channel=channel, lines=[(tea, 10)])
    assert not Reservation.objects.exists()
    with pytest.raises(CheckoutError) as exc:
        services.create_checkout(channel=channel, lines=[(tea, 11)])
    assert exc.value.code == "INSUFFICIENT_STOCK"
