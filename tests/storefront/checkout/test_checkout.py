"""Checkout through the pages: address (province then commune, without
JavaScript), one delivery method per seller, cash on delivery, the order."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from marketplace.account.models import Address
from marketplace.checkout.models import Checkout
from marketplace.order.access import get_order_by_token, order_access_token
from marketplace.order.models import Order, SellerOrderStatus
from payments.registry import available_gateways
from tests.factories import commune_of
from tests.marketplace.checkout.helpers import SHIPPING_FEE_A, SHIPPING_FEE_B, shop_state, stock_of
from tests.storefront.checkout.steps import add_to_cart, address_form, delivery_form, visitor_checkout

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def guest_cart(client, tea, squid):
    add_to_cart(client, tea, 2)
    add_to_cart(client, squid, 1)
    return visitor_checkout(client)


def test_guest_checks_out_from_two_sellers_with_cash_on_delivery(
    client, guest_cart, tea, squid, seller_a, seller_b, django_capture_on_commit_callbacks
):
    page = client.get("/dat-hang/")
    assert page.status_code == 200
    assert "Tỉnh/thành phố" in page.content.decode()

    assert client.post("/dat-hang/", address_form()).url == "/dat-hang/giao-hang/"
    page = client.get("/dat-hang/giao-hang/").content.decode()
    # One delivery group per seller, each with its fee; the payment method the registry lists.
    assert "HTX Chè Tân Cương" in page and "Hộ Nguyễn Văn B" in page
    assert "30.000" in page and "25.000" in page
    assert "Thanh toán khi nhận hàng (COD)" in page
    # Subtotal 2 × 120.000 + 85.000, shipping 30.000 + 25.000.
    assert "380.000" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dat-hang/giao-hang/", delivery_form(client, note="Giao giờ hành chính"))
    order = Order.objects.get()
    assert response.status_code == 302
    assert response.url.startswith("/don-hang/")
    assert order.user is None and order.user_email == "khach.le@example.vn"
    assert order.total_amount == 2 * 120_000 + 85_000 + SHIPPING_FEE_A + SHIPPING_FEE_B
    assert order.customer_note == "Giao giờ hành chính"
    subs = {sub.seller_id: sub for sub in order.seller_orders.all()}
    assert set(subs) == {seller_a.pk, seller_b.pk}
    assert all(sub.status == SellerOrderStatus.CONFIRMED for sub in subs.values())
    assert order.shipping_address.province_id == "22" and order.shipping_address.phone == "+84912345678"
    assert stock_of(tea).quantity_allocated == 2 and stock_of(squid).quantity_allocated == 1
    assert not Checkout.objects.exists()
    assert mail.outbox and any("khach.le@example.vn" in m.to for m in mail.outbox)

    confirmation = client.get(response.url)
    html = confirmation.content.decode()
    assert "Đặt hàng thành công" in html and order.number in html
    assert all(sub.number in html for sub in subs.values())
    # The cart is empty now, and the header's count says so.
    assert "Giỏ hàng của bạn đang trống" in client.get("/gio-hang/").content.decode()
    # The banner shows once; the link stays.
    assert "Đặt hàng thành công" not in client.get(response.url).content.decode()


def test_province_button_lists_its_communes_without_saving(client, guest_cart):
    before = shop_state()
    page = client.post("/dat-hang/", {**address_form(commune=""), "province": "01", "choose_province": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{commune_of("01").code}"' in html
    assert f'value="{commune_of("22").code}"' not in html
    assert shop_state() == before


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"province": "99"}, "province", "Không tìm thấy tỉnh/thành phố này."),
        ({"commune": "99999"}, "commune", "Không tìm thấy xã/phường/đặc khu này."),
        ({"commune": "__commune_01__"}, "commune", "không thuộc tỉnh/thành phố đã chọn"),
        ({"phone": "12345"}, "phone", "Số điện thoại không hợp lệ"),
        ({"full_name": ""}, "full_name", "Vui lòng nhập họ tên người nhận."),
        ({"email": "khong-phai-email"}, "email", "Email không hợp lệ."),
    ],
)
def test_bad_address_is_shown_beside_its_field_and_changes_nothing(client, guest_cart, change, field, message):
    if change.get("commune") == "__commune_01__":
        change = {"commune": commune_of("01").code}
    before = shop_state()
    page = client.post("/dat-hang/", address_form(**change))
    assert page.status_code == 400
    html = page.content.decode()
    assert f'id="id_{field}_error">' in html
    assert message in html.split(f'id="id_{field}_error">')[1].split("</span>")[0]
    assert shop_state() == before


def test_the_delivery_step_needs_an_address_first(client, guest_cart):
    assert client.get("/dat-hang/giao-hang/").url == "/dat-hang/"


def test_checkout_without_a_cart_goes_back_to_the_cart(client, db, channel):
    assert client.get("/dat-hang/").url == "/gio-hang/"
    assert client.get("/dat-hang/giao-hang/").url == "/gio-hang/"


def test_double_submit_places_one_order(client, guest_cart):
    client.post("/dat-hang/", address_form())
    form = delivery_form(client)
    first = client.post("/dat-hang/giao-hang/", form)
    second = client.post("/dat-hang/giao-hang/", form)
    assert Order.objects.count() == 1
    assert get_order_by_token(first.url.split("/")[-2]) == get_order_by_token(second.url.split("/")[-2])


def test_a_double_submit_that_raced_the_first_finds_its_order(client, guest_cart):
    """The second request still had the cart in its session (it read the
    session before the first one saved): it finds the order by the cart."""
    client.post("/dat-hang/", address_form())
    form = delivery_form(client)
    session_before = dict(client.session.items())
    first = client.post("/dat-hang/giao-hang/", form)
    assert first.status_code == 302
    session = client.session
    for key, value in session_before.items():
        session[key] = value
    session.pop("storefront_placed_order", None)
    session.save()
    second = client.post("/dat-hang/giao-hang/", form)
    assert Order.objects.count() == 1
    assert second.status_code == 302
    assert get_order_by_token(second.url.split("/")[-2]) == Order.objects.get()


def test_someone_elses_checkout_token_in_the_form_opens_nothing(client, guest_cart, tea, db):
    """The hidden checkout field only finds an order already placed from
    that cart; another visitor's live cart is neither completed nor shown."""
    other = Client()
    add_to_cart(other, tea, 1)
    theirs = visitor_checkout(other)
    client.post("/dat-hang/", address_form())
    form = {**delivery_form(client), "checkout": str(theirs.pk)}
    client.post("/dat-hang/giao-hang/", form)
    stranger = Client()
    before = shop_state()
    response = stranger.post("/dat-hang/giao-hang/", {**form, "checkout": str(theirs.pk), "idempotency_key": "x"})
    assert response.url == "/gio-hang/"
    assert shop_state() == before
    assert Checkout.objects.filter(pk=theirs.pk).exists()


