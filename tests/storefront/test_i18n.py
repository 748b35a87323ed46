"""Vietnamese first; the header's switch turns the shop into English, with
English names where a translation exists and the Vietnamese ones otherwise."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from marketplace.product.models import CategoryTranslation
from marketplace.product.services import translate_product
from tests.factories import CategoryFactory, OcopCertificateFactory, ProductFactory, publish

pytestmark = pytest.mark.django_db


def switch_to_english(client: Client, next_path: str = "/") -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_path})
    assert response.status_code == 302
    assert response["Location"] == next_path


def test_the_shop_is_vietnamese_by_default(client, channel):
    page = client.get("/").content.decode()

    assert '<html lang="vi">' in page
    assert "Sản phẩm OCOP nổi bật" in page and "Đăng nhập" in page
    assert '<button class="link" name="language" value="en" lang="en">English</button>' in page


def test_english_switch_shows_english_names_and_falls_back_to_vietnamese(client, channel):
    category = CategoryFactory(name="Đồ uống", slug="do-uong")
    CategoryTranslation.objects.create(category=category, language_code="en", name="Drinks")
    tea = publish(
        ProductFactory(
            name="Chè búp Tân Cương", slug="che", category=category, ocop_certificate=OcopCertificateFactory()
        ),
        channel,
    )
    translate_product(product=tea, language_code="en", name="Tan Cuong bud tea", description="Hand-roasted green tea.")
    untranslated = publish(
        ProductFactory(name="Trà shan tuyết", category=category, ocop_certificate=OcopCertificateFactory()), channel
    )

    switch_to_english(client, "/san-pham/che/")
    home = client.get("/").content.decode()
    product_page = client.get("/san-pham/che/").content.decode()
    category_page = client.get("/danh-muc/do-uong/").content.decode()

    assert '<html lang="en">' in home
    assert "Featured OCOP products" in home and "Sign in" in home
    assert "Tan Cuong bud tea" in home and "Chè búp Tân Cương" not in home
    assert untranslated.name in home  # no English name: the Vietnamese one
    assert ">Drinks</a>" in home
    assert "<h1>Tan Cuong bud tea</h1>" in product_page and "Hand-roasted green tea." in product_page
    assert "₫120,000" in product_page and "In stock" in product_page and "Add to cart" in product_page
    assert "<h1>Drinks</h1>" in category_page
    assert '<button class="link" name="language" value="vi" lang="vi">Tiếng Việt</button>' in home


def test_switching_back_to_vietnamese(client, channel):
    switch_to_english(client)
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})

    assert "Sản phẩm OCOP nổi bật" in client.get("/").content.decode()


def test_the_english_404_page_is_translated(client, channel):
    switch_to_english(client)

    response = client.get("/san-pham/khong-co/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_language_switch_needs_the_csrf_token_from_the_page(channel):
    browser = Client(enforce_csrf_checks=True)
    home = browser.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', home).group(1)

    refused = browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    accepted = browser.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert "Không gửi được biểu mẫu" in refused.content.decode()
    assert accepted.status_code == 302
    assert "Featured OCOP products" in browser.get("/").content.decode()
