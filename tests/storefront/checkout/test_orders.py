"""The order page a signed link opens, the signed-in shopper's order list
and detail, and the buyer's cancel button."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.checkout import services
from marketplace.order.access import order_access_token
from marketplace.order.models import Order, SellerOrderStatus
from marketplace.order.services import mark_packed, mark_shipped
from tests.marketplace.checkout.helpers import ready_checkout, shop_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest_order(channel, tea, squid) -> Order:
    checkout = ready_checkout(channel, [(tea, 2), (squid, 1)], email="khach.le@example.vn")
    return services.complete_checkout(checkout=checkout)


@pytest.fixture
def shopper_order(channel, shopper, tea, squid) -> Order:
    checkout = ready_checkout(channel, [(tea, 1), (squid, 3)], user=shopper, email=shopper.email)
    return services.complete_checkout(checkout=checkout, user=shopper)


def test_the_signed_link_shows_the_order_to_anyone_holding_it(guest_order, seller_a, owner_a):
    sub_a = guest_order.seller_orders.get(seller=seller_a)
    mark_packed(seller_order=sub_a, actor=owner_a)
    mark_shipped(seller_order=sub_a, actor=owner_a, carrier="Viettel Post", tracking_number="VTP123456789")
    html = Client().get(f"/don-hang/{order_access_token(guest_order)}/").content.decode()
    assert guest_order.number in html
    assert "HTX Chè Tân Cương" in html and "Hộ Nguyễn Văn B" in html
    assert "Đã gửi hàng" in html and "Viettel Post" in html and "VTP123456789" in html
    assert "Chưa thanh toán" in html and "Thanh toán khi nhận hàng (COD)" in html
    assert "Chè búp Tân Cương" in html and "240.000" in html
    # A guest cannot cancel (the domain lets only the signed-in buyer).
    assert "Hủy đơn" not in html


@pytest.mark.parametrize("token", ["khong-hop-le", "eyJhIjoxfQ:1abc:xyz", "0" * 40])
def test_a_forged_or_unknown_token_is_a_404(client, guest_order, token):
    assert client.get(f"/don-hang/{token}/").status_code == 404


def test_an_altered_token_is_a_404(client, guest_order):
    token = order_access_token(guest_order)
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/don-hang/{altered}/").status_code == 404


def test_the_buyer_cancels_a_sub_order_before_packing(client, shopper, shopper_order, seller_a, seller_b):
    client.force_login(shopper)
    token = order_access_token(shopper_order)
    html = client.get(f"/tai-khoan/don-hang/{shopper_order.pk}/").content.decode()
    assert html.count("Hủy đơn của người bán này") == 2
    sub_a = shopper_order.seller_orders.get(seller=seller_a)
    response = client.post(f"/don-hang/{token}/huy/", {"seller_order": sub_a.pk, "reason": "Đặt nhầm"}, follow=True)
    sub_a.refresh_from_db()
    assert sub_a.status == SellerOrderStatus.CANCELLED
    html = response.content.decode()
    assert f"Đã hủy đơn {sub_a.number}." in html
    assert html.count("Hủy đơn của người bán này") == 1


def test_cancel_needs_a_reason_and_changes_nothing_without_one(client, shopper, shopper_order, seller_a):
    client.force_login(shopper)
    sub_a = shopper_order.seller_orders.get(seller=seller_a)
    before = shop_state()
    response = client.post(
        f"/don-hang/{order_access_token(shopper_order)}/huy/", {"seller_order": sub_a.pk, "reason": " "}, follow=True
    )
    assert "Vui lòng ghi rõ lý do hủy đơn." in response.content.decode()
    assert shop_state() == before


def test_no_cancel_once_packed(client, shopper, shopper_order, seller_a, owner_a):
    client.force_login(shopper)
    sub_a = shopper_order.seller_orders.get(seller=seller_a)
    mark_packed(seller_order=sub_a, actor=owner_a)
    html = client.get(f"/tai-khoan/don-hang/{shopper_order.pk}/").content.decode()
    assert html.count("Hủy đơn của người bán này") == 1  # only seller B's
    before = shop_state()
    response = client.post(
        f"/don-hang/{order_access_token(shopper_order)}/huy/",
        {"seller_order": sub_a.pk, "reason": "Đổi ý"},
        follow=True,
    )
    assert "Người bán đã chuẩn bị hàng" in response.content.decode()
    assert shop_state() == before


def test_others_cannot_cancel_or_reach_through_another_order(client, stranger, shopper_order, guest_order, seller_a):
    """A stranger holding the link sees the order but cannot cancel; a sub-order
    of another order named under this link is a 404."""
    client.force_login(stranger)
    token = order_access_token(shopper_order)
    sub_a = shopper_order.seller_orders.get(seller=seller_a)
    guest_sub = guest_order.seller_orders.get(seller=seller_a)
    before = shop_state()
    assert client.post(f"/don-hang/{token}/huy/", {"seller_order": sub_a.pk, "reason": "x"}).status_code == 404
    other_link = order_access_token(guest_order)
    assert client.post(f"/don-hang/{other_link}/huy/", {"seller_order": sub_a.pk, "reason": "x"}).status_code == 404
    assert client.post(f"/don-hang/{token}/huy/", {"seller_order": guest_sub.pk, "reason": "x"}).status_code == 404
    assert client.post(f"/don-hang/{token}/huy/", {"seller_order": "abc", "reason": "x"}).status_code == 404
    assert shop_state() == before


def test_order_list_and_detail_are_the_shoppers_own(client, shopper, stranger, shopper_order, guest_order):
    client.force_login(shopper)
    html = client.get("/tai-khoan/don-hang/").content.decode()
    assert shopper_order.number in html and guest_order.number not in html
    assert client.get(f"/tai-khoan/don-hang/{shopper_order.pk}/").status_code == 200
    assert client.get(f"/tai-khoan/don-hang/{guest_order.pk}/").status_code == 404
    client.force_login(stranger)
    assert client.get(f"/tai-khoan/don-hang/{shopper_order.pk}/").status_code == 404
    assert "Bạn chưa có đơn hàng nào." in client.get("/tai-khoan/don-hang/").content.decode()


def test_order_list_needs_sign_in(client):
    response = client.get("/tai-khoan/don-hang/")
    assert response.status_code == 302 and response.url.startswith("/dang-nhap/")


@pytest.mark.parametrize("page", ["0", "2", "abc"])
def test_order_list_page_out_of_range_is_a_404(client, shopper, shopper_order, page):
    client.force_login(shopper)
    assert client.get(f"/tai-khoan/don-hang/?page={page}").status_code == 404
