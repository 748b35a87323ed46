"""Anonymous pages come from the cache, and every change a shopper could see
shows on the next request. The cache is the real local-memory one; changes
are committed (their on-commit callbacks run) as they would be in production."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from marketplace.product.models import Category, ProductChannelListing, ProductTranslation
from marketplace.product.services import (
    add_product_media,
    set_variant_price,
    translate_product,
    update_product_channel_listing,
)
from marketplace.seller.models import SellerStatus
from marketplace.warehouse.models import Stock
from tests.factories import CategoryFactory, OcopCertificateFactory, ProductFactory, SellerFactory, UserFactory, publish
from tests.storefront.conftest import jpeg

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def without_token(html: bytes) -> str:
    return TOKEN.sub("", html.decode())


@pytest.fixture
def tea(channel):
    seller = SellerFactory(name="HTX Nông sản Đại Từ", slug="htx-la-bang")
    product = ProductFactory(
        name="Chè La Bằng",
        slug="che-la-bang",
        seller=seller,
        category=CategoryFactory(name="Chè", slug="che"),
        ocop_certificate=OcopCertificateFactory(seller=seller, star_rating=4),
    )
    return publish(product, channel, price=120_000)


PAGES = ["/", "/danh-muc/che/", "/san-pham/che-la-bang/", "/nguoi-ban/htx-la-bang/"]


@pytest.mark.parametrize("path", PAGES)
def test_a_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, tea, path, django_assert_num_queries
):
    first = client.get(path)
    with django_assert_num_queries(0):
        second = Client().get(path)

    assert second.status_code == 200
    assert without_token(second.content) == without_token(first.content)


def test_each_visitor_gets_a_working_csrf_token_from_a_cached_page(tea):
    Client().get("/san-pham/che-la-bang/")  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/san-pham/che-la-bang/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = visitor.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert "<!--csrf-input-->" not in page


def test_other_query_parameters_share_the_cached_page(client, tea, django_assert_num_queries):
    client.get("/danh-muc/che/")
    with django_assert_num_queries(0):
        assert client.get("/danh-muc/che/?utm_source=zalo").status_code == 200


def test_signed_in_shoppers_never_get_the_anonymous_copy(client, tea):
    client.get("/san-pham/che-la-bang/")
    client.force_login(UserFactory(first_name="Hoa"))

    page = client.get("/san-pham/che-la-bang/")

    assert '<span class="who">Hoa</span>' in page.content.decode()
    assert "no-cache" in page["Cache-Control"]


def committed(django_capture_on_commit_callbacks, change):
    with django_capture_on_commit_callbacks(execute=True):
        change()


def test_a_price_change_shows_on_the_next_request(client, channel, tea, django_capture_on_commit_callbacks):
    assert "120.000\xa0₫" in client.get("/san-pham/che-la-bang/").content.decode()
    assert "120.000\xa0₫" in client.get("/danh-muc/che/").content.decode()

    committed(
        django_capture_on_commit_callbacks,
        lambda: set_variant_price(variant=tea.default_variant, channel=channel, amount=95_000),
    )

    assert "95.000\xa0₫" in client.get("/san-pham/che-la-bang/").content.decode()
    assert "95.000\xa0₫" in client.get("/danh-muc/che/").content.decode()


def test_a_stock_change_shows_on_the_next_request(client, tea, django_capture_on_commit_callbacks):
    assert "Còn hàng" in client.get("/san-pham/che-la-bang/").content.decode()
    stock = Stock.objects.get(product_variant=tea.default_variant)

    stock.quantity = 0
    committed(django_capture_on_commit_callbacks, stock.save)

    assert "Hết hàng" in client.get("/san-pham/che-la-bang/").content.decode()


def test_a_translation_shows_on_the_next_request(client, tea, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "en"
    assert "<h1>Chè La Bằng</h1>" in client.get("/san-pham/che-la-bang/").content.decode()

    committed(
        django_capture_on_commit_callbacks,
        lambda: translate_product(product=tea, language_code="en", name="La Bang green tea"),
    )
    assert "<h1>La Bang green tea</h1>" in client.get("/san-pham/che-la-bang/").content.decode()

    # An edit made in the admin (a plain save) expires the page as well.
    translation = ProductTranslation.objects.get(product=tea, language_code="en")
    translation.name = "La Bang tea"
    committed(django_capture_on_commit_callbacks, translation.save)
    assert "<h1>La Bang tea</h1>" in client.get("/san-pham/che-la-bang/").content.decode()


def test_a_suspended_seller_disappears_on_the_next_request(client, tea, django_capture_on_commit_callbacks):
    for path in PAGES:
        assert client.get(path).status_code == 200

    tea.seller.status = SellerStatus.SUSPENDED
    committed(django_capture_on_commit_callbacks, tea.seller.save)

    assert client.get("/san-pham/che-la-bang/").status_code == 404
    assert client.get("/nguoi-ban/htx-la-bang/").status_code == 404
    assert tea.name not in client.get("/").content.decode()
    assert tea.name not in client.get("/danh-muc/che/").content.decode()


def test_an_unpublished_product_disappears_on_the_next_request(
    client, channel, tea, django_capture_on_commit_callbacks
):
    for path in PAGES:
        client.get(path)

    committed(
        django_capture_on_commit_callbacks,
        lambda: update_product_channel_listing(product=tea, channel=channel, is_published=False),
    )

    assert client.get("/san-pham/che-la-bang/").status_code == 404
    for path in ("/", "/danh-muc/che/", "/nguoi-ban/htx-la-bang/"):
        assert tea.name not in client.get(path).content.decode()


def test_a_listing_hidden_in_the_admin_disappears_on_the_next_request(client, tea, django_capture_on_commit_callbacks):
    client.get("/danh-muc/che/")
    listing = ProductChannelListing.objects.get(product=tea)

    listing.visible_in_listings = False
    committed(django_capture_on_commit_callbacks, listing.save)

    assert tea.name not in client.get("/danh-muc/che/").content.decode()


def test_added_photos_show_on_the_next_request(client, tea, django_capture_on_commit_callbacks):
    assert "<img" not in client.get("/san-pham/che-la-bang/").content.decode()
    assert "<img" not in client.get("/danh-muc/che/").content.decode()

    committed(django_capture_on_commit_callbacks, lambda: add_product_media(product=tea, upload=jpeg()))

    assert ".webp 640w" in client.get("/san-pham/che-la-bang/").content.decode()
    assert ".webp 320w" in client.get("/danh-muc/che/").content.decode()


def test_a_renamed_category_shows_on_the_next_request(client, tea, django_capture_on_commit_callbacks):
    assert "<h1>Chè</h1>" in client.get("/danh-muc/che/").content.decode()
    category = Category.objects.get(slug="che")

    category.name = "Chè và trà"
    committed(django_capture_on_commit_callbacks, category.save)

    assert "<h1>Chè và trà</h1>" in client.get("/danh-muc/che/").content.decode()
    assert "Chè và trà" in client.get("/san-pham/che-la-bang/").content.decode()  # breadcrumb


def test_a_revoked_certificate_loses_its_badge_on_the_next_request(client, tea, django_capture_on_commit_callbacks):
    assert 'aria-label="OCOP 4 sao"' in client.get("/san-pham/che-la-bang/").content.decode()
    certificate = tea.ocop_certificate

    certificate.revoked = True
    committed(django_capture_on_commit_callbacks, certificate.save)

    assert 'aria-label="OCOP 4 sao"' not in client.get("/san-pham/che-la-bang/").content.decode()
    assert tea.name not in client.get("/").content.decode()


def test_an_uncommitted_change_does_not_expire_pages(client, tea, django_assert_num_queries):
    client.get("/san-pham/che-la-bang/")
    tea.name = "Chè đổi tên"
    tea.save()  # inside the test's transaction: not committed, nobody else sees it

    with django_assert_num_queries(0):
        assert "Chè La Bằng" in client.get("/san-pham/che-la-bang/").content.decode()
