from __future__ import annotations

import graphene
from graphene import relay

from marketplace.account import models
from marketplace.graphql.core.context import is_operator
from marketplace.graphql.core.enums import LanguageCodeEnum, normalize_language_code
from marketplace.graphql.core.types import ModelObjectType


class User(ModelObjectType):
    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    is_staff = graphene.Boolean(required=True, description="Whether the user is a marketplace operator.")
    is_active = graphene.Boolean(required=True)
    language_code = graphene.Field(LanguageCodeEnum, required=True, description="User language code.")
    date_joined = graphene.DateTime(required=True)
    last_login = graphene.DateTime()

    class Meta:
        description = "Represents user data."
        interfaces = (relay.Node,)
        model = models.User

    @staticmethod
    def resolve_language_code(root: models.User, info: graphene.ResolveInfo) -> str:
        return normalize_language_code(root.language_code or "vi")

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.User | None:
        """Users see themselves; operators see everyone."""
        requestor = info.context.user
        if not requestor.is_authenticated:
            return None
        if requestor.pk == pk:
            return requestor
        return models.User.objects.filter(pk=pk).first() if is_operator(info.context) else None
