"""The shop's pages as a shopper sees them (Vietnamese, the default language)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.utils import timezone
from django.views.defaults import server_error

from marketplace.geography.models import Commune, CommuneKind
from marketplace.product.services import add_product_media, reindex_products, translate_product
from marketplace.warehouse.models import Stock
from tests.factories import (
    CategoryFactory,
    OcopCertificateFactory,
    ProductFactory,
    SellerFactory,
    province,
    publish,
)
from tests.storefront.conftest import jpeg

pytestmark = pytest.mark.django_db


def certified(channel, *, stars=4, revoked=False, decision_date=None, **product_fields):
    seller = product_fields.pop("seller", None) or SellerFactory()
    certificate = OcopCertificateFactory(
        seller=seller,
        star_rating=stars,
        revoked=revoked,
        decision_date=decision_date or timezone.localdate() - datetime.timedelta(days=200),
    )
    return publish(ProductFactory(seller=seller, ocop_certificate=certificate, **product_fields), channel)


def test_home_shows_featured_certified_products_and_top_level_categories(client, channel):
    dried = CategoryFactory(name="Đặc sản khô", slug="dac-san-kho")
    CategoryFactory(name="Mực khô", slug="muc-kho", parent=dried)
    star5 = certified(channel, stars=5, name="Nước mắm Phú Quốc", category=dried)
    star3 = certified(channel, stars=3, name="Mật ong bạc hà")
    uncertified = publish(ProductFactory(name="Chè chưa chứng nhận"), channel)

    page = client.get("/").content.decode()

    assert "Sản phẩm OCOP nổi bật" in page
    assert star5.name in page and star3.name in page
    assert uncertified.name not in page
    assert page.index(star5.name) < page.index(star3.name)  # more stars first
    assert 'href="/danh-muc/dac-san-kho/"' in page
    assert "Mực khô" not in page  # only top-level categories on the home page
    assert "120.000\xa0₫" in page


def test_product_page_shows_price_variants_stock_origin_and_seller(client, channel):
    commune = Commune.objects.filter(province_id="19", kind=CommuneKind.COMMUNE).order_by("code").first()
    seller = SellerFactory(name="HTX Chè Tân Cương", slug="htx-che-tan-cuong")
    product = publish(
        ProductFactory(name="Chè búp Tân Cương", slug="che-bup", seller=seller, origin_commune=commune),
        channel,
        price=120_000,
        variants=2,
    )
    Stock.objects.filter(product_variant=product.variants.order_by("sku").last()).update(quantity=0)

    page = client.get("/san-pham/che-bup/").content.decode()

    assert "<h1>Chè búp Tân Cương</h1>" in page
    assert "120.000\xa0₫ – 130.000\xa0₫" in page
    assert "120.000\xa0₫" in page and "130.000\xa0₫" in page
    assert "Còn hàng" in page and "Hết hàng" in page
    assert f"{commune.name}, Tỉnh Thái Nguyên" in page
    assert commune.name.startswith("Xã ")
    assert '<a href="/nguoi-ban/htx-che-tan-cuong/">HTX Chè Tân Cương</a>' in page
    assert 'action="/gio-hang/them/"' in page and "Thêm vào giỏ" in page


@pytest.mark.parametrize(
    ("stars", "revoked", "age_days", "badge"),
    [
        (3, False, 200, True),
        (5, False, 200, True),
        (2, False, 200, False),  # below three stars: no badge
        (4, True, 200, False),  # revoked
        (4, False, 365 * 3 + 40, False),  # expired after 36 months
    ],
)
def test_ocop_badge_shows_only_for_a_valid_certificate_of_three_stars_or_more(
    client, channel, stars, revoked, age_days, badge
):
    product = certified(
        channel,
        stars=stars,
        revoked=revoked,
        decision_date=timezone.localdate() - datetime.timedelta(days=age_days),
        slug="mat-ong",
    )

    product_page = client.get("/san-pham/mat-ong/").content.decode()
    category_page = client.get(f"/danh-muc/{product.category.slug}/").content.decode()
    home = client.get("/").content.decode()

    label = f'aria-label="OCOP {stars} sao"'
    assert (label in product_page) is badge
    assert (label in category_page) is badge
    assert (product.name in home) is badge  # only valid badges are featured
    assert ("Chứng nhận số" in product_page) is badge


def test_product_photos_come_as_webp_thumbnails_with_srcset(client, channel):
    product = publish(ProductFactory(slug="nuoc-mam"), channel)
    add_product_media(product=product, upload=jpeg(900, 700))
    add_product_media(product=product, upload=jpeg(800, 800, "teal"))

    page = client.get("/san-pham/nuoc-mam/").content.decode()
    images = re.findall(r"<img [^>]*>", page)

    assert len(images) == 2
    srcset = re.compile(r'srcset="[^"]+-160\.webp 160w, [^"]+-320\.webp 320w, [^"]+-640\.webp 640w"')
    assert all(srcset.search(image) for image in images)
    assert all('width="320" height="320"' in i for i in images)
    assert 'loading="lazy"' not in images[0]  # the first photo is above the fold
    assert 'loading="lazy"' in images[1]
    src = re.search(r'src="/media/([^"]+)"', images[0]).group(1)
    assert default_storage.exists(src)


def test_product_cards_offer_only_small_thumbnails_and_lazy_load_below_the_fold(client, channel):
    category = CategoryFactory(slug="che")
    for n in range(6):
        product = publish(ProductFactory(name=f"Chè {n}", category=category), channel)
        add_product_media(product=product, upload=jpeg(400, 400))

    page = client.get("/danh-muc/che/").content.decode()
    images = re.findall(r"<img [^>]*>", page)

    assert len(images) == 6
    assert all("160w" in i and "320w" in i and "640w" not in i for i in images)
    assert all(re.search(r'width="\d+" height="\d+"', i) for i in images)
    assert ['loading="lazy"' in i for i in images] == [False] * 4 + [True] * 2


def test_category_page_lists_products_of_its_subcategories_and_paginates_by_24(client, channel):
    parent = CategoryFactory(name="Đồ uống", slug="do-uong")
    child = CategoryFactory(name="Chè", slug="che", parent=parent)
    names = [f"Sản phẩm {n:02d}" for n in range(30)]
    for n, name in enumerate(names):
        publish(ProductFactory(name=name, category=parent if n % 2 else child), channel)

    first = client.get("/danh-muc/do-uong/").content.decode()
    second = client.get("/danh-muc/do-uong/?page=2").content.decode()

    assert "30 sản phẩm" in first
    assert all(name in first for name in names[:24]) and not any(name in first for name in names[24:])
    assert all(name in second for name in names[24:]) and not any(name in second for name in names[:24])
    assert "Trang 1/2" in first and 'href="/danh-muc/do-uong/?page=2"' in first
    assert 'href="/danh-muc/do-uong/"' in second  # back to page 1
    assert 'href="/danh-muc/che/"' in first  # subcategory link


def test_category_page_lists_products_in_vietnamese_alphabetical_order(client, channel):
    category = CategoryFactory(slug="dac-san")
    # Shuffled: a C collation would put "Đặc…", "Ấm…" and "Ớt…" after "Yến…".
    for name in (
        "Yến sào Khánh Hòa",
        "Ớt hiểm Quảng Ngãi",
        "Bánh tráng Trảng Bàng",
        "Đặc sản mắm cáy",
        "Ấm chén Bát Tràng",
        "Cà phê Hạt Đỏ",
    ):
        publish(ProductFactory(name=name, category=category), channel)

    page = client.get("/danh-muc/dac-san/").content.decode()

    shown = ["Ấm chén", "Bánh tráng", "Cà phê", "Đặc sản", "Ớt hiểm", "Yến sào"]
    assert sorted(shown, key=page.index) == shown


@pytest.mark.parametrize("page", ["999", "abc", "0", "-1", "2.5", "01", ""])
def test_bad_page_numbers_are_a_friendly_404(client, channel, page):
    category = CategoryFactory(slug="che")
    publish(ProductFactory(category=category), channel)

    response = client.get(f"/danh-muc/che/?page={page}")

    if page == "":  # an empty value means the first page
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert "Không tìm thấy trang này" in response.content.decode()


def test_unknown_slugs_are_a_friendly_vietnamese_404(client, channel):
    for path in ("/san-pham/khong-co/", "/danh-muc/khong-co/", "/nguoi-ban/khong-co/", "/khong-co/"):
        response = client.get(path)
        assert response.status_code == 404
        page = response.content.decode()
        assert "Không tìm thấy trang này" in page and 'href="/"' in page


def test_seller_page_shows_the_seller_and_only_its_products(client, channel):
    seller = SellerFactory(name="HTX Mật ong Mèo Vạc", slug="htx-mat-ong", description="Ong nuôi trên cao nguyên đá.")
    own = publish(ProductFactory(seller=seller, name="Mật ong bạc hà"), channel)
    other = publish(ProductFactory(name="Chè Shan tuyết"), channel)

    page = client.get("/nguoi-ban/htx-mat-ong/").content.decode()

    assert "<h1>HTX Mật ong Mèo Vạc</h1>" in page
    assert "Hợp tác xã" in page and "Ong nuôi trên cao nguyên đá." in page
    assert "Tỉnh Thái Nguyên" in page
    assert own.name in page and other.name not in page


def test_search_finds_products_without_diacritics(client, channel):
    fish_sauce = publish(ProductFactory(name="Nước mắm Phú Quốc", origin_province=province("22")), channel)
    tea = publish(ProductFactory(name="Chè búp Tân Cương"), channel)
    reindex_products(product_ids=[fish_sauce.pk, tea.pk])

    plain = client.get("/tim-kiem/", {"q": "nuoc mam"}).content.decode()
    accented = client.get("/tim-kiem/", {"q": "Nước Mắm"}).content.decode()
    nothing = client.get("/tim-kiem/", {"q": "xyzxyz"}).content.decode()
    everything = client.get("/tim-kiem/").content.decode()

    for page in (plain, accented):
        assert fish_sauce.name in page and tea.name not in page
        assert "1 sản phẩm" in page
    assert 'value="nuoc mam"' in plain  # the words stay in the box
    assert "Không tìm thấy sản phẩm phù hợp" in nothing
    assert fish_sauce.name in everything and tea.name in everything


def test_anonymous_pages_may_be_kept_by_the_browser_for_a_minute(client, channel):
    product = publish(ProductFactory(slug="che"), channel)

    for path in ("/", "/san-pham/che/", f"/danh-muc/{product.category.slug}/", f"/nguoi-ban/{product.seller.slug}/"):
        response = client.get(path)
        assert "max-age=60" in response["Cache-Control"]
        vary = {part.strip() for part in response["Vary"].split(",")}
        assert "Cookie" in vary


def test_pages_are_vietnamese_unless_the_visitor_chose_english(client, channel):
    product = publish(ProductFactory(slug="che", name="Chè búp"), channel)
    translate_product(product=product, language_code="en", name="Bud tea")
    phone_in_english = client.get("/san-pham/che/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert phone_in_english["Content-Language"] == "vi"
    assert "Chè búp" in phone_in_english.content.decode()
    client.cookies["django_language"] = "en"
    chosen = client.get("/san-pham/che/")
    assert chosen["Content-Language"] == "en" and "Bud tea" in chosen.content.decode()


def test_pages_are_light(client, channel):
    for n in range(8):
        product = publish(ProductFactory(name=f"Chè đặc sản {n}", ocop_certificate=OcopCertificateFactory()), channel)
        add_product_media(product=product, upload=jpeg(300, 300))

    home = client.get("/")
    css = Path(finders.find("storefront/site.css"))

    assert len(home.content) < 15_000
    assert b"<script" not in home.content
    assert b'href="/static/storefront/site.css"' in home.content
    assert css.stat().st_size < 8_000
    assert "font-face" not in css.read_text()  # system fonts only


def test_the_server_error_page_is_friendly_and_stands_alone(rf):
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert "Xin lỗi, hệ thống đang gặp sự cố" in page and 'href="/"' in page
    assert "Sorry, something went wrong" in page
