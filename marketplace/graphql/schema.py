"""The API schema: every area's queries and mutations composed in one place."""

import graphene

from marketplace.graphql.account.address_mutations import AddressMutations
from marketplace.graphql.account.mutations import AccountMutations
from marketplace.graphql.account.schema import AccountQueries
from marketplace.graphql.channel.schema import ChannelQueries
from marketplace.graphql.checkout.schema import CheckoutMutations, CheckoutQueries
from marketplace.graphql.core.money import MoneyRange
from marketplace.graphql.core.node import NodeQueries
from marketplace.graphql.order.errors import OrderError
from marketplace.graphql.order.schema import OrderQueries
from marketplace.graphql.payment.mutations import PaymentMutations
from marketplace.graphql.product.errors import ProductError
from marketplace.graphql.product.schema import ProductMutations, ProductQueries
from marketplace.graphql.seller.schema import SellerMutations, SellerQueries
from marketplace.graphql.traceability.schema import TraceabilityMutations, TraceabilityQueries


class Query(
    AccountQueries,
    ChannelQueries,
    CheckoutQueries,
    OrderQueries,
    ProductQueries,
    SellerQueries,
    TraceabilityQueries,
    NodeQueries,
    graphene.ObjectType,
):
    pass


class Mutation(
    AccountMutations,
    AddressMutations,
    CheckoutMutations,
    PaymentMutations,
    ProductMutations,
    SellerMutations,
    TraceabilityMutations,
    graphene.ObjectType,
):
    pass


# Listed so that they are in the schema before a field uses them: Saleor's
# MoneyRange, and the error types of catalogue and order operations.
schema = graphene.Schema(query=Query, mutation=Mutation, types=[MoneyRange, ProductError, OrderError])
