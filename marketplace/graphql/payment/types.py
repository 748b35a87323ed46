"""Payment gateways and transactions in the shape of Saleor's Transactions
API. Nothing here names a gateway: they come from ``payments.registry``."""

from __future__ import annotations

from typing import Any

import graphene
from graphene.relay import Node
from graphene.types.generic import GenericScalar

from marketplace.graphql.core.money import money_field
from payments import models
from payments.gateways.base import PaymentGateway as GatewayValue

TransactionEventTypeEnum = graphene.Enum(
    "TransactionEventTypeEnum",
    [(member.value, member.value) for member in models.TransactionEventType],
    description="Represents possible event types of a transaction.",
)


class GatewayConfigLine(graphene.ObjectType):
    field = graphene.String(required=True, description="Gateway config key.")
    value = graphene.String(description="Gateway config value for key.")

    class Meta:
        description = "Payment gateway client configuration key and value pair."


class PaymentGateway(graphene.ObjectType):
    id = graphene.ID(required=True, description="Payment gateway ID, e.g. `cod`.")
    name = graphene.String(required=True)
    currencies = graphene.List(graphene.NonNull(graphene.String), required=True)
    config = graphene.List(
        graphene.NonNull(GatewayConfigLine),
        required=True,
        description="Empty: a client asks paymentGatewayInitialize for what a gateway needs.",
    )

    class Meta:
        description = "Available payment gateway backend with configuration necessary to setup client."

    @staticmethod
    def resolve_currencies(root: GatewayValue, info: graphene.ResolveInfo) -> list[str]:
        return sorted(root.currencies)

    @staticmethod
    def resolve_config(root: GatewayValue, info: graphene.ResolveInfo) -> list[GatewayConfigLine]:
        return []


class TransactionEvent(graphene.ObjectType):
    id = graphene.ID(required=True)
    type = graphene.Field(TransactionEventTypeEnum)
    amount = money_field("amount")
    psp_reference = graphene.String(required=True)
    message = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        description = "Represents a transaction event."

    @staticmethod
    def resolve_id(root: models.TransactionEvent, info: graphene.ResolveInfo) -> str:
        return Node.to_global_id("TransactionEvent", root.pk)


class TransactionItem(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True, description="Name of the payment gateway.")
    gateway = graphene.String(required=True, description="ID of the payment gateway.")
    psp_reference = graphene.String(required=True)
    authorized_amount = money_field("authorized_amount")
    charged_amount = money_field("charged_amount")
    refunded_amount = money_field("refunded_amount")
    canceled_amount = money_field("canceled_amount")
    events = graphene.List(graphene.NonNull(TransactionEvent), required=True)
    created_at = graphene.DateTime(required=True)
    modified_at = graphene.DateTime(required=True)

    class Meta:
        description = "Represents a payment transaction of an order."

    @staticmethod
    def resolve_id(root: models.Transaction, info: graphene.ResolveInfo) -> str:
        return Node.to_global_id("TransactionItem", root.pk)

    @staticmethod
    def resolve_events(root: models.Transaction, info: graphene.ResolveInfo) -> list[models.TransactionEvent]:
        return list(root.events.all())


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True, description="The gateway's ID.")
    data = GenericScalar(description="What the client needs to offer this gateway.")
    errors = graphene.List(graphene.NonNull("marketplace.graphql.payment.errors.PaymentError"))

    class Meta:
        description = "A payment gateway's initialization result."


def gateway_config(gateway_id: str, data: Any = None, errors: list[Any] | None = None) -> PaymentGatewayConfig:
    return PaymentGatewayConfig(id=gateway_id, data=data, errors=errors or [])
