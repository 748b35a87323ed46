"""Shipping addresses on the 2025 two-level model, and one delivery group per
seller with that seller's own shipping options and fee."""

from __future__ import annotations

import pytest

from marketplace.account.addresses import create_address
from marketplace.account.models import Address
from marketplace.checkout import services
from marketplace.checkout.errors import CheckoutError, CheckoutValidationFailed
from marketplace.checkout.models import Checkout, CheckoutDelivery
from marketplace.checkout.selectors import checkout_summary, get_checkout_for_user
from marketplace.core.money import Money
from marketplace.shipping.models import ShippingMethodKind
from marketplace.shipping.services import create_shipping_method
from tests.factories import commune_of
from tests.marketplace.checkout.helpers import SHIPPING_FEE_A, SHIPPING_FEE_B, address_data, ready_checkout, shop_state


def _summary(checkout, user=None):
    return checkout_summary(get_checkout_for_user(token=checkout.pk, user=user))


def test_the_shipping_address_is_validated_and_normalised(channel, tea):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    services.set_shipping_address(checkout=checkout, data=address_data(phone="+84 912-345-678"))
    address = Address.objects.get(pk=checkout.shipping_address_id)
    assert (address.user_id, address.province_id, address.phone) == (None, "22", "+84912345678")
    assert address.commune.province_id == "22"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"province": "99"}, "province", "INVALID"),
        ({"commune": "99999"}, "commune", "INVALID"),
        ({"commune": lambda: commune_of("01").code}, "commune", "INVALID"),
        ({"phone": "12345"}, "phone", "INVALID_PHONE"),
        ({"phone": "0912 345 678 999"}, "phone", "INVALID_PHONE"),
        ({"phone": ""}, "phone", "REQUIRED"),
        ({"street_address_1": " "}, "street_address_1", "REQUIRED"),
    ],
)
def test_bad_addresses_are_refused_by_field_and_change_nothing(channel, tea, change, field, code):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    services.set_shipping_address(checkout=checkout, data=address_data())
    change = {key: value() if callable(value) else value for key, value in change.items()}
    before = shop_state()
    with pytest.raises(CheckoutValidationFailed) as exc:
        services.set_shipping_address(checkout=checkout, data=address_data(**change))
    assert (field, code) in [(error.field, error.code) for error in exc.value.errors]
    assert shop_state() == before


def test_a_saved_address_is_copied_and_someone_elses_is_not_found(channel, tea, shopper, stranger):
    saved = create_address(user=shopper, data=address_data(street_address_1="5 Trần Hưng Đạo"))
    theirs = create_address(user=stranger, data=address_data())
    checkout = services.create_checkout(channel=channel, user=shopper, lines=[(tea, 1)])
    services.set_shipping_address(checkout=checkout, data=saved)
    copy = Address.objects.get(pk=checkout.shipping_address_id)
    assert copy.pk != saved.pk and copy.user_id is None and copy.street_address_1 == "5 Trần Hưng Đạo"
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.set_billing_address(checkout=checkout, data=theirs)
    assert exc.value.code == "NOT_FOUND"
    assert shop_state() == before


def test_replacing_an_address_leaves_no_orphan_copy(channel, tea):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    services.set_shipping_address(checkout=checkout, data=address_data())
    services.set_shipping_address(checkout=checkout, data=address_data(street_address_1="Số 9"))
    assert Address.objects.count() == 1


def test_one_delivery_group_per_seller_with_its_own_options(channel, tea, squid, seller_a, seller_b):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 2), (squid, 3)])
    summary = _summary(checkout)
    assert [g.seller for g in summary.groups] == [seller_a, seller_b]
    assert all(g.quotes == [] for g in summary.groups)  # no address yet
    services.set_shipping_address(checkout=checkout, data=address_data())
    summary = _summary(checkout)
    group_a, group_b = summary.groups
    assert [q.fee for q in group_a.quotes] == [SHIPPING_FEE_A]
    assert [q.fee for q in group_b.quotes] == [SHIPPING_FEE_B]
    assert (group_a.subtotal, group_b.subtotal) == (Money(240_000), Money(255_000))
    assert (group_a.weight_grams, group_b.weight_grams) == (400, 600)
    assert not summary.delivery_chosen and summary.shipping == Money(0)

    services.set_delivery_method(checkout=checkout, seller=seller_a, method_id=group_a.quotes[0].method_id)
    services.set_delivery_method(checkout=checkout, seller=seller_b.pk, method_id=group_b.quotes[0].method_id)
    summary = _summary(checkout)
    assert summary.delivery_chosen
    assert summary.subtotal == Money(495_000)
    assert summary.shipping == Money(SHIPPING_FEE_A + SHIPPING_FEE_B)
    assert summary.total == Money(495_000 + SHIPPING_FEE_A + SHIPPING_FEE_B)
    assert summary.quantity == 5


