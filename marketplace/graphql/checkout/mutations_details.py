"""The rest of a checkout: email, note, addresses, one delivery method per
seller, the customer, and ``checkoutComplete``.

``checkoutDeliveryMethodUpdate`` keeps Saleor's arguments (``id``,
``deliveryMethodId``) on a cart split per seller: every shipping method
belongs to one seller, so the method's ID names the delivery group it is for
(``Checkout.deliveryGroups[].availableShippingMethods[].id``). Call it once
per group; choosing for one seller leaves the others' choices as they are."""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext as _

from marketplace.checkout import services
from marketplace.checkout.errors import CheckoutError as DomainCheckoutError
from marketplace.graphql.account.address_mutations import AddressInput
from marketplace.graphql.checkout.errors import CheckoutError
from marketplace.graphql.checkout.ids import shipping_method_pk
from marketplace.graphql.checkout.mutations import CheckoutMutation, set_address
from marketplace.graphql.checkout.resolvers import checkout_to_lock, fetch_checkout
from marketplace.graphql.checkout.types import Checkout
from marketplace.graphql.order.types import Order


def _id_argument() -> graphene.ID:
    return graphene.ID(required=True, description="The checkout's ID (or token).")


class CheckoutEmailUpdate(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        id = _id_argument()
        email = graphene.String(required=True, description="The customer's email.")

    class Meta:
        description = "Updates the email of the checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, email: str) -> Any:
        return cls(checkout=services.set_email(checkout=fetch_checkout(info, id), email=email), errors=[])


class CheckoutCustomerNoteUpdate(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        id = _id_argument()
        note = graphene.String(required=True, description="A note for the sellers (500 characters at most).")

    class Meta:
        description = "Updates the customer's note for the sellers, e.g. a delivery time."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, note: str) -> Any:
        return cls(checkout=services.set_customer_note(checkout=fetch_checkout(info, id), note=note), errors=[])


class CheckoutShippingAddressUpdate(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        id = _id_argument()
        shipping_address = AddressInput(
            required=True, description="The mailing address to where the checkout will be shipped."
        )

    class Meta:
        description = "Update shipping address in the existing checkout (chosen methods are quoted again)."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, shipping_address: Any) -> Any:
        return cls(checkout=set_address(fetch_checkout(info, id), shipping_address, kind="SHIPPING"), errors=[])


class CheckoutBillingAddressUpdate(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        id = _id_argument()
        billing_address = AddressInput(required=True, description="The billing address of the checkout.")

    class Meta:
        description = "Update billing address in the existing checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, billing_address: Any) -> Any:
        return cls(checkout=set_address(fetch_checkout(info, id), billing_address, kind="BILLING"), errors=[])


class CheckoutDeliveryMethodUpdate(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        id = _id_argument()
        delivery_method_id = graphene.ID(
            required=True,
            description="A ShippingMethod ID from one delivery group's availableShippingMethods; it also names "
            "the seller whose parcel it is for.",
        )

    class Meta:
        description = (
            "Choose the shipping method of one seller's delivery group (the method's seller). Call once per "
            "group; other groups keep their choice."
        )
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, delivery_method_id: str) -> Any:
        checkout = checkout_to_lock(id)
        method_pk = shipping_method_pk(delivery_method_id)
        if method_pk is None:
            raise DomainCheckoutError(
                "DELIVERY_METHOD_NOT_APPLICABLE",
                _("Phương thức giao hàng này không áp dụng cho địa chỉ hoặc đơn hàng của bạn."),
                field="delivery_method_id",
            )
        try:  # the method names the seller whose parcel it is for
            checkout = services.set_delivery_method(checkout=checkout, method_id=method_pk, user=info.context.user)
        except DomainCheckoutError as exc:
            if exc.field in ("seller", "shipping_method_id"):
                exc.field = "delivery_method_id"
            raise
        return cls(checkout=checkout, errors=[])


class CheckoutCustomerAttach(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        id = _id_argument()

    class Meta:
        description = "Attach the signed-in user to a guest checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str) -> Any:
        checkout = fetch_checkout(info, id)
        return cls(checkout=services.attach_customer(checkout=checkout, user=info.context.user), errors=[])


class CheckoutCustomerDetach(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        id = _id_argument()

    class Meta:
        description = "Detach the signed-in owner from the checkout (it becomes a guest checkout)."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str) -> Any:
        checkout = fetch_checkout(info, id)
        return cls(checkout=services.detach_customer(checkout=checkout, user=info.context.user), errors=[])


class CheckoutComplete(CheckoutMutation):
    order = graphene.Field(Order, description="Placed order.")
    confirmation_needed = graphene.Boolean(
        required=True, description="Always false: no extra confirmation step (a gateway's next step is on the order)."
    )
    confirmation_data = graphene.JSONString(description="Always null.")

    class Arguments:
        id = _id_argument()
        payment_gateway = graphene.String(
            description="ID of one of the checkout's availablePaymentGateways; the first one when omitted."
        )
        payment_data = graphene.JSONString(description="Data for the payment gateway.")
        idempotency_key = graphene.String(
            description="Sending the same key again (a retry) returns the same order instead of a second one."
        )

    class Meta:
        description = (
            "Place the order: one order split into one sub-order per seller, stock allocated, the payment "
            "transaction started. Completing again returns the same order."
        )
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(
        cls,
        root: Any,
        info: graphene.ResolveInfo,
        *,
        id: str,
        payment_gateway: str | None = None,
        payment_data: Any = None,
        idempotency_key: str | None = None,
    ) -> Any:
        if payment_data is not None and not isinstance(payment_data, dict):
            raise DomainCheckoutError(
                "INVALID", _("Dữ liệu thanh toán phải là một đối tượng JSON."), field="payment_data"
            )
        # Read, locked and checked for the requester there; a checkout
        # completed meanwhile (a retry after a lost response) gives its order.
        order = services.complete_checkout(
            checkout=checkout_to_lock(id),
            user=info.context.user,
            payment_gateway=payment_gateway,
            idempotency_key=idempotency_key,
            payment_data=payment_data,
        )
        return cls(order=order, confirmation_needed=False, errors=[])

    @classmethod
    def mutate(cls, root: Any, info: graphene.ResolveInfo, **data: Any) -> Any:
        result = super().mutate(root, info, **data)
        if getattr(result, "confirmation_needed", None) is None:
            result.confirmation_needed = False
        return result
