"""Seller-scoped product mutations with Saleor's names and input shapes.

One difference from Saleor, by design of the one-screen listing a farmer
fills in on a phone: ``productCreate`` makes the product *with* its first
variant, so it takes that variant's ``price`` (and optionally ``sku``,
``stock``, ``variantName``, ``warehouse``); further variants come with
``productVariantCreate``. Every new product starts unpublished."""

from __future__ import annotations

from typing import Any

import graphene
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.product.errors import ProductError
from marketplace.graphql.product.mutations_common import (
    PositiveDecimal,
    SeoInput,
    WeightScalar,
    category_by_id,
    certificate_for_member,
    commune_by_code,
    in_channel,
    plain_description,
    product_for_member,
    product_type_by_id,
    province_by_code,
    seller_for_product_input,
    user,
    warehouse_for_member,
)
from marketplace.graphql.product.types import Product
from marketplace.product import services
from marketplace.product.errors import ProductError as DomainProductError


class ProductInput(graphene.InputObjectType):
    category = graphene.ID(description="ID of the product's category.")
    name = graphene.String(description="Product name.")
    slug = graphene.String(
        description="Accepted for compatibility and ignored: a product's address is made from its name and stays."
    )
    description = graphene.JSONString(description="Product description (Editor.js JSON, or a plain JSON string).")
    weight = WeightScalar(description="Weight of the product (grams, or `{value, unit}`).")
    seo = graphene.Field(SeoInput, description="Search engine optimization fields.")
    ocop_certificate = graphene.ID(
        description="ID of the seller's OCOP certificate the product carries; null detaches."
    )
    origin_province = graphene.String(description="Code of the province the product comes from.")
    origin_commune = graphene.String(description="Code of the commune the product comes from.")

    class Meta:
        description = "Fields of a product; omitted ones are left as they are."


class ProductCreateInput(ProductInput):
    product_type = graphene.ID(description="ID of the type of product; a generic type when omitted.")
    seller = graphene.ID(description="ID of the seller; required when the requester works for several sellers.")
    price = PositiveDecimal(
        description="Price of the first variant in whole đồng, in the default channel. Required (see productCreate)."
    )
    stock = graphene.Int(description="Units of the first variant in stock (default 0).")
    sku = graphene.String(description="SKU of the first variant; made from the seller's name when omitted.")
    variant_name = graphene.String(description="Name of the first variant, e.g. `Gói 500 g`.")
    warehouse = graphene.ID(description="ID of the seller's warehouse for the stock; the main one when omitted.")

    class Meta:
        description = "Fields required to create a product."


def _origin(input: Any) -> dict[str, Any]:
    fields = {}
    if "origin_province" in input:
        fields["origin_province"] = province_by_code(input["origin_province"], field="origin_province")
    if "origin_commune" in input:
        fields["origin_commune"] = commune_by_code(input["origin_commune"], field="origin_commune")
    return fields


class ProductCreate(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        input = ProductCreateInput(required=True, description="Fields required to create a product.")

    class Meta:
        description = (
            "Creates a new, unpublished product with its first variant, price and stock (members of the seller). "
            "Unlike Saleor, `price` is required: a product is born sellable."
        )
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, input: Any) -> ProductCreate:
        seller = seller_for_product_input(info, input.get("seller"))
        if input.get("price") is None:
            raise DomainProductError("REQUIRED", _("Vui lòng nhập giá bán."), field="price")
        seo = {f"seo_{key}": value for key, value in (input.get("seo") or {}).items() if value is not None}
        certificate = input.get("ocop_certificate")
        warehouse = input.get("warehouse")
        with transaction.atomic():
            product = services.create_product(
                seller=seller,
                actor=user(info),
                name=input.get("name") or "",
                category=category_by_id(input.get("category")),
                price=input["price"],
                stock=input.get("stock") if input.get("stock") is not None else 0,
                sku=input.get("sku"),
                description=plain_description(input.get("description")),
                product_type=product_type_by_id(input.get("product_type")),
                weight_grams=input.get("weight"),
                variant_name=input.get("variant_name") or "",
                ocop_certificate=certificate_for_member(info, certificate) if certificate else None,
                warehouse=warehouse_for_member(info, warehouse) if warehouse else None,
                **_origin(input),
            )
            if seo:
                product = services.update_product(product=product, actor=user(info), **seo)
        return cls(product=in_channel(info, product), errors=[])


class ProductUpdate(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the product to update.")
        input = ProductInput(required=True, description="Fields required to update a product.")

    class Meta:
        description = "Updates an existing product (members of its seller)."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, input: Any) -> ProductUpdate:
        product = product_for_member(info, id)
        fields: dict[str, Any] = {}
        if "name" in input:
            fields["name"] = input["name"]
        if "description" in input:
            fields["description"] = plain_description(input["description"])
        if "category" in input:
            fields["category"] = category_by_id(input["category"])
        if "weight" in input:
            fields["weight_grams"] = input["weight"]
        for key in ("title", "description"):
            if key in (input.get("seo") or {}):
                fields[f"seo_{key}"] = input["seo"][key] or ""
        fields.update(_origin(input))
        certificate = certificate_for_member(info, input["ocop_certificate"]) if input.get("ocop_certificate") else None
        with transaction.atomic():
            if fields:
                product = services.update_product(product=product, actor=user(info), **fields)
            if "ocop_certificate" in input:
                product = services.attach_ocop_certificate(product=product, actor=user(info), certificate=certificate)
        return cls(product=in_channel(info, product), errors=[])


class ProductDelete(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product to delete.")

    class Meta:
        description = "Deletes a product with its variants, stock and images (members of its seller)."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str) -> ProductDelete:
        product = product_for_member(info, id)
        services.delete_product(product=product, actor=user(info))
        return cls(product=in_channel(info, product), errors=[])
