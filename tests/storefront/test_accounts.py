"""Shopper sign-up, sign-in (with its failure limit) and sign-out."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from marketplace.account.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-123"  # the factories' password


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def field_errors(page: str, field: str) -> list[str]:
    return re.findall(rf'<span class="error" id="id_{field}_error">([^<]+)</span>', page)


def sign_up(client: Client, **fields: str):
    data = {"last_name": "Nguyễn", "first_name": "Lan", "email": "lan@example.vn", "password1": "Che-xanh-2025"}
    data["password2"] = data["password1"]
    data.update(fields)
    return client.post("/dang-ky/", data)


def test_sign_up_creates_the_account_and_signs_in(client, channel):
    response = sign_up(client, email="Lan@Example.vn")

    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(email="lan@example.vn")
    assert user.first_name == "Lan" and user.language_code == "vi"
    home = client.get("/").content.decode()
    assert '<span class="who">Lan</span>' in home and "Đăng xuất" in home


def test_sign_up_errors_are_vietnamese_and_next_to_their_fields(client, channel):
    UserFactory(email="da-co@example.vn")

    short = sign_up(client, password1="abc", password2="abc").content.decode()
    taken = sign_up(client, email="DA-CO@example.vn").content.decode()
    mismatch = sign_up(client, password2="khac-mat-khau-99").content.decode()
    bad_email = sign_up(client, email="khong-phai-email").content.decode()

    assert field_errors(short, "password1")[0] == "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."
    assert field_errors(taken, "email") == ["Email này đã được đăng ký. Bạn có thể đăng nhập."]
    assert field_errors(mismatch, "password2") == ["Hai mật khẩu không khớp."]
    assert field_errors(bad_email, "email") == ["Email không hợp lệ."]
    assert 'value="khong-phai-email"' in bad_email  # what was typed is kept
    assert User.objects.count() == 1


def test_sign_in_and_out(client, channel):
    UserFactory(email="an@example.vn", first_name="An")

    wrong = client.post("/dang-nhap/", {"username": "an@example.vn", "password": "sai-mat-khau"})
    right = client.post("/dang-nhap/", {"username": "AN@example.vn", "password": PASSWORD, "next": "/tim-kiem/"})

    assert "Email hoặc mật khẩu không đúng." in wrong.content.decode()
    assert right.status_code == 302 and right["Location"] == "/tim-kiem/"
    assert '<span class="who">An</span>' in client.get("/").content.decode()

    assert client.post("/dang-xuat/").status_code == 302
    assert "Đăng nhập" in client.get("/").content.decode()


def test_a_locked_account_cannot_sign_in(client, channel):
    UserFactory(email="khoa@example.vn", is_active=False)

    page = client.post("/dang-nhap/", {"username": "khoa@example.vn", "password": PASSWORD})

    assert page.status_code == 200
    assert "Tài khoản này đã bị khóa." in page.content.decode()


def test_sign_in_stops_checking_passwords_after_ten_failures(client, channel):
    UserFactory(email="an@example.vn")
    UserFactory(email="binh@example.vn")

    for _ in range(10):
        page = client.post("/dang-nhap/", {"username": "an@example.vn", "password": "doan-bua"}).content.decode()
        assert "Email hoặc mật khẩu không đúng." in page
    blocked = client.post("/dang-nhap/", {"username": "an@example.vn", "password": PASSWORD})
    other_email = client.post("/dang-nhap/", {"username": "binh@example.vn", "password": PASSWORD})

    assert blocked.status_code == 200
    assert "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 5 phút." in blocked.content.decode()
    assert other_email.status_code == 302  # the limit is per address and email


def test_a_success_clears_earlier_failures(client, channel):
    UserFactory(email="an@example.vn")
    for _ in range(9):
        client.post("/dang-nhap/", {"username": "an@example.vn", "password": "doan-bua"})
    client.post("/dang-nhap/", {"username": "an@example.vn", "password": PASSWORD})
    client.post("/dang-xuat/")

    for _ in range(9):
        client.post("/dang-nhap/", {"username": "an@example.vn", "password": "doan-bua"})

    assert client.post("/dang-nhap/", {"username": "an@example.vn", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/dang-ky/", {"email": "moi@example.vn", "password1": "Che-xanh-2025", "password2": "Che-xanh-2025"}),
        ("/dang-nhap/", {"username": "an@example.vn", "password": PASSWORD}),
    ],
)
def test_account_forms_need_the_csrf_token(channel, path, data):
    UserFactory(email="an@example.vn")
    browser = Client(enforce_csrf_checks=True)

    refused = browser.post(path, data)
    token = csrf_token(browser.get(path).content.decode())
    accepted = browser.post(path, {**data, "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 302


def test_sign_out_needs_a_post_with_the_csrf_token(channel):
    UserFactory(email="an@example.vn")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(User.objects.get(email="an@example.vn"))

    confirm = browser.get("/dang-xuat/")
    refused = browser.post("/dang-xuat/")
    accepted = browser.post("/dang-xuat/", {"csrfmiddlewaretoken": csrf_token(confirm.content.decode())})

    assert confirm.status_code == 200 and "Đăng xuất khỏi Chợ OCOP" in confirm.content.decode()
    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_signed_in_shoppers_are_sent_home_from_the_sign_in_page(client, channel):
    client.force_login(UserFactory())

    assert client.get("/dang-nhap/")["Location"] == "/"
    assert client.get("/dang-ky/")["Location"] == "/"
