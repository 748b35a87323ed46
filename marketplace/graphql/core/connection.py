"""Relay cursor connections in Saleor's shape, paginated by keyset.

Every list field goes through ``paginate``: it orders the queryset by the
requested sort keys plus the primary key, and a cursor holds the sort-key
values of its row, so the next page is ``WHERE (keys) > (cursor values)`` — an
index-friendly seek, never OFFSET. Cursors are signed (tampering gives a
clean ``INVALID`` error instead of a database error) and opaque (base64).
``totalCount`` runs its COUNT only when asked for.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

import graphene
from django.conf import settings
from django.core import signing
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext as _

from marketplace.graphql.core.errors import INVALID, ApiError

CURSOR_SALT = "marketplace.graphql.cursor"


class CountableConnection(graphene.relay.Connection):
    """A connection with ``totalCount``, as every Saleor list has."""

    class Meta:
        abstract = True

    total_count = graphene.Int(description="A total count of items in the collection.")

    @staticmethod
    def resolve_total_count(root: CountableConnection, info: graphene.ResolveInfo) -> int:
        return root.count_queryset.count()


def countable_connection(node: type[graphene.ObjectType], name: str | None = None) -> type[CountableConnection]:
    """``<Node>CountableConnection`` with ``<Node>CountableEdge`` edges, like Saleor."""
    type_name = name or f"{node._meta.name}CountableConnection"
    meta = type("Meta", (), {"node": node, "name": type_name, "strict_types": True})
    return type(type_name, (CountableConnection,), {"Meta": meta})


class ConnectionField(graphene.Field):
    """A field returning a connection, with Relay's pagination arguments."""

    def __init__(self, type_: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "before",
            graphene.String(description="Return the elements in the list that come before the specified cursor."),
        )
        kwargs.setdefault(
            "after",
            graphene.String(description="Return the elements in the list that come after the specified cursor."),
        )
        kwargs.setdefault(
            "first",
            graphene.Int(
                description="Retrieve the first n elements from the list. Note that the system only allows "
                f"fetching a maximum of {settings.GRAPHQL_MAX_PAGE_SIZE} objects in a single query."
            ),
        )
        kwargs.setdefault(
            "last",
            graphene.Int(
                description="Retrieve the last n elements from the list. Note that the system only allows "
                f"fetching a maximum of {settings.GRAPHQL_MAX_PAGE_SIZE} objects in a single query."
            ),
        )
        super().__init__(type_, *args, **kwargs)


@dataclass(frozen=True, slots=True)
class SortKey:
    """One ORDER BY key: a model field or annotation name, its direction, and
    the expression to annotate under that name when it is not a plain field."""

    name: str
    descending: bool = False
    expression: Any = None

    def order_by(self) -> OrderBy:
        # PostgreSQL's defaults (NULLS LAST ascending, NULLS FIRST descending)
        # are what ``_beyond`` assumes.
        return F(self.name).desc() if self.descending else F(self.name).asc()

    def reversed(self) -> SortKey:
        return replace(self, descending=not self.descending)


def _dump(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    return value


def _load(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value:
            return datetime.datetime.fromisoformat(value["t"])
        if "d" in value:
            return datetime.date.fromisoformat(value["d"])
        if "n" in value:
            return Decimal(value["n"])
        if "u" in value:
            return uuid.UUID(value["u"])
    return value


def _signature(keys: Sequence[SortKey]) -> str:
    return ",".join(f"{'-' if key.descending else ''}{key.name}" for key in keys)


def encode_cursor(keys: Sequence[SortKey], values: Sequence[Any]) -> str:
    payload = json.dumps([_signature(keys), [_dump(v) for v in values]], separators=(",", ":"))
    signed = signing.Signer(salt=CURSOR_SALT).sign(payload)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[SortKey]) -> list[Any]:
    """The values in ``cursor``; ``ApiError`` (INVALID) unless it was made by
    ``encode_cursor`` for this very sort order."""
    try:
        signed = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        signature, values = json.loads(signing.Signer(salt=CURSOR_SALT).unsign(signed))
        if signature != _signature(keys) or not isinstance(values, list) or len(values) != len(keys):
            raise ValueError("cursor made for another sort order")
        return [_load(v) for v in values]
    except (binascii.Error, UnicodeError, ValueError, TypeError, KeyError, signing.BadSignature) as exc:
        raise ApiError(_("Cursor không hợp lệ: %(cursor)s.") % {"cursor": cursor}, code=INVALID) from exc


def _equal(key: SortKey, value: Any) -> Q:
    return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})


