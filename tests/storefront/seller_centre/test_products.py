"""Products through the seller centre: the one-screen listing (field fit),
bad input refused in Vietnamese with nothing written, editing and
publishing. Photos, variants and stock are in ``test_product_parts``."""

from __future__ import annotations

import re

import pytest

from marketplace.product import services as catalogue
from marketplace.product.models import Product, ProductChannelListing, ProductVariant
from marketplace.product.selectors import visible_products
from marketplace.seller import services
from marketplace.seller.models import SellerStatus
from tests.marketplace.seller import files
from tests.storefront.conftest import jpeg
from tests.storefront.seller_centre.conftest import client_for, field_errors, flash, make_product

pytestmark = pytest.mark.django_db
NEW = "/kenh-nguoi-ban/san-pham/moi/"


def listing(chosen, **fields):
    data = {
        "name": "Chè búp Tân Cương",
        "category": str(chosen.pk),
        "price": "120000",
        "stock": "25",
        "photo": files.upload(jpeg().getvalue(), "IMG_2025.jpg", "image/jpeg"),
        "publish": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def create_form(page: str) -> str:
    return re.search(
        r'<form method="post" enctype="multipart/form-data" novalidate id="product-form">.*?</form>', page, re.S
    ).group(0)


def test_the_listing_form_is_one_screen_with_five_required_fields(client_a, category, channel):
    form = create_form(client_a.get(NEW).content.decode())

    required = re.findall(r"<(?:input|select|textarea)[^>]*\brequired\b[^>]*>", form)
    assert [re.search(r'name="([^"]+)"', tag).group(1) for tag in required] == [
        "name",
        "category",
        "price",
        "stock",
        "photo",
    ]
    assert re.search(r'<input type="text" name="price"[^>]*inputmode="numeric"', form)
    assert re.search(r'<input type="file" name="photo"[^>]*accept="image/\*" capture="environment"', form)
    assert "<summary>Thêm chi tiết" in form  # the optional fields are folded away
    assert re.search(r'<input type="checkbox" name="publish"[^>]*checked', form)


def test_from_the_dashboard_to_a_live_listing(client_a, seller_a, category, channel):
    """Dashboard -> "Đăng sản phẩm mới" -> the form -> the saved, live product."""
    dashboard = client_a.get("/kenh-nguoi-ban/").content.decode()
    assert f'href="{NEW}">Đăng sản phẩm mới</a>' in dashboard

    response = client_a.post(NEW, listing(category))

    product = Product.objects.get(seller=seller_a)
    assert response.status_code == 302 and response["Location"] == f"/kenh-nguoi-ban/san-pham/{product.pk}/"
    page = client_a.get(response["Location"]).content.decode()
    assert "Đã đăng bán “Chè búp Tân Cương”." in flash(page)
    assert f'<a href="/san-pham/{product.slug}/" target="_blank" rel="noopener">Xem trên cửa hàng</a>' in page
    assert visible_products(channel).filter(pk=product.pk).exists()
    assert client_for(None).get(f"/san-pham/{product.slug}/").status_code == 200
    variant = product.variants.get()
    assert variant.channel_listings.get().price_amount == 120_000
    assert variant.stocks.get().quantity == 25
    assert product.media.count() == 1


def test_amounts_written_the_vietnamese_way_are_understood(client_a, seller_a, category, channel):
    client_a.post(NEW, listing(category, price="1.250.000 đ", stock="1.000"))

    variant = ProductVariant.objects.get(product__seller=seller_a)
    assert variant.channel_listings.get().price_amount == 1_250_000
    assert variant.stocks.get().quantity == 1000


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"price": "-5000"}, "price", "Giá không được âm."),
        ({"price": "12.5"}, "price", "Giá phải là số đồng nguyên, không có phần lẻ."),
        ({"price": "mười nghìn"}, "price", "Giá phải là số đồng nguyên, không có phần lẻ."),
        ({"price": ""}, "price", "Vui lòng nhập giá bán."),
        ({"stock": "-1"}, "stock", "Số lượng không được âm."),
        ({"name": "  "}, "name", "Vui lòng nhập tên sản phẩm."),
        ({"category": ""}, "category", "Vui lòng chọn danh mục."),
        ({"photo": None}, "photo", "Vui lòng chụp hoặc chọn một ảnh."),
    ],
    ids=[
        "negative price",
        "fractional price",
        "words",
        "no price",
        "negative stock",
        "no name",
        "no category",
        "no photo",
    ],
)
def test_bad_listing_input_is_refused_in_vietnamese(client_a, category, channel, fields, field, message):
    page = client_a.post(NEW, listing(category, **fields)).content.decode()

    assert field_errors(page, field) == [message]
    assert not Product.objects.exists()


def test_a_php_file_named_jpg_is_not_a_photo_and_nothing_is_created(client_a, category, channel):
    php = files.upload(files.PHP_SHELL, "anh.jpg", "image/jpeg")

    page = client_a.post(NEW, listing(category, photo=php)).content.decode()

    assert field_errors(page, "photo") == ["Chỉ nhận ảnh JPEG, PNG hoặc WebP."]
    assert not Product.objects.exists() and not ProductVariant.objects.exists()


