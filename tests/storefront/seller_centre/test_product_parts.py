"""A product's photos, variants, stock per warehouse, OCOP certificate and
the seller's warehouses, through the seller centre's pages."""

from __future__ import annotations

import re

import pytest

from marketplace.product.models import OcopCertificate, ProductMedia, ProductVariant
from marketplace.warehouse.models import Stock, Warehouse
from tests.factories import OcopCertificateFactory
from tests.marketplace.seller import files
from tests.storefront.conftest import jpeg
from tests.storefront.seller_centre.conftest import field_errors, flash

pytestmark = pytest.mark.django_db


def photo(name: str = "anh.jpg", colour: str = "olive"):
    return files.upload(jpeg(80, 60, colour).getvalue(), name, "image/jpeg")


def order(product) -> list[int]:
    return list(product.media.order_by("sort_order", "pk").values_list("pk", flat=True))


def test_several_photos_are_added_at_once_then_ordered(client_a, product_a):
    first = order(product_a)[0]
    url = f"/kenh-nguoi-ban/san-pham/{product_a.pk}/anh/"

    response = client_a.post(url, {"photos": [photo("a.jpg", "red"), photo("b.jpg", "blue")]}, follow=True)

    assert "Đã thêm 2 ảnh." in flash(response.content.decode())
    _, second, third = order(product_a)
    client_a.post(f"/kenh-nguoi-ban/anh/{third}/", {"action": "up"})
    assert order(product_a) == [first, third, second]
    client_a.post(f"/kenh-nguoi-ban/anh/{second}/", {"action": "main"})
    assert order(product_a) == [second, first, third]
    client_a.post(f"/kenh-nguoi-ban/anh/{second}/", {"action": "down"})
    assert order(product_a) == [first, second, third]
    client_a.post(f"/kenh-nguoi-ban/anh/{third}/", {"action": "delete"})
    assert order(product_a) == [first, second]
    page = client_a.get(f"/kenh-nguoi-ban/san-pham/{product_a.pk}/").content.decode()
    assert page.count('<button name="action" value="main">Ảnh chính</button>') == 1  # all but the first
    assert '<input type="file" name="photos" id="id_photos" accept="image/*" multiple>' in page


def test_one_bad_photo_among_several_adds_none(client_a, product_a):
    before = order(product_a)
    php = files.upload(files.PHP_SHELL, "hinh.jpg", "image/jpeg")

    response = client_a.post(f"/kenh-nguoi-ban/san-pham/{product_a.pk}/anh/", {"photos": [photo(), php]}, follow=True)

    assert "Ảnh “hinh.jpg”: Chỉ nhận ảnh JPEG, PNG hoặc WebP." in flash(response.content.decode())
    assert order(product_a) == before


def test_a_variant_with_its_price_and_stock_per_warehouse(client_a, product_a, seller_a, owner_a):
    main = Warehouse.objects.get(seller=seller_a)
    shop = Warehouse.objects.create(seller=seller_a, name="Cửa hàng xã", slug="cua-hang-xa")
    page = client_a.get(f"/kenh-nguoi-ban/san-pham/{product_a.pk}/phan-loai/moi/").content.decode()
    assert f'name="kho-{main.pk}"' in page and f'name="kho-{shop.pk}"' in page

    client_a.post(
        f"/kenh-nguoi-ban/san-pham/{product_a.pk}/phan-loai/moi/",
        {"name": "Hộp quà 500 g", "sku": "CHE-500", "price": "250.000", f"kho-{main.pk}": "4", f"kho-{shop.pk}": "6"},
    )

    variant = ProductVariant.objects.get(sku="CHE-500")
    assert variant.channel_listings.get().price_amount == 250_000
    assert sorted(variant.stocks.values_list("quantity", flat=True)) == [4, 6]
    page = client_a.get(f"/kenh-nguoi-ban/san-pham/{product_a.pk}/").content.decode()
    assert "Hộp quà 500 g" in page and "250.000" in page


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"price": "-1"}, "price", "Giá không được âm."),
        ({"price": "12.5"}, "price", "Giá phải là số đồng nguyên, không có phần lẻ."),
        ({"sku": ""}, "sku", "Vui lòng nhập mã SKU."),
        ({"name": ""}, "name", "Vui lòng nhập tên phân loại."),
    ],
    ids=["negative price", "fractional price", "no sku", "no name"],
)
def test_bad_variant_input_is_refused(client_a, product_a, fields, field, message):
    data = {"name": "Gói 1 kg", "sku": "CHE-1KG", "price": "400000", **fields}

    page = client_a.post(f"/kenh-nguoi-ban/san-pham/{product_a.pk}/phan-loai/moi/", data).content.decode()

    assert field_errors(page, field) == [message]
    assert product_a.variants.count() == 1


