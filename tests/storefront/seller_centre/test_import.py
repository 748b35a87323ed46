"""Importing products from a CSV/XLSX file: template, preview with per-row
errors (nothing written), confirmation, and files that are not tables."""

from __future__ import annotations

import csv
import io

import pytest

from marketplace.product.models import Product, ProductVariant
from tests.marketplace.seller import files
from tests.storefront.seller_centre.conftest import client_for, field_errors, flash

pytestmark = pytest.mark.django_db
IMPORT = "/kenh-nguoi-ban/san-pham/nhap/"
GOOD = (
    "\ufeffsku,ten_san_pham,danh_muc,gia,ton_kho\n"
    "CHE-01,Chè búp Tân Cương,che,120000,30\n"
    "CHE-02,Chè móc câu,che,150000,12\n"
)


def upload(client, content: str | bytes, name: str = "san-pham.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(IMPORT, {"action": "preview", "file": files.upload(data, name, "text/csv")})


def token_of(page: str) -> str:
    return page.split('name="token" value="', 1)[1].split('"', 1)[0]


def test_the_template_lists_the_columns(client_a):
    response = client_a.get(f"{IMPORT}mau.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-san-pham.csv"'
    text = response.content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:5] == ["sku", "ten_san_pham", "danh_muc", "gia", "ton_kho"]


def test_a_file_is_previewed_then_imported(client_a, seller_a, category, channel):
    preview = upload(client_a, GOOD).content.decode()

    assert "2 thêm mới, 0 cập nhật, 0 bỏ qua" in preview
    assert "Chè móc câu" in preview and "Thêm mới" in preview
    assert not Product.objects.exists()  # a preview writes nothing

    response = client_a.post(IMPORT, {"action": "apply", "token": token_of(preview)}, follow=True)

    assert "Đã nhập xong: 2 dòng thêm mới, 0 dòng cập nhật." in flash(response.content.decode())
    assert sorted(ProductVariant.objects.filter(product__seller=seller_a).values_list("sku", flat=True)) == [
        "CHE-01",
        "CHE-02",
    ]
    assert "seller_centre_import" not in client_a.session  # the kept file is gone


def test_broken_rows_are_listed_and_nothing_is_written(client_a, seller_a, category, channel, product_b):
    foreign = product_b.variants.get().sku
    broken = (
        "sku,ten_san_pham,danh_muc,gia,ton_kho\n"
        "CHE-01,Chè búp,che,12.5,3\n"
        "CHE-02,,che,100000,3\n"
        "CHE-03,Chè lạ,khong-co-danh-muc,100000,3\n"
        "CHE-04,Chè tốt,che,100000,3\n"
        "CHE-04,Chè tốt lần hai,che,100000,3\n"
        f"{foreign},Hàng người khác,che,100000,3\n"
    )

    page = upload(client_a, broken).content.decode()

    assert "dòng có lỗi. Hãy sửa tệp rồi tải lên lại; chưa có gì được nhập." in page
    assert 'value="apply"' not in page  # no confirmation while rows are wrong
    assert "Giá phải là số đồng nguyên, không có phần lẻ." in page
    for code in ("INVALID_PRICE", "REQUIRED", "DUPLICATED_INPUT_ITEM", "UNIQUE"):
        assert f'data-code="{code}"' in page, code
    assert not Product.objects.filter(seller=seller_a).exists()
    # Forcing the confirmation anyway writes nothing either.
    client_a.post(IMPORT, {"action": "apply", "token": token_of(page)})
    assert not Product.objects.filter(seller=seller_a).exists()


def test_a_picture_renamed_csv_is_refused(client_a, channel):
    page = upload(client_a, files.png_bytes(), "that-ra-la-anh.csv").content.decode()

    (message,) = field_errors(page, "file")
    assert "CSV" in message
    assert not Product.objects.exists()


def test_an_old_or_foreign_token_imports_nothing(client_a, seller_a, category, channel, owner_b, seller_b):
    token = token_of(upload(client_a, GOOD).content.decode())

    other = client_for(owner_b).post(IMPORT, {"action": "apply", "token": token}, follow=True)
    wrong = client_a.post(IMPORT, {"action": "apply", "token": "doan-bua"}, follow=True)

    for response in (other, wrong):
        assert "Tệp đã hết hạn hoặc không còn, vui lòng tải lên lại." in flash(response.content.decode())
    assert not Product.objects.exists()
