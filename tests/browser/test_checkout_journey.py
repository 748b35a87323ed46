"""Issue 7 end to end, in Chromium at phone size, through the real pages only:
a guest adds products from two sellers to the cart, enters a Vietnamese
address (province, then the commune list that province has), picks a
shipping method for each seller's parcel, pays cash on delivery and sees the
confirmation. Each seller then signs in to the seller centre (another
browser), sees only its own part of the order, marks it packed and then
shipped with carrier and tracking number; the guest opens the link from the
order email and sees both parcels shipped with their tracking numbers.

The ORM only sets the stage (sellers, shipping methods, products) and checks
the outcome; every step a user takes goes through the pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from marketplace.order.models import Order, SellerOrderStatus
from tests.browser.conftest import phone_context
from tests.browser.steps import FACTORY_PASSWORD, seller_screen, shopper_screen, shot, sign_in
from tests.factories import UserFactory, commune_of
from tests.marketplace.checkout.helpers import SHIPPING_FEE_A, SHIPPING_FEE_B

pytestmark = pytest.mark.django_db(transaction=True)

GUEST_EMAIL = "khach.le@example.vn"
PARCELS = {"HTX Chè Tân Cương": ("Viettel Post", "VTP202611250001"), "Hộ Nguyễn Văn B": ("GHN", "GHN5X8K2Q")}
ORDER_LINK = re.compile(r"/don-hang/[^/\s\"'<>]+/")


@pytest.fixture
def stage(products):
    """Two approved sellers, each with a flat-fee shipping method, and one
    published product each: (tea from seller A, squid from seller B); an
    empty page cache."""
    cache.clear()
    yield products
    cache.clear()


def add_to_cart(page: Page, slug: str, quantity: int) -> None:
    page.goto(f"/san-pham/{slug}/")
    shopper_screen(page)
    page.get_by_label("Số lượng").fill(str(quantity))
    page.get_by_role("button", name="Thêm vào giỏ").click()
    expect(page).to_have_url(re.compile(r"/gio-hang/$"))
    expect(page.get_by_text("Đã thêm vào giỏ hàng.")).to_be_visible()


def test_guest_buys_from_two_sellers_who_pack_and_ship(phone, browser, live_server, stage):
    page = phone
    tea_product, squid_product = stage
    add_to_cart(page, tea_product.slug, 2)
    add_to_cart(page, squid_product.slug, 1)
    page.goto("/gio-hang/")
    shopper_screen(page)
    expect(page.locator("#cart-count")).to_have_text("3")
    expect(page.locator(".seller-group")).to_have_count(2)
    shot(page, "checkout-1-cart")
    page.get_by_role("link", name="Đặt hàng").click()

    # The address: province first, then the communes of that province.
    expect(page).to_have_url(re.compile(r"/dat-hang/$"))
    page.get_by_label("Email nhận thông tin đơn hàng").fill(GUEST_EMAIL)
    page.get_by_label("Họ và tên người nhận").fill("Nguyễn Văn An")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Tỉnh/thành phố").select_option("22")
    commune = commune_of("22")
    expect(page.get_by_label("Xã/phường/đặc khu").locator(f'option[value="{commune.code}"]')).to_be_attached()
    page.get_by_label("Xã/phường/đặc khu").select_option(commune.code)
    page.get_by_label("Số nhà, tên đường hoặc thôn, ấp").fill("12 Lê Thánh Tông")
    shopper_screen(page)
    shot(page, "checkout-2-address")
    page.get_by_role("button", name="Tiếp tục").click()

    # One shipping method per seller's parcel, then cash on delivery.
    expect(page).to_have_url(re.compile(r"/dat-hang/giao-hang/$"))
    shopper_screen(page)
    groups = page.locator(".seller-group")
    expect(groups).to_have_count(2)
    for index in range(2):
        groups.nth(index).get_by_role("radio").first.check()
    page.get_by_label("Thanh toán khi nhận hàng (COD)").check()
    expected_total = 2 * 120_000 + 85_000 + SHIPPING_FEE_A + SHIPPING_FEE_B
    expect(page.locator("#grand-total")).to_contain_text(f"{expected_total:,}".replace(",", "."))
    shot(page, "checkout-3-delivery")
    page.get_by_role("button", name="Đặt hàng").click()

    expect(page.get_by_text("Đặt hàng thành công!")).to_be_visible()
    shopper_screen(page)
    shot(page, "checkout-4-confirmation")
    order = Order.objects.get()
    assert order.user_email == GUEST_EMAIL and order.total_amount == expected_total
    assert order.shipping_address.commune_id == commune.code
    expect(page.get_by_role("heading", name=f"Đơn hàng {order.number}")).to_be_visible()
    subs = {sub.seller.name: sub for sub in order.seller_orders.select_related("seller")}
    assert set(subs) == set(PARCELS)

    # Each seller, in its own browser: only its own sub-order; pack, then ship.
    for seller_name, email in (
        ("HTX Chè Tân Cương", "chu.htx.a@example.vn"),
        ("Hộ Nguyễn Văn B", "chu.ho.b@example.vn"),
    ):
        carrier, tracking = PARCELS[seller_name]
        context = phone_context(browser, live_server.url)
        seller_page = context.new_page()
        sign_in(seller_page, email=email, password=FACTORY_PASSWORD)
        seller_page.goto("/kenh-nguoi-ban/don-hang/")
        seller_screen(seller_page)
        own = subs[seller_name]
        other = next(sub for name, sub in subs.items() if name != seller_name)
        expect(seller_page.get_by_text(own.number)).to_be_visible()
        expect(seller_page.get_by_text(other.number)).to_have_count(0)
        seller_page.get_by_text(own.number).click()
        seller_screen(seller_page)
        seller_page.get_by_role("button", name="Đã đóng gói xong").click()
        seller_page.get_by_label("Đơn vị vận chuyển").fill(carrier)
        seller_page.get_by_label("Mã vận đơn").fill(tracking)
        seller_page.get_by_role("button", name="Đã gửi hàng").click()
        expect(seller_page.locator("h1 .pill")).to_have_text("Đã gửi hàng")
        seller_screen(seller_page)
        context.close()
    assert set(order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.SHIPPED}

    # The guest follows the link in the order email: both parcels on their way.
    placed = next(m for m in mail.outbox if GUEST_EMAIL in m.to and order.number in m.subject)
    link = ORDER_LINK.search(placed.body).group(0)
    page.goto(link)
    shopper_screen(page)
    for carrier, tracking in PARCELS.values():
        expect(page.get_by_text(tracking)).to_be_visible()
        expect(page.get_by_text(carrier, exact=True)).to_be_visible()
    expect(page.locator(".seller-order .status")).to_have_text(["Đã gửi hàng", "Đã gửi hàng"])
    expect(page.locator("h1")).to_contain_text(order.number)
    shot(page, "checkout-5-shipped")


def test_signed_in_shopper_saves_an_address_and_checks_out_with_it(phone, stage):
    """A shopper with an account keeps an address in the address book
    (province, then its communes) and picks it at checkout; the order shows
    in "Đơn hàng của tôi" and the buyer may cancel a parcel before packing."""
    page = phone
    tea_product, _squid_product = stage
    shopper = UserFactory(email="khach.quen@example.vn")
    sign_in(page, email=shopper.email, password=FACTORY_PASSWORD)
    page.goto("/tai-khoan/dia-chi/")
    shopper_screen(page)
    page.get_by_role("link", name="Thêm địa chỉ").click()
    page.get_by_label("Họ và tên người nhận").fill("Trần Thị Bình")
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    page.get_by_label("Tỉnh/thành phố").select_option("01")
    commune = commune_of("01")
    expect(page.get_by_label("Xã/phường/đặc khu").locator(f'option[value="{commune.code}"]')).to_be_attached()
    page.get_by_label("Xã/phường/đặc khu").select_option(commune.code)
    page.get_by_label("Số nhà, tên đường hoặc thôn, ấp").fill("5 Tràng Tiền")
    shopper_screen(page)
    page.get_by_role("button", name="Lưu địa chỉ").click()
    expect(page.get_by_text("Đã lưu địa chỉ.")).to_be_visible()
    expect(page.get_by_text("Mặc định")).to_be_visible()
    shopper_screen(page)
    shot(page, "checkout-6-address-book")

    add_to_cart(page, tea_product.slug, 1)
    page.get_by_role("link", name="Đặt hàng").click()
    # The saved default address is chosen already.
    expect(page.get_by_role("radio", name=re.compile("Trần Thị Bình"))).to_be_checked()
    shopper_screen(page)
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_text("5 Tràng Tiền")).to_be_visible()
    page.get_by_role("button", name="Đặt hàng").click()
    expect(page.get_by_text("Đặt hàng thành công!")).to_be_visible()
    order = Order.objects.get()
    assert order.user == shopper and order.shipping_address.commune_id == commune.code

    page.goto("/tai-khoan/don-hang/")
    shopper_screen(page)
    page.get_by_role("link", name=f"Đơn hàng {order.number}").click()
    page.get_by_text("Hủy đơn của người bán này").click()
    page.get_by_label("Lý do hủy").fill("Đặt nhầm số lượng")
    page.get_by_role("button", name="Xác nhận hủy").click()
    expect(page.get_by_text(f"Đã hủy đơn {order.seller_orders.get().number}.")).to_be_visible()
    shopper_screen(page)
    assert order.seller_orders.get().status == SellerOrderStatus.CANCELLED
