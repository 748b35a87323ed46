"""Checkout mutations with Saleor's names and arguments: the cart's lines
(``checkoutCreate``, ``checkoutLinesAdd``, ``checkoutLinesUpdate``,
``checkoutLinesDelete``). Each fetches the checkout through
``get_checkout_for_user`` (someone else's is ``NOT_FOUND``), calls one
service of ``marketplace.checkout.services`` and returns the checkout."""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.account.addresses import AddressData, validate_address
from marketplace.checkout import services
from marketplace.checkout.errors import CheckoutError as DomainCheckoutError
from marketplace.core.errors import DomainError
from marketplace.graphql.account.address_mutations import AddressInput, address_input_data, rename_address_fields
from marketplace.graphql.channel.resolvers import get_channel_or_error
from marketplace.graphql.checkout.errors import CheckoutError, checkout_errors
from marketplace.graphql.checkout.ids import object_token, variant_pk
from marketplace.graphql.checkout.resolvers import fetch_checkout
from marketplace.graphql.checkout.types import Checkout
from marketplace.graphql.core.errors import ApiError
from marketplace.graphql.core.mutations import BaseMutation


class CheckoutMutation(BaseMutation):
    """Refusals become ``CheckoutError``s with the variants they name."""

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root: Any, info: graphene.ResolveInfo, **data: Any) -> Any:
        try:
            return cls.perform_mutation(root, info, **data)
        except DomainError as exc:
            return cls(errors=checkout_errors(exc, address_type=getattr(exc, "address_type", None)))


class CheckoutLineInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True, description="The number of items purchased.")
    variant_id = graphene.ID(required=True, description="ID of the product variant.")

    class Meta:
        description = "A variant and how many of it to put in the cart."


class CheckoutLineUpdateInput(graphene.InputObjectType):
    line_id = graphene.ID(description="ID of the line (or give variantId).")
    variant_id = graphene.ID(description="ID of the product variant, instead of lineId (added when missing).")
    quantity = graphene.Int(description="The new quantity; 0 removes the line.")

    class Meta:
        description = "A line's new quantity."


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String(description="Slug of a channel in which to create a checkout (default channel).")
    lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True, description="Variants and quantities.")
    email = graphene.String(description="The customer's email address (a signed-in user's by default).")
    shipping_address = AddressInput(description="The address the sellers ship to.")
    billing_address = AddressInput(description="Billing address; the shipping address when omitted.")

    class Meta:
        description = "Fields required to create a checkout."


def line_pairs(lines: list[Any]) -> list[tuple[int, Any]]:
    return [(variant_pk(line.get("variant_id")), line.get("quantity")) for line in lines or []]


def set_address(checkout: Any, data: Any, *, kind: str) -> Any:
    """Set the checkout's shipping or billing address from ``AddressInput``;
    errors name the input field at fault and the address type."""
    values, names = address_input_data(data)
    setter = services.set_shipping_address if kind == "SHIPPING" else services.set_billing_address
    try:
        return setter(checkout=checkout, data=values)
    except DomainError as exc:
        rename_address_fields(exc, names)
        exc.address_type = kind
        raise


def checked_address(data: Any, *, kind: str) -> AddressData | None:
    """``AddressInput`` validated (nothing written), or None when not given;
    errors name the input field at fault and the address type."""
    if data is None:
        return None
    values, names = address_input_data(data)
    try:
        return validate_address(values)
    except DomainError as exc:
        rename_address_fields(exc, names)
        exc.address_type = kind
        raise


class CheckoutCreate(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        input = CheckoutCreateInput(required=True, description="Fields required to create checkout.")

    class Meta:
        description = "Create a new checkout (for the signed-in user, or a guest reachable by its token)."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, input: Any) -> Any:
        try:
            channel = get_channel_or_error(info.context, input.get("channel"))
        except ApiError as exc:
            raise DomainCheckoutError("NOT_FOUND", str(exc.message), field="channel") from exc
        # Addresses are checked first; the cart and its copies of them are then
        # written in one transaction (a refusal leaves nothing behind).
        shipping = checked_address(input.get("shipping_address"), kind="SHIPPING")
        billing = checked_address(input.get("billing_address"), kind="BILLING")
        checkout = services.create_checkout(
            channel=channel,
            user=info.context.user,
            email=input.get("email"),
            lines=line_pairs(input.get("lines")),
            language_code=get_language() or "vi",
            shipping_address=shipping,
            billing_address=billing,
            with_summary=True,  # what the response shows, read in the same transaction
        )
        return cls(checkout=checkout, errors=[])


class CheckoutLinesAdd(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        id = graphene.ID(required=True, description="The checkout's ID (or token).")
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    class Meta:
        description = "Add lines to the checkout; a variant already there gets the quantity added."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, lines: list[Any]) -> Any:
        checkout = fetch_checkout(info, id)
        return cls(checkout=services.add_lines(checkout=checkout, lines=line_pairs(lines)), errors=[])


class CheckoutLinesUpdate(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        id = graphene.ID(required=True, description="The checkout's ID (or token).")
        lines = graphene.List(graphene.NonNull(CheckoutLineUpdateInput), required=True)

    class Meta:
        description = "Set lines' quantities; 0 removes a line."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, lines: list[Any]) -> Any:
        checkout = fetch_checkout(info, id)
        pairs: list[tuple[Any, Any]] = []
        for line in lines:
            if line.get("quantity") is None:
                raise DomainCheckoutError("REQUIRED", _("Vui lòng nhập số lượng."), field="quantity")
            if line.get("line_id") is not None:
                line_id = object_token(line["line_id"], "CheckoutLine")
                if not line_id:
                    raise DomainCheckoutError("NOT_FOUND", _("Không tìm thấy dòng hàng."), field="line_id")
                pairs.append((line_id, line["quantity"]))
            elif line.get("variant_id") is not None:
                pairs.append((variant_pk(line["variant_id"]), line["quantity"]))
            else:
                raise DomainCheckoutError("REQUIRED", _("Cần lineId hoặc variantId."), field="line_id")
        return cls(checkout=services.update_lines(checkout=checkout, lines=pairs), errors=[])


class CheckoutLinesDelete(CheckoutMutation):
    checkout = graphene.Field(Checkout)

    class Arguments:
        id = graphene.ID(required=True, description="The checkout's ID (or token).")
        lines_ids = graphene.List(graphene.NonNull(graphene.ID), required=True, description="IDs of the lines.")

    class Meta:
        description = "Remove lines from the checkout (none is removed when one is not in it)."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, lines_ids: list[str]) -> Any:
        checkout = fetch_checkout(info, id)
        line_ids = [object_token(line_id, "CheckoutLine") for line_id in lines_ids]
        if not all(line_ids):
            raise DomainCheckoutError("NOT_FOUND", _("Không tìm thấy dòng hàng."), field="line_id")
        return cls(checkout=services.delete_lines(checkout=checkout, line_ids=line_ids), errors=[])
