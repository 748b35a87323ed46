"""Orders in Saleor's shape, split per seller: an ``Order`` holds one
``SellerOrder`` (sub-order) per seller with its own status, shipping method,
carrier and tracking number; ``OrderLine`` keeps the snapshot of what was
bought. Lines and sub-orders come from the prefetches the resolvers plan
(``marketplace.order.selectors``)."""

from __future__ import annotations

from typing import Any

import graphene
from graphene.relay import Node

from marketplace.account.models import Address as AddressModel
from marketplace.graphql.account.types import Address
from marketplace.graphql.channel.types import Channel
from marketplace.graphql.core.connection import countable_connection
from marketplace.graphql.core.enums import enum_from_choices
from marketplace.graphql.core.money import money_field
from marketplace.graphql.payment.types import TransactionItem
from marketplace.graphql.seller.types import Seller
from marketplace.order import models

OrderStatusEnum = enum_from_choices("OrderStatus", models.OrderStatus, "The status of the whole order.")
OrderChargeStatusEnum = enum_from_choices(
    "OrderChargeStatusEnum", models.OrderChargeStatus, "How much of the order's total has been charged."
)
SellerOrderStatusEnum = enum_from_choices(
    "SellerOrderStatusEnum", models.SellerOrderStatus, "The status of one seller's part of an order."
)


def _prefetched(instance: Any, name: str) -> list[Any] | None:
    return getattr(instance, "_prefetched_objects_cache", {}).get(name)


class OrderLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    product_name = graphene.String(required=True, description="The product's name when it was bought.")
    variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True, description="Units shipped.")
    unit_price = money_field("unit_price_amount", taxed=True)
    total_price = money_field("total_price_amount", taxed=True)
    variant_id = graphene.ID(description="The variant's global ID (null once the variant is deleted).")

    class Meta:
        description = "Represents order line of particular order."

    @staticmethod
    def resolve_id(root: models.OrderLine, info: graphene.ResolveInfo) -> str:
        return Node.to_global_id("OrderLine", root.pk)

    @staticmethod
    def resolve_quantity_fulfilled(root: models.OrderLine, info: graphene.ResolveInfo) -> int:
        return root.quantity_shipped

    @staticmethod
    def resolve_variant_id(root: models.OrderLine, info: graphene.ResolveInfo) -> str | None:
        return Node.to_global_id("ProductVariant", root.variant_id) if root.variant_id else None


class SellerOrder(graphene.ObjectType):
    id = graphene.ID(required=True)
    number = graphene.String(required=True, description="The order's number and this part's, e.g. OC-2611-000123-1.")
    seller = graphene.Field(Seller, required=True)
    status = graphene.Field(SellerOrderStatusEnum, required=True)
    shipping_method_name = graphene.String(required=True)
    subtotal = money_field("subtotal_amount", taxed=True)
    shipping_price = money_field("shipping_amount", taxed=True)
    total = money_field("total_amount", taxed=True)
    carrier = graphene.String(required=True, description="The courier, once shipped.")
    tracking_number = graphene.String(required=True, description="The courier's tracking number, once shipped.")
    lines = graphene.List(graphene.NonNull(OrderLine), required=True)
    confirmed_at = graphene.DateTime()
    shipped_at = graphene.DateTime()
    delivered_at = graphene.DateTime()
    cancelled_at = graphene.DateTime()

    class Meta:
        description = "One seller's part of an order: confirmed, packed, shipped and delivered by that seller."

    @staticmethod
    def resolve_id(root: models.SellerOrder, info: graphene.ResolveInfo) -> str:
        return Node.to_global_id("SellerOrder", root.pk)

    @staticmethod
    def resolve_status(root: models.SellerOrder, info: graphene.ResolveInfo) -> str:
        return models.SellerOrderStatus(root.status).name

    @staticmethod
    def resolve_lines(root: models.SellerOrder, info: graphene.ResolveInfo) -> list[models.OrderLine]:
        own = _prefetched(root, "lines")
        if own is not None:
            return own
        # The parent order's prefetched lines (``me.orders``), split by sub-order.
        parent = root._state.fields_cache.get("order")
        every = _prefetched(parent, "lines") if parent is not None else None
        if every is not None:
            return [line for line in every if line.seller_order_id == root.pk]
        return list(root.lines.order_by("sort_order", "pk"))


class Order(graphene.ObjectType):
    id = graphene.ID(required=True)
    token = graphene.String(required=True, description="The order's UUID.")
    number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    status = graphene.Field(OrderStatusEnum, required=True)
    charge_status = graphene.Field(OrderChargeStatusEnum, required=True)
    is_paid = graphene.Boolean(required=True)
    user_email = graphene.String()
    channel = graphene.Field(Channel, required=True)
    payment_gateway = graphene.String(required=True, description="ID of the payment gateway chosen at checkout.")
    lines = graphene.List(graphene.NonNull(OrderLine), required=True)
    seller_orders = graphene.List(graphene.NonNull(SellerOrder), required=True, description="One per seller.")
    subtotal = money_field("subtotal_amount", taxed=True)
    shipping_price = money_field("shipping_amount", taxed=True)
    total = money_field("total_amount", taxed=True)
    shipping_address = graphene.Field(Address)
    billing_address = graphene.Field(Address)
    customer_note = graphene.String(required=True)
    transactions = graphene.List(graphene.NonNull(TransactionItem), required=True)

    class Meta:
        description = "Represents an order in the shop, split into one sub-order per seller."

    @staticmethod
    def resolve_id(root: models.Order, info: graphene.ResolveInfo) -> str:
        return Node.to_global_id("Order", root.pk)

    @staticmethod
    def resolve_token(root: models.Order, info: graphene.ResolveInfo) -> str:
        return str(root.pk)

    @staticmethod
    def resolve_created(root: models.Order, info: graphene.ResolveInfo) -> Any:
        return root.created_at

    @staticmethod
    def resolve_status(root: models.Order, info: graphene.ResolveInfo) -> str:
        return models.OrderStatus(root.status).name

    @staticmethod
    def resolve_charge_status(root: models.Order, info: graphene.ResolveInfo) -> str:
        return models.OrderChargeStatus(root.charge_status).name

    @staticmethod
    def resolve_is_paid(root: models.Order, info: graphene.ResolveInfo) -> bool:
        return root.charge_status == models.OrderChargeStatus.FULL

    @staticmethod
    def resolve_lines(root: models.Order, info: graphene.ResolveInfo) -> list[models.OrderLine]:
        return list(root.lines.all())

    @staticmethod
    def resolve_seller_orders(root: models.Order, info: graphene.ResolveInfo) -> list[models.SellerOrder]:
        return list(root.seller_orders.all())

    @staticmethod
    def resolve_shipping_address(root: models.Order, info: graphene.ResolveInfo) -> AddressModel | None:
        return root.shipping_address

    @staticmethod
    def resolve_billing_address(root: models.Order, info: graphene.ResolveInfo) -> AddressModel | None:
        if root.billing_address_id and root.billing_address_id == root.shipping_address_id:
            return root.shipping_address
        return root.billing_address

    @staticmethod
    def resolve_transactions(root: models.Order, info: graphene.ResolveInfo) -> list[Any]:
        return list(root.transactions.order_by("created_at", "pk"))


OrderCountableConnection = countable_connection(Order)
