from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Q

from marketplace.core.text import vietnamese_slugify
from marketplace.graphql.core.connection import ConnectionField, CountableConnection, SortKey, paginate
from marketplace.graphql.core.enums import enum_value
from marketplace.graphql.core.ids import from_global_id_or_error, require_one_of
from marketplace.graphql.seller.types import Seller, SellerCountableConnection, SellerKindEnum, sellers_for_request
from marketplace.seller import models


class SellerFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Name contains (diacritics optional).")
    kinds = graphene.List(graphene.NonNull(SellerKindEnum))
    provinces = graphene.List(graphene.NonNull(graphene.String), description="Province codes.")


class SellerQueries(graphene.ObjectType):
    seller = graphene.Field(
        Seller,
        id=graphene.ID(description="ID of the seller."),
        slug=graphene.String(description="Slug of the seller."),
        description="Look up a seller by ID or slug.",
    )
    sellers = ConnectionField(
        SellerCountableConnection,
        filter=graphene.Argument(SellerFilterInput),
        description="List of the marketplace's sellers, by name.",
    )

    @staticmethod
    def resolve_seller(
        root: None, info: graphene.ResolveInfo, id: str | None = None, slug: str | None = None
    ) -> models.Seller | None:
        require_one_of(id=id, slug=slug)
        sellers = sellers_for_request(info.context).select_related("province", "commune")
        if id is not None:
            return sellers.filter(pk=from_global_id_or_error(id, "Seller")).first()
        return sellers.filter(slug=slug).first()

    @staticmethod
    def resolve_sellers(root: None, info: graphene.ResolveInfo, filter: Any = None, **args: Any) -> CountableConnection:
        sellers = sellers_for_request(info.context).select_related("province", "commune")
        if filter:
            if filter.get("search"):
                text = filter["search"].strip()
                sellers = sellers.filter(Q(name__icontains=text) | Q(slug__icontains=vietnamese_slugify(text)))
            if filter.get("kinds") is not None:
                sellers = sellers.filter(kind__in=[enum_value(kind) for kind in filter["kinds"]])
            if filter.get("provinces") is not None:
                sellers = sellers.filter(province_id__in=filter["provinces"])
        return paginate(
            sellers,
            connection_type=SellerCountableConnection,
            sort_keys=[SortKey("name"), SortKey("slug")],
            connection_name="sellers",
            **args,
        )