def test_a_duplicate_sku_is_refused(client_a, product_b, category, channel):
    taken = product_b.variants.get().sku

    page = client_a.post(NEW, listing(category, sku=taken)).content.decode()

    assert field_errors(page, "sku") == [f"Mã SKU “{taken}” đã được dùng."]
    assert Product.objects.count() == 1
    assert "<details open>" in page  # the error is not hidden in the folded part


def test_an_unapproved_seller_prepares_products_but_cannot_publish(draft_seller, farmer, category, channel):
    client = client_for(farmer)
    form = create_form(client.get(NEW).content.decode())
    assert re.search(r'<input type="checkbox" name="publish"[^>]*disabled', form)
    assert "Cơ sở chưa được duyệt nên chưa thể đăng bán." in form

    client.post(NEW, listing(category))
    product = Product.objects.get(seller=draft_seller)
    page = client.get(f"/kenh-nguoi-ban/san-pham/{product.pk}/").content.decode()
    assert re.search(r'<button class="primary wide" name="action" value="publish" disabled', page)

    response = client.post(f"/kenh-nguoi-ban/san-pham/{product.pk}/dang-ban/", {"action": "publish"}, follow=True)

    assert "Cơ sở chưa được duyệt nên chưa thể đăng bán." in flash(response.content.decode())
    assert not ProductChannelListing.objects.filter(product=product, is_published=True).exists()


def test_a_suspended_sellers_products_leave_the_shop_and_cannot_return(
    client_a, seller_a, owner_a, operator, product_a, channel
):
    catalogue.publish_product(product=product_a, actor=owner_a)
    assert visible_products(channel).filter(pk=product_a.pk).exists()

    services.suspend_seller(seller=seller_a, actor=operator, reason="Vi phạm quy định ghi nhãn")

    assert not visible_products(channel).filter(pk=product_a.pk).exists()
    response = client_a.post(f"/kenh-nguoi-ban/san-pham/{product_a.pk}/dang-ban/", {"action": "publish"}, follow=True)
    page = response.content.decode()
    assert "Lý do: Vi phạm quy định ghi nhãn" in page
    assert "Cơ sở đang bị tạm khóa nên không thể đăng bán." in page


def test_a_product_taken_down_by_an_operator_shows_why(client_a, owner_a, operator, product_a, channel):
    catalogue.publish_product(product=product_a, actor=owner_a)
    catalogue.unlist_product(product=product_a, operator=operator, reason="Ảnh không đúng sản phẩm")

    listed = client_a.get("/kenh-nguoi-ban/san-pham/").content.decode()
    response = client_a.post(f"/kenh-nguoi-ban/san-pham/{product_a.pk}/dang-ban/", {"action": "publish"}, follow=True)

    assert "Bị gỡ: Ảnh không đúng sản phẩm" in listed
    assert any("Ảnh không đúng sản phẩm" in message for message in flash(response.content.decode()))
    assert not visible_products(channel).filter(pk=product_a.pk).exists()


def test_publish_and_unpublish(client_a, product_a, channel):
    url = f"/kenh-nguoi-ban/san-pham/{product_a.pk}/dang-ban/"

    client_a.post(url, {"action": "publish"})
    assert visible_products(channel).filter(pk=product_a.pk).exists()
    page = client_a.post(url, {"action": "unpublish"}, follow=True).content.decode()

    assert "Đã ngừng bán “Chè búp Tân Cương”." in flash(page)
    assert not visible_products(channel).filter(pk=product_a.pk).exists()


def test_the_product_details_are_edited(client_a, product_a, category, channel):
    url = f"/kenh-nguoi-ban/san-pham/{product_a.pk}/"
    data = {"name": "Chè móc câu", "category": category.pk, "description": "Sao tay", "weight_grams": "200"}

    client_a.post(url, data)

    product_a.refresh_from_db()
    assert (product_a.name, product_a.description, product_a.weight_grams) == ("Chè móc câu", "Sao tay", 200)
    page = client_a.post(url, {**data, "weight_grams": "-3"}).content.decode()
    assert field_errors(page, "weight_grams") == ["Khối lượng phải là số gam nguyên, không âm."]


def test_a_product_is_deleted(client_a, product_a):
    response = client_a.post(f"/kenh-nguoi-ban/san-pham/{product_a.pk}/xoa/", follow=True)

    assert "Đã xóa sản phẩm “Chè búp Tân Cương”." in flash(response.content.decode())
    assert not Product.objects.filter(pk=product_a.pk).exists()


def test_the_list_shows_price_stock_and_state(client_a, seller_a, owner_a, category, channel):
    live = make_product(seller_a, owner_a, category, name="Chè đinh", price=350_000, stock=7)
    catalogue.publish_product(product=live, actor=owner_a)
    make_product(seller_a, owner_a, category, name="Chè nõn tôm", price=90_000, stock=0)

    page = client_a.get("/kenh-nguoi-ban/san-pham/").content.decode()

    assert re.search(r"Chè đinh</span>\s*<span class=\"pmeta\"><span class=\"price\">350.000\s₫</span> · Còn 7", page)
    assert "Chè nõn tôm" in page and "Chưa đăng bán" in page and "Đang bán" in page
    assert page.count("<img ") == 2
    assert SellerStatus.APPROVED == seller_a.status
