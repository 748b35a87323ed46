"""Enums with Saleor's names, built from library data rather than typed by hand."""

from __future__ import annotations

import re
from enum import Enum as PyEnum

import graphene
from babel import Locale
from babel.core import UnknownLocaleError
from babel.localedata import locale_identifiers
from django.db.models import TextChoices
from django.utils.translation import get_language

_LOCALE_ID = re.compile(r"[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?")
_COUNTRY = re.compile(r"[A-Z]{2}")
# CLDR territories that are not ISO 3166-1 countries (reserved or private-use
# codes). EU stays: Saleor's CountryCode has it.
_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})


def normalize_language_code(code: str) -> str:
    """Any spelling of a language code (Babel's ``zh_Hans_CN``, a stored
    ``en_US``) as the enum's value in Django's style: ``zh-hans-cn``, ``en-us``."""
    return code.replace("_", "-").lower()


def _language_codes() -> list[tuple[str, str]]:
    ids = sorted(i for i in locale_identifiers() if _LOCALE_ID.fullmatch(i))
    return [(normalize_language_code(i).replace("-", "_").upper(), normalize_language_code(i)) for i in ids]


def _country_codes() -> list[tuple[str, str]]:
    codes = sorted(c for c in Locale("en").territories if _COUNTRY.fullmatch(c) and c not in _NOT_COUNTRIES)
    return [(code, code) for code in codes]


LanguageCodeEnum = graphene.Enum("LanguageCodeEnum", _language_codes(), description="Language code enum (CLDR).")
CountryCode = graphene.Enum("CountryCode", _country_codes(), description="Country codes (ISO 3166-1 alpha-2).")


class OrderDirection(graphene.Enum):
    ASC = "ASC"
    DESC = "DESC"

    @property
    def description(self) -> str:
        return "Specifies an ascending sort order." if self == OrderDirection.ASC else "Specifies a descending order."


class ThumbnailFormatEnum(graphene.Enum):
    """Thumbnail formats for icon images. Every stored thumbnail is WebP; other
    formats are served as WebP too."""

    ORIGINAL = "ORIGINAL"
    AVIF = "AVIF"
    WEBP = "WEBP"


class WeightUnitsEnum(graphene.Enum):
    G = "g"
    LB = "lb"
    OZ = "oz"
    KG = "kg"
    TONNE = "tonne"


def enum_from_choices(name: str, choices: type[TextChoices], description: str) -> type[graphene.Enum]:
    """A GraphQL enum named after the choice members, valued by the stored values."""
    return graphene.Enum(name, [(member.name, member.value) for member in choices], description=description)


def enum_value(value: object) -> object:
    """Graphene passes enum arguments as Python enum members; services want the value."""
    return value.value if isinstance(value, PyEnum) else value


def locale_display_name(code: str) -> str:
    """A language's name in the request's language (``vi`` -> "Tiếng Việt" / "Vietnamese")."""
    try:
        locale = Locale.parse(code.replace("-", "_"), sep="_")
        display = Locale.parse((get_language() or "vi").replace("-", "_"), sep="_")
    except (ValueError, UnknownLocaleError):
        return code
    return locale.get_display_name(display) or code


def country_name(code: str) -> str:
    try:
        display = Locale.parse((get_language() or "vi").replace("-", "_"), sep="_")
    except (ValueError, UnknownLocaleError):
        display = Locale("vi")
    return display.territories.get(code, code)