def _beyond(key: SortKey, value: Any) -> Q | None:
    """Rows strictly after ``value`` in ``key``'s direction; NULLs sort last
    ascending and first descending. ``None`` when nothing can come after."""
    if not key.descending:
        if value is None:
            return None
        return Q(**{f"{key.name}__gt": value}) | Q(**{f"{key.name}__isnull": True})
    if value is None:
        return Q(**{f"{key.name}__isnull": False})
    return Q(**{f"{key.name}__lt": value})


def seek_after(keys: Sequence[SortKey], values: Sequence[Any]) -> Q:
    """``(k1, k2, ...) > (v1, v2, ...)`` in the keys' own directions."""
    branches = []
    for index, (key, value) in enumerate(zip(keys, values, strict=True)):
        beyond = _beyond(key, value)
        if beyond is not None:
            equal_prefix = [_equal(k, v) for k, v in zip(keys[:index], values[:index], strict=True)]
            branches.append(Q(*equal_prefix, beyond))
    return reduce(or_, branches) if branches else Q(pk__in=[])


def validate_page_size(first: int | None, last: int | None, connection_name: str) -> int:
    limit = settings.GRAPHQL_MAX_PAGE_SIZE
    if first is not None and last is not None:
        raise ApiError(
            _("Không thể dùng đồng thời 'first' và 'last' khi phân trang %(name)s.") % {"name": connection_name},
            code=INVALID,
        )
    if first is None and last is None:
        raise ApiError(
            _("Cần truyền 'first' hoặc 'last' để phân trang %(name)s.") % {"name": connection_name}, code=INVALID
        )
    argument, size = ("first", first) if first is not None else ("last", last)
    if size < 0:
        raise ApiError(_("Giá trị '%(argument)s' không được âm.") % {"argument": argument}, code=INVALID)
    if size > limit:
        raise ApiError(
            _("Yêu cầu %(size)s bản ghi từ %(name)s vượt quá giới hạn '%(argument)s' là %(limit)s bản ghi.")
            % {"size": size, "name": connection_name, "argument": argument, "limit": limit},
            code=INVALID,
        )
    return size


def paginate(
    queryset: QuerySet[Any],
    *,
    connection_type: type[CountableConnection],
    sort_keys: Sequence[SortKey],
    first: int | None = None,
    last: int | None = None,
    after: str | None = None,
    before: str | None = None,
    wrap: Callable[[Model], Any] | None = None,
    connection_name: str = "",
) -> CountableConnection:
    """One page of ``queryset`` as a connection instance.

    ``sort_keys`` must identify a row uniquely together with the primary key,
    which is appended when missing. Prefetches set on ``queryset`` run on the
    page only. Raises ``ApiError`` (INVALID) for bad arguments or cursors.
    """
    size = validate_page_size(first, last, connection_name or connection_type._meta.name)
    keys = list(sort_keys)
    if not keys or keys[-1].name != "pk":
        keys.append(SortKey("pk", descending=keys[-1].descending if keys else False))
    annotations = {key.name: key.expression for key in keys if key.expression is not None}
    page = queryset.annotate(**annotations) if annotations else queryset
    if after is not None:
        page = page.filter(seek_after(keys, decode_cursor(after, keys)))
    if before is not None:
        page = page.filter(seek_after([key.reversed() for key in keys], decode_cursor(before, keys)))
    forward = first is not None
    order = keys if forward else [key.reversed() for key in keys]
    rows = list(page.order_by(*[key.order_by() for key in order])[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    edge_type = connection_type.Edge
    edges = [
        edge_type(
            node=wrap(row) if wrap else row,
            cursor=encode_cursor(keys, [getattr(row, key.name) for key in keys]),
        )
        for row in rows
    ]
    page_info = graphene.relay.PageInfo(
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
        # Like Saleor: the side we came from is known to have rows when a cursor was given.
        has_next_page=has_more if forward else before is not None,
        has_previous_page=after is not None if forward else has_more,
    )
    connection = connection_type(edges=edges, page_info=page_info)
    connection.count_queryset = queryset
    return connection
