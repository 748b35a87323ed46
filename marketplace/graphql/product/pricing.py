"""Saleor's pricing objects. There are no promotions yet, so nothing is on
sale and undiscounted prices equal prices."""

from __future__ import annotations

from dataclasses import dataclass

import graphene

from marketplace.channel.models import Channel
from marketplace.graphql.core.money import (
    TaxedMoney,
    TaxedMoneyRange,
    TaxedMoneyRangeValue,
    TaxedMoneyValue,
    taxed_range,
)
from marketplace.graphql.product.loaders import product_price_bounds, variant_price
from marketplace.product.models import Product, ProductVariant


@dataclass(frozen=True, slots=True)
class ProductPricing:
    price_range: TaxedMoneyRangeValue
    on_sale: bool = False
    discount: TaxedMoneyValue | None = None
    display_gross_prices: bool = True

    @property
    def price_range_undiscounted(self) -> TaxedMoneyRangeValue:
        return self.price_range


@dataclass(frozen=True, slots=True)
class VariantPricing:
    price: TaxedMoneyValue
    on_sale: bool = False
    discount: TaxedMoneyValue | None = None

    @property
    def price_undiscounted(self) -> TaxedMoneyValue:
        return self.price


class ProductPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(TaxedMoney, description="The discount amount if in sale (null otherwise).")
    price_range = graphene.Field(TaxedMoneyRange, description="The discounted price range of the product variants.")
    price_range_undiscounted = graphene.Field(
        TaxedMoneyRange, description="The undiscounted price range of the product variants."
    )
    display_gross_prices = graphene.Boolean(
        required=True, description="Determines whether displayed prices should include taxes."
    )

    class Meta:
        description = "Represents product's pricing in a channel (prices include VAT)."


class VariantPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(TaxedMoney, description="The discount amount if in sale (null otherwise).")
    price = graphene.Field(TaxedMoney, description="The price, with any discount subtracted.")
    price_undiscounted = graphene.Field(TaxedMoney, description="The price without any discount.")

    class Meta:
        description = "Represents availability of a variant in the storefront."


def product_pricing(product: Product, channel: Channel) -> ProductPricing | None:
    bounds = product_price_bounds(product, channel)
    return None if bounds is None else ProductPricing(price_range=taxed_range(*bounds))


def variant_pricing(variant: ProductVariant, channel: Channel) -> VariantPricing | None:
    price = variant_price(variant, channel)
    return None if price is None else VariantPricing(price=TaxedMoneyValue.untaxed(price))
