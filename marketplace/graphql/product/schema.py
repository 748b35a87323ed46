from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.core.connection import ConnectionField, CountableConnection, paginate
from marketplace.graphql.core.context import ChannelContext
from marketplace.graphql.core.ids import from_global_id_or_error, require_one_of
from marketplace.graphql.product.category import (
    Category,
    CategoryCountableConnection,
    CategoryFilterInput,
    CategorySortingInput,
    category_sort_keys,
    filter_categories,
    product_connection_field,
)
from marketplace.graphql.product.mutations import ProductCreate, ProductDelete, ProductUpdate
from marketplace.graphql.product.mutations_channels import (
    ProductChannelListingUpdate,
    ProductVariantChannelListingUpdate,
)
from marketplace.graphql.product.mutations_media import ProductMediaCreate, ProductMediaDelete, ProductMediaReorder
from marketplace.graphql.product.mutations_ocop import OcopCertificateCreate, ProductRelist, ProductUnlist
from marketplace.graphql.product.mutations_variants import (
    ProductVariantCreate,
    ProductVariantDelete,
    ProductVariantStocksCreate,
    ProductVariantStocksUpdate,
    ProductVariantUpdate,
)
from marketplace.graphql.product.resolvers import (
    resolve_product_by_id_or_slug,
    resolve_product_connection,
    resolve_variant_by_id_or_sku,
)
from marketplace.graphql.product.types import Product, ProductVariant
from marketplace.product import models


class ProductQueries(graphene.ObjectType):
    product = graphene.Field(
        Product,
        id=graphene.ID(description="ID of the product."),
        slug=graphene.String(description="Slug of the product."),
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        description="Look up a product by ID or slug. Unpublished products are visible to operators only.",
    )
    products = product_connection_field("List of the shop's products.")
    product_variant = graphene.Field(
        ProductVariant,
        id=graphene.ID(description="ID of the product variant."),
        sku=graphene.String(description="SKU of the product variant."),
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        description="Look up a product variant by ID or SKU.",
    )
    category = graphene.Field(
        Category,
        id=graphene.ID(description="ID of the category."),
        slug=graphene.String(description="Slug of the category."),
        description="Look up a category by ID or slug.",
    )
    categories = ConnectionField(
        CategoryCountableConnection,
        filter=graphene.Argument(CategoryFilterInput, description="Filtering options for categories."),
        sort_by=graphene.Argument(CategorySortingInput, description="Sort categories."),
        level=graphene.Int(description="Filter categories by the nesting level in the category tree."),
        description="List of the shop's categories.",
    )

    @staticmethod
    def resolve_product(root: None, info: graphene.ResolveInfo, **args: Any) -> ChannelContext | None:
        return resolve_product_by_id_or_slug(
            info, id=args.get("id"), slug=args.get("slug"), channel=args.get("channel")
        )

    @staticmethod
    def resolve_products(root: None, info: graphene.ResolveInfo, **args: Any) -> CountableConnection:
        return resolve_product_connection(info, **args)

    @staticmethod
    def resolve_product_variant(root: None, info: graphene.ResolveInfo, **args: Any) -> ChannelContext | None:
        return resolve_variant_by_id_or_sku(info, id=args.get("id"), sku=args.get("sku"), channel=args.get("channel"))

    @staticmethod
    def resolve_category(
        root: None, info: graphene.ResolveInfo, id: str | None = None, slug: str | None = None
    ) -> models.Category | None:
        require_one_of(id=id, slug=slug)
        categories = models.Category.objects.select_related("parent")
        if id is not None:
            return categories.filter(pk=from_global_id_or_error(id, "Category")).first()
        return categories.filter(slug=slug).first()

    @staticmethod
    def resolve_categories(root: None, info: graphene.ResolveInfo, **args: Any) -> CountableConnection:
        categories = filter_categories(models.Category.objects.all(), args.get("filter"), args.get("level"))
        return paginate(
            categories,
            connection_type=CategoryCountableConnection,
            sort_keys=category_sort_keys(args.get("sort_by")),
            first=args.get("first"),
            last=args.get("last"),
            after=args.get("after"),
            before=args.get("before"),
            connection_name="categories",
        )


class ProductMutations(graphene.ObjectType):
    """Seller-scoped catalogue mutations (members of the product's seller) and
    operators' moderation, with Saleor's names and shapes."""

    product_create = ProductCreate.Field()
    product_update = ProductUpdate.Field()
    product_delete = ProductDelete.Field()
    product_variant_create = ProductVariantCreate.Field()
    product_variant_update = ProductVariantUpdate.Field()
    product_variant_delete = ProductVariantDelete.Field()
    product_variant_channel_listing_update = ProductVariantChannelListingUpdate.Field()
    product_channel_listing_update = ProductChannelListingUpdate.Field()
    product_variant_stocks_update = ProductVariantStocksUpdate.Field()
    product_variant_stocks_create = ProductVariantStocksCreate.Field()
    product_media_create = ProductMediaCreate.Field()
    product_media_reorder = ProductMediaReorder.Field()
    product_media_delete = ProductMediaDelete.Field()
    ocop_certificate_create = OcopCertificateCreate.Field()
    product_unlist = ProductUnlist.Field()
    product_relist = ProductRelist.Field()
