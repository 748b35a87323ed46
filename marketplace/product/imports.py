"""Bulk product and stock import from a CSV or XLSX file, for the larger
sellers (cooperatives exporting from their spreadsheets).

The file is read with tablib (XLSX through openpyxl, read-only, formulas
read as their last computed values; nothing in the file is ever evaluated).
Its format is decided by content, never by the file name: an XLSX is a zip
holding ``[Content_Types].xml``; anything else must be UTF-8 text (a BOM is
fine). Headers may be Vietnamese, with or without diacritics, or English:

    sku | ten_san_pham/name | danh_muc/category | gia/price | ton_kho/stock
    kho/warehouse | mo_ta/description | ten_phan_loai/variant_name
    ma_san_pham/product (rows sharing it become variants of one product)

A row whose SKU is the seller's updates that variant (name, price, stock,
description, category when given); a new SKU creates a product (or a variant
of the product named in ``ma_san_pham``); another seller's SKU is refused.

``preview_product_import`` reports per row: line number, action, values and
errors (Vietnamese message + code). ``apply_product_import`` writes all rows
in one transaction, or nothing at all if any row has an error."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

import filetype
import openpyxl
import tablib
from django.db import transaction
from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from tablib.formats._csv import CSVFormat
from tablib.formats._xlsx import XLSXFormat

from marketplace.account.models import User
from marketplace.core.text import search_normalize
from marketplace.product.errors import ProductError
from marketplace.product.import_writer import CREATE, SKIP, UPDATE, write_import
from marketplace.product.models import Category, Product, ProductVariant
from marketplace.product.validation import (
    MAX_DESCRIPTION_LENGTH,
    clean_product_name,
    clean_sku,
    clean_text,
    validate_price,
    validate_quantity,
)
from marketplace.seller.models import Seller
from marketplace.warehouse.models import Stock, Warehouse

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 2_000
MAX_IMPORT_COLUMNS = 100
# An XLSX is a zip: refuse one that would inflate past this (a zip bomb).
MAX_XLSX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024


# Canonical column -> accepted headers (compared diacritic-free, lower case,
# words joined by "_": "Tên sản phẩm" -> "ten_san_pham").
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "ma_sku", "ma_hang", "ma_phan_loai"),
    "name": ("ten_san_pham", "name", "ten", "product_name"),
    "category": ("danh_muc", "category", "nganh_hang"),
    "price": ("gia", "price", "gia_ban", "gia_dong", "gia_vnd", "don_gia"),
    "stock": ("ton_kho", "stock", "so_luong", "quantity", "so_luong_ton"),
    "warehouse": ("kho", "warehouse", "kho_hang"),
    "description": ("mo_ta", "description"),
    "variant_name": ("ten_phan_loai", "variant_name", "phan_loai", "variant"),
    "product": ("ma_san_pham", "product", "product_handle", "handle"),
}
_HEADER_TO_COLUMN = {alias: column for column, aliases in COLUMN_ALIASES.items() for alias in aliases}
REQUIRED_COLUMNS = ("sku",)

# Extra columns our CSV reader adds to each row (never shown).
_LINE, _OVERFLOW = "\x00line", "\x00overflow"


@dataclass
class ImportIssue:
    code: str
    message: str
    field: str | None = None


@dataclass
class ImportRow:
    """One line of the file: what it will do and what is wrong with it."""

    line: int
    action: str = SKIP
    values: dict[str, str] = field(default_factory=dict)
    errors: list[ImportIssue] = field(default_factory=list)
    # What apply does, resolved during the preview (objects, cleaned values).
    plan: dict[str, Any] = field(default_factory=dict, repr=False)

    def fail(self, error: ProductError, *, field_name: str | None = None) -> None:
        self.errors.append(ImportIssue(error.code, error.message, field_name or error.field))


@dataclass
class ImportPreview:
    filename: str
    format: str
    columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    applied: bool = False

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def counts(self) -> dict[str, int]:
        counts = {CREATE: 0, UPDATE: 0, SKIP: 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts


# --- reading the file --------------------------------------------------------------


class _LineKeepingCSV(CSVFormat):
    """tablib's CSV format, keeping every record where it is: the stock one
    drops blank lines (line numbers would shift) and refuses a row longer
    than the header (one bad row would sink the file). Each row gets its
    first physical line number and its surplus cells in two extra columns."""

    @classmethod
    def import_set(cls, dset: tablib.Dataset, in_stream: IO[str], headers: bool = True, **kwargs: Any) -> None:
        dset.wipe()
        reader = csv.reader(in_stream, **kwargs)
        header = next(reader, [])
        width = len(header)
        dset.headers = [*header, _LINE, _OVERFLOW]
        previous_end = reader.line_num
        for row in reader:
            surplus = [cell for cell in row[width:] if cell.strip()]
            cells = row[:width] + [""] * (width - len(row))
            dset.append([*cells, previous_end + 1, len(surplus)])
            previous_end = reader.line_num


def _file_error(code: str, message: str) -> ProductError:
    return ProductError(code, message, field="file")


def _is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _file_error("UNSUPPORTED_FILE_TYPE", _("Tệp bị hỏng, không đọc được.")) from exc
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        return False
    if inflated > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise _file_error("FILE_TOO_LARGE", _("Tệp Excel quá lớn khi giải nén."))
    return True


def _read_bytes(file: IO[bytes] | bytes) -> bytes:
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise _file_error(
            "FILE_TOO_LARGE", _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise _file_error("EMPTY_FILE", _("Tệp trống."))
    return data


def _unsupported() -> ProductError:
    return _file_error("UNSUPPORTED_FILE_TYPE", _("Chỉ nhận tệp CSV (UTF-8) hoặc Excel (.xlsx)."))


def _load_xlsx(dataset: tablib.Dataset, data: bytes) -> None:
    """The first sheet into ``dataset`` through tablib's XLSX format, opened
    as tablib does (read-only, formulas as their stored values). The sheet's
    declared size is ignored and measured from its cells: a tiny file may
    claim A1:XFD1048576, which read-only openpyxl would pad out in memory."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.active
            sheet.reset_dimensions()
            sheet.calculate_dimension(force=True)
            if (sheet.max_column or 0) > MAX_IMPORT_COLUMNS:
                raise _file_error(
                    "INVALID", _("Trang tính có quá nhiều cột (tối đa %(count)s).") % {"count": MAX_IMPORT_COLUMNS}
                )
            XLSXFormat.import_sheet(dataset, sheet)
        finally:
            book.close()
    except ProductError:
        raise
    except tablib.InvalidDimensions as exc:
        raise _file_error("INVALID", _("Có dòng nhiều cột hơn dòng tiêu đề; hãy xóa các ô thừa.")) from exc
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise _file_error("UNSUPPORTED_FILE_TYPE", _("Tệp Excel bị hỏng, không đọc được.")) from exc