def test_a_duplicate_sku_is_refused_on_a_variant(client_a, product_a, product_b):
    variant = product_a.variants.get()
    taken = product_b.variants.get().sku

    page = client_a.post(
        f"/kenh-nguoi-ban/phan-loai/{variant.pk}/",
        {"action": "save", "name": "Gói", "sku": taken, "price": "1000"},
    ).content.decode()

    assert field_errors(page, "sku") == [f"Mã SKU “{taken}” đã được dùng."]
    variant.refresh_from_db()
    assert variant.sku != taken


def test_a_variant_is_edited_and_its_stock_set(client_a, product_a, seller_a):
    variant = product_a.variants.get()
    warehouse = Warehouse.objects.get(seller=seller_a)
    url = f"/kenh-nguoi-ban/phan-loai/{variant.pk}/"
    page = client_a.get(url).content.decode()
    assert 'value="120000"' in page and f'name="kho-{warehouse.pk}" value="10"' in page

    client_a.post(url, {"action": "save", "name": "Gói 200 g", "sku": "CHE-200", "price": "130000"})
    client_a.post(url, {"action": "stock", f"kho-{warehouse.pk}": "42"})

    variant.refresh_from_db()
    assert (variant.name, variant.sku) == ("Gói 200 g", "CHE-200")
    assert variant.channel_listings.get().price_amount == 130_000
    assert Stock.objects.get(product_variant=variant, warehouse=warehouse).quantity == 42
    page = client_a.post(url, {"action": "stock", f"kho-{warehouse.pk}": "-5"}).content.decode()
    assert re.search(r'<p class="error" role="alert">Số lượng không được âm.</p>', page)
    assert Stock.objects.get(product_variant=variant, warehouse=warehouse).quantity == 42


def test_the_last_variant_cannot_be_deleted_but_another_can(client_a, product_a):
    only = product_a.variants.get()
    response = client_a.post(f"/kenh-nguoi-ban/phan-loai/{only.pk}/xoa/", follow=True)
    assert "Sản phẩm phải còn ít nhất một phân loại" in flash(response.content.decode())[0]

    client_a.post(
        f"/kenh-nguoi-ban/san-pham/{product_a.pk}/phan-loai/moi/", {"name": "Gói 1 kg", "sku": "X-1", "price": "9"}
    )
    client_a.post(f"/kenh-nguoi-ban/phan-loai/{only.pk}/xoa/")

    assert list(product_a.variants.values_list("sku", flat=True)) == ["X-1"]


def test_an_ocop_certificate_is_entered_and_attached(client_a, product_a):
    url = f"/kenh-nguoi-ban/san-pham/{product_a.pk}/chung-nhan-ocop/"
    data = {
        "action": "create",
        "number": "123/QĐ-UBND",
        "issuing_body": "UBND tỉnh Thái Nguyên",
        "decision_date": "2025-03-01",
        "star_rating": "4",
        "product_group": "beverage",
    }

    response = client_a.post(url, data, follow=True)

    product_a.refresh_from_db()
    assert product_a.ocop_certificate.number == "123/QĐ-UBND"
    assert "Đã thêm và gắn giấy chứng nhận OCOP." in flash(response.content.decode())
    again = client_a.post(url, data).content.decode()
    assert "123/QĐ-UBND" in again and re.search(r'class="error"[^>]*>[^<]*đã', again)
    assert OcopCertificate.objects.count() == 1


def test_an_existing_certificate_is_picked_or_removed(client_a, product_a, seller_a):
    certificate = OcopCertificateFactory(seller=seller_a)
    url = f"/kenh-nguoi-ban/san-pham/{product_a.pk}/chung-nhan-ocop/"

    client_a.post(url, {"action": "attach", "certificate": certificate.pk})
    product_a.refresh_from_db()
    assert product_a.ocop_certificate == certificate
    client_a.post(url, {"action": "attach", "certificate": ""})
    product_a.refresh_from_db()
    assert product_a.ocop_certificate is None


def test_a_warehouse_is_added(client_a, seller_a):
    response = client_a.post("/kenh-nguoi-ban/kho/", {"name": "Kho Đồng Hỷ", "street_address": "Xóm 3"}, follow=True)

    assert "Đã thêm kho “Kho Đồng Hỷ”." in flash(response.content.decode())
    assert Warehouse.objects.filter(seller=seller_a, name="Kho Đồng Hỷ").exists()
    page = client_a.post("/kenh-nguoi-ban/kho/", {"name": ""}).content.decode()
    assert field_errors(page, "name") == ["Vui lòng nhập tên kho."]


def test_photos_keep_their_files_out_of_a_shared_folder(product_a):
    media = ProductMedia.objects.get(product=product_a)
    assert media.image.url.startswith("/media/products/")  # photos are public on purpose; documents are not
