"""Payments in the shape of Saleor's Transactions API, thin over
``payments.services``; no gateway is named here (they come from
``settings.PAYMENT_GATEWAYS``).

The marketplace takes "order first, then payment": ``checkoutComplete``
(``paymentGateway``) places the order and starts its transaction.
``paymentGatewayInitialize`` tells a client what each gateway needs, for a
checkout or an order; ``transactionInitialize`` gives the order's transaction
with that gateway and the data to pay it; ``transactionProcess`` hands what
the client brings back from the provider to the gateway."""

from __future__ import annotations

import uuid
from typing import Any

import graphene
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar

from marketplace.graphql.checkout.ids import id_type, object_token
from marketplace.graphql.checkout.resolvers import fetch_checkout
from marketplace.graphql.checkout.types import summary_of
from marketplace.graphql.core.errors import domain_errors
from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.order.resolvers import fetch_order
from marketplace.graphql.payment.errors import PaymentError
from marketplace.graphql.payment.types import (
    PaymentGatewayConfig,
    TransactionEvent,
    TransactionItem,
    gateway_config,
)
from payments import services
from payments.errors import PaymentError as DomainPaymentError
from payments.models import Transaction
from payments.registry import available_gateways


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(required=True, description="The identifier of the payment gateway to initialize.")
    data = GenericScalar(description="The data that will be passed to the payment gateway.")


def _not_found() -> DomainPaymentError:
    return DomainPaymentError("NOT_FOUND", _("Không tìm thấy đơn hàng."), field="id")


def _amount_of(info: graphene.ResolveInfo, target_id: str) -> tuple[int, str]:
    """(amount, currency) to pay for the checkout or order ``target_id``."""
    if id_type(target_id) == "Order":
        order = fetch_order(info, target_id)
        return order.total_amount, order.currency
    summary = summary_of(fetch_checkout(info, target_id))
    return summary.total.amount, summary.total.currency


class PaymentGatewayInitialize(BaseMutation):
    gateway_configs = graphene.List(graphene.NonNull(PaymentGatewayConfig))

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout or order.")
        payment_gateways = graphene.List(
            graphene.NonNull(PaymentGatewayToInitialize),
            description="The gateways to initialize; every available one when omitted.",
        )

    class Meta:
        description = "Initializes payment gateways: what a client needs to offer each of them. Changes nothing."
        error_type_class = PaymentError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, id: str, payment_gateways: list[Any] | None = None
    ) -> Any:
        amount, currency = _amount_of(info, id)
        if payment_gateways is None:
            configs = [
                gateway_config(gateway.id, data)
                for gateway, data in services.initialize_gateways(amount=amount, currency=currency)
            ]
            return cls(gateway_configs=configs, errors=[])
        available = {gateway.id for gateway in available_gateways(currency)}
        configs = []
        for wanted in payment_gateways:
            if wanted["id"] not in available:
                error = DomainPaymentError("NOT_FOUND", _("Phương thức thanh toán không tồn tại."), field="id")
                configs.append(gateway_config(wanted["id"], errors=domain_errors(error, PaymentError)))
                continue
            ((gateway, data),) = services.initialize_gateways(
                amount=amount, currency=currency, gateway_ids=[wanted["id"]], data=wanted.get("data")
            )
            configs.append(gateway_config(gateway.id, data))
        return cls(gateway_configs=configs, errors=[])


def _latest_event(tx: Transaction) -> Any:
    return tx.events.order_by("-created_at", "-pk").first()


class TransactionInitialize(BaseMutation):
    transaction = graphene.Field(TransactionItem, description="The order's transaction with this gateway.")
    transaction_event = graphene.Field(TransactionEvent, description="The transaction's latest event.")
    data = GenericScalar(description="The data required to finalize the payment.")

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the order (place it with checkoutComplete first).")
        payment_gateway = PaymentGatewayToInitialize(required=True, description="Payment gateway used to pay.")

    class Meta:
        description = (
            "The order's transaction with the payment gateway chosen at checkoutComplete, and the data the "
            "client needs to pay it."
        )
        error_type_class = PaymentError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, payment_gateway: Any) -> Any:
        if id_type(id) == "Checkout":
            raise DomainPaymentError(
                "INVALID",
                _("Vui lòng đặt hàng trước (checkoutComplete với phương thức thanh toán đã chọn)."),
                field="id",
            )
        order = fetch_order(info, id)
        gateway = services.require_gateway(payment_gateway["id"], currency=order.currency)
        tx = Transaction.objects.filter(order_id=order.pk, gateway=gateway.id).order_by("-created_at", "-pk").first()
        if tx is None:
            raise DomainPaymentError(
                "NOT_SUPPORTED", _("Đơn hàng này thanh toán bằng phương thức khác."), field="payment_gateway"
            )
        remaining = max(order.total_amount - tx.charged_amount, 0)
        ((_gateway, data),) = services.initialize_gateways(
            amount=remaining, currency=order.currency, gateway_ids=[gateway.id], data=payment_gateway.get("data")
        )
        return cls(transaction=tx, transaction_event=_latest_event(tx), data=data, errors=[])


class TransactionProcess(BaseMutation):
    transaction = graphene.Field(TransactionItem, description="The processed transaction.")
    transaction_event = graphene.Field(TransactionEvent, description="The transaction's latest event.")
    data = GenericScalar(description="Always null.")

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the transaction to process.")
        data = GenericScalar(description="What the client brought back from the payment provider.")

    class Meta:
        description = (
            "Hand the client's data from the payment provider to the gateway; the order's charge status follows."
        )
        error_type_class = PaymentError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, data: Any = None) -> Any:
        if data is not None and not isinstance(data, dict):
            raise DomainPaymentError("INVALID", _("Dữ liệu thanh toán phải là một đối tượng JSON."), field="data")
        try:
            pk = uuid.UUID(object_token(id, "TransactionItem"))
        except ValueError:
            raise _not_found() from None
        tx = Transaction.objects.select_related("order").filter(pk=pk).first()
        user = info.context.user
        # A guest's order: the transaction's id (random, sent to its payer only) is the proof.
        if tx is None or (tx.order.user_id is not None and (not user.is_authenticated or user.pk != tx.order.user_id)):
            raise _not_found()
        tx = services.process_transaction(tx=tx, data=data)
        return cls(transaction=tx, transaction_event=_latest_event(tx), errors=[])


class PaymentMutations(graphene.ObjectType):
    payment_gateway_initialize = PaymentGatewayInitialize.Field()
    transaction_initialize = TransactionInitialize.Field()
    transaction_process = TransactionProcess.Field()
