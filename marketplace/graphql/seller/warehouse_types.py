"""A seller's warehouses and the stock of its variants in them, as Saleor's
``Warehouse`` and ``Stock`` (seller-scoped: members and operators only)."""

from __future__ import annotations

from typing import Any

import graphene
from graphene import relay

from marketplace.graphql.core.context import ChannelContext
from marketplace.graphql.core.types import ModelObjectType
from marketplace.graphql.geography.types import Commune, Province
from marketplace.graphql.seller.access import can_see_private
from marketplace.warehouse import models


class Warehouse(ModelObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    province = graphene.Field(Province)
    commune = graphene.Field(Commune)
    street_address = graphene.String(required=True)

    class Meta:
        description = "A place a seller ships from. Its seller's members and operators only."
        interfaces = (relay.Node,)
        model = models.Warehouse

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.Warehouse | None:
        warehouse = models.Warehouse.objects.select_related("seller").filter(pk=pk).first()
        return warehouse if warehouse is not None and can_see_private(info, warehouse.seller) else None


class Stock(ModelObjectType):
    warehouse = graphene.Field(Warehouse, required=True)
    product_variant = graphene.Field("marketplace.graphql.product.types.ProductVariant", required=True)
    quantity = graphene.Int(required=True, description="Units in the warehouse.")
    quantity_allocated = graphene.Int(required=True, description="Units held for placed orders.")
    quantity_available = graphene.Int(required=True, description="Units that can still be sold.")

    class Meta:
        description = "Units of one variant in one warehouse."
        interfaces = (relay.Node,)
        model = models.Stock

    @staticmethod
    def resolve_product_variant(root: models.Stock, info: graphene.ResolveInfo) -> Any:
        from marketplace.graphql.channel.resolvers import get_channel_or_error

        return ChannelContext(root.product_variant, get_channel_or_error(info.context, None))
