"""The address book at /tai-khoan/dia-chi/ and the communes list."""

from __future__ import annotations

import pytest

from marketplace.account.models import Address
from tests.factories import commune_of
from tests.storefront.checkout.steps import address_form

pytestmark = pytest.mark.django_db


def book_form(**overrides: str) -> dict[str, str]:
    data = address_form(**overrides)
    data.pop("email")
    return data


def saved(user) -> list[tuple[str, str, bool]]:
    return list(
        Address.objects.filter(user=user).order_by("pk").values_list("street_address_1", "phone", "is_default_shipping")
    )


def test_add_edit_set_default_and_delete(client, shopper):
    client.force_login(shopper)
    assert "Bạn chưa lưu địa chỉ nào." in client.get("/tai-khoan/dia-chi/").content.decode()
    assert client.post("/tai-khoan/dia-chi/moi/", book_form()).url == "/tai-khoan/dia-chi/"
    client.post("/tai-khoan/dia-chi/moi/", book_form(street_address_1="Thôn Đông", phone="024 3825 1234"))
    assert saved(shopper) == [("12 Lê Thánh Tông", "+84912345678", True), ("Thôn Đông", "+842438251234", False)]
    first, second = Address.objects.filter(user=shopper).order_by("pk")

    html = client.get("/tai-khoan/dia-chi/").content.decode()
    assert "Nguyễn Văn An" in html and "0912 345 678" in html and "Mặc định" in html

    page = client.get(f"/tai-khoan/dia-chi/{second.pk}/").content.decode()
    assert 'value="Thôn Đông"' in page and f'value="{commune_of("22").code}" selected' in page
    client.post(f"/tai-khoan/dia-chi/{second.pk}/", book_form(street_address_1="Thôn Tây"))
    client.post(f"/tai-khoan/dia-chi/{second.pk}/mac-dinh/")
    assert saved(shopper) == [("12 Lê Thánh Tông", "+84912345678", False), ("Thôn Tây", "+84912345678", True)]

    client.post(f"/tai-khoan/dia-chi/{first.pk}/xoa/")
    assert saved(shopper) == [("Thôn Tây", "+84912345678", True)]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"phone": "0123"}, "phone", "Số điện thoại không hợp lệ"),
        ({"province": "99"}, "province", "Không tìm thấy tỉnh/thành phố này."),
        ({"commune": ""}, "commune", "Vui lòng chọn xã/phường/đặc khu."),
        ({"street_address_1": ""}, "street_address_1", "Vui lòng nhập số nhà"),
    ],
)
def test_bad_address_is_refused_beside_its_field(client, shopper, change, field, message):
    client.force_login(shopper)
    page = client.post("/tai-khoan/dia-chi/moi/", book_form(**change))
    assert page.status_code == 400
    assert message in page.content.decode().split(f'id="id_{field}_error">')[1]
    assert saved(shopper) == []


def test_province_button_reloads_the_communes_and_saves_nothing(client, shopper):
    client.force_login(shopper)
    page = client.post("/tai-khoan/dia-chi/moi/", {**book_form(commune=""), "province": "01", "choose_province": "1"})
    assert page.status_code == 200
    assert f'value="{commune_of("01").code}"' in page.content.decode()
    assert saved(shopper) == []


def test_someone_elses_address_is_a_404_everywhere(client, shopper, stranger):
    client.force_login(stranger)
    client.post("/tai-khoan/dia-chi/moi/", book_form())
    theirs = Address.objects.get(user=stranger)
    client.force_login(shopper)
    assert client.get(f"/tai-khoan/dia-chi/{theirs.pk}/").status_code == 404
    assert client.post(f"/tai-khoan/dia-chi/{theirs.pk}/", book_form(street_address_1="Của tôi")).status_code == 404
    assert client.post(f"/tai-khoan/dia-chi/{theirs.pk}/xoa/").status_code == 404
    assert client.post(f"/tai-khoan/dia-chi/{theirs.pk}/mac-dinh/").status_code == 404
    assert saved(stranger) == [("12 Lê Thánh Tông", "+84912345678", True)]


def test_the_address_book_needs_sign_in_and_deleting_needs_post(client, shopper):
    assert client.get("/tai-khoan/dia-chi/").url.startswith("/dang-nhap/")
    client.force_login(shopper)
    client.post("/tai-khoan/dia-chi/moi/", book_form())
    mine = Address.objects.get(user=shopper)
    assert client.get(f"/tai-khoan/dia-chi/{mine.pk}/xoa/").status_code == 405
    assert saved(shopper)


def test_communes_of_a_province_for_the_forms_script(client, db):
    data = client.get("/dia-chi/xa-phuong/?tinh=22").json()
    assert {"code": commune_of("22").code, "name": commune_of("22").name} in data["communes"]
    assert client.get("/dia-chi/xa-phuong/?tinh=abc").status_code == 400
    assert client.get("/dia-chi/xa-phuong/?tinh=99").json() == {"communes": []}