def test_an_unknown_shipping_method_is_refused_beside_its_seller(client, guest_cart, seller_a):
    client.post("/dat-hang/", address_form())
    form = delivery_form(client)
    before = shop_state()
    page = client.post("/dat-hang/giao-hang/", {**form, f"method-{seller_a.pk}": "999999"})
    assert page.status_code == 400
    assert "Phương thức giao hàng này không áp dụng" in page.content.decode()
    assert shop_state() == before
    assert not Order.objects.exists()


def test_an_unknown_payment_method_is_refused(client, guest_cart):
    client.post("/dat-hang/", address_form())
    before = shop_state()
    page = client.post("/dat-hang/giao-hang/", {**delivery_form(client), "payment": "bitcoin"})
    assert page.status_code == 400
    assert shop_state() == before


def test_a_note_too_long_is_refused_and_nothing_is_kept(client, guest_cart):
    client.post("/dat-hang/", address_form())
    before = shop_state()
    page = client.post("/dat-hang/giao-hang/", delivery_form(client, note="x" * 501))
    assert page.status_code == 400
    assert "Tối đa 500 ký tự." in page.content.decode()
    assert shop_state() == before


def test_sold_out_meanwhile_is_explained_and_nothing_is_placed(client, guest_cart, tea):
    client.post("/dat-hang/", address_form())
    form = delivery_form(client)
    stock = stock_of(tea)
    stock.quantity = 1
    stock.save()
    # The reservation made when adding still holds two units; drop it so the
    # allocation at completion finds only one.
    from marketplace.warehouse.models import Reservation

    Reservation.objects.all().delete()
    before = shop_state()
    page = client.post("/dat-hang/giao-hang/", form)
    assert page.status_code == 400
    assert "vừa hết hàng" in page.content.decode()
    assert shop_state() == before


