"""What the catalogue mutations share: Saleor's input scalars, and fetching
by global ID through ``marketplace.product.permissions`` (another seller's
object is ``NOT_FOUND``, as if it did not exist)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import graphene
from django.utils.translation import gettext as _
from graphql import FloatValueNode, IntValueNode, StringValueNode, Undefined, ValueNode

from marketplace.channel.models import Channel
from marketplace.geography.models import Commune, Province
from marketplace.graphql.channel.resolvers import get_channel_or_error
from marketplace.graphql.core.context import ChannelContext, is_operator
from marketplace.graphql.core.descriptions import text_from_editorjs
from marketplace.graphql.core.ids import from_global_id_or_error
from marketplace.graphql.geography import lookups
from marketplace.graphql.seller.access import memberships, seller_for_member
from marketplace.product import permissions
from marketplace.product.errors import ProductError as DomainProductError
from marketplace.product.models import Category, OcopCertificate, Product, ProductMedia, ProductType, ProductVariant
from marketplace.seller.models import Seller
from marketplace.seller.permissions import get_seller_for_user
from marketplace.warehouse.models import Warehouse

GRAMS_PER_UNIT = {"g": Decimal(1), "kg": Decimal(1000), "tonne": Decimal(1_000_000), "lb": Decimal("453.59237")}
GRAMS_PER_UNIT["oz"] = GRAMS_PER_UNIT["lb"] / 16


class PositiveDecimal(graphene.Scalar):
    """Nonnegative Decimal scalar implementation. Should be used in places where value must be nonnegative (0 or
    greater). Prices are whole đồng: a negative or fractional amount is refused with `INVALID_PRICE`."""

    @staticmethod
    def serialize(value: Any) -> str:
        return str(value)

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> Any:
        if isinstance(node, IntValueNode | FloatValueNode | StringValueNode):
            return cls.parse_value(node.value)
        return Undefined

    @staticmethod
    def parse_value(value: Any) -> Any:
        # Parsed as given; the sign and the fraction are the services' to refuse,
        # with a coded error instead of a schema error.
        if isinstance(value, bool):
            return Undefined
        try:
            return Decimal(str(value)) if isinstance(value, int | float | str) else Undefined
        except InvalidOperation:
            return Undefined


class WeightScalar(graphene.Scalar):
    """Weight as a number of grams (the shop's default unit), or as `{value, unit}` with unit one of g, kg, lb, oz,
    tonne. Stored in whole grams."""

    @staticmethod
    def serialize(value: Any) -> str:
        return str(value)

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables: Any = None) -> Any:
        if isinstance(node, IntValueNode | FloatValueNode | StringValueNode):
            return cls.parse_value(node.value)
        return Undefined

    @staticmethod
    def parse_value(value: Any) -> Any:
        unit = "g"
        if isinstance(value, dict):
            value, unit = value.get("value"), str(value.get("unit", "g")).lower()
        if isinstance(value, bool) or unit not in GRAMS_PER_UNIT:
            return Undefined
        try:
            grams = Decimal(str(value)) * GRAMS_PER_UNIT[unit]
        except InvalidOperation:
            return Undefined
        return grams.quantize(Decimal(1)) if unit != "g" else grams


class SeoInput(graphene.InputObjectType):
    title = graphene.String(description="SEO title.")
    description = graphene.String(description="SEO description.")


def user(info: graphene.ResolveInfo) -> Any:
    return info.context.user


def plain_description(value: Any) -> str:
    try:
        return text_from_editorjs(value)
    except ValueError as exc:
        raise DomainProductError("INVALID", _("Mô tả không đúng định dạng."), field="description") from exc


def seller_for_product_input(info: graphene.ResolveInfo, seller_id: str | None) -> Seller:
    """The seller a new object is for: ``seller_id`` (a member's seller), or the
    requester's only seller. Raises ``REQUIRED`` when they have several."""
    if seller_id:
        return seller_for_member(info, seller_id)
    if len(memberships(info.context)) > 1:
        raise DomainProductError("REQUIRED", _("Vui lòng chọn cơ sở bán sản phẩm này."), field="seller")
    return get_seller_for_user(user=user(info))


def product_for_member(info: graphene.ResolveInfo, global_id: str) -> Product:
    return permissions.get_product_for_user(user=user(info), product_id=from_global_id_or_error(global_id, "Product"))


def product_for_operator(info: graphene.ResolveInfo, global_id: str) -> Product:
    pk = from_global_id_or_error(global_id, "Product")
    return permissions.get_product_for_operator(user=user(info), product_id=pk)


def variant_for_member(info: graphene.ResolveInfo, global_id: str) -> ProductVariant:
    pk = from_global_id_or_error(global_id, "ProductVariant")
    return permissions.get_variant_for_user(user=user(info), variant_id=pk)


def media_for_member(info: graphene.ResolveInfo, global_id: str) -> ProductMedia:
    return permissions.get_media_for_user(user=user(info), media_id=from_global_id_or_error(global_id, "ProductMedia"))


def warehouse_for_member(info: graphene.ResolveInfo, global_id: str) -> Warehouse:
    pk = from_global_id_or_error(global_id, "Warehouse")
    return permissions.get_warehouse_for_user(user=user(info), warehouse_id=pk)


def certificate_for_member(info: graphene.ResolveInfo, global_id: str) -> OcopCertificate:
    pk = from_global_id_or_error(global_id, "OcopCertificate")
    return permissions.get_certificate_for_user(user=user(info), certificate_id=pk)


def category_by_id(global_id: str | None) -> Category | None:
    """The category (public) named by ``global_id``; ``NOT_FOUND`` on field
    ``category`` when there is none. None when not given."""
    if not global_id:
        return None
    found = Category.objects.filter(pk=from_global_id_or_error(global_id, "Category")).first()
    if found is None:
        raise DomainProductError("NOT_FOUND", _("Không tìm thấy danh mục."), field="category")
    return found


def product_type_by_id(global_id: str | None) -> ProductType | None:
    if not global_id:
        return None
    found = ProductType.objects.filter(pk=from_global_id_or_error(global_id, "ProductType")).first()
    if found is None:
        raise DomainProductError("NOT_FOUND", _("Không tìm thấy loại sản phẩm."), field="product_type")
    return found


def channel_by_id(info: graphene.ResolveInfo, global_id: str) -> Channel:
    """A channel by its global ID, among those the requester may use."""
    pk = from_global_id_or_error(global_id, "Channel")
    channel = Channel.objects.filter(pk=pk).first()
    if channel is None or not (channel.is_active or is_operator(info.context)):
        raise DomainProductError("NOT_FOUND", _("Không tìm thấy kênh bán."), field="channel_id")
    return channel


def in_channel(info: graphene.ResolveInfo, obj: Any, channel: Channel | None = None) -> ChannelContext:
    """A product or variant for the payload, in ``channel`` (default: the default channel)."""
    return ChannelContext(obj, channel or get_channel_or_error(info.context, None))


def province_by_code(code: str | None, *, field: str) -> Province | None:
    return lookups.province_by_code(code, field=field, error=DomainProductError)


def commune_by_code(code: str | None, *, field: str) -> Commune | None:
    return lookups.commune_by_code(code, field=field, error=DomainProductError)
