"""The cart in Saleor's shape, read from ``checkout_summary`` (computed once
per checkout and request): lines, one delivery group per seller with its
shipping options, totals as ``TaxedMoney`` (prices include VAT: net = gross)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene
from graphene.relay import Node

from marketplace.account.models import Address as AddressModel
from marketplace.checkout import models
from marketplace.checkout.selectors import DeliveryGroup, SummaryLine, summary_of
from marketplace.core.money import Money as MoneyValue
from marketplace.graphql.account.types import Address, User
from marketplace.graphql.channel.types import Channel
from marketplace.graphql.checkout.errors import CheckoutErrorCode
from marketplace.graphql.core.context import ChannelContext
from marketplace.graphql.core.money import Money, TaxedMoney, TaxedMoneyValue
from marketplace.graphql.payment.types import PaymentGateway
from marketplace.graphql.product.types import ProductVariant
from marketplace.graphql.seller.types import Seller
from marketplace.shipping.pricing import ShippingQuote
from payments.registry import available_gateways


@dataclass(frozen=True)
class PricedQuote:
    """A shipping quote with the currency of its checkout."""

    quote: ShippingQuote
    currency: str


def priced(quotes: list[ShippingQuote], currency: str) -> list[PricedQuote]:
    return [PricedQuote(quote, currency) for quote in quotes]


def taxed(money: MoneyValue) -> TaxedMoneyValue:
    return TaxedMoneyValue.untaxed(money)


class ShippingMethod(graphene.ObjectType):
    """One delivery option of a seller's parcel, priced for this cart."""

    id = graphene.ID(required=True, description="Pass it to checkoutDeliveryMethodUpdate; it names the seller too.")
    name = graphene.String(required=True)
    price = graphene.Field(Money, required=True, description="The fee for this seller's parcel.")
    minimum_delivery_days = graphene.Int()
    maximum_delivery_days = graphene.Int()
    type = graphene.String(description="How the fee is set: flat, weight, free_over.")

    class Meta:
        description = "Shipping method available for a delivery group of the checkout."

    @staticmethod
    def resolve_id(root: PricedQuote, info: graphene.ResolveInfo) -> str:
        return Node.to_global_id("ShippingMethod", root.quote.method_id)

    @staticmethod
    def resolve_name(root: PricedQuote, info: graphene.ResolveInfo) -> str:
        return root.quote.name

    @staticmethod
    def resolve_price(root: PricedQuote, info: graphene.ResolveInfo) -> MoneyValue:
        return MoneyValue(root.quote.fee, root.currency)

    @staticmethod
    def resolve_minimum_delivery_days(root: PricedQuote, info: graphene.ResolveInfo) -> int | None:
        return root.quote.eta_days[0] if root.quote.eta_days else None

    @staticmethod
    def resolve_maximum_delivery_days(root: PricedQuote, info: graphene.ResolveInfo) -> int | None:
        return root.quote.eta_days[1] if root.quote.eta_days else None

    @staticmethod
    def resolve_type(root: PricedQuote, info: graphene.ResolveInfo) -> str:
        return root.quote.kind


class CheckoutLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    variant = graphene.Field(ProductVariant, required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(TaxedMoney, description="Null when the variant has no price in the channel.")
    total_price = graphene.Field(TaxedMoney, required=True)
    requires_shipping = graphene.Boolean(required=True)
    problem = graphene.Field(CheckoutErrorCode, description="Why this line cannot be bought now; null when it can.")

    class Meta:
        description = "Represents an item in the checkout."

    @staticmethod
    def resolve_id(root: SummaryLine, info: graphene.ResolveInfo) -> str:
        return Node.to_global_id("CheckoutLine", root.line.pk)

    @staticmethod
    def resolve_variant(root: SummaryLine, info: graphene.ResolveInfo) -> ChannelContext:
        return ChannelContext(root.variant, root.line.checkout.channel)

    @staticmethod
    def resolve_quantity(root: SummaryLine, info: graphene.ResolveInfo) -> int:
        return root.line.quantity

    @staticmethod
    def resolve_unit_price(root: SummaryLine, info: graphene.ResolveInfo) -> TaxedMoneyValue | None:
        return taxed(root.unit_price) if root.unit_price is not None else None

    @staticmethod
    def resolve_total_price(root: SummaryLine, info: graphene.ResolveInfo) -> TaxedMoneyValue:
        return taxed(root.total)

    @staticmethod
    def resolve_requires_shipping(root: SummaryLine, info: graphene.ResolveInfo) -> bool:
        return True


class CheckoutDeliveryGroup(graphene.ObjectType):
    seller = graphene.Field(Seller, required=True)
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, description="Null until a shipping method that applies is chosen.")
    weight_grams = graphene.Int(required=True)
    available_shipping_methods = graphene.List(
        graphene.NonNull(ShippingMethod),
        required=True,
        description="The seller's options for this parcel (empty until the shipping address is set).",
    )
    shipping_method = graphene.Field(ShippingMethod, description="The chosen option, if it still applies.")
    is_shipping_method_valid = graphene.Boolean(
        required=True, description="False when the chosen option no longer applies (choose again)."
    )

    class Meta:
        description = "One seller's part of the checkout, shipped as one parcel with its own shipping method."

    @staticmethod
    def resolve_subtotal_price(root: DeliveryGroup, info: graphene.ResolveInfo) -> TaxedMoneyValue:
        return taxed(root.subtotal)

    @staticmethod
    def resolve_shipping_price(root: DeliveryGroup, info: graphene.ResolveInfo) -> TaxedMoneyValue | None:
        return taxed(root.shipping_fee) if root.shipping_fee is not None else None

    @staticmethod
    def resolve_available_shipping_methods(root: DeliveryGroup, info: graphene.ResolveInfo) -> list[PricedQuote]:
        return priced(root.quotes, root.subtotal.currency)

    @staticmethod
    def resolve_shipping_method(root: DeliveryGroup, info: graphene.ResolveInfo) -> PricedQuote | None:
        return PricedQuote(root.chosen, root.subtotal.currency) if root.chosen else None

    @staticmethod
    def resolve_is_shipping_method_valid(root: DeliveryGroup, info: graphene.ResolveInfo) -> bool:
        return root.delivery is None or root.chosen is not None


