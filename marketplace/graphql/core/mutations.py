"""The one base for mutations: parse input, call a service, present the
result, and turn refusals (``DomainError``) into ``errors { field code message }``."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ImproperlyConfigured

from marketplace.core.errors import DomainError
from marketplace.graphql.core.errors import Error, domain_errors


class BaseMutation(graphene.Mutation):
    """Subclasses set ``Meta.error_type_class`` (e.g. ``AccountError``) and
    implement ``perform_mutation``; the ``errors`` field is added for them."""

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, error_type_class: type[Error] | None = None, **options: Any) -> None:
        if error_type_class is None or not issubclass(error_type_class, Error):
            raise ImproperlyConfigured(f"{cls.__name__}.Meta.error_type_class must be an Error subclass")
        cls.error_type_class = error_type_class
        cls.errors = graphene.List(graphene.NonNull(error_type_class), required=True, description="List of errors.")
        super().__init_subclass_with_meta__(**options)

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, **data: Any) -> BaseMutation:
        raise NotImplementedError

    @classmethod
    def mutate(cls, root: Any, info: graphene.ResolveInfo, **data: Any) -> BaseMutation:
        try:
            return cls.perform_mutation(root, info, **data)
        except DomainError as exc:
            return cls(errors=domain_errors(exc, cls.error_type_class))

    @staticmethod
    def resolve_errors(root: BaseMutation, info: graphene.ResolveInfo) -> list[Error]:
        return root.errors or []
