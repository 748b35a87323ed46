"""Bulk import of products and stock from CSV and XLSX files."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from marketplace.product import services
from marketplace.product.models import Product, ProductChannelListing, ProductVariant
from marketplace.product.services import ProductError
from marketplace.warehouse.models import Stock
from tests.factories import CategoryFactory
from tests.marketplace.product.helpers import catalogue_state
from tests.marketplace.seller.files import png_bytes

HEADER = "Mã sản phẩm,SKU,Tên sản phẩm,Danh mục,Giá,Tồn kho,Mô tả,Tên phân loại"


def csv_file(*lines: str, bom: bool = True) -> io.BytesIO:
    text = "\r\n".join(lines) + "\r\n"
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


@pytest.fixture
def honey(db):
    return CategoryFactory(name="Mật ong", slug="mat-ong")


def preview(seller, owner, file, filename="san-pham.csv"):
    return services.preview_product_import(seller=seller, actor=owner, file=file, filename=filename)


def apply(seller, owner, file, filename="san-pham.csv"):
    return services.apply_product_import(seller=seller, actor=owner, file=file, filename=filename)


def test_valid_csv_with_bom_and_vietnamese_headers(seller, owner, category, honey, channel):
    file = csv_file(
        HEADER,
        'mat-ong-rung,MO-250,Mật ong rừng,Mat ong,"120.000 đ",10,"Mật ong hoa rừng, Bắc Kạn",Chai 250 ml',
        "mat-ong-rung,MO-500,Mật ong rừng,mat-ong,220000,4,,Chai 500 ml",
        ",CHE-01,Chè búp Tân Cương,che-va-tra,150000,,,",
    )
    result = preview(seller, owner, file)
    assert not result.has_errors, result.error_rows
    assert result.format == "csv"
    assert [(row.line, row.action) for row in result.rows] == [(2, "create"), (3, "create"), (4, "create")]
    assert result.rows[0].values["price"] == "120.000 đ"
    assert Product.objects.count() == 0  # a preview writes nothing

    result = apply(seller, owner, file)
    assert result.applied and result.counts == {"create": 3, "update": 0, "skip": 0}
    honey_product = Product.objects.get(name="Mật ong rừng")
    assert honey_product.category == honey and honey_product.description == "Mật ong hoa rừng, Bắc Kạn"
    assert sorted(honey_product.variants.values_list("sku", "name")) == [
        ("MO-250", "Chai 250 ml"),
        ("MO-500", "Chai 500 ml"),
    ]
    assert ProductChannelListing.objects.get(product=honey_product).discounted_price_amount == 120_000
    assert Stock.objects.get(product_variant__sku="MO-500").quantity == 4
    assert Stock.objects.get(product_variant__sku="CHE-01").quantity == 0
    assert not ProductChannelListing.objects.filter(is_published=True).exists()
    assert "mat ong rung" in honey_product.search_document


def test_rows_of_existing_skus_update_price_stock_and_name(seller, owner, category, channel):
    product = services.create_product(
        seller=seller, actor=owner, name="Chè búp", category=category, price=100_000, stock=5, sku="CHE-01"
    )
    services.create_product(seller=seller, actor=owner, name="Chè xanh", category=category, price=1, sku="CHE-02")
    file = csv_file("sku;ten_san_pham;gia;ton_kho", "che-01;Chè búp đặc biệt;110000;8", "CHE-02;;;", bom=False)
    result = apply(seller, owner, file)
    assert result.applied
    assert [row.action for row in result.rows] == ["update", "skip"]
    product.refresh_from_db()
    assert product.name == "Chè búp đặc biệt"
    assert product.default_variant.channel_listings.get().price_amount == 110_000
    assert Stock.objects.get(product_variant=product.default_variant).quantity == 8


def test_valid_xlsx_with_english_headers(seller, owner, category, channel, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["sku", "name", "category", "price", "stock", "warehouse"])
    sheet.append(["TEA-1", "Shan tuyết tea", "Chè và trà", 350000, 12, "Kho chính"])
    sheet.append([None, None, None, None, None, None])  # a blank row keeps the numbering
    sheet.append(["TEA-2", "Oolong", "che-va-tra", 420000.0, 3, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    services.create_warehouse(seller=seller, actor=owner, name="Kho chính")

    result = apply(seller, owner, io.BytesIO(buffer.getvalue()), filename="hang.csv")  # the name does not matter

    assert result.format == "xlsx" and result.applied, result.error_rows
    assert [row.line for row in result.rows] == [2, 4]
    assert ProductVariant.objects.get(sku="TEA-2").channel_listings.get().price_amount == 420_000
    assert Stock.objects.get(product_variant__sku="TEA-1").quantity == 12


def test_xlsx_formulas_are_never_evaluated(seller, owner, category):
    book = openpyxl.Workbook()
    book.active.append(["sku", "ten_san_pham", "danh_muc", "gia"])
    book.active.append(["F-1", '=HYPERLINK("http://evil.example","x")', "che-va-tra", "=1+1"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = preview(seller, owner, buffer)
    # openpyxl wrote no computed values: the cells read empty, nothing ran.
    assert {(e.code, e.field) for e in result.rows[0].errors} == {("REQUIRED", "name"), ("REQUIRED", "price")}


def test_broken_rows_are_all_reported_and_nothing_is_written(
    seller, owner, category, other_seller, other_owner, channel
):
    services.create_product(seller=other_seller, actor=other_owner, name="Của người khác", category=category, price=1)
    other_sku = ProductVariant.objects.get().sku
    file = csv_file(
        HEADER,
        ",OK-1,Chè ngon,che-va-tra,100000,1,,",
        ",BAD-PRICE,Chè,che-va-tra,12.5,1,,",
        ",NO-NAME,,che-va-tra,100000,1,,",
        ",NO-CAT,Chè,Đồ điện tử,100000,1,,",
        ",OK-1,Chè trùng,che-va-tra,100000,1,,",
        f",{other_sku},Chè,che-va-tra,100000,1,,",
        ",NEG,Chè,che-va-tra,-5,-1,,",
        "",
        ",WIDE,Chè,che-va-tra,1,1,,,thừa",
    )
    before = catalogue_state()

    result = apply(seller, owner, file)

    assert not result.applied
    errors = {(row.line, e.code, e.field) for row in result.rows for e in row.errors}
    assert errors == {
        (3, "INVALID_PRICE", "price"),
        (4, "REQUIRED", "name"),
        (5, "NOT_FOUND", "category"),
        (6, "DUPLICATED_INPUT_ITEM", "sku"),
        (7, "UNIQUE", "sku"),
        (8, "INVALID_PRICE", "price"),
        (8, "INVALID_QUANTITY", "stock"),
        (10, "INVALID", None),
    }
    duplicate = next(e for row in result.rows for e in row.errors if e.code == "DUPLICATED_INPUT_ITEM")
    assert duplicate.message == "Mã SKU “OK-1” trùng với dòng 2."
    assert [row.line for row in result.error_rows] == [3, 4, 5, 6, 7, 8, 10]
    assert catalogue_state() == before


def test_stock_below_what_orders_hold_is_a_row_error(seller, owner, category):
    product = services.create_product(
        seller=seller, actor=owner, name="Chè", category=category, price=1, stock=5, sku="CHE-01"
    )
    Stock.objects.filter(product_variant=product.default_variant).update(quantity_allocated=4)
    result = apply(seller, owner, csv_file("sku,ton_kho", "CHE-01,3"))
    assert not result.applied and result.rows[0].errors[0].code == "INSUFFICIENT_STOCK"
    assert Stock.objects.get(product_variant=product.default_variant).quantity == 5


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (png_bytes(), "UNSUPPORTED_FILE_TYPE"),
        (b"%PDF-1.4\n1 0 obj<</JS (app.alert(1))>>endobj", "UNSUPPORTED_FILE_TYPE"),
        ("sku,tên\nA,Chè".encode("utf-16"), "UNSUPPORTED_FILE_TYPE"),
        ("sku,ten_san_pham\nA,Chè Thái".encode("cp1258"), "INVALID_ENCODING"),
        (b"", "EMPTY_FILE"),
        (b"foo,bar\n1,2\n", "MISSING_COLUMNS"),
        (b"sku\n" + b"A\n" * 10 + b"x" * (5 * 1024 * 1024), "FILE_TOO_LARGE"),
        (b"sku\n" + b"".join(b"S-%d\n" % i for i in range(2001)), "TOO_MANY_ROWS"),
    ],
    ids=["png", "pdf", "utf16", "cp1258", "empty", "columns", "large", "rows"],
)
def test_unusable_files_are_refused_as_a_whole(seller, owner, content, code):
    before = catalogue_state()
    for call in (preview, apply):
        with pytest.raises(ProductError) as exc:
            call(seller, owner, io.BytesIO(content), "san-pham.csv")
        assert (exc.value.code, exc.value.field) == (code, "file")
    assert catalogue_state() == before


def test_png_renamed_csv_gets_a_clear_vietnamese_message(seller, owner):
    with pytest.raises(ProductError) as exc:
        preview(seller, owner, io.BytesIO(png_bytes()), "anh.csv")
    assert exc.value.message == "Chỉ nhận tệp CSV (UTF-8) hoặc Excel (.xlsx)."


def test_xlsx_zip_bomb_is_refused_before_reading(seller, owner):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ProductError) as exc:
        preview(seller, owner, io.BytesIO(buffer.getvalue()), "bom.xlsx")
    assert exc.value.code == "FILE_TOO_LARGE"


def test_a_word_document_is_not_a_spreadsheet(seller, owner):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ProductError) as exc:
        preview(seller, owner, io.BytesIO(buffer.getvalue()), "hang.xlsx")
    assert exc.value.code == "UNSUPPORTED_FILE_TYPE"


def test_xlsx_claiming_a_huge_size_is_read_by_its_real_cells(seller, owner, category):
    book = openpyxl.Workbook()
    book.active.append(["sku", "ten_san_pham", "danh_muc", "gia"])
    book.active.append(["D-1", "Chè", "che-va-tra", 1000])
    saved = io.BytesIO()
    book.save(saved)
    # Rewrite the sheet's declared size to the largest Excel allows.
    patched = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:D2" />' in content
                content = content.replace(b'<dimension ref="A1:D2" />', b'<dimension ref="A1:XFD1048576"/>')
            target.writestr(item, content)
    result = preview(seller, owner, io.BytesIO(patched.getvalue()), "hang.xlsx")
    assert [(row.line, row.action, row.errors) for row in result.rows] == [(2, "create", [])]
