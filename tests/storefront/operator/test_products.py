"""Listing moderation: an operator finds a product, takes it off the shop with
a reason the seller sees, and puts it back."""

from __future__ import annotations

import re

import pytest

from marketplace.product import services as product_services
from marketplace.product.errors import ProductError
from marketplace.product.models import ModerationAction, ProductModerationEvent, ProductStatus
from marketplace.product.selectors import seller_products, visible_products
from tests.factories import ProductFactory, ProductVariantFactory, SellerFactory, publish
from tests.storefront.operator.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(approved_seller, channel):
    """A product of an approved seller (owned by chu.co.so@example.vn), on sale."""
    return publish(ProductFactory(seller=approved_seller, name="Chè búp Tân Cương đặc biệt"), channel)


def url(product) -> str:
    return f"/quan-ly/san-pham/{product.pk}/"


def refreshed(product):
    product.refresh_from_db()
    return product


def test_unlisting_hides_the_product_and_tells_the_seller_why(
    operator_client, operator, listed, channel, mailoutbox, django_capture_on_commit_callbacks
):
    reason = "Ảnh sản phẩm không đúng với hàng thật."
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(url(listed), {"action": "unlist", "reason": reason}, follow=True)

    assert "Đã gỡ sản phẩm khỏi sàn." in response.content.decode()
    assert refreshed(listed).status == ProductStatus.UNLISTED_BY_OPERATOR
    assert listed not in visible_products(channel)
    event = ProductModerationEvent.objects.get(product=listed)
    assert (event.action, event.actor, event.reason) == (ModerationAction.UNLIST, operator, reason)
    # The seller is told: by email, in its product list, and when trying to publish again.
    assert [mail.to for mail in mailoutbox] == [["chu.co.so@example.vn"]]
    assert reason in mailoutbox[0].body
    mine = seller_products(seller=listed.seller).get(pk=listed.pk)
    assert (mine.moderation_reason, mine.is_live) == (reason, False)
    owner = listed.seller.members.get().user
    assert f"Bị gỡ: {reason}" in signed_in(owner).get("/kenh-nguoi-ban/san-pham/").content.decode()
    with pytest.raises(ProductError) as refused:
        product_services.publish_product(product=listed, actor=owner)
    assert refused.value.code == "PRODUCT_UNLISTED_BY_OPERATOR" and reason in refused.value.message


