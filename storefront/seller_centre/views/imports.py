"""Bulk import of products and stock from a CSV or XLSX file: upload ->
preview with per-row errors -> confirm. Between the two steps the file waits
in the user's session (base64, at most 5 MB), tied to the seller and a
random token; it never touches a public folder."""

from __future__ import annotations

import base64
import csv
import io
import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.errors import DomainError
from marketplace.product import services as catalogue
from marketplace.product.imports import COLUMN_ALIASES, MAX_IMPORT_BYTES, ImportPreview
from marketplace.seller.models import Seller
from storefront.seller_centre.access import private, seller_page, signed_in
from storefront.seller_centre.forms import add_service_errors
from storefront.seller_centre.product_forms import ImportForm

SESSION_KEY = "seller_centre_import"
COLUMN_LABELS = {
    "sku": gettext_lazy("Mã SKU"),
    "name": gettext_lazy("Tên sản phẩm"),
    "category": gettext_lazy("Danh mục"),
    "price": gettext_lazy("Giá"),
    "stock": gettext_lazy("Tồn kho"),
    "warehouse": gettext_lazy("Kho"),
    "description": gettext_lazy("Mô tả"),
    "variant_name": gettext_lazy("Phân loại"),
    "product": gettext_lazy("Mã sản phẩm"),
}
ACTION_LABELS = {
    "create": gettext_lazy("Thêm mới"),
    "update": gettext_lazy("Cập nhật"),
    "skip": gettext_lazy("Bỏ qua"),
}
TEMPLATE_EXAMPLE = {
    "sku": "CHE-200",
    "ten_san_pham": "Chè búp Tân Cương",
    "danh_muc": "che",
    "gia": "120000",
    "ton_kho": "50",
    "ten_phan_loai": "Gói 200 g",
}


def _stash(request: HttpRequest, seller: Seller, content: bytes, filename: str) -> str:
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "seller": seller.pk,
        "filename": filename[:255],
        "data": base64.b64encode(content).decode("ascii"),
    }
    return token


def _stashed(request: HttpRequest, seller: Seller) -> tuple[bytes, str] | None:
    stored = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if not token or not secrets.compare_digest(str(stored.get("token", "")), token):
        return None
    if stored.get("seller") != seller.pk:
        return None
    return base64.b64decode(stored["data"]), stored.get("filename", "")


def _preview_page(request: HttpRequest, preview: ImportPreview, token: str) -> HttpResponse:
    columns = [(column, COLUMN_LABELS.get(column, column)) for column in preview.columns]
    rows = [
        {
            "line": row.line,
            "action": ACTION_LABELS.get(row.action, row.action),
            "cells": [row.values.get(column, "") for column, _label in columns],
            "errors": row.errors,
        }
        for row in preview.rows
    ]
    return render(
        request,
        "seller_centre/import_preview.html",
        {"preview": preview, "columns": columns, "rows": rows, "token": token, "counts": preview.counts},
    )


@seller_page
def product_import(request: HttpRequest, seller: Seller) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = ImportForm(request.POST if action == "preview" else None, request.FILES if action == "preview" else None)
    if action == "preview" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})
        else:
            content = upload.read()
            try:
                preview = catalogue.preview_product_import(
                    seller=seller, actor=request.user, file=content, filename=upload.name or ""
                )
            except DomainError as error:
                add_service_errors(form, error, {"file": "file"})
            else:
                return _preview_page(request, preview, _stash(request, seller, content, upload.name or ""))
    elif action == "apply":
        stashed = _stashed(request, seller)
        if stashed is None:
            messages.error(request, _("Tệp đã hết hạn hoặc không còn, vui lòng tải lên lại."))
            return redirect("seller_centre:product_import")
        content, filename = stashed
        try:
            result = catalogue.apply_product_import(seller=seller, actor=request.user, file=content, filename=filename)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("seller_centre:product_import")
        if not result.applied:
            return _preview_page(request, result, request.POST["token"])
        request.session.pop(SESSION_KEY, None)
        counts = result.counts
        messages.success(
            request,
            _("Đã nhập xong: %(created)s dòng thêm mới, %(updated)s dòng cập nhật.")
            % {"created": counts["create"], "updated": counts["update"]},
        )
        return redirect("seller_centre:products")
    elif action == "cancel":
        request.session.pop(SESSION_KEY, None)
        return redirect("seller_centre:product_import")
    return render(request, "seller_centre/import.html", {"form": form, "columns": template_columns()})


def template_columns() -> list[str]:
    """The template's headers: the first (Vietnamese) name of each column."""
    return [aliases[0] for aliases in COLUMN_ALIASES.values()]


@signed_in
def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the headers and one example row (UTF-8 with a BOM so that
    Excel shows the Vietnamese letters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = template_columns()
    writer.writerow(columns)
    writer.writerow([TEMPLATE_EXAMPLE.get(column, "") for column in columns])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-san-pham.csv"'
    return private(response)
