"""Seller centre forms for products: the one-screen listing, edits,
variants, the OCOP certificate, warehouses and the import file.

Numbers (price, stock, weight) are taken as typed and checked by the
catalogue services, which answer in Vietnamese (``INVALID_PRICE``...); the
forms only accept the way Vietnamese write amounts: ``120.000``, ``120 000 đ``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.product.models import Category, OcopCertificate, OcopProductGroup
from storefront.seller_centre.forms import date_field, messages

NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}
# 120.000 / 1,200,000 / 120 000: groups of three digits after the first.
_GROUPED = re.compile(r"[0-9]{1,3}(?:[.,\s][0-9]{3})+")
_CURRENCY = re.compile(r"\s*(?:đồng|₫|vnđ|vnd|đ)\s*$", re.IGNORECASE)


def plain_number(raw: str) -> str:
    """``"120.000 đ"`` -> ``"120000"``; anything else is returned as typed
    (``"12.5"``, ``"-3"``) for the service to refuse with its own message."""
    text = _CURRENCY.sub("", (raw or "").strip()).strip()
    if _GROUPED.fullmatch(text):
        return re.sub(r"[.,\s]", "", text)
    return text


class AmountField(forms.CharField):
    """A whole number typed on a phone's number pad (checked by the service)."""

    def __init__(self, *, required_message: str = "", **kwargs: object) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(
            required=bool(required_message),
            error_messages=messages(required_message),
            widget=forms.TextInput(attrs=NUMERIC),
            **kwargs,
        )

    def to_python(self, value: object) -> str:
        return plain_number(super().to_python(value))


def category_choices(categories: Iterable[Category]) -> list[tuple[str, str]]:
    """Categories as a tree for a ``<select>``: parents first, children indented."""
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    for siblings in children.values():
        siblings.sort(key=lambda c: (c.sort_order, getattr(c, "display_name", c.name)))
    choices: list[tuple[str, str]] = []
    pending = [(node, 0) for node in reversed(children.get(None, []))]
    seen: set[int] = set()
    while pending:
        node, depth = pending.pop()
        if node.pk in seen:  # a cycle made in admin
            continue
        seen.add(node.pk)
        choices.append((str(node.pk), "— " * depth + getattr(node, "display_name", node.name)))
        pending.extend((child, depth + 1) for child in reversed(children.get(node.pk, [])))
    return choices


def certificate_label(certificate: OcopCertificate) -> str:
    return f"{certificate.number} · {certificate.star_rating}★ · {certificate.issuing_body}"


class ProductInfoFields(forms.Form):
    """The fields a product's edit form shares with the listing form."""

    name = forms.CharField(
        label=_("Tên sản phẩm"),
        max_length=250,
        error_messages=messages(_("Vui lòng nhập tên sản phẩm.")),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    category = forms.ChoiceField(label=_("Danh mục"), error_messages=messages(_("Vui lòng chọn danh mục.")))
    description = forms.CharField(
        label=_("Mô tả"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=messages(),
    )
    weight_grams = AmountField(label=_("Khối lượng (gam)"))

    def __init__(self, *args: object, categories: Iterable[Category], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("— Chọn danh mục —")), *category_choices(categories)]


class ProductCreateForm(ProductInfoFields):
    """The one-screen listing: five required fields (name, category, price,
    stock, one photo) and optional details folded away."""

    price = AmountField(
        label=_("Giá bán (đồng)"),
        required_message=_("Vui lòng nhập giá bán."),
        help_text=_("Ví dụ: 120000 hoặc 120.000"),
    )
    stock = AmountField(label=_("Số lượng có sẵn"), required_message=_("Vui lòng nhập số lượng có sẵn."))
    photo = forms.FileField(
        label=_("Ảnh sản phẩm"),
        error_messages={"required": _("Vui lòng chụp hoặc chọn một ảnh."), "empty": _("Tệp ảnh trống.")},
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    publish = forms.BooleanField(label=_("Đăng bán ngay"), required=False, initial=True)
    variant_name = forms.CharField(
        label=_("Quy cách (ví dụ: Hộp 200 g)"), required=False, max_length=255, error_messages=messages()
    )
    sku = forms.CharField(
        label=_("Mã SKU"),
        required=False,
        max_length=64,
        help_text=_("Bỏ trống để hệ thống tự tạo."),
        error_messages=messages(),
    )
    ocop_certificate = forms.ChoiceField(label=_("Giấy chứng nhận OCOP"), required=False, error_messages=messages())

    # The fields shown under "Thêm chi tiết".
    details = ("description", "variant_name", "sku", "weight_grams", "ocop_certificate")
    field_order = ["name", "category", "price", "stock", "photo", *details, "publish"]

    def __init__(
        self,
        *args: object,
        categories: Iterable[Category],
        certificates: Iterable[OcopCertificate],
        can_publish: bool,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, categories=categories, **kwargs)
        self.fields["ocop_certificate"].choices = [("", _("— Không có —"))] + [
            (str(c.pk), certificate_label(c)) for c in certificates
        ]
        if not can_publish:
            self.fields["publish"].disabled = True
            self.fields["publish"].initial = False

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.details and name != "publish"]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.details]


class ProductEditForm(ProductInfoFields):
    pass


class VariantForm(forms.Form):
    name = forms.CharField(
        label=_("Tên phân loại"),
        max_length=255,
        help_text=_("Ví dụ: Gói 500 g, Hộp quà 1 kg"),
        error_messages=messages(_("Vui lòng nhập tên phân loại.")),
    )
    price = AmountField(label=_("Giá bán (đồng)"), required_message=_("Vui lòng nhập giá bán."))
    sku = forms.CharField(label=_("Mã SKU"), max_length=64, error_messages=messages(_("Vui lòng nhập mã SKU.")))
    weight_grams = AmountField(label=_("Khối lượng (gam)"))


class CertificateForm(forms.Form):
    number = forms.CharField(
        label=_("Số giấy chứng nhận"), max_length=64, error_messages=messages(_("Vui lòng nhập số giấy chứng nhận."))
    )
    issuing_body = forms.CharField(
        label=_("Cơ quan cấp"),
        max_length=255,
        help_text=_("Ví dụ: UBND tỉnh Thái Nguyên"),
        error_messages=messages(_("Vui lòng nhập cơ quan cấp.")),
    )
    decision_date = date_field(_("Ngày quyết định"), required_message=_("Vui lòng nhập ngày quyết định."))
    star_rating = forms.TypedChoiceField(
        label=_("Hạng sao"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(1, 6)],
        initial=3,
        error_messages=messages(_("Vui lòng chọn hạng sao.")),
    )
    product_group = forms.ChoiceField(
        label=_("Nhóm sản phẩm"),
        choices=OcopProductGroup.choices,
        error_messages=messages(_("Vui lòng chọn nhóm sản phẩm.")),
    )


class WarehouseForm(forms.Form):
    name = forms.CharField(label=_("Tên kho"), max_length=200, error_messages=messages(_("Vui lòng nhập tên kho.")))
    street_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False, error_messages=messages())


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV hoặc Excel (.xlsx)"),
        error_messages={"required": _("Vui lòng chọn tệp."), "empty": _("Tệp trống.")},
        widget=forms.FileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
