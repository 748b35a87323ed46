"""Product photos in Saleor's shapes: upload (a multipart request, checked
by content), reorder (the first is the cover), delete."""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext as _

from marketplace.graphql.core.ids import pks_from_global_ids
from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.core.upload import Upload
from marketplace.graphql.product.errors import ProductError
from marketplace.graphql.product.media import ProductMedia
from marketplace.graphql.product.mutations_common import in_channel, media_for_member, product_for_member, user
from marketplace.graphql.product.types import Product
from marketplace.product import services
from marketplace.product.errors import ProductError as DomainProductError


class ProductMediaCreateInput(graphene.InputObjectType):
    alt = graphene.String(description="Alt text for a product media.")
    image = Upload(description="Represents an image file in a multipart request (JPEG, PNG or WebP).")
    product = graphene.ID(required=True, description="ID of an product.")
    media_url = graphene.String(description="Not supported: send the image itself.")


class ProductMediaCreate(BaseMutation):
    product = graphene.Field(Product)
    media = graphene.Field(ProductMedia)

    class Arguments:
        input = ProductMediaCreateInput(required=True, description="Fields required to create a product media.")

    class Meta:
        description = (
            "Create a media object (image) for the product, last in order. Requires a multipart request: "
            "https://github.com/jaydenseric/graphql-multipart-request-spec"
        )
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, input: Any) -> ProductMediaCreate:
        product = product_for_member(info, input["product"])
        if input.get("media_url"):
            raise DomainProductError("INVALID", _("Hãy gửi chính tệp ảnh, không gửi đường dẫn."), field="media_url")
        image = input.get("image")
        if image is None:
            raise DomainProductError("REQUIRED", _("Vui lòng chọn ảnh."), field="image")
        media = services.add_product_media(
            product=product, upload=image, alt=input.get("alt") or "", filename=image.name, actor=user(info)
        )
        return cls(product=in_channel(info, product), media=media, errors=[])


class ProductMediaReorder(BaseMutation):
    product = graphene.Field(Product)
    media = graphene.List(graphene.NonNull(ProductMedia))

    class Arguments:
        product_id = graphene.ID(required=True, description="ID of product that media order will be altered.")
        media_ids = graphene.List(
            graphene.NonNull(graphene.ID), required=True, description="IDs of a product media in the desired order."
        )

    class Meta:
        description = "Changes ordering of the product media; the first one is the product's thumbnail."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, product_id: str, media_ids: list[str]
    ) -> ProductMediaReorder:
        product = product_for_member(info, product_id)
        ordered = services.reorder_product_media(
            product=product, actor=user(info), media_ids=pks_from_global_ids(media_ids, "ProductMedia")
        )
        return cls(product=in_channel(info, product), media=ordered, errors=[])


class ProductMediaDelete(BaseMutation):
    product = graphene.Field(Product)
    media = graphene.Field(ProductMedia)

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product media to delete.")

    class Meta:
        description = "Deletes a product media with its thumbnails."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str) -> ProductMediaDelete:
        media = media_for_member(info, id)
        product, pk = media.product, media.pk
        services.delete_product_media(media=media, actor=user(info))
        media.pk = pk  # as Saleor: the payload names what was deleted
        return cls(product=in_channel(info, product), media=media, errors=[])
