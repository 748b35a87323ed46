"""Translations in Saleor's shape: ``translation(languageCode:)`` returns the
stored translation for that language (or its base language: EN_US falls back
to EN), else null."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import graphene

from marketplace.graphql.core.descriptions import editorjs_from_text
from marketplace.graphql.core.enums import normalize_language_code
from marketplace.graphql.core.ids import to_global_id
from marketplace.graphql.core.types import LanguageDisplay

T = TypeVar("T")


def find_translation(translations: Iterable[T], language_code: str) -> T | None:
    wanted = normalize_language_code(language_code)
    by_code = {normalize_language_code(t.language_code): t for t in translations}  # type: ignore[attr-defined]
    return by_code.get(wanted) or by_code.get(wanted.split("-")[0])


def _blank_to_none(value: str) -> str | None:
    return value or None


class _Translation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")

    @staticmethod
    def resolve_id(root: Any, info: graphene.ResolveInfo) -> str:
        return to_global_id(info.parent_type.name, root.pk)

    @staticmethod
    def resolve_language(root: Any, info: graphene.ResolveInfo) -> LanguageDisplay:
        return LanguageDisplay(code=normalize_language_code(root.language_code))


class _DescribedTranslation(_Translation):
    """Resolvers of the name, description and SEO fields that products and
    categories both declare (each declares them, keeping Saleor's field order)."""

    @staticmethod
    def resolve_name(root: Any, info: graphene.ResolveInfo) -> str | None:
        return _blank_to_none(root.name)

    @staticmethod
    def resolve_description(root: Any, info: graphene.ResolveInfo) -> dict | None:
        return editorjs_from_text(root.description)

    @staticmethod
    def resolve_seo_title(root: Any, info: graphene.ResolveInfo) -> str | None:
        return _blank_to_none(root.seo_title)

    @staticmethod
    def resolve_seo_description(root: Any, info: graphene.ResolveInfo) -> str | None:
        return _blank_to_none(root.seo_description)


class ProductTranslation(_DescribedTranslation):
    name = graphene.String(description="Translated product name.")
    description = graphene.JSONString(description="Translated description of the product (Editor.js blocks).")
    seo_title = graphene.String()
    seo_description = graphene.String()


class ProductVariantTranslation(_Translation):
    name = graphene.String(required=True, description="Translated product variant name.")


class CategoryTranslation(_DescribedTranslation):
    name = graphene.String(description="Translated category name.")
    description = graphene.JSONString(description="Translated description of the category (Editor.js blocks).")
    seo_title = graphene.String()
    seo_description = graphene.String()