def test_recalculating_saves_the_chosen_methods_only(client, guest_cart):
    client.post("/dat-hang/", address_form())
    form = delivery_form(client)
    form.pop("place")
    response = client.post("/dat-hang/giao-hang/", {**form, "recalc": "1"})
    assert response.url == "/dat-hang/giao-hang/"
    assert not Order.objects.exists()
    assert visitor_checkout(client).deliveries.count() == 2


def test_signed_in_shopper_picks_a_saved_address(client, shopper, tea, squid):
    saved = Address.objects.create(
        user=shopper,
        first_name="Thị Bình",
        last_name="Trần",
        street_address_1="5 Trần Hưng Đạo",
        province_id="22",
        commune=commune_of("22"),
        phone="+84987654321",
        is_default_shipping=True,
    )
    client.force_login(shopper)
    add_to_cart(client, tea, 1)
    add_to_cart(client, squid, 1)
    page = client.get("/dat-hang/").content.decode()
    assert "Trần Thị Bình" in page and 'name="email"' not in page
    assert client.post("/dat-hang/", {"saved": str(saved.pk)}).url == "/dat-hang/giao-hang/"
    client.post("/dat-hang/giao-hang/", delivery_form(client))
    order = Order.objects.get()
    assert order.user == shopper
    assert order.shipping_address.street_address_1 == "5 Trần Hưng Đạo"
    assert order.shipping_address_id != saved.pk


def test_someone_elses_saved_address_is_refused(client, shopper, stranger, tea):
    theirs = Address.objects.create(
        user=stranger,
        first_name="Lạ",
        last_name="Người",
        street_address_1="1 Phố Huế",
        province_id="22",
        commune=commune_of("22"),
        phone="+84987654321",
    )
    client.force_login(shopper)
    add_to_cart(client, tea, 1)
    before = shop_state()
    page = client.post("/dat-hang/", {"saved": str(theirs.pk)})
    assert page.status_code == 400
    assert "Không tìm thấy địa chỉ." in page.content.decode()
    assert shop_state() == before


def test_a_new_address_can_be_saved_to_the_book(client, shopper, tea):
    client.force_login(shopper)
    add_to_cart(client, tea, 1)
    data = address_form()
    data.pop("email")
    client.post("/dat-hang/", {**data, "saved": "new", "save_to_book": "on"})
    assert list(Address.objects.filter(user=shopper).values_list("street_address_1", flat=True)) == ["12 Lê Thánh Tông"]


def test_a_gateway_that_takes_money_now_leads_to_its_payment_page(client, guest_cart, settings):
    """Every gateway the registry offers is listed by its name; one that is
    paid before shipping (a VietQR bank transfer) sends the shopper on to
    the payments app's page for the order."""
    settings.PAYMENT_GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "payments.vietqr.gateway.VietQRGateway"]
    settings.VIETQR_BANK_BIN = "970415"
    settings.VIETQR_ACCOUNT_NUMBER = "0011001932418"
    settings.VIETQR_ACCOUNT_NAME = "CONG TY CHO OCOP"
    client.post("/dat-hang/", address_form())
    page = client.get("/dat-hang/giao-hang/").content.decode()
    offered = available_gateways("VND")
    assert [gateway.id for gateway in offered] == ["cod", "vietqr"]
    assert all(f'name="payment" value="{gateway.id}"' in page for gateway in offered)
    response = client.post("/dat-hang/giao-hang/", delivery_form(client, payment="vietqr"))
    order = Order.objects.get()
    assert order.payment_gateway == "vietqr"
    assert response.url == reverse("payments:pay", kwargs={"token": order_access_token(order)})


def test_nul_characters_in_any_field_never_break_a_page(client, guest_cart):
    """PostgreSQL text cannot hold NUL: the pages drop it rather than fail."""
    page = client.post("/dat-hang/", address_form(full_name="Nguyễn Văn An\x00"))
    assert page.status_code == 302
    form = delivery_form(client)
    for name in ("note", "idempotency_key", "checkout", "payment"):
        response = client.post("/dat-hang/giao-hang/", {**form, name: "x\x00", "recalc": "1"})
        assert response.status_code in (302, 400), name
    assert client.post("/gio-hang/cap-nhat/", {"remove": "a\x00"}).status_code == 302
    assert client.post("/gio-hang/them/", {"variant": "1\x00", "quantity": "1\x00"}).status_code == 302
    assert client.post("/dat-hang/giao-hang/", {**form, "note": "Gọi trước\x00"}).status_code == 302
    assert Order.objects.get().customer_note == "Gọi trước"
