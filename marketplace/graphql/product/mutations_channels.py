"""Prices and publication per channel, in Saleor's shapes:
``productVariantChannelListingUpdate`` sets a variant's prices,
``productChannelListingUpdate`` publishes or hides a product. The rules (an
approved seller, a price, not unlisted by an operator) are the services'."""

from __future__ import annotations

from typing import Any

import graphene
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.channel.models import Channel
from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.product.errors import ProductError
from marketplace.graphql.product.mutations_common import (
    PositiveDecimal,
    channel_by_id,
    in_channel,
    product_for_member,
    user,
    variant_for_member,
)
from marketplace.graphql.product.types import Product, ProductVariant
from marketplace.product import services
from marketplace.product.errors import ProductError as DomainProductError


def _distinct_channels(info: graphene.ResolveInfo, ids: list[str]) -> list[Channel]:
    channels = [channel_by_id(info, channel_id) for channel_id in ids]
    if len({channel.pk for channel in channels}) != len(channels):
        raise DomainProductError("DUPLICATED_INPUT_ITEM", _("Mỗi kênh bán chỉ được nêu một lần."), field="channel_id")
    return channels


class ProductVariantChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True, description="ID of a channel.")
    price = PositiveDecimal(required=True, description="Price of the particular variant in channel (whole đồng).")
    cost_price = PositiveDecimal(description="Accepted for compatibility and ignored.")


class ProductVariantChannelListingUpdate(BaseMutation):
    variant = graphene.Field(ProductVariant, description="An updated product variant instance.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product variant to update.")
        input = graphene.List(
            graphene.NonNull(ProductVariantChannelListingAddInput),
            required=True,
            description="List of fields required to create or upgrade product variant channel listings.",
        )

    class Meta:
        description = "Manage product variant prices in channels: whole đồng, not negative."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, id: str, input: list[Any]
    ) -> ProductVariantChannelListingUpdate:
        variant = variant_for_member(info, id)
        channels = _distinct_channels(info, [item["channel_id"] for item in input])
        with transaction.atomic():
            for channel, item in zip(channels, input, strict=True):
                services.update_variant(variant=variant, actor=user(info), channel=channel, price=item["price"])
        return cls(variant=in_channel(info, variant, channels[0] if channels else None), errors=[])


class ProductChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True, description="ID of a channel.")
    is_published = graphene.Boolean(description="Determines if object is visible to customers.")
    published_at = graphene.DateTime(description="Publication date time; now when omitted.")
    visible_in_listings = graphene.Boolean(
        description="Determines if product is visible in product listings (doesn't apply to product collections)."
    )
    is_available_for_purchase = graphene.Boolean(
        description="Determines if product should be available for purchase; a published product always is."
    )
    available_for_purchase_at = graphene.DateTime(description="A start date time from which a product can be bought.")


class ProductChannelListingUpdateInput(graphene.InputObjectType):
    update_channels = graphene.List(
        graphene.NonNull(ProductChannelListingAddInput),
        description="List of channels to which the product should be assigned or updated.",
    )
    remove_channels = graphene.List(
        graphene.NonNull(graphene.ID), description="List of channels from which the product should be hidden."
    )


def _publish(info: graphene.ResolveInfo, product: Any, channel: Channel, item: Any) -> None:
    if item.get("is_available_for_purchase") is False:
        raise DomainProductError(
            "INVALID",
            _("Sản phẩm đang bán luôn cho phép đặt mua; hãy ẩn sản phẩm nếu tạm ngừng bán."),
            field="is_available_for_purchase",
        )
    services.publish_product(product=product, actor=user(info), channel=channel)
    details = {
        key: item[key]
        for key in ("published_at", "visible_in_listings", "available_for_purchase_at")
        if item.get(key) is not None
    }
    if details:
        services.update_product_channel_listing(product=product, channel=channel, is_published=True, **details)


class ProductChannelListingUpdate(BaseMutation):
    product = graphene.Field(Product, description="An updated product instance.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product to update.")
        input = ProductChannelListingUpdateInput(
            required=True, description="Fields required to create or update product channel listings."
        )

    class Meta:
        description = (
            "Publish or hide a product in channels. Only an approved seller publishes; a product needs a price and "
            "a category, and one an operator unlisted stays down."
        )
        error_type_class = ProductError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, id: str, input: Any
    ) -> ProductChannelListingUpdate:
        product = product_for_member(info, id)
        updates = input.get("update_channels") or []
        update_channels = _distinct_channels(info, [item["channel_id"] for item in updates])
        remove_channels = _distinct_channels(info, input.get("remove_channels") or [])
        with transaction.atomic():
            for channel, item in zip(update_channels, updates, strict=True):
                if item.get("is_published") is None:
                    raise DomainProductError(
                        "REQUIRED", _("Hãy cho biết có đăng bán sản phẩm hay không."), field="is_published"
                    )
                if item["is_published"]:
                    _publish(info, product, channel, item)
                else:
                    services.unpublish_product(product=product, actor=user(info), channel=channel)
            for channel in remove_channels:
                services.unpublish_product(product=product, actor=user(info), channel=channel)
        shown_in = update_channels[0] if update_channels else None
        return cls(product=in_channel(info, product, shown_in), errors=[])
