"""Product images and their WebP thumbnails."""

from __future__ import annotations

from typing import Any

import graphene
from django.http import HttpRequest
from django.utils.translation import gettext as _
from graphene import relay

from marketplace.graphql.core.context import unwrap
from marketplace.graphql.core.enums import ThumbnailFormatEnum
from marketplace.graphql.core.errors import INVALID, ApiError
from marketplace.graphql.core.ids import to_global_id
from marketplace.graphql.core.types import ModelObjectType
from marketplace.graphql.product.loaders import media_thumbnails
from marketplace.product import models

DEFAULT_THUMBNAIL_SIZE = 256


class ProductMediaType(graphene.Enum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


def validate_thumbnail_size(size: int | None) -> None:
    if size is not None and size < 0:
        raise ApiError(_("Kích thước ảnh không được âm."), code=INVALID)


def pick_thumbnail(thumbnails: list[models.Thumbnail], size: int) -> models.Thumbnail | None:
    """The smallest stored WebP thumbnail at least ``size`` wide, else the largest one."""
    webp = sorted((t for t in thumbnails if t.format == "WEBP"), key=lambda t: t.size)
    if not webp:
        return None
    return next((t for t in webp if t.size >= size), webp[-1])


def media_url(request: HttpRequest, media: models.ProductMedia, size: int | None) -> str:
    """Absolute URL of the original image (size omitted or 0) or of the nearest thumbnail."""
    validate_thumbnail_size(size)
    thumbnail = pick_thumbnail(media_thumbnails(media), size) if size else None
    image = thumbnail.image if thumbnail is not None else media.image
    return request.build_absolute_uri(image.url)


class ProductMedia(ModelObjectType):
    sort_order = graphene.Int(description="The sort order of the media.")
    alt = graphene.String(required=True, description="The alt text of the media.")
    type = graphene.Field(ProductMediaType, required=True, description="The type of the media.")
    oembed_data = graphene.JSONString(required=True, description="The oEmbed data of the media.")
    url = graphene.String(
        required=True,
        size=graphene.Int(
            description="Width in pixels: the nearest stored WebP thumbnail at least this wide. "
            "Omit or pass 0 for the original image."
        ),
        format=graphene.Argument(ThumbnailFormatEnum, description="Ignored: thumbnails are WebP."),
        description="The URL of the media.",
    )
    product_id = graphene.ID(description="Product id the media refers to.")

    class Meta:
        description = "Represents a product media."
        interfaces = (relay.Node,)
        model = models.ProductMedia

    @staticmethod
    def resolve_type(root: Any, info: graphene.ResolveInfo) -> str:
        return ProductMediaType.IMAGE

    @staticmethod
    def resolve_oembed_data(root: Any, info: graphene.ResolveInfo) -> dict:
        return {}

    @staticmethod
    def resolve_url(root: Any, info: graphene.ResolveInfo, size: int | None = None, format: Any = None) -> str:
        return media_url(info.context, unwrap(root), size)

    @staticmethod
    def resolve_product_id(root: Any, info: graphene.ResolveInfo) -> str:
        return to_global_id("Product", unwrap(root).product_id)

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.ProductMedia | None:
        from marketplace.graphql.channel.resolvers import get_channel_or_error
        from marketplace.graphql.product.visibility import products_for_request

        channel = get_channel_or_error(info.context, None)
        products = products_for_request(info.context, channel, listed_only=False)
        return models.ProductMedia.objects.filter(pk=pk, product__in=products).first()
