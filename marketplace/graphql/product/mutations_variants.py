"""Variants (a size or packaging of a product) and their stock, with Saleor's
mutation names and inputs. Prices live in ``productVariantChannelListingUpdate``
as in Saleor; ``productVariantCreate`` also takes the first ``price`` because
a variant without a price cannot be sold."""

from __future__ import annotations

from typing import Any

import graphene
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.product.errors import ProductError
from marketplace.graphql.product.mutations_common import (
    PositiveDecimal,
    WeightScalar,
    in_channel,
    product_for_member,
    user,
    variant_for_member,
    warehouse_for_member,
)
from marketplace.graphql.product.types import ProductVariant
from marketplace.graphql.seller.warehouse_types import Stock
from marketplace.product import services
from marketplace.product.errors import ProductError as DomainProductError
from marketplace.product.models import ProductVariant as VariantModel
from marketplace.warehouse.models import Stock as StockModel
from marketplace.warehouse.models import Warehouse


class StockInput(graphene.InputObjectType):
    warehouse = graphene.ID(required=True, description="Warehouse in which stock is located.")
    quantity = graphene.Int(required=True, description="Quantity of items available for sell.")


def stock_pairs(info: graphene.ResolveInfo, stocks: list[Any]) -> list[tuple[Warehouse, int]]:
    """``(warehouse, quantity)`` for the service; a warehouse of another seller is ``NOT_FOUND``."""
    return [(warehouse_for_member(info, item["warehouse"]), item["quantity"]) for item in stocks]


def _refuse_untracked(input: Any) -> None:
    if input.get("track_inventory") is False:
        raise DomainProductError("INVALID", _("Sàn luôn theo dõi tồn kho của mọi phân loại."), field="track_inventory")


class ProductVariantInput(graphene.InputObjectType):
    sku = graphene.String(description="Stock keeping unit, unique in the marketplace.")
    name = graphene.String(description="Variant name, e.g. `Gói 500 g`.")
    track_inventory = graphene.Boolean(description="Always true here: stock is tracked for every variant.")
    weight = WeightScalar(description="Weight of the variant (grams, or `{value, unit}`).")
    quantity_limit_per_customer = graphene.Int(description="Most units one customer may buy; null for no limit.")

    class Meta:
        description = "Fields of a variant; omitted ones are left as they are."


class ProductVariantCreateInput(ProductVariantInput):
    product = graphene.ID(required=True, description="Product ID of which type is the variant.")
    stocks = graphene.List(graphene.NonNull(StockInput), description="Stocks of a product available for sale.")
    price = PositiveDecimal(description="Price in whole đồng in the default channel. Required.")

    class Meta:
        description = "Fields required to create a product variant."


class ProductVariantCreate(BaseMutation):
    product_variant = graphene.Field(ProductVariant)

    class Arguments:
        input = ProductVariantCreateInput(required=True, description="Fields required to create a product variant.")

    class Meta:
        description = "Creates a new variant for a product, with its price and stock (members of its seller)."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, input: Any) -> ProductVariantCreate:
        product = product_for_member(info, input["product"])
        _refuse_untracked(input)
        if input.get("price") is None:
            raise DomainProductError("REQUIRED", _("Vui lòng nhập giá bán."), field="price")
        stocks = stock_pairs(info, input.get("stocks") or [])
        with transaction.atomic():
            variant = services.create_variant(
                product=product,
                actor=user(info),
                sku=input.get("sku") or services.generate_sku(product.seller),
                name=input.get("name") or "",
                price=input["price"],
                weight_grams=input.get("weight"),
                stocks=stocks or None,
            )
            if input.get("quantity_limit_per_customer") is not None:
                variant = services.update_variant(
                    variant=variant,
                    actor=user(info),
                    quantity_limit_per_customer=input["quantity_limit_per_customer"],
                )
        return cls(product_variant=in_channel(info, variant), errors=[])


class ProductVariantUpdate(BaseMutation):
    product_variant = graphene.Field(ProductVariant)

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product variant to update.")
        input = ProductVariantInput(required=True, description="Fields required to update a product variant.")

    class Meta:
        description = "Updates an existing variant (members of its product's seller)."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, input: Any) -> ProductVariantUpdate:
        variant = variant_for_member(info, id)
        _refuse_untracked(input)
        fields = {key: input[key] for key in ("sku", "name", "quantity_limit_per_customer") if key in input}
        if "weight" in input:
            fields["weight_grams"] = input["weight"]
        if fields:
            variant = services.update_variant(variant=variant, actor=user(info), **fields)
        return cls(product_variant=in_channel(info, variant), errors=[])


class ProductVariantDelete(BaseMutation):
    product_variant = graphene.Field(ProductVariant)

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product variant to delete.")

    class Meta:
        description = "Deletes a variant; a product keeps at least one (members of its product's seller)."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str) -> ProductVariantDelete:
        variant = variant_for_member(info, id)
        pk = variant.pk
        services.delete_variant(variant=variant, actor=user(info))
        variant.pk = pk  # as Saleor: the payload names what was deleted
        return cls(product_variant=in_channel(info, variant), errors=[])


class ProductVariantStocksUpdate(BaseMutation):
    product_variant = graphene.Field(ProductVariant)
    stocks = graphene.List(graphene.NonNull(Stock), description="The variant's stock in the warehouses given.")

    class Arguments:
        variant_id = graphene.ID(required=True, description="ID of a product variant for which stocks will be set.")
        stocks = graphene.List(
            graphene.NonNull(StockInput), required=True, description="Input list of stocks to create or update."
        )

    class Meta:
        description = "Updates stocks for a given variant (other warehouses are left alone)."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, variant_id: str, stocks: list[Any]
    ) -> ProductVariantStocksUpdate:
        variant = variant_for_member(info, variant_id)
        rows = services.update_variant_stocks(variant=variant, actor=user(info), stocks=stock_pairs(info, stocks))
        return cls(product_variant=in_channel(info, variant), stocks=rows, errors=[])


class ProductVariantStocksCreate(BaseMutation):
    product_variant = graphene.Field(ProductVariant)
    stocks = graphene.List(graphene.NonNull(Stock), description="The stock created.")

    class Arguments:
        variant_id = graphene.ID(required=True, description="ID of a product variant for which stocks will be created.")
        stocks = graphene.List(
            graphene.NonNull(StockInput), required=True, description="Input list of stocks to create."
        )

    class Meta:
        description = "Creates stocks for a variant in warehouses where it has none yet."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, variant_id: str, stocks: list[Any]
    ) -> ProductVariantStocksCreate:
        variant: VariantModel = variant_for_member(info, variant_id)
        pairs = stock_pairs(info, stocks)
        existing = StockModel.objects.filter(product_variant=variant, warehouse__in=[w for w, _q in pairs])
        if existing.exists():
            raise DomainProductError(
                "UNIQUE", _("Phân loại này đã có tồn kho ở kho đã chọn; hãy cập nhật số lượng."), field="stocks"
            )
        rows = services.update_variant_stocks(variant=variant, actor=user(info), stocks=pairs)
        return cls(product_variant=in_channel(info, variant), stocks=rows, errors=[])
