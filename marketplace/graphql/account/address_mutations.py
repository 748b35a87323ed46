"""The shopper's address book in Saleor's shape (``accountAddressCreate``,
``accountAddressUpdate``, ``accountAddressDelete``, ``accountSetDefaultAddress``)
and ``AddressInput``, which checkout mutations take too.

``AddressInput`` on Vietnam's two-level model: the commune (ward, special
zone) is ``cityArea`` when given, else ``city``; the province is
``countryArea`` when given, else ``city``. So both ``{city: province,
cityArea: commune}`` (what ``Address`` returns) and Saleor's usual
``{countryArea: province, city: commune}`` work; a former district sent as
``city`` beside ``countryArea`` and ``cityArea`` is ignored. Divisions are
given by code ("22", "06652") or by name, diacritics optional."""

from __future__ import annotations

from typing import Any

import graphene
from django.http import HttpRequest

from marketplace.account import addresses as book
from marketplace.account.models import Address as AddressModel
from marketplace.account.models import User as UserModel
from marketplace.core.errors import DomainError, ValidationFailed
from marketplace.graphql.account.errors import AccountError
from marketplace.graphql.account.types import Address, AddressTypeEnum, User
from marketplace.graphql.core.enums import CountryCode, enum_value
from marketplace.graphql.core.errors import ApiError
from marketplace.graphql.core.ids import decode_global_id
from marketplace.graphql.core.mutations import BaseMutation

_CACHE = "_graphql_address_book"


class AddressInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name(s), e.g. 'Văn An'.")
    last_name = graphene.String(description="Family name, e.g. 'Nguyễn'.")
    full_name = graphene.String(description="Instead of first and last name: 'Nguyễn Văn An' (family name first).")
    company_name = graphene.String(description="Company or cooperative name.")
    street_address_1 = graphene.String(description="House number and street, or hamlet/village.")
    street_address_2 = graphene.String(description="Second line of the street part.")
    city = graphene.String(description="The province (with cityArea), else the commune. Code or name.")
    city_area = graphene.String(description="The commune, ward or special zone: code or name.")
    country_area = graphene.String(description="The province: code or name (then `city` may name the commune).")
    postal_code = graphene.String(description="5 digits.")
    country = graphene.Field(CountryCode, description="VN (the only country delivered to).")
    phone = graphene.String(description="A Vietnamese mobile or landline number, e.g. 0912 345 678.")

    class Meta:
        description = "An address on Vietnam's two-level model (province, then commune)."


# Domain field -> AddressInput field, when the client named the province as ``city``.
_CITY_IS_PROVINCE = {"province": "city", "commune": "city_area"}
_CITY_IS_COMMUNE = {"province": "country_area", "commune": "city"}


