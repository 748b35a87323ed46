"""The cart: adding from the product page, the page grouped by seller,
changing quantities, merging at sign-in, and the page cache."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.checkout.models import Checkout, CheckoutLine
from tests.marketplace.checkout.helpers import shop_state
from tests.storefront.checkout.steps import add_to_cart, visitor_checkout
from tests.storefront.test_page_cache import without_token

pytestmark = pytest.mark.django_db


def lines_of(checkout: Checkout) -> dict[int, int]:
    return dict(CheckoutLine.objects.filter(checkout=checkout).values_list("variant_id", "quantity"))


def test_product_page_offers_add_to_cart_that_works_without_javascript(client, product_a, tea):
    page = client.get(f"/san-pham/{product_a.slug}/").content.decode()
    assert 'action="/gio-hang/them/"' in page and 'name="csrfmiddlewaretoken"' in page
    assert f'name="variant" value="{tea.pk}"' in page

    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post("/gio-hang/them/", {"variant": tea.pk, "quantity": 1}).status_code == 403


def test_guest_adds_from_two_sellers_and_sees_them_grouped(client, tea, squid, seller_a, seller_b):
    response = add_to_cart(client, tea, 2)
    assert response.url == "/gio-hang/"
    add_to_cart(client, squid, 1)
    add_to_cart(client, tea, 1)
    checkout = visitor_checkout(client)
    assert lines_of(checkout) == {tea.pk: 3, squid.pk: 1}

    page = client.get("/gio-hang/")
    html = page.content.decode()
    assert html.index("HTX Chè Tân Cương") < html.index("Chè búp Tân Cương") < html.index("Hộ Nguyễn Văn B")
    assert "360.000" in html  # 3 × 120.000 for the tea
    assert "445.000" in html  # the subtotal
    assert '<span id="cart-count">4</span>' in html
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        (0, "Số lượng phải lớn hơn 0."),
        (-2, "Số lượng phải lớn hơn 0."),
        (51, "Mỗi lần chỉ mua được tối đa 50"),
        ("hai", "Số lượng phải là số nguyên."),
        ("1.5", "Số lượng phải là số nguyên."),
        (11, "Không đủ hàng trong kho."),
    ],
)
def test_bad_quantity_is_refused_with_its_reason_and_changes_nothing(client, product_a, tea, quantity, message):
    add_to_cart(client, tea, 1)
    before = shop_state()
    response = client.post(
        "/gio-hang/them/", {"variant": tea.pk, "quantity": quantity, "next": f"/san-pham/{product_a.slug}/"}
    )
    assert response.url == f"/san-pham/{product_a.slug}/"
    assert shop_state() == before
    # The reason shows beside the form on the product page (never from the cache).
    assert message in client.get(response.url).content.decode()


def test_unknown_variant_and_foreign_next_are_handled(client, tea):
    before = shop_state()
    response = client.post("/gio-hang/them/", {"variant": "999999", "quantity": 1, "next": "https://evil.example/"})
    assert response.url == "/gio-hang/"
    assert "Không tìm thấy sản phẩm." in client.get("/gio-hang/").content.decode()
    assert shop_state() == before


def test_changing_quantities_and_removing_lines(client, tea, squid):
    add_to_cart(client, tea, 1)
    add_to_cart(client, squid, 1)
    checkout = visitor_checkout(client)
    tea_line = CheckoutLine.objects.get(checkout=checkout, variant=tea)
    squid_line = CheckoutLine.objects.get(checkout=checkout, variant=squid)

    client.post("/gio-hang/cap-nhat/", {f"qty-{tea_line.pk}": "4", f"qty-{squid_line.pk}": "1"})
    assert lines_of(checkout) == {tea.pk: 4, squid.pk: 1}

    client.post("/gio-hang/cap-nhat/", {f"qty-{tea_line.pk}": "4", "remove": str(squid_line.pk)})
    assert lines_of(checkout) == {tea.pk: 4}

    client.post("/gio-hang/cap-nhat/", {f"qty-{tea_line.pk}": "0"})
    assert lines_of(checkout) == {}
    page = client.get("/gio-hang/").content.decode()
    assert "Giỏ hàng của bạn đang trống" in page
    assert 'id="cart-count"' not in page


@pytest.mark.parametrize(
    ("raw", "message"),
    [("-1", "Số lượng phải lớn hơn 0."), ("abc", "Số lượng phải là số nguyên."), ("99", "tối đa 50")],
)
def test_bad_new_quantity_shows_beside_its_line_and_changes_nothing(client, tea, squid, raw, message):
    add_to_cart(client, tea, 1)
    add_to_cart(client, squid, 2)
    checkout = visitor_checkout(client)
    tea_line = CheckoutLine.objects.get(checkout=checkout, variant=tea)
    squid_line = CheckoutLine.objects.get(checkout=checkout, variant=squid)
    before = shop_state()
    page = client.post("/gio-hang/cap-nhat/", {f"qty-{tea_line.pk}": "3", f"qty-{squid_line.pk}": raw})
    assert page.status_code == 400
    html = page.content.decode()
    assert message in html.split(f'id="loi-{squid_line.pk}"')[1].split("</p>")[0]
    assert shop_state() == before


def test_someone_elses_line_cannot_be_changed_or_removed(client, tea):
    other = Client()
    add_to_cart(other, tea, 2)
    their_line = CheckoutLine.objects.get()
    add_to_cart(client, tea, 1)
    before = shop_state()
    removed = client.post("/gio-hang/cap-nhat/", {"remove": str(their_line.pk)}, follow=True)
    assert "Không tìm thấy dòng hàng." in removed.content.decode()
    page = client.post("/gio-hang/cap-nhat/", {f"qty-{their_line.pk}": "5"})
    assert page.status_code == 400
    assert "Không tìm thấy dòng hàng." in page.content.decode()
    assert shop_state() == before


def test_signed_in_cart_belongs_to_the_account(client, shopper, tea):
    client.force_login(shopper)
    add_to_cart(client, tea, 2)
    checkout = Checkout.objects.get()
    assert checkout.user == shopper
    other_device = Client()
    other_device.force_login(shopper)
    assert "Chè búp Tân Cương" in other_device.get("/gio-hang/").content.decode()


def test_guest_cart_merges_into_the_account_at_sign_in(client, shopper, tea, squid):
    shopper.set_password("mat-khau-dai-123")
    shopper.save()
    account_device = Client()
    account_device.force_login(shopper)
    add_to_cart(account_device, tea, 1)
    add_to_cart(client, tea, 2)
    add_to_cart(client, squid, 1)
    guest = visitor_checkout(client)

    response = client.post("/dang-nhap/", {"username": shopper.email, "password": "mat-khau-dai-123"})
    assert response.status_code == 302
    assert not Checkout.objects.filter(pk=guest.pk).exists()
    mine = Checkout.objects.get(user=shopper)
    assert lines_of(mine) == {tea.pk: 3, squid.pk: 1}
    html = client.get("/gio-hang/").content.decode()
    assert "Chè búp Tân Cương" in html and "Chả mực Hạ Long" in html
    assert '<span id="cart-count">4</span>' in html


def test_guest_cart_becomes_the_new_accounts_at_sign_up(client, tea):
    add_to_cart(client, tea, 2)
    response = client.post(
        "/dang-ky/",
        {"email": "moi@example.vn", "password1": "mat-khau-dai-123", "password2": "mat-khau-dai-123"},
    )
    assert response.status_code == 302
    assert lines_of(Checkout.objects.get(user__email="moi@example.vn")) == {tea.pk: 2}


def test_the_page_cache_never_serves_one_visitors_cart_to_another(client, product_a, tea):
    first, second = client, Client()
    # Both see the same cached product page (filled by the first visitor).
    page_one = first.get(f"/san-pham/{product_a.slug}/")
    add_to_cart(first, tea, 3)
    assert "Chè búp Tân Cương" in first.get("/gio-hang/").content.decode()

    cart_two = second.get("/gio-hang/")
    assert "Giỏ hàng của bạn đang trống" in cart_two.content.decode()
    assert "private" in cart_two["Cache-Control"] or "no-cache" in cart_two["Cache-Control"]
    # The product page, now from the cache, carries nobody's cart: no count, no lines.
    page_again = first.get(f"/san-pham/{product_a.slug}/").content.decode()
    page_two = second.get(f"/san-pham/{product_a.slug}/").content.decode()
    assert 'id="cart-count"' not in page_again and 'id="cart-count"' not in page_two
    assert without_token(page_one.content) == without_token(page_two.encode())


def test_a_stale_cart_token_in_the_session_is_forgotten(client, tea):
    add_to_cart(client, tea, 1)
    Checkout.objects.all().delete()
    assert "Giỏ hàng của bạn đang trống" in client.get("/gio-hang/").content.decode()
    assert "storefront_checkout_token" not in client.session


def test_sign_in_with_a_cart_of_another_account_keeps_it_theirs(client, shopper, stranger, tea):
    stranger_cart = Client()
    stranger_cart.force_login(stranger)
    add_to_cart(stranger_cart, tea, 1)
    theirs = Checkout.objects.get(user=stranger)
    session = client.session
    session["storefront_checkout_token"] = str(theirs.pk)
    session.save()
    assert "Giỏ hàng của bạn đang trống" in client.get("/gio-hang/").content.decode()
    shopper.set_password("mat-khau-dai-123")
    shopper.save()
    client.post("/dang-nhap/", {"username": shopper.email, "password": "mat-khau-dai-123"})
    assert Checkout.objects.get(pk=theirs.pk).user == stranger
    assert not Checkout.objects.filter(user=shopper).exists()
