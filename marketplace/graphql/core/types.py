"""Shared object types: the base for model-backed types, images, weights,
countries and languages."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Model

from marketplace.graphql.core.context import unwrap
from marketplace.graphql.core.enums import (
    LanguageCodeEnum,
    WeightUnitsEnum,
    country_name,
    locale_display_name,
)


class ModelObjectType(graphene.ObjectType):
    """An object type backed by a Django model (``Meta.model``); the root may
    be the instance or a ``ChannelContext`` around it. Implements Relay's
    ``id`` from the primary key."""

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, model: type[Model] | None = None, **options: Any) -> None:
        cls._model = model
        super().__init_subclass_with_meta__(**options)

    @classmethod
    def is_type_of(cls, root: Any, info: graphene.ResolveInfo) -> bool:
        return isinstance(unwrap(root), cls._model)

    @staticmethod
    def resolve_id(root: Any, info: graphene.ResolveInfo) -> Any:
        return unwrap(root).pk

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> Any:
        """The object for ``node(id:)``, or None when missing or not visible."""
        return None


class Image(graphene.ObjectType):
    url = graphene.String(required=True, description="The URL of the image.")
    alt = graphene.String(description="Alt text for an image.")

    class Meta:
        description = "Represents an image."


class Weight(graphene.ObjectType):
    unit = graphene.Field(WeightUnitsEnum, required=True, description="Weight unit.")
    value = graphene.Float(required=True, description="Weight value.")

    class Meta:
        description = "Represents weight value in a specific weight unit."


def weight_in_grams(grams: int | None) -> Weight | None:
    return None if grams is None else Weight(unit=WeightUnitsEnum.G, value=float(grams))


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(required=True, description="Country code.")
    country = graphene.String(required=True, description="Country name.")

    @staticmethod
    def resolve_country(root: CountryDisplay, info: graphene.ResolveInfo) -> str:
        return country_name(root.code)


class LanguageDisplay(graphene.ObjectType):
    code = graphene.Field(LanguageCodeEnum, required=True, description="ISO 639 representation of the language name.")
    language = graphene.String(required=True, description="Full name of the language.")

    @staticmethod
    def resolve_language(root: LanguageDisplay, info: graphene.ResolveInfo) -> str:
        return locale_display_name(root.code)