def address_input_data(data: Any, *, partial: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
    """``AddressInput`` as the mapping ``marketplace.account.addresses`` takes,
    and how to name its division fields back in errors. With ``partial``,
    fields not given are left out (an update keeps them)."""
    given = {key: value for key, value in dict(data).items() if value is not None}
    values: dict[str, Any] = {}
    for name in ("first_name", "last_name", "company_name", "street_address_1", "street_address_2", "postal_code"):
        if name in given:
            values[name] = given[name]
    if "phone" in given:
        values["phone"] = given["phone"]
    if "country" in given:
        values["country"] = str(enum_value(given["country"]))
    if "full_name" in given and "first_name" not in given and "last_name" not in given:
        family, _, rest = str(given["full_name"]).strip().partition(" ")
        values["last_name"], values["first_name"] = (family, rest) if rest else ("", family)
    if "city_area" in given:
        values["commune"] = given["city_area"]
        province = given.get("country_area", given.get("city"))
        if province is not None:
            values["province"] = province
        names = _CITY_IS_PROVINCE if "country_area" not in given else {**_CITY_IS_PROVINCE, "province": "country_area"}
    else:
        if "city" in given:
            values["commune"] = given["city"]
        if "country_area" in given:
            values["province"] = given["country_area"]
        names = _CITY_IS_COMMUNE
    if not partial:
        for name in ("province", "commune"):
            values.setdefault(name, "")
    return values, names


def rename_address_fields(exc: DomainError, names: dict[str, str]) -> DomainError:
    """Point errors on ``province``/``commune`` at the input fields the client sent."""
    for item in exc.errors if isinstance(exc, ValidationFailed) else [exc]:
        if item.field in names:
            item.field = names[item.field]
    if isinstance(exc, ValidationFailed) and exc.errors:
        exc.field = exc.errors[0].field
    return exc


def own_addresses(info: graphene.ResolveInfo, user: UserModel) -> list[AddressModel]:
    """The address book of ``user`` if the requester is that user (one query a
    request); empty for anyone else."""
    request: HttpRequest = info.context
    requester = request.user
    if not requester.is_authenticated or requester.pk != user.pk:
        return []
    cache = request.__dict__.setdefault(_CACHE, {})
    if user.pk not in cache:
        cache[user.pk] = book.addresses_of(user=user)
    return cache[user.pk]


def _forget(info: graphene.ResolveInfo) -> None:
    info.context.__dict__.pop(_CACHE, None)


def _address_for_user(info: graphene.ResolveInfo, global_id: str) -> AddressModel:
    """The requester's address ``global_id``; ``NOT_FOUND`` for a malformed id,
    another type's id or someone else's address."""
    try:
        type_name, raw = decode_global_id(global_id)
    except ApiError:  # an undecodable id is simply not found
        type_name, raw = "", ""
    return book.get_address_for_user(user=info.context.user, address_id=raw if type_name == "Address" else None)


class AccountAddressCreate(BaseMutation):
    address = graphene.Field(Address, description="A user address.")
    user = graphene.Field(User, description="A user instance for which the address was created.")

    class Arguments:
        input = AddressInput(required=True, description="Fields required to create address.")
        type = graphene.Argument(AddressTypeEnum, description="Also make it the default address of this type.")

    class Meta:
        description = "Create a new address for the signed-in user (the first one becomes the default)."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, input: Any, type: Any = None) -> Any:
        data, names = address_input_data(input)
        try:
            address = book.create_address(user=info.context.user, data=data)
        except DomainError as exc:
            raise rename_address_fields(exc, names) from exc
        if type is not None:
            address = book.set_default_address(user=info.context.user, address=address, kind=str(enum_value(type)))
        _forget(info)
        return cls(address=address, user=info.context.user, errors=[])


class AccountAddressUpdate(BaseMutation):
    address = graphene.Field(Address, description="A user address.")
    user = graphene.Field(User, description="A user object for which the address was edited.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to update.")
        input = AddressInput(required=True, description="Fields to change; omitted fields keep their value.")

    class Meta:
        description = "Change an address of the signed-in user's book (orders keep their own copies)."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, input: Any) -> Any:
        address = _address_for_user(info, id)
        data, names = address_input_data(input, partial=True)
        try:
            address = book.update_address(user=info.context.user, address=address, data=data)
        except DomainError as exc:
            raise rename_address_fields(exc, names) from exc
        _forget(info)
        return cls(address=address, user=info.context.user, errors=[])


class AccountAddressDelete(BaseMutation):
    address = graphene.Field(Address, description="The removed address.")
    user = graphene.Field(User, description="A user instance for which the address was deleted.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to delete.")

    class Meta:
        description = "Remove an address from the signed-in user's book."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str) -> Any:
        address = _address_for_user(info, id)
        book.delete_address(user=info.context.user, address=address)
        _forget(info)
        return cls(address=address, user=info.context.user, errors=[])


class AccountSetDefaultAddress(BaseMutation):
    user = graphene.Field(User, description="An updated user instance.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to set as default.")
        type = graphene.Argument(AddressTypeEnum, required=True, description="The type of address.")

    class Meta:
        description = "Make an address of the book the default shipping or billing address."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, type: Any) -> Any:
        address = _address_for_user(info, id)
        book.set_default_address(user=info.context.user, address=address, kind=str(enum_value(type)))
        _forget(info)
        return cls(user=info.context.user, errors=[])


class AddressMutations(graphene.ObjectType):
    account_address_create = AccountAddressCreate.Field()
    account_address_update = AccountAddressUpdate.Field()
    account_address_delete = AccountAddressDelete.Field()
    account_set_default_address = AccountSetDefaultAddress.Field()
