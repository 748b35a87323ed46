"""Products, variants and product types in Saleor's shape. Products and
variants travel as ``ChannelContext`` so prices, stock and availability are
those of the channel the query asked for."""

from __future__ import annotations

import datetime
from typing import Any

import graphene
from django.utils import timezone
from graphene import relay

from marketplace.graphql.core.connection import countable_connection
from marketplace.graphql.core.context import ChannelContext
from marketplace.graphql.core.descriptions import editorjs_from_text
from marketplace.graphql.core.enums import CountryCode, LanguageCodeEnum, ThumbnailFormatEnum, enum_value
from marketplace.graphql.core.types import Image, ModelObjectType, Weight, weight_in_grams
from marketplace.graphql.product.loaders import (
    product_listing,
    product_media,
    product_variants,
    quantity_available,
    variant_stocks,
)
from marketplace.graphql.product.media import DEFAULT_THUMBNAIL_SIZE, ProductMedia, media_url, validate_thumbnail_size
from marketplace.graphql.product.ocop import OcopCertificate, Origin
from marketplace.graphql.product.pricing import (
    ProductPricing,
    ProductPricingInfo,
    VariantPricing,
    VariantPricingInfo,
    product_pricing,
    variant_pricing,
)
from marketplace.graphql.product.translations import (
    ProductTranslation,
    ProductVariantTranslation,
    find_translation,
)
from marketplace.product import models

Ctx = ChannelContext[Any]


