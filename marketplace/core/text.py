"""Text helpers for Vietnamese: search without diacritics, slugs."""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

_SPACES = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """``Nước mắm Phú Quốc`` -> ``Nuoc mam Phu Quoc``; đ/Đ become d/D."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


# Every letter of Vietnamese that carries a mark (both cases), and its bare
# lower-case letter: PostgreSQL's translate(lower(…)) with these two strings
# gives what ``search_normalize`` gives (spaces aside) in an expression the
# database can store and index, whatever its collation's idea of lower-case
# (``marketplace.product.models.Product.sort_name``).
_MARKED_LOWER = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
MARKED_LETTERS = _MARKED_LOWER + _MARKED_LOWER.upper()
BARE_LETTERS = "".join(strip_diacritics(ch) for ch in _MARKED_LOWER) * 2


def search_normalize(text: str) -> str:
    """Lower-case, diacritic-free, single-spaced: the form both the index and
    queries are compared in."""
    return _SPACES.sub(" ", strip_diacritics(text).lower()).strip()


def vietnamese_slugify(text: str) -> str:
    return slugify(strip_diacritics(text))