class Checkout(graphene.ObjectType):
    id = graphene.ID(required=True, description="The checkout's global ID; the bare token works as well.")
    token = graphene.UUID(required=True, description="The checkout's token: whoever holds a guest's token may use it.")
    email = graphene.String(description="Email of the customer.")
    channel = graphene.Field(Channel, required=True)
    user = graphene.Field(User, description="The customer (the owner only).")
    quantity = graphene.Int(required=True, description="The number of items purchased.")
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    delivery_groups = graphene.List(
        graphene.NonNull(CheckoutDeliveryGroup), required=True, description="One group per seller, in cart order."
    )
    available_shipping_methods = graphene.List(
        graphene.NonNull(ShippingMethod), required=True, description="Every group's options, group after group."
    )
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True, description="The sum of the chosen shipping fees.")
    total_price = graphene.Field(TaxedMoney, required=True)
    shipping_address = graphene.Field(Address)
    billing_address = graphene.Field(Address, description="Null: the order bills to the shipping address.")
    available_payment_gateways = graphene.List(graphene.NonNull(PaymentGateway), required=True)
    is_shipping_required = graphene.Boolean(required=True)
    note = graphene.String(required=True, description="The customer's note for the sellers.")
    created = graphene.DateTime(required=True)
    last_change = graphene.DateTime(required=True)

    class Meta:
        description = "Checkout object: the shopper's cart, split into one delivery group per seller."

    @staticmethod
    def resolve_id(root: models.Checkout, info: graphene.ResolveInfo) -> str:
        return Node.to_global_id("Checkout", root.pk)

    @staticmethod
    def resolve_token(root: models.Checkout, info: graphene.ResolveInfo) -> Any:
        return root.pk

    @staticmethod
    def resolve_user(root: models.Checkout, info: graphene.ResolveInfo) -> Any:
        requester = info.context.user
        return requester if root.user_id and requester.is_authenticated and requester.pk == root.user_id else None

    @staticmethod
    def resolve_quantity(root: models.Checkout, info: graphene.ResolveInfo) -> int:
        return summary_of(root).quantity

    @staticmethod
    def resolve_lines(root: models.Checkout, info: graphene.ResolveInfo) -> list[SummaryLine]:
        return summary_of(root).lines

    @staticmethod
    def resolve_delivery_groups(root: models.Checkout, info: graphene.ResolveInfo) -> list[DeliveryGroup]:
        return summary_of(root).groups

    @staticmethod
    def resolve_available_shipping_methods(root: models.Checkout, info: graphene.ResolveInfo) -> list[PricedQuote]:
        return priced([quote for group in summary_of(root).groups for quote in group.quotes], root.currency)

    @staticmethod
    def resolve_subtotal_price(root: models.Checkout, info: graphene.ResolveInfo) -> TaxedMoneyValue:
        return taxed(summary_of(root).subtotal)

    @staticmethod
    def resolve_shipping_price(root: models.Checkout, info: graphene.ResolveInfo) -> TaxedMoneyValue:
        return taxed(summary_of(root).shipping)

    @staticmethod
    def resolve_total_price(root: models.Checkout, info: graphene.ResolveInfo) -> TaxedMoneyValue:
        return taxed(summary_of(root).total)

    @staticmethod
    def resolve_shipping_address(root: models.Checkout, info: graphene.ResolveInfo) -> AddressModel | None:
        return summary_of(root).shipping_address

    @staticmethod
    def resolve_billing_address(root: models.Checkout, info: graphene.ResolveInfo) -> AddressModel | None:
        if not root.billing_address_id:
            return None
        shipping = summary_of(root).shipping_address
        if shipping is not None and shipping.pk == root.billing_address_id:
            return shipping
        return AddressModel.objects.select_related("province", "commune").filter(pk=root.billing_address_id).first()

    @staticmethod
    def resolve_available_payment_gateways(root: models.Checkout, info: graphene.ResolveInfo) -> list[Any]:
        return available_gateways(root.currency)

    @staticmethod
    def resolve_is_shipping_required(root: models.Checkout, info: graphene.ResolveInfo) -> bool:
        return True

    @staticmethod
    def resolve_note(root: models.Checkout, info: graphene.ResolveInfo) -> str:
        return root.customer_note

    @staticmethod
    def resolve_created(root: models.Checkout, info: graphene.ResolveInfo) -> Any:
        return root.created_at
