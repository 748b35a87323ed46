"""Which fields a query selects below the current one, to plan
``select_related``/``prefetch_related`` before the rows are fetched."""

from __future__ import annotations

from typing import Any

from graphene import ResolveInfo
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

Selection = dict[str, "Selection"]


def _merge(tree: Selection, selection_set: SelectionSetNode | None, info: ResolveInfo) -> None:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            _merge(tree.setdefault(selection.name.value, {}), selection.selection_set, info)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = info.fragments.get(selection.name.value)
            if fragment is not None:
                _merge(tree, fragment.selection_set, info)
        elif isinstance(selection, InlineFragmentNode):
            _merge(tree, selection.selection_set, info)


def selected_fields(info: ResolveInfo, *path: str) -> Selection:
    """Field names (schema names, e.g. ``defaultVariant``) selected under the
    current field, then under ``path``; nested as dicts. Fragments are merged;
    ``@skip``/``@include`` are ignored (planning a little too much is harmless)."""
    tree: Selection = {}
    for node in info.field_nodes:
        _merge(tree, node.selection_set, info)
    for name in path:
        tree = tree.get(name, {})
    return tree


def any_selected(tree: Selection, *names: str) -> bool:
    return any(name in tree for name in names)


def subtree(tree: Selection, *names: str) -> Selection:
    """The union of the selections under several fields (e.g. variants and defaultVariant)."""
    merged: dict[str, Any] = {}
    for name in names:
        _union(merged, tree.get(name, {}))
    return merged


def _union(into: Selection, other: Selection) -> None:
    for key, value in other.items():
        _union(into.setdefault(key, {}), value)
