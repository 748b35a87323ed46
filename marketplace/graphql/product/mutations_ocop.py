"""OCOP certificates a seller holds, and operators' moderation of listings."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.core.enums import enum_value
from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.product.errors import ProductError
from marketplace.graphql.product.mutations_common import (
    in_channel,
    product_for_operator,
    seller_for_product_input,
    user,
)
from marketplace.graphql.product.ocop import OcopCertificate, OcopProductGroupEnum
from marketplace.graphql.product.types import Product
from marketplace.product import services


class OcopCertificateCreateInput(graphene.InputObjectType):
    seller = graphene.ID(description="ID of the seller; required when the requester works for several sellers.")
    number = graphene.String(required=True, description="Number of the OCOP decision.")
    issuing_body = graphene.String(required=True, description="Who issued the decision.")
    decision_date = graphene.Date(required=True, description="Date of the decision (not in the future).")
    star_rating = graphene.Int(required=True, description="OCOP star rank, 1 to 5.")
    product_group = graphene.Argument(OcopProductGroupEnum, required=True, description="OCOP product group.")


class OcopCertificateCreate(BaseMutation):
    certificate = graphene.Field(OcopCertificate)

    class Arguments:
        input = OcopCertificateCreateInput(required=True, description="Fields of the certificate.")

    class Meta:
        description = (
            "Record an OCOP certificate the seller holds (members); attach it to products with "
            "`productUpdate(input: {ocopCertificate})`."
        )
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, input: Any) -> OcopCertificateCreate:
        seller = seller_for_product_input(info, input.get("seller"))
        certificate = services.create_ocop_certificate(
            seller=seller,
            actor=user(info),
            number=input["number"],
            issuing_body=input["issuing_body"],
            decision_date=input["decision_date"],
            star_rating=input["star_rating"],
            product_group=enum_value(input["product_group"]),
        )
        return cls(certificate=certificate, errors=[])


class ProductUnlist(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the product.")
        reason = graphene.String(required=True, description="Why, shown to the seller.")

    class Meta:
        description = "Operators: take a listing off the shop at once; the seller cannot republish it."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, reason: str) -> ProductUnlist:
        product = product_for_operator(info, id)
        services.unlist_product(product=product, operator=user(info), reason=reason)
        return cls(product=in_channel(info, product), errors=[])


class ProductRelist(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the product.")
        note = graphene.String(description="A note for the seller.")

    class Meta:
        description = "Operators: lift an unlisting; the product shows again if the seller had published it."
        error_type_class = ProductError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, id: str, note: str | None = None
    ) -> ProductRelist:
        product = product_for_operator(info, id)
        services.relist_product(product=product, operator=user(info), note=note or "")
        return cls(product=in_channel(info, product), errors=[])
