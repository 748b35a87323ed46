"""A seller's shipping methods: created, changed and removed through the
services, with every bad input refused and nothing changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from marketplace.shipping import services
from marketplace.shipping.demo import ensure_demo_shipping_methods
from marketplace.shipping.errors import ShippingError, ShippingValidationFailed
from marketplace.shipping.models import ShippingMethod, ShippingMethodKind, ShippingZone, WeightBand
from marketplace.shipping.permissions import get_shipping_method_for_user
from marketplace.shipping.pricing import available_methods, zone_province_codes
from marketplace.shipping.selectors import shipping_methods_of
from tests.factories import OperatorFactory, SellerFactory, SellerMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

FLAT = ShippingMethodKind.FLAT
STANDARD_ZONES = [{"provinces": ["19"], "fee": 30_000}, {"rest_of_country": True, "fee": 45_000}]


def stored_rules() -> tuple:
    return (
        list(ShippingMethod.objects.order_by("pk").values_list("name", "kind", "is_active", "free_over_amount")),
        list(ShippingZone.objects.order_by("pk").values_list("method_id", "is_rest_of_country", "fee")),
        list(WeightBand.objects.order_by("pk").values_list("method_id", "max_grams", "fee")),
    )


def errors_of(seller, owner, **spec) -> dict[str, str]:
    spec.setdefault("name", "Giao tiêu chuẩn")
    before = stored_rules()
    with pytest.raises(ShippingValidationFailed) as excinfo:
        services.create_shipping_method(seller=seller, actor=owner, **spec)
    assert stored_rules() == before
    return {error.field: error.code for error in excinfo.value.errors}


def test_a_flat_method_is_stored_with_its_zones(seller, owner):
    created = services.create_shipping_method(
        seller=seller,
        actor=owner,
        name="  Giao   tiêu chuẩn ",
        kind="FLAT",
        zones=[{"provinces": ["19", "01", "19"], "fee": "30000"}, {"rest_of_country": True, "fee": Decimal("45000")}],
        min_delivery_days=2,
        max_delivery_days="4",
    )
    [method] = shipping_methods_of(seller=seller)
    assert (method.pk, method.name, method.kind) == (created.pk, "Giao tiêu chuẩn", FLAT)
    assert [(sorted(zone_province_codes(z)), z.is_rest_of_country, z.fee) for z in method.zones.all()] == [
        (["01", "19"], False, 30_000),
        ([], True, 45_000),
    ]
    assert (method.min_delivery_days, method.max_delivery_days) == (2, 4)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"name": " "}, {"name": "REQUIRED"}),
        ({"name": "x" * 101}, {"name": "INVALID"}),
        ({"kind": "teleport"}, {"kind": "INVALID"}),
        ({"zones": []}, {"zones": "REQUIRED"}),
        ({"zones": [{"rest_of_country": True, "fee": -1}]}, {"zones": "INVALID"}),
        ({"zones": [{"rest_of_country": True, "fee": 30_000.5}]}, {"zones": "INVALID"}),
        ({"zones": [{"rest_of_country": True, "fee": True}]}, {"zones": "INVALID"}),
        ({"zones": [{"rest_of_country": True, "fee": "ba mươi nghìn"}]}, {"zones": "INVALID"}),
        ({"zones": [{"rest_of_country": True}]}, {"zones": "INVALID"}),
        ({"zones": [{"provinces": ["99"], "fee": 1}]}, {"zones": "INVALID"}),
        ({"zones": [{"fee": 1}]}, {"zones": "INVALID"}),
        ({"zones": [{"provinces": ["19"], "rest_of_country": True, "fee": 1}]}, {"zones": "INVALID"}),
        (
            {"zones": [{"provinces": ["19", "01"], "fee": 1}, {"provinces": ["01"], "fee": 2}]},
            {"zones": "DUPLICATED_INPUT_ITEM"},
        ),
        (
            {"zones": [{"rest_of_country": True, "fee": 1}, {"rest_of_country": True, "fee": 2}]},
            {"zones": "DUPLICATED_INPUT_ITEM"},
        ),
        ({"weight_bands": [{"max_grams": 1000, "fee": 1}]}, {"weight_bands": "INVALID"}),
        ({"free_over_amount": 500_000}, {"free_over_amount": "INVALID"}),
        ({"min_delivery_days": 5, "max_delivery_days": 2}, {"max_delivery_days": "INVALID"}),
        ({"min_delivery_days": -1}, {"min_delivery_days": "INVALID"}),
    ],
)
def test_bad_flat_methods_are_refused_and_nothing_is_stored(seller, owner, spec, expected):
    spec = {"kind": FLAT, "zones": STANDARD_ZONES, **spec}
    assert errors_of(seller, owner, **spec) == expected


@pytest.mark.parametrize(
    ("bands", "code"),
    [
        ([], "REQUIRED"),
        ([{"max_grams": 3000, "fee": 40_000}, {"max_grams": 1000, "fee": 25_000}], "INVALID"),
        ([{"max_grams": 1000, "fee": 25_000}, {"max_grams": 1000, "fee": 30_000}], "INVALID"),
        ([{"max_grams": 0, "fee": 25_000}], "INVALID"),
        ([{"max_grams": 1000, "fee": -25_000}], "INVALID"),
        ([{"max_grams": 1000 * n, "fee": 1} for n in range(1, 30)], "LIMIT_EXCEEDED"),
    ],
)
def test_weight_bands_must_be_positive_and_ascending(seller, owner, bands, code):
    assert errors_of(seller, owner, kind=ShippingMethodKind.WEIGHT, weight_bands=bands) == {"weight_bands": code}


def test_free_over_needs_a_whole_threshold(seller, owner):
    spec = {"kind": ShippingMethodKind.FREE_OVER, "zones": STANDARD_ZONES}
    assert errors_of(seller, owner, **spec) == {"free_over_amount": "REQUIRED"}
    assert errors_of(seller, owner, free_over_amount="500.000,5", **spec) == {"free_over_amount": "INVALID"}
    assert errors_of(seller, owner, free_over_amount=-1, **spec) == {"free_over_amount": "INVALID"}


def test_pickup_charges_no_fee(seller, owner):
    assert errors_of(seller, owner, kind=ShippingMethodKind.PICKUP, zones=[{"provinces": ["19"], "fee": 10_000}]) == {
        "zones": "INVALID"
    }


def test_names_are_unique_per_seller_whatever_the_case(seller, owner):
    services.create_shipping_method(seller=seller, actor=owner, name="Giao nhanh", kind=FLAT, zones=STANDARD_ZONES)
    assert errors_of(seller, owner, name="GIAO NHANH", kind=FLAT, zones=STANDARD_ZONES) == {"name": "UNIQUE"}
    other = SellerFactory()
    services.create_shipping_method(seller=other, actor=None, name="Giao nhanh", kind=FLAT, zones=STANDARD_ZONES)


def test_a_seller_has_at_most_twenty_methods(seller, owner):
    for n in range(services.MAX_METHODS_PER_SELLER):
        services.create_shipping_method(seller=seller, actor=owner, name=f"Nhận tại điểm {n}", kind="pickup")
    with pytest.raises(ShippingError) as excinfo:
        services.create_shipping_method(seller=seller, actor=owner, name="Thêm nữa", kind="pickup")
    assert excinfo.value.code == "LIMIT_EXCEEDED"
    assert ShippingMethod.objects.filter(seller=seller).count() == 20


def test_an_update_keeps_what_it_does_not_mention_and_replaces_zones_it_is_given(seller, owner):
    method = services.create_shipping_method(
        seller=seller, actor=owner, name="Giao tiêu chuẩn", kind=FLAT, zones=STANDARD_ZONES
    )
    method = services.update_shipping_method(method=method, actor=owner, name="Giao thường", max_delivery_days=5)
    assert (method.name, method.max_delivery_days, method.zones.count()) == ("Giao thường", 5, 2)
    method = services.update_shipping_method(
        method=method, actor=owner, zones=[{"provinces": ["19", "20"], "fee": 20_000}]
    )
    options = available_methods(seller=seller, destination_province_code="20", weight_grams=0, subtotal=0)
    assert [(o.name, o.fee) for o in options] == [("Giao thường", 20_000)]
    assert available_methods(seller=seller, destination_province_code="01", weight_grams=0, subtotal=0) == []


def test_a_refused_update_changes_nothing(seller, owner):
    method = services.create_shipping_method(
        seller=seller, actor=owner, name="Giao tiêu chuẩn", kind=FLAT, zones=STANDARD_ZONES
    )
    before = stored_rules()
    for changes in (
        {"zones": []},
        {"kind": ShippingMethodKind.WEIGHT},  # a weight method needs bands
        {"name": ""},
        {"zones": [{"provinces": ["19"], "fee": -5}]},
    ):
        with pytest.raises(ShippingValidationFailed):
            services.update_shipping_method(method=method, actor=owner, **changes)
    assert stored_rules() == before


def test_changing_the_kind_brings_the_rules_of_the_new_kind(seller, owner):
    method = services.create_shipping_method(
        seller=seller, actor=owner, name="Giao tiêu chuẩn", kind=FLAT, zones=STANDARD_ZONES
    )
    method = services.update_shipping_method(method=method, actor=owner, kind="free_over", free_over_amount=300_000)
    assert [
        o.fee
        for o in available_methods(seller=seller, destination_province_code="01", weight_grams=0, subtotal=300_000)
    ] == [0]
    method = services.update_shipping_method(
        method=method, actor=owner, kind="weight", zones=[], weight_bands=[{"max_grams": 2000, "fee": 35_000}]
    )
    assert method.free_over_amount is None
    assert [
        o.fee for o in available_methods(seller=seller, destination_province_code="96", weight_grams=2000, subtotal=0)
    ] == [35_000]


def test_deleting_a_method_removes_its_rules(seller, owner):
    method = services.create_shipping_method(
        seller=seller, actor=owner, name="Giao tiêu chuẩn", kind=FLAT, zones=STANDARD_ZONES
    )
    services.delete_shipping_method(method=method, actor=owner)
    assert stored_rules() == ([], [], [])


def test_only_members_of_the_seller_reach_its_methods(seller, owner):
    method = services.create_shipping_method(
        seller=seller, actor=owner, name="Giao tiêu chuẩn", kind=FLAT, zones=STANDARD_ZONES
    )
    staff = SellerMemberFactory(seller=seller, role="staff").user
    assert get_shipping_method_for_user(user=owner, method_id=method.pk) == method
    assert get_shipping_method_for_user(user=staff, method_id=str(method.pk)) == method
    other_owner = SellerMemberFactory().user
    for user, method_id in (
        (other_owner, method.pk),
        (UserFactory(), method.pk),
        (OperatorFactory(), method.pk),
        (AnonymousUser(), method.pk),
        (None, method.pk),
        (owner, "abc"),
        (owner, method.pk + 1000),
    ):
        with pytest.raises(ShippingError) as excinfo:
            get_shipping_method_for_user(user=user, method_id=method_id)
        assert excinfo.value.code == "NOT_FOUND"


def test_demo_methods_are_realistic_and_made_once(seller):
    ensure_demo_shipping_methods(seller)
    methods = ensure_demo_shipping_methods(seller)
    assert [m.name for m in methods] == ["Giao tiêu chuẩn", "Miễn phí cho đơn từ 500.000 ₫", "Nhận tại cơ sở"]

    def fees(province: str, subtotal: int) -> list[tuple[str, int]]:
        options = available_methods(
            seller=seller, destination_province_code=province, weight_grams=800, subtotal=subtotal
        )
        return [(o.name, o.fee) for o in options]

    assert fees("19", 200_000) == [
        ("Giao tiêu chuẩn", 30_000),
        ("Miễn phí cho đơn từ 500.000 ₫", 25_000),
        ("Nhận tại cơ sở", 0),
    ]
    assert fees("79", 500_000) == [("Giao tiêu chuẩn", 45_000), ("Miễn phí cho đơn từ 500.000 ₫", 0)]


def test_a_seller_without_an_address_gets_no_pickup():
    seller = SellerFactory(province=None, commune=None)
    assert [m.kind for m in ensure_demo_shipping_methods(seller)] == [FLAT, ShippingMethodKind.FREE_OVER]


def test_messages_are_vietnamese_first_and_translated_to_english(seller, owner):
    with pytest.raises(ShippingValidationFailed) as excinfo:
        services.create_shipping_method(seller=seller, actor=owner, name="", kind=FLAT, zones=STANDARD_ZONES)
    assert excinfo.value.errors[0].message == "Vui lòng nhập tên phương thức giao hàng."
    with translation.override("en"), pytest.raises(ShippingValidationFailed) as excinfo:
        services.create_shipping_method(seller=seller, actor=owner, name="", kind=FLAT, zones=STANDARD_ZONES)
    assert excinfo.value.errors[0].message == "Please enter a name for the shipping method."
