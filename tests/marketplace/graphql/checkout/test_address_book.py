"""The shopper's address book through the API: create, update, delete, set
the default; ``me.addresses``; someone else's address is ``NOT_FOUND``."""

from __future__ import annotations

import pytest

from marketplace.account.addresses import MAX_ADDRESSES_PER_USER
from marketplace.account.models import Address
from tests.factories import commune_of
from tests.marketplace.graphql.checkout.queries import address_input, gid

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message }"
ADDRESS = "id fullName streetAddress1 city cityArea phone isDefaultShippingAddress isDefaultBillingAddress"
CREATE = f"""
mutation($input: AddressInput!, $type: AddressTypeEnum) {{
  accountAddressCreate(input: $input, type: $type) {{ address {{ {ADDRESS} }} {ERRORS} }}
}}
"""
UPDATE = f"""
mutation($id: ID!, $input: AddressInput!) {{
  accountAddressUpdate(id: $id, input: $input) {{ address {{ {ADDRESS} }} {ERRORS} }}
}}
"""
DELETE = f"mutation($id: ID!) {{ accountAddressDelete(id: $id) {{ address {{ id }} {ERRORS} }} }}"
SET_DEFAULT = f"""
mutation($id: ID!, $type: AddressTypeEnum!) {{
  accountSetDefaultAddress(id: $id, type: $type) {{ user {{ defaultBillingAddress {{ id }} }} {ERRORS} }}
}}
"""
MY_ADDRESSES = f"{{ me {{ addresses {{ {ADDRESS} }} defaultShippingAddress {{ id }} }} }}"


def _book(user) -> list[tuple]:
    return list(Address.objects.filter(user=user).order_by("pk").values_list("street_address_1", "phone"))


def test_the_first_address_becomes_both_defaults(shopper, shopper_api):
    result = shopper_api.execute(CREATE, {"input": address_input()})["accountAddressCreate"]

    assert result["errors"] == []
    address = result["address"]
    assert address["fullName"] == "Nguyễn Văn An"
    assert address["city"] == "Tỉnh Quảng Ninh"
    assert address["phone"] == "+84912345678"
    assert address["isDefaultShippingAddress"] and address["isDefaultBillingAddress"]
    me = shopper_api.execute(MY_ADDRESSES)["me"]
    assert [a["id"] for a in me["addresses"]] == [address["id"]]
    assert me["defaultShippingAddress"]["id"] == address["id"]


def test_update_set_default_and_delete(shopper, shopper_api):
    first = shopper_api.execute(CREATE, {"input": address_input()})["accountAddressCreate"]["address"]
    second = shopper_api.execute(CREATE, {"input": address_input(streetAddress1="Thôn 3")})["accountAddressCreate"]

    updated = shopper_api.execute(UPDATE, {"id": first["id"], "input": {"phone": "0987654321"}})["accountAddressUpdate"]
    assert updated["errors"] == []
    assert updated["address"]["phone"] == "+84987654321"
    assert updated["address"]["streetAddress1"] == "12 Lê Thánh Tông"  # omitted fields keep their value

    billing = shopper_api.execute(SET_DEFAULT, {"id": second["address"]["id"], "type": "BILLING"})
    assert billing["accountSetDefaultAddress"]["user"]["defaultBillingAddress"]["id"] == second["address"]["id"]

    deleted = shopper_api.execute(DELETE, {"id": first["id"]})["accountAddressDelete"]
    assert deleted["errors"] == []
    assert _book(shopper) == [("Thôn 3", "+84912345678")]


def test_bad_addresses_are_refused_with_codes(shopper, shopper_api):
    bad = shopper_api.execute(CREATE, {"input": address_input(phone="12", cityArea="Xã Không Có")})

    codes = {(e["field"], e["code"]) for e in bad["accountAddressCreate"]["errors"]}
    assert codes == {("phone", "INVALID_PHONE"), ("cityArea", "INVALID")}
    assert _book(shopper) == []


def test_someone_elses_address_is_not_found(shopper, shopper_api, stranger_api):
    mine = shopper_api.execute(CREATE, {"input": address_input()})["accountAddressCreate"]["address"]["id"]

    for query, variables in [
        (UPDATE, {"id": mine, "input": {"phone": "0987654321"}}),
        (DELETE, {"id": mine}),
        (SET_DEFAULT, {"id": mine, "type": "SHIPPING"}),
    ]:
        data = stranger_api.execute(query, variables)
        (payload,) = data.values()
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]
    assert _book(shopper) == [("12 Lê Thánh Tông", "+84912345678")]
    assert stranger_api.execute(MY_ADDRESSES)["me"]["addresses"] == []
    assert stranger_api.execute("query($id: ID!) { node(id: $id) { id } }", {"id": mine})["node"] is None


def test_guests_have_no_address_book(guest_api):
    result = guest_api.execute(CREATE, {"input": address_input()})["accountAddressCreate"]

    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert not Address.objects.exists()


def test_the_book_has_a_limit(shopper, shopper_api):
    for index in range(MAX_ADDRESSES_PER_USER):
        Address.objects.create(
            user=shopper,
            first_name="An",
            street_address_1=f"Số {index}",
            province_id="22",
            commune=commune_of("22"),
            phone="+84912345678",
        )

    result = shopper_api.execute(CREATE, {"input": address_input()})["accountAddressCreate"]

    assert [e["code"] for e in result["errors"]] == ["LIMIT_EXCEEDED"]
    assert Address.objects.filter(user=shopper).count() == MAX_ADDRESSES_PER_USER


def test_malformed_address_ids_are_not_found(shopper_api):
    for bad in ["abc", gid("Order", 1), gid("Address", 999_999)]:
        result = shopper_api.execute(DELETE, {"id": bad})["accountAddressDelete"]
        assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "NOT_FOUND")]
