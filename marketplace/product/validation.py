"""Checks of catalogue input shared by the services and the import: each
returns the cleaned value or raises ``ProductError`` naming the field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from marketplace.product.errors import ProductError

MAX_PRICE = 1_000_000_000  # 1 billion đồng: a typo guard, not a business limit
MAX_QUANTITY = 100_000_000  # a typo guard; the column holds up to 2^31 - 1
MAX_WEIGHT_GRAMS = 1_000_000  # one tonne per item
MAX_SKU_LENGTH = 64
MAX_NAME_LENGTH = 250
MAX_DESCRIPTION_LENGTH = 10_000


_GROUPED_NUMBER = re.compile(r"^-?\d{1,3}([.,]\d{3})+$")
_CURRENCY_SUFFIX = re.compile(r"(vnđ|vnd|đồng|đ|₫)$", re.IGNORECASE)


def number_text(text: str) -> str:
    """``"120.000 đ"`` -> ``"120000"``: what people type for a whole number
    in Vietnamese (dots or commas between thousands, a currency suffix,
    spaces). ``"1.5"`` is left alone, so it stays a fraction and is refused."""
    text = _CURRENCY_SUFFIX.sub("", text.replace("\u00a0", " ").strip()).replace(" ", "")
    if _GROUPED_NUMBER.match(text):
        return text.replace(".", "").replace(",", "")
    return text


def whole_number(value: object) -> int | None:
    """``value`` as an int if it is a whole number (int, integral float or
    Decimal, or a string of digits, see ``number_text``), else None.
    Booleans are not numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, Decimal):
        try:
            return int(value) if value.is_finite() and value == value.to_integral_value() else None
        except InvalidOperation:
            return None
    if isinstance(value, str):
        text = number_text(value)
        if text[:1] == "-" and text[1:].isdigit():
            return -int(text[1:])
        return int(text) if text.isdigit() and text.isascii() else None
    return None


def validate_price(amount: object, *, field: str = "price") -> int:
    """A price is a whole, non-negative number of đồng below the typo guard.
    Raises ``INVALID_PRICE`` (negative, fractional, not a number, too large)."""
    value = whole_number(amount)
    if value is None:
        raise ProductError("INVALID_PRICE", _("Giá phải là số đồng nguyên, không có phần lẻ."), field=field)
    if value < 0:
        raise ProductError("INVALID_PRICE", _("Giá không được âm."), field=field)
    if value > MAX_PRICE:
        raise ProductError("INVALID_PRICE", _("Giá quá lớn."), field=field)
    return value


def validate_quantity(quantity: object, *, field: str = "quantity") -> int:
    """A stock quantity is a whole number of units, 0 or more.
    Raises ``INVALID_QUANTITY``."""
    value = whole_number(quantity)
    if value is None:
        raise ProductError("INVALID_QUANTITY", _("Số lượng phải là số nguyên."), field=field)
    if value < 0:
        raise ProductError("INVALID_QUANTITY", _("Số lượng không được âm."), field=field)
    if value > MAX_QUANTITY:
        raise ProductError("INVALID_QUANTITY", _("Số lượng quá lớn."), field=field)
    return value


def validate_weight(weight: object, *, field: str = "weight_grams") -> int | None:
    """A weight in grams, or None (unknown). Raises ``INVALID``."""
    if weight is None or weight == "":
        return None
    value = whole_number(weight)
    if value is None or value < 0 or value > MAX_WEIGHT_GRAMS:
        raise ProductError("INVALID", _("Khối lượng phải là số gam nguyên, không âm."), field=field)
    return value


def clean_product_name(name: object, *, field: str = "name") -> str:
    """Single-spaced, non-empty, at most 250 characters. Raises ``REQUIRED``/``INVALID``."""
    text = " ".join(str(name or "").split())
    if not text:
        raise ProductError("REQUIRED", _("Vui lòng nhập tên sản phẩm."), field=field)
    if len(text) > MAX_NAME_LENGTH:
        raise ProductError("INVALID", _("Tên sản phẩm dài tối đa 250 ký tự."), field=field)
    return text


def clean_text(value: object, *, field: str, limit: int) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        raise ProductError("INVALID", _("Nội dung quá dài (tối đa %(limit)s ký tự).") % {"limit": limit}, field=field)
    return text


def clean_sku(sku: object, *, field: str = "sku") -> str:
    """A SKU as the seller typed it, without surrounding spaces: 1-64
    printable characters. Raises ``REQUIRED``/``INVALID``."""
    text = str(sku or "").strip()
    if not text:
        raise ProductError("REQUIRED", _("Vui lòng nhập mã SKU."), field=field)
    if len(text) > MAX_SKU_LENGTH or not text.isprintable():
        raise ProductError("INVALID", _("Mã SKU dài tối đa 64 ký tự, không chứa ký tự điều khiển."), field=field)
    return text