def load_dataset(data: bytes) -> tuple[str, tablib.Dataset]:
    """(format, dataset) of an import file, decided by its content."""
    dataset = tablib.Dataset()
    if _is_xlsx(data):
        _load_xlsx(dataset, data)
        return "xlsx", dataset
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:8192]:
        raise _unsupported()  # another zip (a .docx, an .ods) or a binary file
    if filetype.guess(data[:261]) is not None:  # an image, a PDF, an archive...
        raise _unsupported()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error(
            "INVALID_ENCODING",
            _("Tệp CSV phải được lưu với mã UTF-8 (trong Excel: Lưu thành “CSV UTF-8”)."),
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    _LineKeepingCSV.import_set(dataset, io.StringIO(text, newline=""), delimiter=delimiter)
    return "csv", dataset


def _header_key(header: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", search_normalize(str(header or ""))).strip("_")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


# --- checking rows -----------------------------------------------------------------


@dataclass
class _Context:
    seller: Seller
    own_variants: dict[str, ProductVariant]
    foreign_skus: set[str]
    categories: dict[str, Category]
    warehouses: dict[str, Warehouse]
    own_products: dict[str, Product]
    allocated: dict[tuple[int, int], int]
    default_warehouse_id: int | None


def _context(seller: Seller, skus: list[str], handles: list[str]) -> _Context:
    upper = sorted({sku.upper() for sku in skus})
    found = (
        ProductVariant.objects.annotate(upper_sku=Upper("sku"))
        .filter(upper_sku__in=upper)
        .select_related("product")
        .prefetch_related("channel_listings")
    )
    own: dict[str, ProductVariant] = {}
    foreign: set[str] = set()
    for variant in found:
        if variant.product.seller_id == seller.pk:
            own[variant.sku.upper()] = variant
        else:
            foreign.add(variant.sku.upper())
    categories: dict[str, Category] = {}
    for category in Category.objects.order_by("-level", "sort_order", "pk"):
        categories[search_normalize(category.name)] = category
    for category in Category.objects.all():
        categories[category.slug.lower()] = category  # a slug wins over a name
    warehouses: dict[str, Warehouse] = {}
    seller_warehouses = list(Warehouse.objects.filter(seller=seller).order_by("-pk"))
    for warehouse in seller_warehouses:
        warehouses[search_normalize(warehouse.name)] = warehouse
        warehouses[warehouse.slug.lower()] = warehouse
    products = Product.objects.filter(seller=seller, slug__in=[h.lower() for h in handles])
    allocated = {
        (stock.product_variant_id, stock.warehouse_id): stock.quantity_allocated
        for stock in Stock.objects.filter(product_variant__in=list(own.values()), quantity_allocated__gt=0)
    }
    return _Context(
        seller=seller,
        own_variants=own,
        foreign_skus=foreign,
        categories=categories,
        warehouses=warehouses,
        own_products={p.slug: p for p in products},
        allocated=allocated,
        default_warehouse_id=seller_warehouses[-1].pk if seller_warehouses else None,
    )


def _attempt(row: ImportRow, check: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return check(*args, **kwargs)
    except ProductError as error:
        row.fail(error)
        return None


def _category(ctx: _Context, text: str) -> Category:
    found = ctx.categories.get(text.lower()) or ctx.categories.get(search_normalize(text))
    if found is None:
        raise ProductError("NOT_FOUND", _("Không có danh mục “%(name)s”.") % {"name": text}, field="category")
    return found


def _warehouse(ctx: _Context, text: str) -> Warehouse:
    found = ctx.warehouses.get(text.lower()) or ctx.warehouses.get(search_normalize(text))
    if found is None:
        raise ProductError("NOT_FOUND", _("Không có kho “%(name)s” của cơ sở.") % {"name": text}, field="warehouse")
    return found


def _check_row(row: ImportRow, ctx: _Context, first_line_of_sku: dict[str, int], groups: dict[str, int]) -> None:
    values = row.values
    sku = _attempt(row, clean_sku, values.get("sku", ""))
    if sku is not None:
        key = sku.upper()
        if key in first_line_of_sku:
            row.errors.append(
                ImportIssue(
                    "DUPLICATED_INPUT_ITEM",
                    _("Mã SKU “%(sku)s” trùng với dòng %(line)s.") % {"sku": sku, "line": first_line_of_sku[key]},
                    "sku",
                )
            )
        else:
            first_line_of_sku[key] = row.line
        if key in ctx.foreign_skus:
            row.errors.append(
                ImportIssue("UNIQUE", _("Mã SKU “%(sku)s” đã được cơ sở khác dùng.") % {"sku": sku}, "sku")
            )
    plan = row.plan
    plan["sku"] = sku
    price = values.get("price", "")
    plan["price"] = _attempt(row, validate_price, price) if price else None
    stock = values.get("stock", "")
    plan["stock"] = _attempt(row, validate_quantity, stock, field="stock") if stock else None
    plan["warehouse"] = _attempt(row, _warehouse, ctx, values["warehouse"]) if values.get("warehouse") else None
    plan["category"] = _attempt(row, _category, ctx, values["category"]) if values.get("category") else None
    if values.get("name"):
        plan["name"] = _attempt(row, clean_product_name, values["name"])
    if values.get("description"):
        plan["description"] = _attempt(
            row, clean_text, values["description"], field="description", limit=MAX_DESCRIPTION_LENGTH
        )
    if values.get("variant_name"):
        plan["variant_name"] = _attempt(row, clean_text, values["variant_name"], field="variant_name", limit=255)

    existing = ctx.own_variants.get(sku.upper()) if sku else None
    if existing is not None:
        _plan_update(row, ctx, existing)
    else:
        _plan_create(row, ctx, groups)


def _plan_update(row: ImportRow, ctx: _Context, variant: ProductVariant) -> None:
    plan, product = row.plan, variant.product
    plan["variant"] = variant
    product_changes = {}
    if plan.get("name") and plan["name"] != product.name:
        product_changes["name"] = plan["name"]
    if plan.get("description") and plan["description"] != product.description:
        product_changes["description"] = plan["description"]
    if plan.get("category") is not None and plan["category"].pk != product.category_id:
        product_changes["category"] = plan["category"]
    variant_changes: dict[str, Any] = {}
    if plan.get("variant_name") and plan["variant_name"] != variant.name:
        variant_changes["name"] = plan["variant_name"]
    prices = {listing.price_amount for listing in variant.channel_listings.all()}
    if plan["price"] is not None and prices != {plan["price"]}:
        variant_changes["price"] = plan["price"]
    plan["product_changes"], plan["variant_changes"] = product_changes, variant_changes
    if plan["stock"] is not None:
        warehouse_id = plan["warehouse"].pk if plan["warehouse"] else ctx.default_warehouse_id
        allocated = ctx.allocated.get((variant.pk, warehouse_id), 0)
        if plan["stock"] < allocated:
            row.errors.append(
                ImportIssue(
                    "INSUFFICIENT_STOCK",
                    _("Đơn hàng đang giữ %(allocated)s đơn vị; tồn kho không được nhỏ hơn.") % {"allocated": allocated},
                    "stock",
                )
            )
    row.action = UPDATE if (product_changes or variant_changes or plan["stock"] is not None) else SKIP


def _plan_create(row: ImportRow, ctx: _Context, groups: dict[str, int]) -> None:
    plan, values = row.plan, row.values
    row.action = CREATE
    handle = values.get("product", "").strip()
    if handle and handle.lower() in ctx.own_products:
        plan["kind"], plan["product"] = "variant", ctx.own_products[handle.lower()]
    elif handle and handle.lower() in groups:
        plan["kind"], plan["group"] = "variant", handle.lower()
    else:
        plan["kind"] = "product"
        if handle:
            groups[handle.lower()] = row.line
            plan["group"] = handle.lower()
    if plan["kind"] == "product":
        if not values.get("name"):
            row.errors.append(ImportIssue("REQUIRED", _("Vui lòng nhập tên sản phẩm."), "name"))
        if not values.get("category"):
            row.errors.append(ImportIssue("REQUIRED", _("Vui lòng chọn danh mục."), "category"))
    if not values.get("price"):
        row.errors.append(ImportIssue("REQUIRED", _("Vui lòng nhập giá."), "price"))


def _rows(dataset: tablib.Dataset, fmt: str) -> tuple[list[str], list[str], list[ImportRow]]:
    headers = list(dataset.headers or [])
    index: dict[str, int] = {}
    ignored: list[str] = []
    for position, header in enumerate(headers):
        if header in (_LINE, _OVERFLOW):
            continue
        column = _HEADER_TO_COLUMN.get(_header_key(header))
        if column is None or column in index:
            if str(header or "").strip():
                ignored.append(str(header))
            continue
        index[column] = position
    missing = [column for column in REQUIRED_COLUMNS if column not in index]
    if missing:
        raise _file_error(
            "MISSING_COLUMNS",
            _("Thiếu cột %(columns)s ở dòng tiêu đề. Các cột dùng được: %(known)s.")
            % {"columns": ", ".join(missing), "known": ", ".join(a[0] for a in COLUMN_ALIASES.values())},
        )
    rows: list[ImportRow] = []
    for position, record in enumerate(dataset):
        line = record[headers.index(_LINE)] if fmt == "csv" else position + 2
        values = {column: _cell_text(record[i]) for column, i in index.items()}
        surplus = record[headers.index(_OVERFLOW)] if fmt == "csv" else 0
        if not any(values.values()) and not surplus:
            continue  # a blank line
        row = ImportRow(line=line, values=values)
        if surplus:
            row.errors.append(ImportIssue("INVALID", _("Dòng có nhiều ô hơn dòng tiêu đề."), None))
        rows.append(row)
    if len(rows) > MAX_IMPORT_ROWS:
        raise _file_error(
            "TOO_MANY_ROWS", _("Tệp có quá nhiều dòng (tối đa %(rows)s dòng).") % {"rows": MAX_IMPORT_ROWS}
        )
    return list(index), ignored, rows


def preview_product_import(
    *, seller: Seller, actor: User | None, file: IO[bytes] | bytes, filename: str = ""
) -> ImportPreview:
    """What importing ``file`` would do, row by row; writes nothing.

    Raises ``ProductError`` (field ``file``) when the file as a whole cannot
    be used: ``FILE_TOO_LARGE`` (5 MB), ``EMPTY_FILE``,
    ``UNSUPPORTED_FILE_TYPE`` (not CSV/XLSX by content), ``INVALID_ENCODING``
    (CSV not UTF-8), ``MISSING_COLUMNS`` or ``TOO_MANY_ROWS`` (2,000)."""
    fmt, dataset = load_dataset(_read_bytes(file))
    columns, ignored, rows = _rows(dataset, fmt)
    ctx = _context(
        seller,
        skus=[row.values.get("sku", "").strip() for row in rows if row.values.get("sku")],
        handles=[row.values["product"].strip() for row in rows if row.values.get("product")],
    )
    first_line_of_sku: dict[str, int] = {}
    groups: dict[str, int] = {}
    for row in rows:
        _check_row(row, ctx, first_line_of_sku, groups)
    return ImportPreview(filename=filename, format=fmt, columns=columns, ignored_columns=ignored, rows=rows)


def apply_product_import(
    *, seller: Seller, actor: User | None, file: IO[bytes] | bytes, filename: str = ""
) -> ImportPreview:
    """Import ``file``: every row, in one transaction, or nothing.

    Returns the preview, with ``applied`` true once written; with row errors
    nothing is written and ``applied`` stays false. Raises what
    ``preview_product_import`` raises, and ``ProductError`` (field ``file``)
    when something changed between the preview and the write (a SKU taken
    meanwhile): nothing is written then either."""
    preview = preview_product_import(seller=seller, actor=actor, file=file, filename=filename)
    if preview.has_errors:
        return preview
    with transaction.atomic():
        write_import(rows=preview.rows, seller=seller, actor=actor)
    preview.applied = True
    return preview
