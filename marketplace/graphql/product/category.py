"""Categories: a tree; a category's products include those of its subcategories."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from graphene import relay

from marketplace.core.text import vietnamese_slugify
from marketplace.graphql.core.connection import (
    ConnectionField,
    CountableConnection,
    SortKey,
    countable_connection,
    paginate,
)
from marketplace.graphql.core.descriptions import editorjs_from_text
from marketplace.graphql.core.enums import LanguageCodeEnum, OrderDirection, ThumbnailFormatEnum, enum_value
from marketplace.graphql.core.ids import pks_from_global_ids
from marketplace.graphql.core.types import Image, ModelObjectType
from marketplace.graphql.product.filters import ProductFilterInput
from marketplace.graphql.product.media import validate_thumbnail_size
from marketplace.graphql.product.resolvers import resolve_product_connection
from marketplace.graphql.product.sorting import ProductOrder
from marketplace.graphql.product.translations import CategoryTranslation, find_translation
from marketplace.graphql.product.types import ProductCountableConnection
from marketplace.product import models
from marketplace.product.selectors import category_tree_ids


def product_connection_field(description: str) -> ConnectionField:
    return ConnectionField(
        ProductCountableConnection,
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        filter=graphene.Argument(ProductFilterInput, description="Filtering options for products."),
        search=graphene.String(description="Search products (diacritics optional)."),
        sort_by=graphene.Argument(ProductOrder, description="Sort products."),
        description=description,
    )


class CategorySortField(graphene.Enum):
    NAME = "NAME"
    PRODUCT_COUNT = "PRODUCT_COUNT"
    SUBCATEGORY_COUNT = "SUBCATEGORY_COUNT"


class CategorySortingInput(graphene.InputObjectType):
    direction = graphene.Argument(OrderDirection, required=True)
    field = graphene.Argument(CategorySortField, required=True)


class CategoryFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Name contains (diacritics optional).")
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class Category(ModelObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString(description="Description of the category (Editor.js blocks).")
    slug = graphene.String(required=True)
    parent = graphene.Field(lambda: Category)
    level = graphene.Int(required=True)
    updated_at = graphene.DateTime(required=True)
    background_image = graphene.Field(
        Image,
        size=graphene.Int(description="Accepted for compatibility; the original image is returned."),
        format=graphene.Argument(ThumbnailFormatEnum),
    )
    children = ConnectionField(lambda: CategoryCountableConnection, description="List of children of the category.")
    products = product_connection_field("List of products in the category and its subcategories.")
    translation = graphene.Field(
        CategoryTranslation,
        language_code=graphene.Argument(LanguageCodeEnum, required=True),
        description="Returns translated category fields for the given language code.",
    )

    class Meta:
        description = "Represents a single category of products."
        interfaces = (relay.Node,)
        model = models.Category

    @staticmethod
    def resolve_description(root: models.Category, info: graphene.ResolveInfo) -> dict | None:
        return editorjs_from_text(root.description, updated_at=root.updated_at)

    @staticmethod
    def resolve_background_image(
        root: models.Category, info: graphene.ResolveInfo, size: int | None = None, format: Any = None
    ) -> Image | None:
        validate_thumbnail_size(size)
        if not root.background_image:
            return None
        return Image(url=info.context.build_absolute_uri(root.background_image.url), alt=root.name)

    @staticmethod
    def resolve_children(root: models.Category, info: graphene.ResolveInfo, **args: Any) -> CountableConnection:
        return paginate(
            models.Category.objects.filter(parent=root),
            connection_type=CategoryCountableConnection,
            sort_keys=default_category_sort_keys(),
            connection_name="children",
            **args,
        )

    @staticmethod
    def resolve_products(root: models.Category, info: graphene.ResolveInfo, **args: Any) -> CountableConnection:
        restrict = Q(category_id__in=category_tree_ids([root.pk]))
        return resolve_product_connection(info, restrict=restrict, **args)

    @staticmethod
    def resolve_translation(root: models.Category, info: graphene.ResolveInfo, language_code: Any) -> Any:
        return find_translation(root.translations.all(), enum_value(language_code))

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.Category | None:
        return models.Category.objects.filter(pk=pk).first()


CategoryCountableConnection = countable_connection(Category)


def default_category_sort_keys() -> list[SortKey]:
    return [SortKey("sort_order"), SortKey("name"), SortKey("slug")]


def category_sort_keys(sort_by: Any) -> list[SortKey]:
    if not sort_by:
        return default_category_sort_keys()
    descending = enum_value(sort_by.get("direction")) == "DESC"
    field = enum_value(sort_by.get("field"))
    counted = {
        "PRODUCT_COUNT": models.Product.objects.filter(category_id=OuterRef("pk")),
        "SUBCATEGORY_COUNT": models.Category.objects.filter(parent_id=OuterRef("pk")),
    }
    keys = []
    if field in counted:
        related = counted[field].order_by().values("category_id" if field == "PRODUCT_COUNT" else "parent_id")
        count = Subquery(related.annotate(n=Count("pk")).values("n"), output_field=IntegerField())
        keys.append(SortKey("sort_count", descending, Coalesce(count, Value(0))))
    return [*keys, SortKey("name", descending), SortKey("slug", descending)]


def filter_categories(queryset: QuerySet, filters: Any, level: int | None) -> QuerySet:
    if level is not None:
        queryset = queryset.filter(level=level)
    if not filters:
        return queryset
    if filters.get("search"):
        text = filters["search"].strip()
        queryset = queryset.filter(Q(name__icontains=text) | Q(slug__icontains=vietnamese_slugify(text)))
    if filters.get("ids") is not None:
        queryset = queryset.filter(pk__in=pks_from_global_ids(filters["ids"], "Category"))
    if filters.get("slugs") is not None:
        queryset = queryset.filter(slug__in=filters["slugs"])
    return queryset
