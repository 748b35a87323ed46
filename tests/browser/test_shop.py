"""A shopper on a phone: home, a category, its second page, a product, English
and back, and a search typed without diacritics."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from marketplace.product.services import reindex_products, translate_product
from tests.factories import CategoryFactory, OcopCertificateFactory, ProductFactory, SellerFactory, publish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue(channel):
    seller = SellerFactory(name="Cơ sở Nước mắm Cái Rồng", slug="nuoc-mam-cai-rong")
    category = CategoryFactory(name="Nước mắm", slug="nuoc-mam")
    certificate = OcopCertificateFactory(seller=seller, star_rating=4)
    featured = ProductFactory(
        seller=seller,
        category=category,
        name="Nước mắm cá cơm Cái Rồng",
        slug="nuoc-mam-ca-com-cai-rong",
        ocop_certificate=certificate,
    )
    publish(featured, channel, price=120_000, stock=5)
    translate_product(product=featured, language_code="en", name="Cai Rong anchovy fish sauce")
    others = [
        publish(
            ProductFactory(
                seller=seller,
                category=category,
                name=f"Nước mắm truyền thống {i:02d}",
                slug=f"nuoc-mam-truyen-thong-{i:02d}",
            ),
            channel,
            price=90_000 + i * 1_000,
        )
        for i in range(30)
    ]
    reindex_products(product_ids=[featured.pk, *[p.pk for p in others]])
    return featured


def test_shopper_browses_switches_language_and_searches(phone, catalogue):
    page = phone
    page.goto("/")
    expect(page.get_by_role("heading", name="Sản phẩm OCOP nổi bật")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.get_by_role("link", name="Nước mắm", exact=True).click()
    expect(page).to_have_url(re.compile(r"/danh-muc/nuoc-mam/$"))
    expect(page.get_by_text("Trang 1/2")).to_be_visible()
    first_page_names = page.locator(".card .name").all_inner_texts()

    page.get_by_role("link", name=re.compile("Trang sau")).click()
    expect(page.get_by_text("Trang 2/2")).to_be_visible()
    second_page_names = page.locator(".card .name").all_inner_texts()
    assert second_page_names and not set(first_page_names) & set(second_page_names)
    assert len(first_page_names) + len(second_page_names) == 31

    page.get_by_role("link", name=re.compile("Trang trước")).click()
    page.get_by_role("link", name="Nước mắm cá cơm Cái Rồng").click()
    expect(page).to_have_url(re.compile(r"/san-pham/nuoc-mam-ca-com-cai-rong/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nước mắm cá cơm Cái Rồng")
    expect(page.locator(".price.big")).to_contain_text("120.000 ₫")
    expect(page.locator(".product")).to_contain_text("Còn hàng")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cai Rong anchovy fish sauce")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".product")).to_contain_text("In stock")

    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nước mắm cá cơm Cái Rồng")

    page.get_by_role("searchbox").fill("nuoc mam ca com")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=nuoc"))
    expect(page.get_by_role("link", name="Nước mắm cá cơm Cái Rồng")).to_be_visible()
    expect(page.locator(".card")).to_have_count(1)
