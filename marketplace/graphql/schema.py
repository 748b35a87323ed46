"""The API schema: every area's queries and mutations composed in one place."""

import graphene

from marketplace.graphql.account.mutations import AccountMutations
from marketplace.graphql.account.schema import AccountQueries
from marketplace.graphql.channel.schema import ChannelQueries
from marketplace.graphql.core.money import MoneyRange
from marketplace.graphql.core.node import NodeQueries
from marketplace.graphql.product.errors import ProductError
from marketplace.graphql.product.schema import ProductMutations, ProductQueries
from marketplace.graphql.seller.schema import SellerMutations, SellerQueries
from marketplace.graphql.traceability.schema import TraceabilityMutations, TraceabilityQueries


class Query(
    AccountQueries,
    ChannelQueries,
    ProductQueries,
    SellerQueries,
    TraceabilityQueries,
    NodeQueries,
    graphene.ObjectType,
):
    pass


class Mutation(AccountMutations, ProductMutations, SellerMutations, TraceabilityMutations, graphene.ObjectType):
    pass


# Listed so that they are in the schema before a field uses them: Saleor's
# MoneyRange, and the error type of catalogue mutations.
schema = graphene.Schema(query=Query, mutation=Mutation, types=[MoneyRange, ProductError])
