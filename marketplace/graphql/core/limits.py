"""Limits on the shape of a query, checked while it is validated (before
anything runs): how deep its selections nest and how many fields it asks for
in all, fragments expanded. A query past either limit is refused with a
``GRAPHQL_ERROR`` naming the limit, so nobody can make the server walk
sellers → products → seller → products … or repeat one costly field under a
thousand aliases. Introspection (``__schema``, ``__type``) is not counted:
tools such as GraphiQL need it and it never touches the database."""

from __future__ import annotations

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)


class _Measure:
    def __init__(self, context: ValidationContext) -> None:
        self.context = context
        self.fields = 0

    def depth(self, selection_set: SelectionSetNode | None, *, seen: frozenset[str] = frozenset()) -> int:
        """Deepest field nesting under ``selection_set``; counts fields as it goes.
        Unknown or cyclic fragments are skipped: other rules report them."""
        if selection_set is None:
            return 0
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value.startswith("__"):
                    continue
                self.fields += 1
                deepest = max(deepest, 1 + self.depth(selection.selection_set, seen=seen))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self.depth(selection.selection_set, seen=seen))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in seen:
                    continue
                deepest = max(deepest, self.depth(fragment.selection_set, seen=seen | {name}))
        return deepest


class QueryShapeLimit(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: object) -> None:
        measure = _Measure(self.context)
        depth = measure.depth(node.selection_set)
        max_depth, max_fields = settings.GRAPHQL_MAX_DEPTH, settings.GRAPHQL_MAX_FIELDS
        if depth > max_depth:
            self.report_error(GraphQLError(f"Query is nested {depth} levels deep; the limit is {max_depth}.", node))
        elif measure.fields > max_fields:
            self.report_error(GraphQLError(f"Query asks for {measure.fields} fields; the limit is {max_fields}.", node))
