"""What each kind of shipping method charges, and the delivery options a
multi-seller checkout shows (one group per seller, in fixed queries)."""

from __future__ import annotations

import pytest

from marketplace.shipping.errors import ShippingError
from marketplace.shipping.models import ShippingMethodKind
from marketplace.shipping.pricing import available_methods, available_methods_for_sellers, offer_queryset, quote
from marketplace.shipping.services import create_shipping_method, update_shipping_method
from tests.factories import SellerFactory

pytestmark = pytest.mark.django_db

THAI_NGUYEN, HA_NOI, QUANG_NINH, CA_MAU = "19", "01", "22", "96"


def method(seller, **spec):
    spec.setdefault("name", f"Phương thức {spec['kind']}")
    created = create_shipping_method(seller=seller, actor=None, **spec)
    return offer_queryset().get(pk=created.pk)


def fee(m, province=HA_NOI, *, weight=500, subtotal=200_000):
    found = quote(method=m, destination_province_code=province, weight_grams=weight, subtotal=subtotal)
    return None if found is None else found.fee


def test_flat_fee_by_zone_with_every_other_province(seller):
    standard = method(
        seller,
        name="Giao tiêu chuẩn",
        kind=ShippingMethodKind.FLAT,
        zones=[
            {"provinces": [THAI_NGUYEN], "fee": 30_000},
            {"provinces": [HA_NOI, QUANG_NINH], "fee": 35_000},
            {"rest_of_country": True, "fee": 45_000},
        ],
        min_delivery_days=2,
        max_delivery_days=4,
    )
    assert fee(standard, THAI_NGUYEN) == 30_000
    assert fee(standard, HA_NOI) == fee(standard, QUANG_NINH) == 35_000
    assert fee(standard, CA_MAU) == 45_000
    offer = quote(method=standard, destination_province_code=CA_MAU, weight_grams=50_000, subtotal=0)
    assert (offer.method_id, offer.seller_id, offer.name, offer.eta_days) == (
        standard.pk,
        seller.pk,
        "Giao tiêu chuẩn",
        (2, 4),
    )


def test_a_method_without_an_other_provinces_zone_does_not_serve_them(seller):
    local = method(seller, kind=ShippingMethodKind.FLAT, zones=[{"provinces": [THAI_NGUYEN, HA_NOI], "fee": 20_000}])
    assert fee(local, HA_NOI) == 20_000
    assert fee(local, CA_MAU) is None


def test_weight_bands_include_their_upper_edge(seller):
    by_weight = method(
        seller,
        kind=ShippingMethodKind.WEIGHT,
        weight_bands=[
            {"max_grams": 1_000, "fee": 25_000},
            {"max_grams": 3_000, "fee": 40_000},
            {"max_grams": 10_000, "fee": 70_000},
        ],
    )
    assert [fee(by_weight, weight=w) for w in (0, 1_000, 1_001, 3_000, 3_001, 10_000)] == [
        25_000,
        25_000,
        40_000,
        40_000,
        70_000,
        70_000,
    ]
    assert fee(by_weight, weight=10_001) is None  # heavier than the last band
    assert fee(by_weight, CA_MAU) == 25_000  # without zones it goes everywhere


def test_zones_limit_a_weight_method_and_add_a_remote_area_surcharge(seller):
    by_weight = method(
        seller,
        kind=ShippingMethodKind.WEIGHT,
        weight_bands=[{"max_grams": 2_000, "fee": 30_000}],
        zones=[{"provinces": [THAI_NGUYEN], "fee": 0}, {"provinces": [CA_MAU], "fee": 15_000}],
    )
    assert fee(by_weight, THAI_NGUYEN) == 30_000
    assert fee(by_weight, CA_MAU) == 45_000
    assert fee(by_weight, HA_NOI) is None


def test_free_over_a_threshold_otherwise_the_zone_fee(seller):
    free_over = method(
        seller,
        kind=ShippingMethodKind.FREE_OVER,
        free_over_amount=500_000,
        zones=[{"provinces": [THAI_NGUYEN], "fee": 25_000}, {"rest_of_country": True, "fee": 40_000}],
    )
    assert fee(free_over, THAI_NGUYEN, subtotal=499_999) == 25_000
    assert fee(free_over, CA_MAU, subtotal=499_999) == 40_000
    assert fee(free_over, THAI_NGUYEN, subtotal=500_000) == 0
    assert fee(free_over, CA_MAU, subtotal=2_000_000) == 0


