"""The review queue and the list of sellers, as an operator sees them."""

from __future__ import annotations

import re

import pytest

from marketplace.seller.models import SellerStatus
from tests.factories import SellerFactory
from tests.storefront.operator.conftest import waiting_seller

pytestmark = pytest.mark.django_db


def names_in_order(html: str, names: list[str]) -> list[str]:
    """``names`` in the order they appear in ``html``."""
    return sorted((name for name in names if name in html), key=html.index)


def test_queue_lists_waiting_applications_longest_waiting_first(operator_client):
    waiting_seller("HTX Mật ong Bắc Kạn", days=1.2)
    waiting_seller("Hộ bà Năm mắm tôm", days=9.5, status=SellerStatus.IN_REVIEW, province="44", documents=1)
    waiting_seller("Cơ sở chè Tân Cương", days=3.1)
    SellerFactory(name="Đã duyệt rồi", status=SellerStatus.APPROVED)
    SellerFactory(name="Còn bản nháp", status=SellerStatus.DRAFT)

    response = operator_client.get("/quan-ly/ho-so/")

    html = response.content.decode()
    assert response.status_code == 200
    assert names_in_order(html, ["HTX Mật ong Bắc Kạn", "Hộ bà Năm mắm tôm", "Cơ sở chè Tân Cương"]) == [
        "Hộ bà Năm mắm tôm",
        "Cơ sở chè Tân Cương",
        "HTX Mật ong Bắc Kạn",
    ]
    assert "Đã duyệt rồi" not in html and "Còn bản nháp" not in html
    assert "chờ 9 ngày" in html and "chờ 3 ngày" in html and "chờ 1 ngày" in html
    assert "Tỉnh Quảng Trị" in html and "Tỉnh Thái Nguyên" in html
    assert "1 giấy tờ" in html and "2 giấy tờ" in html
    assert "Đang xét duyệt" in html and "Hợp tác xã" in html


def test_waiting_time_under_a_day_is_told_in_hours(operator_client):
    waiting_seller("Mới gửi sáng nay", days=5 / 24 + 0.001)
    waiting_seller("Vừa gửi", days=0.001)
    html = operator_client.get("/quan-ly/ho-so/").content.decode()
    assert "chờ 5 giờ" in html
    assert "chờ dưới 1 giờ" in html


def test_queue_filters_by_status_and_province(operator_client):
    waiting_seller("Chờ ở Thái Nguyên", days=2)
    waiting_seller("Đang xét ở Thái Nguyên", days=3, status=SellerStatus.IN_REVIEW)
    waiting_seller("Chờ ở Quảng Trị", days=4, province="44")

    in_review = operator_client.get("/quan-ly/ho-so/", {"status": "in_review"}).content.decode()
    in_quang_tri = operator_client.get("/quan-ly/ho-so/", {"province": "44"}).content.decode()

    assert "Đang xét ở Thái Nguyên" in in_review
    assert "Chờ ở Thái Nguyên" not in in_review and "Chờ ở Quảng Trị" not in in_review
    assert "Chờ ở Quảng Trị" in in_quang_tri
    assert "Chờ ở Thái Nguyên" not in in_quang_tri and "Đang xét ở Thái Nguyên" not in in_quang_tri


def test_an_unknown_filter_value_is_ignored_with_a_vietnamese_note(operator_client):
    waiting_seller("Vẫn hiện ra", days=2)
    response = operator_client.get("/quan-ly/ho-so/", {"status": "approved", "province": "xx"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vẫn hiện ra" in html
    assert "Lựa chọn không hợp lệ." in html


def test_empty_queue_says_so(operator_client):
    assert "Không có hồ sơ nào đang chờ." in operator_client.get("/quan-ly/ho-so/").content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_queue_takes_a_fixed_number_of_queries(operator_client, django_assert_num_queries, count):
    for n in range(count):
        waiting_seller(f"Cơ sở số {n}", days=n + 1, documents=1 + n % 3)
    # session, user, COUNT, sellers, their documents, the provinces of the filter
    with django_assert_num_queries(6):
        response = operator_client.get("/quan-ly/ho-so/")
    assert len(re.findall(r'<li>\s*<a class="name"', response.content.decode())) == count


def test_seller_list_shows_every_status_and_filters(operator_client):
    SellerFactory(name="Cơ sở đang bán", status=SellerStatus.APPROVED)
    SellerFactory(name="Cơ sở bị khóa", status=SellerStatus.SUSPENDED)
    SellerFactory(name="Cơ sở bị từ chối", status=SellerStatus.REJECTED, tax_code="4600999888")

    everyone = operator_client.get("/quan-ly/nguoi-ban/").content.decode()
    suspended = operator_client.get("/quan-ly/nguoi-ban/", {"status": "suspended"}).content.decode()
    by_tax_code = operator_client.get("/quan-ly/nguoi-ban/", {"q": "4600999"}).content.decode()

    assert all(name in everyone for name in ["Cơ sở đang bán", "Cơ sở bị khóa", "Cơ sở bị từ chối"])
    assert "Cơ sở bị khóa" in suspended and "Cơ sở đang bán" not in suspended
    assert "Tạm khóa" in suspended
    assert "Cơ sở bị từ chối" in by_tax_code and "Cơ sở bị khóa" not in by_tax_code


@pytest.mark.parametrize("count", [2, 20])
def test_seller_list_takes_a_fixed_number_of_queries(operator_client, django_assert_num_queries, count):
    SellerFactory.create_batch(count, status=SellerStatus.APPROVED)
    with django_assert_num_queries(5):  # session, user, COUNT, sellers with provinces, filter provinces
        operator_client.get("/quan-ly/nguoi-ban/")


def test_the_queue_pages_fifty_at_a_time_keeping_the_filters(operator_client):
    for n in range(52):
        waiting_seller(f"Cơ sở xếp hàng {n:02d}", days=100 - n, documents=0)
    first = operator_client.get("/quan-ly/ho-so/", {"status": "submitted"}).content.decode()
    second = operator_client.get("/quan-ly/ho-so/", {"status": "submitted", "page": 2}).content.decode()
    assert "Cơ sở xếp hàng 00" in first and "Cơ sở xếp hàng 51" not in first
    assert "Cơ sở xếp hàng 51" in second and "Cơ sở xếp hàng 00" not in second
    assert "?status=submitted&amp;page=2" in first