class ProductType(ModelObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_variants = graphene.Boolean(required=True)
    is_shipping_required = graphene.Boolean(required=True)

    class Meta:
        description = "Represents a type of product. It defines what attributes are available to products of this type."
        interfaces = (relay.Node,)
        model = models.ProductType

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.ProductType | None:
        return models.ProductType.objects.filter(pk=pk).first()


class ProductVariant(ModelObjectType):
    name = graphene.String(required=True)
    sku = graphene.String()
    product = graphene.Field(lambda: Product, required=True)
    track_inventory = graphene.Boolean(required=True)
    quantity_limit_per_customer = graphene.Int()
    weight = graphene.Field(Weight)
    channel = graphene.String(description="Channel given to retrieve this product variant.")
    pricing = graphene.Field(VariantPricingInfo, description="Lists the storefront variant's pricing in the channel.")
    quantity_available = graphene.Int(
        country_code=graphene.Argument(CountryCode, description="Accepted for compatibility; the channel decides."),
        description="Quantity of a product available for sale in the channel's warehouses.",
    )
    translation = graphene.Field(
        ProductVariantTranslation,
        language_code=graphene.Argument(LanguageCodeEnum, required=True),
        description="Returns translated product variant fields for the given language code.",
    )
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    trade_item = graphene.Field(
        "marketplace.graphql.traceability.types.TradeItem",
        description="The GS1 identity (GTIN) printed in the variant's traceability stamps; null until it has a GTIN "
        "or a batch.",
    )

    class Meta:
        description = "Represents a version of a product such as different size or color."
        interfaces = (relay.Node,)
        model = models.ProductVariant

    @staticmethod
    def resolve_product(root: Ctx, info: graphene.ResolveInfo) -> Ctx:
        return ChannelContext(root.node.product, root.channel)

    @staticmethod
    def resolve_weight(root: Ctx, info: graphene.ResolveInfo) -> Weight | None:
        return weight_in_grams(root.node.weight_grams)

    @staticmethod
    def resolve_channel(root: Ctx, info: graphene.ResolveInfo) -> str:
        return root.channel.slug

    @staticmethod
    def resolve_pricing(root: Ctx, info: graphene.ResolveInfo) -> VariantPricing | None:
        return variant_pricing(root.node, root.channel)

    @staticmethod
    def resolve_quantity_available(root: Ctx, info: graphene.ResolveInfo, country_code: Any = None) -> int:
        return quantity_available(root.node, root.channel)

    @staticmethod
    def resolve_translation(root: Ctx, info: graphene.ResolveInfo, language_code: Any) -> Any:
        return find_translation(root.node.translations.all(), enum_value(language_code))

    @staticmethod
    def resolve_created(root: Ctx, info: graphene.ResolveInfo) -> datetime.datetime:
        return root.node.created_at

    @staticmethod
    def resolve_trade_item(root: Ctx, info: graphene.ResolveInfo) -> Any:
        from marketplace.graphql.traceability.types import resolve_variant_trade_item  # imports this module

        return resolve_variant_trade_item(root.node)

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> Ctx | None:
        from marketplace.graphql.product.resolvers import resolve_variant

        return resolve_variant(info, pk=pk, sku=None, channel_slug=None)


class Product(ModelObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString(description="Description of the product (Editor.js blocks).")
    product_type = graphene.Field(ProductType, required=True)
    slug = graphene.String(required=True)
    category = graphene.Field("marketplace.graphql.product.category.Category")
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    weight = graphene.Field(Weight)
    default_variant = graphene.Field(ProductVariant)
    rating = graphene.Float()
    channel = graphene.String(description="Channel given to retrieve this product.")
    thumbnail = graphene.Field(
        Image,
        size=graphene.Int(
            description="Width in pixels; the nearest stored WebP thumbnail at least this wide "
            f"(default {DEFAULT_THUMBNAIL_SIZE}). Pass 0 for the original image."
        ),
        format=graphene.Argument(ThumbnailFormatEnum, description="Ignored: thumbnails are WebP."),
    )
    pricing = graphene.Field(ProductPricingInfo, description="Lists the storefront product's pricing in the channel.")
    is_available = graphene.Boolean(
        description="Whether the product is in stock, set as available for purchase and visible."
    )
    media = graphene.List(graphene.NonNull(ProductMedia), description="List of media for the product.")
    variants = graphene.List(graphene.NonNull(ProductVariant), description="List of variants for the product.")
    is_available_for_purchase = graphene.Boolean(description="Whether the product is available for purchase.")
    available_for_purchase_at = graphene.DateTime(description="Date when product is available for purchase.")
    translation = graphene.Field(
        ProductTranslation,
        language_code=graphene.Argument(LanguageCodeEnum, required=True),
        description="Returns translated product fields for the given language code.",
    )
    seller = graphene.Field("marketplace.graphql.seller.types.Seller", description="Who makes and sells the product.")
    ocop = graphene.Field(OcopCertificate, description="The OCOP certificate the product carries, if any.")
    origin = graphene.Field(Origin, description="Where the product is made.")

    class Meta:
        description = "Represents an individual item for sale in the storefront."
        interfaces = (relay.Node,)
        model = models.Product

    @staticmethod
    def resolve_description(root: Ctx, info: graphene.ResolveInfo) -> dict | None:
        return editorjs_from_text(root.node.description, updated_at=root.node.updated_at)

    @staticmethod
    def resolve_created(root: Ctx, info: graphene.ResolveInfo) -> datetime.datetime:
        return root.node.created_at

    @staticmethod
    def resolve_weight(root: Ctx, info: graphene.ResolveInfo) -> Weight | None:
        return weight_in_grams(root.node.weight_grams)

    @staticmethod
    def resolve_channel(root: Ctx, info: graphene.ResolveInfo) -> str:
        return root.channel.slug

    @staticmethod
    def resolve_default_variant(root: Ctx, info: graphene.ResolveInfo) -> Ctx | None:
        wanted = root.node.default_variant_id
        variant = next((v for v in product_variants(root.node) if v.pk == wanted), None) if wanted else None
        return None if variant is None else ChannelContext(variant, root.channel)

    @staticmethod
    def resolve_variants(root: Ctx, info: graphene.ResolveInfo) -> list[Ctx]:
        return [ChannelContext(variant, root.channel) for variant in product_variants(root.node)]

    @staticmethod
    def resolve_media(root: Ctx, info: graphene.ResolveInfo) -> list[models.ProductMedia]:
        return product_media(root.node)

    @staticmethod
    def resolve_thumbnail(root: Ctx, info: graphene.ResolveInfo, size: int | None = None, format: Any = None) -> Any:
        validate_thumbnail_size(size)
        media = product_media(root.node)
        if not media:
            return None
        first = media[0]
        url = media_url(info.context, first, DEFAULT_THUMBNAIL_SIZE if size is None else size)
        return Image(url=url, alt=first.alt or root.node.name)

    @staticmethod
    def resolve_pricing(root: Ctx, info: graphene.ResolveInfo) -> ProductPricing | None:
        return product_pricing(root.node, root.channel)

    @staticmethod
    def resolve_is_available_for_purchase(root: Ctx, info: graphene.ResolveInfo) -> bool:
        listing = product_listing(root.node, root.channel)
        return listing is not None and listing.is_available_for_purchase()

    @staticmethod
    def resolve_available_for_purchase_at(root: Ctx, info: graphene.ResolveInfo) -> datetime.datetime | None:
        listing = product_listing(root.node, root.channel)
        return None if listing is None else listing.available_for_purchase_at

    @staticmethod
    def resolve_is_available(root: Ctx, info: graphene.ResolveInfo) -> bool:
        listing = product_listing(root.node, root.channel)
        now = timezone.now()
        if listing is None or not listing.is_visible(now) or not listing.is_available_for_purchase(now):
            return False
        return any(
            not variant.track_inventory or any(s.quantity_available > 0 for s in variant_stocks(variant, root.channel))
            for variant in product_variants(root.node)
        )

    @staticmethod
    def resolve_translation(root: Ctx, info: graphene.ResolveInfo, language_code: Any) -> Any:
        return find_translation(root.node.translations.all(), enum_value(language_code))

    @staticmethod
    def resolve_ocop(root: Ctx, info: graphene.ResolveInfo) -> models.OcopCertificate | None:
        return root.node.ocop_certificate

    @staticmethod
    def resolve_origin(root: Ctx, info: graphene.ResolveInfo) -> Origin | None:
        product = root.node
        if product.origin_province_id is None and product.origin_commune_id is None:
            return None
        return Origin(province=product.origin_province, commune=product.origin_commune)

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> Ctx | None:
        from marketplace.graphql.product.resolvers import resolve_product

        return resolve_product(info, pk=pk, slug=None, channel_slug=None)


ProductCountableConnection = countable_connection(Product)
ProductVariantCountableConnection = countable_connection(ProductVariant)