def test_unlisting_needs_a_reason(operator_client, listed, channel, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(url(listed), {"action": "unlist", "reason": "  "})
    assert response.status_code == 400
    assert "Vui lòng ghi rõ lý do gỡ sản phẩm." in response.content.decode()
    assert refreshed(listed).status == ProductStatus.ACTIVE
    assert listed in visible_products(channel)
    assert not ProductModerationEvent.objects.exists() and mailoutbox == []


def test_relisting_brings_it_back_and_the_history_reads_newest_first(
    operator_client, operator, listed, channel, django_capture_on_commit_callbacks
):
    product_services.unlist_product(product=listed, operator=operator, reason="Thiếu nhãn phụ tiếng Việt.")
    page = operator_client.get(url(listed)).content.decode()
    assert "Cho bán lại" in page and 'value="unlist"' not in page

    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(url(listed), {"action": "relist", "note": "Đã bổ sung nhãn."})

    assert refreshed(listed).status == ProductStatus.ACTIVE and listed.moderation_reason == ""
    assert listed in visible_products(channel)
    history = operator_client.get(url(listed)).content.decode().split('id="h-history"')[1]
    assert re.findall(r"<li><strong>([^<]+)</strong>", history) == ["Cho bán lại", "Gỡ sản phẩm"]
    assert "Lý do: Thiếu nhãn phụ tiếng Việt." in history and "can.bo@ocop.example.vn" in history


def test_unlisting_twice_is_refused_in_vietnamese(operator_client, operator, listed):
    product_services.unlist_product(product=listed, operator=operator, reason="Lần một.")
    response = operator_client.post(url(listed), {"action": "unlist", "reason": "Lần hai."})
    assert response.status_code == 409
    assert "Sản phẩm đã bị gỡ trước đó." in response.content.decode()
    assert refreshed(listed).moderation_reason == "Lần một."
    assert ProductModerationEvent.objects.filter(product=listed).count() == 1


def test_relisting_an_active_product_or_an_odd_action_changes_nothing(operator_client, listed):
    assert operator_client.post(url(listed), {"action": "relist"}).status_code == 409
    assert operator_client.post(url(listed), {"action": "xoa"}).status_code == 400
    assert refreshed(listed).status == ProductStatus.ACTIVE
    assert not ProductModerationEvent.objects.exists()


def test_the_product_page_shows_what_the_shop_shows(operator_client, listed):
    ProductVariantFactory(product=listed, sku="CHE-500G", name="Hộp 500 g")
    html = operator_client.get(url(listed)).content.decode()
    assert "Chè búp Tân Cương đặc biệt" in html
    assert "Đang hiển thị trên sàn" in html and f'href="/san-pham/{listed.slug}/"' in html
    assert "HTX Chè Tân Cương" in html and "120.000" in html and "CHE-500G" in html


def test_product_list_finds_by_name_without_diacritics_seller_or_sku(operator_client, listed):
    other = ProductFactory(name="Nước mắm Phú Quốc", seller=SellerFactory(name="Cơ sở mắm Hòa Bình"))
    ProductVariantFactory(product=other, sku="MAM-40N")
    product_services.reindex_products(product_ids=[listed.pk, other.pk])  # as the catalogue services do

    def found(**query) -> str:
        return operator_client.get("/quan-ly/san-pham/", query).content.decode()

    assert "Nước mắm Phú Quốc" in found(q="nuoc mam") and "Chè búp" not in found(q="nuoc mam")
    assert "Nước mắm Phú Quốc" in found(q="Hòa Bình")
    assert "Nước mắm Phú Quốc" in found(q="mam-40n")
    assert "Chè búp Tân Cương đặc biệt" in found(q="che bup")
    everything = found()
    assert "đang hiển thị trên sàn" in everything and "không hiển thị trên sàn" in everything


def test_product_list_filters_unlisted_ones_with_their_reason(operator_client, operator, listed):
    ProductFactory(name="Mật ong rừng")
    product_services.unlist_product(product=listed, operator=operator, reason="Sai hạng sao OCOP.")
    html = operator_client.get("/quan-ly/san-pham/", {"status": "unlisted"}).content.decode()
    assert "Chè búp Tân Cương đặc biệt" in html and "Mật ong rừng" not in html
    assert "Lý do gỡ: Sai hạng sao OCOP." in html


@pytest.mark.parametrize("count", [2, 20])
def test_product_list_takes_a_fixed_number_of_queries(operator_client, channel, django_assert_num_queries, count):
    seller = SellerFactory()
    for _ in range(count):
        publish(ProductFactory(seller=seller), channel)
    # session, user, channel, COUNT, products with sellers and visibility
    with django_assert_num_queries(5):
        operator_client.get("/quan-ly/san-pham/")


@pytest.mark.parametrize("who", ["shopper", "owner", "seller_staff"])
def test_non_operators_cannot_see_or_moderate_products(request, listed, channel, who):
    client = signed_in(request.getfixturevalue(who))
    assert client.get("/quan-ly/san-pham/").status_code == 404
    assert client.get(url(listed)).status_code == 404
    assert client.post(url(listed), {"action": "unlist", "reason": "Thử."}).status_code == 404
    assert refreshed(listed).status == ProductStatus.ACTIVE


def test_anonymous_is_sent_to_sign_in(client, listed):
    response = client.get(url(listed))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=")


def test_unknown_product_is_not_found(operator_client):
    assert operator_client.get("/quan-ly/san-pham/999999/").status_code == 404
