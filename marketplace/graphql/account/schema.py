from __future__ import annotations

import graphene

from marketplace.account.models import User as UserModel
from marketplace.graphql.account.types import User


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User, description="Return the currently authenticated user (null when anonymous).")

    @staticmethod
    def resolve_me(root: None, info: graphene.ResolveInfo) -> UserModel | None:
        user = info.context.user
        return user if user.is_authenticated else None
