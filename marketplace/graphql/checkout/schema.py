from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.checkout.mutations import (
    CheckoutCreate,
    CheckoutLinesAdd,
    CheckoutLinesDelete,
    CheckoutLinesUpdate,
)
from marketplace.graphql.checkout.mutations_details import (
    CheckoutBillingAddressUpdate,
    CheckoutComplete,
    CheckoutCustomerAttach,
    CheckoutCustomerDetach,
    CheckoutCustomerNoteUpdate,
    CheckoutDeliveryMethodUpdate,
    CheckoutEmailUpdate,
    CheckoutShippingAddressUpdate,
)
from marketplace.graphql.checkout.resolvers import resolve_checkout
from marketplace.graphql.checkout.types import Checkout
from marketplace.graphql.core.ids import require_one_of


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(
        Checkout,
        id=graphene.ID(description="The checkout's global ID, or its token."),
        token=graphene.UUID(description="The checkout's token."),
        description="Look up a checkout: the requester's own, or a guest checkout by its token; null otherwise.",
    )

    @staticmethod
    def resolve_checkout(root: None, info: graphene.ResolveInfo, id: str | None = None, token: Any = None) -> Any:
        require_one_of(id=id, token=token)
        return resolve_checkout(info, id if id is not None else token)


class CheckoutMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_lines_delete = CheckoutLinesDelete.Field()
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_customer_note_update = CheckoutCustomerNoteUpdate.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = CheckoutBillingAddressUpdate.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    checkout_customer_attach = CheckoutCustomerAttach.Field()
    checkout_customer_detach = CheckoutCustomerDetach.Field()
    checkout_complete = CheckoutComplete.Field()
