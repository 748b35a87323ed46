from __future__ import annotations

from typing import Any

import graphene
from graphene import relay

from marketplace.account import models
from marketplace.graphql.core.connection import ConnectionField, CountableConnection
from marketplace.graphql.core.context import is_operator
from marketplace.graphql.core.enums import LanguageCodeEnum, normalize_language_code
from marketplace.graphql.core.types import CountryDisplay, ModelObjectType
from marketplace.graphql.geography.types import Commune, Province


class AddressTypeEnum(graphene.Enum):
    BILLING = "BILLING"
    SHIPPING = "SHIPPING"

    class Meta:
        description = "The kind of address: shipping or billing."


class Address(ModelObjectType):
    """Saleor's address on Vietnam's two-level model: ``city`` is the
    province or centrally-run city, ``cityArea`` the commune, ward or special
    zone (also as ``province`` and ``commune`` objects with their codes)."""

    first_name = graphene.String(required=True, description="Given name(s), e.g. 'Văn An'.")
    last_name = graphene.String(required=True, description="Family name, e.g. 'Nguyễn'.")
    full_name = graphene.String(required=True, description="Family name first, as Vietnamese write it.")
    company_name = graphene.String(required=True)
    street_address_1 = graphene.String(required=True, description="House number and street, or hamlet/village.")
    street_address_2 = graphene.String(required=True)
    city = graphene.String(required=True, description="The province or centrally-run city.")
    city_area = graphene.String(required=True, description="The commune, ward or special zone.")
    postal_code = graphene.String(required=True)
    country = graphene.Field(CountryDisplay, required=True, description="Shop in Vietnam only: VN.")
    country_area = graphene.String(required=True, description="Empty: the province is given as `city`.")
    phone = graphene.String(description="E.164, e.g. +84912345678.")
    province = graphene.Field(Province, required=True)
    commune = graphene.Field(Commune, required=True)
    is_default_shipping_address = graphene.Boolean(description="Address is the user's default shipping address.")
    is_default_billing_address = graphene.Boolean(description="Address is the user's default billing address.")

    class Meta:
        description = "Represents user address data."
        interfaces = (relay.Node,)
        model = models.Address

    @staticmethod
    def resolve_city(root: models.Address, info: graphene.ResolveInfo) -> str:
        return root.province.full_name

    @staticmethod
    def resolve_city_area(root: models.Address, info: graphene.ResolveInfo) -> str:
        return root.commune.name

    @staticmethod
    def resolve_country(root: models.Address, info: graphene.ResolveInfo) -> CountryDisplay:
        return CountryDisplay(code=root.country or "VN")

    @staticmethod
    def resolve_country_area(root: models.Address, info: graphene.ResolveInfo) -> str:
        return ""

    @staticmethod
    def resolve_is_default_shipping_address(root: models.Address, info: graphene.ResolveInfo) -> bool | None:
        return root.is_default_shipping if root.user_id else None

    @staticmethod
    def resolve_is_default_billing_address(root: models.Address, info: graphene.ResolveInfo) -> bool | None:
        return root.is_default_billing if root.user_id else None

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.Address | None:
        """Only the requester's own address book."""
        user = info.context.user
        if not user.is_authenticated:
            return None
        return models.Address.objects.select_related("province", "commune").filter(pk=pk, user_id=user.pk).first()


class User(ModelObjectType):
    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    is_staff = graphene.Boolean(required=True, description="Whether the user is a marketplace operator.")
    is_active = graphene.Boolean(required=True)
    language_code = graphene.Field(LanguageCodeEnum, required=True, description="User language code.")
    date_joined = graphene.DateTime(required=True)
    last_login = graphene.DateTime()
    addresses = graphene.List(
        graphene.NonNull(Address), required=True, description="The user's address book (own account only)."
    )
    default_shipping_address = graphene.Field(Address)
    default_billing_address = graphene.Field(Address)
    orders = ConnectionField(
        "marketplace.graphql.order.types.OrderCountableConnection",
        description="The user's orders, newest first (own account only).",
    )
    checkout = graphene.Field(
        "marketplace.graphql.checkout.types.Checkout",
        channel=graphene.String(description="Slug of a channel; the default channel when omitted."),
        description="The user's most recently changed checkout in the channel.",
    )
    checkouts = graphene.List(
        graphene.NonNull("marketplace.graphql.checkout.types.Checkout"),
        description="The user's checkouts, most recently changed first (own account only).",
    )

    class Meta:
        description = "Represents user data."
        interfaces = (relay.Node,)
        model = models.User

    @staticmethod
    def resolve_language_code(root: models.User, info: graphene.ResolveInfo) -> str:
        return normalize_language_code(root.language_code or "vi")

    @staticmethod
    def resolve_addresses(root: models.User, info: graphene.ResolveInfo) -> list[models.Address]:
        from marketplace.graphql.account.address_mutations import own_addresses

        return own_addresses(info, root)

    @staticmethod
    def resolve_default_shipping_address(root: models.User, info: graphene.ResolveInfo) -> models.Address | None:
        from marketplace.graphql.account.address_mutations import own_addresses

        return next((a for a in own_addresses(info, root) if a.is_default_shipping), None)

    @staticmethod
    def resolve_default_billing_address(root: models.User, info: graphene.ResolveInfo) -> models.Address | None:
        from marketplace.graphql.account.address_mutations import own_addresses

        return next((a for a in own_addresses(info, root) if a.is_default_billing), None)

    @staticmethod
    def resolve_orders(root: models.User, info: graphene.ResolveInfo, **args: Any) -> CountableConnection | None:
        from marketplace.graphql.order.resolvers import resolve_user_orders

        return resolve_user_orders(info, root, **args)

    @staticmethod
    def resolve_checkout(root: models.User, info: graphene.ResolveInfo, channel: str | None = None) -> Any:
        from marketplace.graphql.checkout.resolvers import resolve_user_checkout

        return resolve_user_checkout(info, root, channel)

    @staticmethod
    def resolve_checkouts(root: models.User, info: graphene.ResolveInfo) -> Any:
        from marketplace.graphql.checkout.resolvers import resolve_user_checkouts

        return resolve_user_checkouts(info, root)

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.User | None:
        """Users see themselves; operators see everyone."""
        requestor = info.context.user
        if not requestor.is_authenticated:
            return None
        if requestor.pk == pk:
            return requestor
        return models.User.objects.filter(pk=pk).first() if is_operator(info.context) else None