def test_choosing_again_replaces_the_sellers_choice_and_marks_the_cart_changed(channel, tea, seller_a):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    services.set_shipping_address(checkout=checkout, data=address_data())
    first = _summary(checkout).groups[0].quotes[0]
    express = create_shipping_method(
        seller=seller_a,
        actor=None,
        name="Hỏa tốc",
        kind=ShippingMethodKind.FLAT,
        zones=[{"rest_of_country": True, "fee": 45_000}],
    )
    services.set_delivery_method(checkout=checkout, seller=seller_a, method_id=first.method_id)
    chosen_at = Checkout.objects.get(pk=checkout.pk).last_change

    services.set_delivery_method(checkout=checkout, seller=seller_a, method_id=express.pk)

    (delivery,) = CheckoutDelivery.objects.filter(checkout_id=checkout.pk)
    assert (delivery.shipping_method_id, delivery.shipping_method_name, delivery.fee_amount) == (
        express.pk,
        "Hỏa tốc",
        45_000,
    )
    assert _summary(checkout).shipping == Money(45_000)
    assert Checkout.objects.get(pk=checkout.pk).last_change > chosen_at


def test_free_shipping_over_a_threshold_follows_the_cart(channel, tea, seller_a):
    method = create_shipping_method(
        seller=seller_a,
        actor=None,
        name="Miễn phí từ 300.000 ₫",
        kind=ShippingMethodKind.FREE_OVER,
        zones=[{"rest_of_country": True, "fee": 20_000}],
        free_over_amount=300_000,
    )
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    services.set_shipping_address(checkout=checkout, data=address_data())
    services.set_delivery_method(checkout=checkout, seller=seller_a, method_id=method.pk)
    assert _summary(checkout).shipping == Money(20_000)
    services.update_lines(checkout=checkout, lines=[(tea, 3)])  # 360.000 ₫
    assert _summary(checkout).shipping == Money(0)


def test_delivery_needs_an_address_and_one_of_the_sellers_options(channel, tea, squid, seller_a, seller_b):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    method_b = seller_b.shipping_methods.get()
    method_a = seller_a.shipping_methods.get()
    with pytest.raises(CheckoutError) as exc:
        services.set_delivery_method(checkout=checkout, seller=seller_a, method_id=method_a.pk)
    assert exc.value.code == "SHIPPING_ADDRESS_NOT_SET"
    services.set_shipping_address(checkout=checkout, data=address_data())
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.set_delivery_method(checkout=checkout, seller=seller_a, method_id=method_b.pk)
    assert (exc.value.code, exc.value.field) == ("DELIVERY_METHOD_NOT_APPLICABLE", "shipping_method_id")
    with pytest.raises(CheckoutError) as exc:
        services.set_delivery_method(checkout=checkout, seller=seller_b, method_id=method_b.pk)
    assert (exc.value.code, exc.value.field) == ("NOT_FOUND", "seller")
    assert shop_state() == before


def test_a_method_that_stops_serving_the_address_is_no_longer_chosen(channel, tea, seller_a):
    method = create_shipping_method(
        seller=seller_a,
        actor=None,
        name="Chỉ giao Quảng Ninh",
        kind=ShippingMethodKind.FLAT,
        zones=[{"provinces": ["22"], "fee": 15_000}],
    )
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    services.set_shipping_address(checkout=checkout, data=address_data())
    services.set_delivery_method(checkout=checkout, seller=seller_a, method_id=method.pk)
    assert _summary(checkout).groups[0].shipping_fee == Money(15_000)
    services.set_shipping_address(checkout=checkout, data=address_data(province="01", commune=commune_of("01").code))
    group = _summary(checkout).groups[0]
    assert group.delivery is not None and group.chosen is None and group.shipping_fee is None


def test_removing_a_sellers_last_line_drops_its_delivery_group(channel, tea, squid, seller_a, seller_b):
    checkout = ready_checkout(channel, [(tea, 1), (squid, 1)])
    assert CheckoutDelivery.objects.filter(checkout=checkout).count() == 2
    services.update_lines(checkout=checkout, lines=[(squid, 0)])
    assert list(CheckoutDelivery.objects.filter(checkout=checkout).values_list("seller_id", flat=True)) == [seller_a.pk]


def test_a_line_that_became_unsellable_shows_its_problem(channel, tea, squid, seller_b):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1), (squid, 1)])
    seller_b.status = "suspended"
    seller_b.save()
    problems = {line.variant.pk: line.problem for line in _summary(checkout).lines}
    assert problems == {tea.pk: None, squid.pk: "SELLER_UNAVAILABLE"}


def test_delivery_method_ids_may_come_as_text(channel, tea, seller_a):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    services.set_shipping_address(checkout=checkout, data=address_data())
    method = seller_a.shipping_methods.get()
    services.set_delivery_method(checkout=checkout, seller=str(seller_a.pk), method_id=str(method.pk))
    assert CheckoutDelivery.objects.get(checkout=checkout).shipping_method == method
    for bad in ("abc", None, -1):
        with pytest.raises(CheckoutError) as exc:
            services.set_delivery_method(checkout=checkout, seller=seller_a, method_id=bad)
        assert exc.value.code == "DELIVERY_METHOD_NOT_APPLICABLE"
