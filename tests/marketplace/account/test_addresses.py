"""Vietnamese addresses: validation on the two-level model, phones, and the
shopper's address book."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from marketplace.account import addresses
from marketplace.account.addresses import AddressError, AddressValidationFailed, validate_address
from marketplace.account.models import Address
from marketplace.core.text import search_normalize
from marketplace.geography.models import Commune, Province
from tests.factories import UserFactory, commune_of

pytestmark = pytest.mark.django_db

HA_TU = "06652"  # Phường Hà Tu, Quảng Ninh ("22")


def address_input(**changes) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "An",
        "last_name": "Nguyễn Văn",
        "street_address_1": "Số 12, tổ 3, khu 5",
        "province": "22",
        "commune": HA_TU,
        "phone": "0912 345 678",
    }
    data.update(changes)
    return data


def errors_of(data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(AddressValidationFailed) as excinfo:
        validate_address(data)
    return {error.field: error.code for error in excinfo.value.errors}


@pytest.fixture
def shopper():
    return UserFactory(email="nguoi.mua@example.vn")


@pytest.fixture
def other_shopper():
    return UserFactory(email="nguoi.khac@example.vn")


# --- validation ---------------------------------------------------------------------


def test_an_address_given_by_codes_is_resolved_and_normalised():
    checked = validate_address(address_input(street_address_1="  Số 12,   tổ 3 ", postal_code="01 000"))
    assert (checked.province_code, checked.province_name) == ("22", "Tỉnh Quảng Ninh")
    assert (checked.commune_code, checked.commune_name) == (HA_TU, "Phường Hà Tu")
    assert checked.street_address_1 == "Số 12, tổ 3"
    assert checked.phone == "+84912345678"
    assert checked.phone_national == "0912 345 678"
    assert checked.postal_code == "01000"
    assert checked.country == "VN"


@pytest.mark.parametrize(
    ("province", "commune"),
    [
        ("quang ninh", "ha tu"),
        ("Tỉnh Quảng Ninh", "Phường Hà Tu"),
        ("QUẢNG NINH", "phuong ha tu"),
        ("22", "Hà Tu"),
        (22, 6652),  # codes sent as JSON numbers
    ],
)
def test_names_are_tolerated_without_case_or_diacritics(province, commune):
    checked = validate_address(address_input(province=province, commune=commune))
    assert (checked.province_code, checked.commune_code) == ("22", HA_TU)


def test_saleor_field_names_country_area_and_city_are_understood():
    data = address_input(country_area="22", city=HA_TU)
    del data["province"], data["commune"]
    checked = validate_address(data)
    assert (checked.province_code, checked.commune_code) == ("22", HA_TU)


def test_names_that_differ_only_by_diacritics_need_the_exact_spelling():
    # Thái Nguyên has both "Xã Văn Lang" and "Xã Văn Lăng".
    assert validate_address(address_input(province="19", commune="Văn Lăng")).commune_name == "Xã Văn Lăng"
    assert validate_address(address_input(province="19", commune="xã văn lang")).commune_name == "Xã Văn Lang"
    assert errors_of(address_input(province="19", commune="van lang")) == {"commune": "INVALID"}


def test_every_required_field_is_reported_at_once():
    assert errors_of({}) == {
        "first_name": "REQUIRED",
        "street_address_1": "REQUIRED",
        "province": "REQUIRED",
        "commune": "REQUIRED",
        "phone": "REQUIRED",
    }
    assert errors_of(address_input(first_name=" ", last_name="", street_address_1="\t")) == {
        "first_name": "REQUIRED",
        "street_address_1": "REQUIRED",
    }


def test_one_name_part_is_enough():
    assert validate_address(address_input(first_name="", last_name="Trần Thị Bình")).last_name == "Trần Thị Bình"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"province": "99"}, {"province": "INVALID"}),
        ({"province": "Hà Tây"}, {"province": "INVALID"}),  # merged away long ago
        ({"commune": "99999"}, {"commune": "INVALID"}),
        ({"commune": "Phường Không Có"}, {"commune": "INVALID"}),
        ({"province": "99", "commune": ""}, {"province": "INVALID", "commune": "REQUIRED"}),
        ({"country": "US"}, {"country": "INVALID"}),
        ({"postal_code": "1234"}, {"postal_code": "INVALID"}),
        ({"street_address_2": "x" * 257}, {"street_address_2": "INVALID"}),
    ],
)
def test_unknown_divisions_and_malformed_fields_are_invalid(changes, expected):
    assert errors_of(address_input(**changes)) == expected


def test_a_commune_of_another_province_is_invalid():
    thai_nguyen_commune = commune_of("19")
    errors = errors_of(address_input(province="22", commune=thai_nguyen_commune.code))
    assert errors == {"commune": "INVALID"}
    with pytest.raises(AddressValidationFailed) as excinfo:
        validate_address(address_input(province="22", commune=thai_nguyen_commune.code))
    assert "không thuộc" in excinfo.value.errors[0].message


@pytest.mark.parametrize("raw", ["0912 345 678", "0912345678", "+84912345678", "84912345678", "+84 912-345-678"])
def test_mobile_numbers_in_every_usual_form_normalise_to_the_same_e164(raw):
    assert validate_address(address_input(phone=raw)).phone == "+84912345678"


def test_landlines_are_accepted_and_shown_nationally():
    checked = validate_address(address_input(phone="(024) 3825-1234"))
    assert checked.phone == "+842438251234"
    assert checked.phone_national == "024 3825 1234"


@pytest.mark.parametrize("raw", ["12345", "0123", "+14155552671", "1900 1234", "0912 345 678 999", "số điện thoại"])
def test_short_foreign_service_or_garbage_numbers_are_invalid_phone(raw):
    assert errors_of(address_input(phone=raw)) == {"phone": "INVALID_PHONE"}


def test_validation_reads_a_single_query_when_codes_are_given(django_assert_num_queries):
    with django_assert_num_queries(1):
        validate_address(address_input())


# --- the address book ------------------------------------------------------------


def test_the_first_address_becomes_both_defaults_the_next_ones_do_not(shopper):
    first = addresses.create_address(user=shopper, data=address_input())
    second = addresses.create_address(
        user=shopper, data=address_input(first_name="Bình", province="19", commune=commune_of("19").code)
    )
    assert (first.is_default_shipping, first.is_default_billing) == (True, True)
    assert (second.is_default_shipping, second.is_default_billing) == (False, False)


def test_bad_input_creates_nothing(shopper):
    with pytest.raises(AddressValidationFailed):
        addresses.create_address(user=shopper, data=address_input(phone="0123"))
    assert not Address.objects.exists()


def test_a_guest_has_no_address_book():
    with pytest.raises(AddressError) as excinfo:
        addresses.create_address(user=AnonymousUser(), data=address_input())
    assert excinfo.value.code == "PERMISSION_DENIED"
    assert not Address.objects.exists()


def test_a_created_address_prints_like_a_parcel_label(shopper):
    address = addresses.create_address(user=shopper, data=address_input(company_name="HTX Hạ Long"))
    address = addresses.get_address_for_user(user=shopper, address_id=address.pk)
    assert address.lines() == [
        "Nguyễn Văn An (HTX Hạ Long)",
        "Số 12, tổ 3, khu 5",
        "Phường Hà Tu, Tỉnh Quảng Ninh",
        "0912 345 678",
    ]


def test_an_update_keeps_the_fields_it_does_not_mention(shopper):
    address = addresses.create_address(user=shopper, data=address_input())
    addresses.update_address(user=shopper, address=address, data={"phone": "84 988 777 666", "last_name": None})
    address.refresh_from_db()
    assert address.phone == "+84988777666"
    assert (address.province_id, address.commune_id, address.first_name, address.last_name) == (
        "22",
        HA_TU,
        "An",
        "Nguyễn Văn",
    )


def test_moving_to_another_province_needs_one_of_its_communes(shopper):
    address = addresses.create_address(user=shopper, data=address_input())
    with pytest.raises(AddressValidationFailed) as excinfo:
        addresses.update_address(user=shopper, address=address, data={"province": "19"})
    assert {e.field: e.code for e in excinfo.value.errors} == {"commune": "INVALID"}
    address.refresh_from_db()
    assert address.province_id == "22"
    thai_nguyen = commune_of("19")
    addresses.update_address(user=shopper, address=address, data={"province": "19", "commune": thai_nguyen.code})
    address.refresh_from_db()
    assert (address.province_id, address.commune_id) == ("19", thai_nguyen.code)


def test_someone_elses_address_is_not_found_and_stays_untouched(shopper, other_shopper):
    theirs = addresses.create_address(user=other_shopper, data=address_input())
    for attempt in (
        lambda: addresses.get_address_for_user(user=shopper, address_id=theirs.pk),
        lambda: addresses.update_address(user=shopper, address=theirs, data={"first_name": "Kẻ lạ"}),
        lambda: addresses.delete_address(user=shopper, address=theirs),
        lambda: addresses.set_default_address(user=shopper, address=theirs, kind="SHIPPING"),
    ):
        with pytest.raises(AddressError) as excinfo:
            attempt()
        assert excinfo.value.code == "NOT_FOUND"
    theirs.refresh_from_db()
    assert theirs.first_name == "An" and theirs.is_default_shipping


@pytest.mark.parametrize("address_id", ["", "abc", "0", "-1", None, True, "9" * 30])
def test_malformed_ids_are_not_found(shopper, address_id):
    with pytest.raises(AddressError) as excinfo:
        addresses.get_address_for_user(user=shopper, address_id=address_id)
    assert excinfo.value.code == "NOT_FOUND"


def test_the_default_moves_and_shipping_and_billing_are_separate(shopper):
    home = addresses.create_address(user=shopper, data=address_input())
    office = addresses.create_address(user=shopper, data=address_input(street_address_1="Tòa nhà A"))
    addresses.set_default_address(user=shopper, address=office, kind="SHIPPING")
    home.refresh_from_db()
    office.refresh_from_db()
    assert (home.is_default_shipping, home.is_default_billing) == (False, True)
    assert (office.is_default_shipping, office.is_default_billing) == (True, False)
    assert [a.pk for a in addresses.addresses_of(user=shopper)] == [office.pk, home.pk]
    addresses.set_default_address(user=shopper, address=office, kind="BILLING")
    home.refresh_from_db()
    assert not home.is_default_billing


def test_an_unknown_default_kind_is_invalid(shopper):
    address = addresses.create_address(user=shopper, data=address_input())
    with pytest.raises(AddressError) as excinfo:
        addresses.set_default_address(user=shopper, address=address, kind="HOLIDAY")
    assert (excinfo.value.code, excinfo.value.field) == ("INVALID", "type")


def test_deleting_removes_the_address_from_the_book(shopper):
    address = addresses.create_address(user=shopper, data=address_input())
    addresses.delete_address(user=shopper, address=address)
    assert addresses.addresses_of(user=shopper) == []


def test_the_book_holds_at_most_twenty_addresses(shopper):
    for n in range(addresses.MAX_ADDRESSES_PER_USER):
        addresses.create_address(user=shopper, data=address_input(street_address_1=f"Số {n}"))
    with pytest.raises(AddressError) as excinfo:
        addresses.create_address(user=shopper, data=address_input())
    assert excinfo.value.code == "LIMIT_EXCEEDED"
    assert Address.objects.filter(user=shopper).count() == 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_never_pass_the_limit():
    shopper = UserFactory(email="vOi.vang@example.vn")
    for n in range(addresses.MAX_ADDRESSES_PER_USER - 2):
        addresses.create_address(user=shopper, data=address_input(street_address_1=f"Số {n}"))
    outcomes: list[str] = []
    barrier = threading.Barrier(6)

    def add() -> None:
        try:
            barrier.wait()
            addresses.create_address(user=shopper, data=address_input())
            outcomes.append("ok")
        except AddressError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["LIMIT_EXCEEDED"] * 4 + ["ok"] * 2
    assert Address.objects.filter(user=shopper).count() == addresses.MAX_ADDRESSES_PER_USER


def test_an_order_copy_does_not_follow_later_edits_of_the_book(shopper):
    original = addresses.create_address(user=shopper, data=address_input())
    copy = addresses.copy_address(original)
    addresses.update_address(user=shopper, address=original, data={"street_address_1": "Nhà mới"})
    addresses.delete_address(user=shopper, address=original)
    copy.refresh_from_db()
    assert copy.user_id is None and not copy.is_default_shipping
    assert copy.street_address_1 == "Số 12, tổ 3, khu 5"
    with pytest.raises(AddressError):  # a copy is in nobody's book
        addresses.get_address_for_user(user=shopper, address_id=copy.pk)


def test_a_guest_address_is_stored_detached_after_validation():
    stored = addresses.create_detached_address(data=address_input(phone="84912345678"))
    assert stored.user_id is None and stored.phone == "+84912345678"
    with pytest.raises(AddressValidationFailed):
        addresses.create_detached_address(data=address_input(commune="99999"))
    assert Address.objects.count() == 1


# --- lists for the forms -----------------------------------------------------------


def test_the_34_provinces_come_in_vietnamese_alphabetical_order(django_assert_num_queries):
    with django_assert_num_queries(1):
        names = [p.name for p in addresses.provinces()]
    assert len(names) == 34
    assert names[0] == "An Giang"
    assert names == sorted(names, key=search_normalize)
    # "Đà Nẵng" reads as D: after Cao Bằng, before Gia Lai (not last, as code points would put it).
    assert names.index("Cao Bằng") < names.index("Đà Nẵng") < names.index("Gia Lai")


def test_the_communes_of_a_province_are_listed_in_the_same_order(django_assert_num_queries):
    with django_assert_num_queries(1):
        communes = addresses.communes_of("22")
    assert len(communes) == Commune.objects.filter(province_id="22").count() > 0
    assert {c.province_id for c in communes} == {"22"}
    keys = [search_normalize(c.name) for c in communes]
    assert keys == sorted(keys)
    assert addresses.communes_of("99") == []


def test_every_division_is_loaded():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