def test_pickup_is_free_whatever_the_weight_and_offered_only_in_its_zones(seller):
    pickup = method(
        seller, name="Nhận tại vườn", kind=ShippingMethodKind.PICKUP, zones=[{"provinces": [THAI_NGUYEN], "fee": 0}]
    )
    assert fee(pickup, THAI_NGUYEN, weight=80_000, subtotal=10_000) == 0
    assert fee(pickup, HA_NOI) is None
    anywhere = method(seller, name="Nhận tại cửa hàng", kind=ShippingMethodKind.PICKUP)
    assert fee(anywhere, CA_MAU) == 0


def test_an_inactive_method_offers_nothing(seller):
    paused = method(
        seller, kind=ShippingMethodKind.FLAT, zones=[{"rest_of_country": True, "fee": 30_000}], is_active=False
    )
    assert fee(paused) is None
    assert available_methods(seller=seller, destination_province_code=HA_NOI, weight_grams=1, subtotal=1) == []


@pytest.mark.parametrize(("weight", "subtotal", "field"), [(-1, 0, "weight_grams"), (0, -5, "subtotal")])
def test_negative_weights_and_subtotals_are_refused(seller, weight, subtotal, field):
    flat = method(seller, kind=ShippingMethodKind.FLAT, zones=[{"rest_of_country": True, "fee": 30_000}])
    with pytest.raises(ShippingError) as excinfo:
        quote(method=flat, destination_province_code=HA_NOI, weight_grams=weight, subtotal=subtotal)
    assert (excinfo.value.code, excinfo.value.field) == ("INVALID", field)


def test_a_seller_lists_its_options_in_its_own_order(seller):
    pickup = method(seller, name="Nhận tại cơ sở", kind=ShippingMethodKind.PICKUP)
    flat = method(seller, kind=ShippingMethodKind.FLAT, zones=[{"rest_of_country": True, "fee": 30_000}])
    assert [
        o.method_id
        for o in available_methods(seller=seller, destination_province_code=HA_NOI, weight_grams=0, subtotal=0)
    ] == [pickup.pk, flat.pk]
    update_shipping_method(method=flat, actor=None, sort_order=0)
    options = available_methods(seller=seller, destination_province_code=HA_NOI, weight_grams=0, subtotal=0)
    assert [(o.method_id, o.fee) for o in options] == [(flat.pk, 30_000), (pickup.pk, 0)]


def _seller_with_three_methods(n: int):
    seller = SellerFactory()
    method(
        seller,
        name="Giao tiêu chuẩn",
        kind=ShippingMethodKind.FLAT,
        zones=[{"provinces": [THAI_NGUYEN], "fee": 30_000}, {"rest_of_country": True, "fee": 45_000 + n}],
    )
    method(
        seller,
        name="Theo cân nặng",
        kind=ShippingMethodKind.WEIGHT,
        weight_bands=[{"max_grams": 1_000, "fee": 20_000}, {"max_grams": 5_000, "fee": 50_000}],
    )
    method(
        seller, name="Nhận tại cơ sở", kind=ShippingMethodKind.PICKUP, zones=[{"provinces": [THAI_NGUYEN], "fee": 0}]
    )
    return seller


@pytest.mark.parametrize("sellers", [2, 10])
def test_delivery_groups_for_many_sellers_take_one_query(sellers, django_assert_num_queries):
    group = [_seller_with_three_methods(n) for n in range(sellers)]
    nothing = SellerFactory()  # sells but ships nowhere yet
    ids = [s.pk for s in group] + [nothing.pk]
    with django_assert_num_queries(1):
        options = available_methods_for_sellers(
            seller_ids=ids,
            destination_province_code=HA_NOI,
            weights={s.pk: 1_500 for s in group},
            subtotals={s.pk: 300_000 for s in group},
        )
    assert set(options) == set(ids)
    assert options[nothing.pk] == []
    for n, seller in enumerate(group):
        assert [(o.name, o.fee) for o in options[seller.pk]] == [
            ("Giao tiêu chuẩn", 45_000 + n),
            ("Theo cân nặng", 50_000),
        ]
    at_home = available_methods_for_sellers(
        seller_ids=[group[0].pk], destination_province_code=THAI_NGUYEN, weights={}, subtotals={}
    )
    assert [(o.name, o.fee) for o in at_home[group[0].pk]] == [
        ("Giao tiêu chuẩn", 30_000),
        ("Theo cân nặng", 20_000),
        ("Nhận tại cơ sở", 0),
    ]


def test_no_sellers_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert (
            available_methods_for_sellers(seller_ids=[], destination_province_code=HA_NOI, weights={}, subtotals={})
            == {}
        )
