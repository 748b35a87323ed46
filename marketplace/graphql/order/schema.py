from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.order.resolvers import resolve_order, resolve_order_by_token
from marketplace.graphql.order.types import Order


class OrderQueries(graphene.ObjectType):
    order = graphene.Field(
        Order,
        id=graphene.ID(required=True, description="The order's global ID (or its UUID)."),
        description="Look up an order: the requester's own (operators: any); null otherwise.",
    )
    order_by_token = graphene.Field(
        Order,
        token=graphene.String(required=True, description="The signed token of the link in the order's emails."),
        description="A guest's order, by the signed token sent in its emails; null for a bad or expired token.",
    )

    @staticmethod
    def resolve_order(root: None, info: graphene.ResolveInfo, id: str) -> Any:
        return resolve_order(info, id)

    @staticmethod
    def resolve_order_by_token(root: None, info: graphene.ResolveInfo, token: str) -> Any:
        return resolve_order_by_token(info, token)
