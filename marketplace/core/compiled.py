"""ORM querysets of a fixed shape, compiled to SQL once per process.

Building and compiling a queryset with subqueries costs Django several
milliseconds of CPU (a checkout's lines with their purchase rules: ~9 ms),
often more than PostgreSQL needs to run it. On a hot path whose query
differs from call to call only in its values (a checkout token, a channel,
the time), ``CompiledQuery`` builds the queryset once with sample values,
keeps its SQL and the compiler's description of the rows, and afterwards
only executes the SQL with the new values and turns the rows into model
instances as the ORM does (``select_related`` objects and annotations
included, field converters applied).

The queryset is still written with the ORM, so the rules it encodes stay in
one place. Each value must reach the SQL as a parameter of its own: a value
that changes the query's shape, or that only reaches the SQL transformed
(``now - window``), cannot be replayed. So the queryset is compiled twice
with two different sets of samples, and ``CompiledQuery`` refuses to exist
(``ValueError`` at the first run) unless the SQL text is the same and every
parameter is either one of the samples or a constant equal in both.

Bound to Django 5.2's compiler (``select``, ``klass_info``,
``annotation_col_map``, ``get_converters``; the row converters and the
related populators are worked out once): the tests run every compiled
query against the ORM's own answer.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Field, ForeignObject, Lookup, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

_NOT_A_SLOT = ""


class AnyOf(Lookup):
    """``field__any=[…]``: ``field = ANY(%s)`` with the whole list as one
    array parameter, so the SQL is the same whatever the list's length
    (``__in`` writes one placeholder per item)."""

    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [list(value)]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # foreign keys keep lookups of their own


def _sample(kind: type, index: int, round_: int) -> Any:
    """A sample of ``kind``, distinct per value and per round, unlikely to be
    a constant of any query."""
    if kind is int:
        return -7_300_000_000 - 1000 * round_ - index
    if kind is uuid.UUID:
        return uuid.UUID(int=(0xC0DE << 64) + 1000 * round_ + index)
    if kind is datetime.datetime:
        return datetime.datetime(1903, 1, 1 + round_, 0, 0, index, tzinfo=datetime.UTC)
    if kind is str:
        return f"\x01sample-{round_}-{index}"
    if kind is list:  # of ids, for ``__any``
        return [-7_300_000_000 - 1000 * round_ - index, -7_400_000_000 - 1000 * round_ - index]
    raise TypeError(f"no samples for {kind!r}")


@dataclass(frozen=True)
class _Rows:
    """How the compiler turns a row into values, worked out once: each
    column's converters (``SQLCompiler.get_converters``) and, for model
    instances, the model's columns, its ``select_related`` populators and
    the annotations' positions."""

    converters: list[tuple[int, tuple[list[Any], Any]]]
    connection: Any
    model: Any = None
    start: int = 0
    end: int = 0
    attnames: tuple[str, ...] = ()
    populators: tuple[Any, ...] = ()
    annotations: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, compiler: Any, *, instances: bool, db: str) -> _Rows:
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ValueError("CompiledQuery does not read composite primary keys")
        converters = list(compiler.get_converters(fields).items())
        if not instances:
            return cls(converters, compiler.connection)
        klass_info = compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return cls(
            converters,
            compiler.connection,
            model=klass_info["model"],
            start=start,
            end=end,
            attnames=tuple(column[0].target.attname for column in compiler.select[start:end]),
            populators=tuple(get_related_populators(klass_info, compiler.select, db)),
            annotations=tuple((compiler.annotation_col_map or {}).items()),
        )

    def converted(self, rows: list[tuple]) -> list[Any]:
        """``rows`` with every column converted (lists when any converter ran)."""
        if not self.converters:
            return rows
        out = []
        for row in rows:
            row = list(row)
            for position, (functions, expression) in self.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, self.connection)
                row[position] = value
            out.append(row)
        return out

    def instances(self, rows: list[Any], db: str) -> list[Any]:
        """Model instances from converted ``rows``, as ``ModelIterable`` makes them."""
        model, start, end, attnames = self.model, self.start, self.end, self.attnames
        found = []
        for row in rows:
            obj = model.from_db(db, attnames, row[start:end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: list[tuple[str, Any]]  # (value name, None) or ("", constant), in parameter order
    width: int | None  # the columns to keep (None: all; the ORM drops its extra ordering columns)
    rows: _Rows  # (``rows.model`` None: value tuples, not instances)


class CompiledQuery:
    """``build(**values)`` compiled once; ``run(**values)`` executes it.

    ``kinds`` names each value and its type (``int``, ``uuid.UUID``,
    ``datetime.datetime``, ``str``, or ``list`` for a list of ids given to
    an ``__any`` lookup). ``build`` must return a queryset of model
    instances or of ``values_list`` tuples (no ``prefetch_related``) whose
    shape does not depend on the values."""

    def __init__(self, build: Callable[..., QuerySet], *, using: str = "default", **kinds: type) -> None:
        self._build = build
        self._kinds = kinds
        self._using = using
        self._lock = threading.Lock()
        self._compiled: _Compiled | None = None

    def _compile_with(self, round_: int) -> tuple[QuerySet, Any, str, list[Any], dict[str, Any]]:
        samples = {name: _sample(kind, index, round_) for index, (name, kind) in enumerate(self._kinds.items())}
        queryset = self._build(**samples)
        if queryset._prefetch_related_lookups or queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise ValueError("CompiledQuery needs a plain queryset of model instances or of value tuples")
        compiler = queryset.query.get_compiler(using=self._using)
        sql, params = compiler.as_sql()
        return queryset, compiler, sql, list(params), samples

    def _compile(self) -> _Compiled:
        queryset, compiler, sql, params, samples = self._compile_with(1)
        _, _, sql_again, params_again, samples_again = self._compile_with(2)
        if sql != sql_again or len(params) != len(params_again):
            raise ValueError("the query's SQL changes with its values: it cannot be compiled once")
        by_sample = {_key(value): name for name, value in samples.items()}
        slots: list[tuple[str, Any]] = []
        for value, value_again in zip(params, params_again, strict=True):
            name = by_sample.get(_key(value), _NOT_A_SLOT)
            if name:
                if _key(samples_again[name]) != _key(value_again):
                    raise ValueError(f"value {name!r} does not reach the same parameter each time")
                slots.append((name, None))
            elif _key(value) == _key(value_again):
                slots.append((_NOT_A_SLOT, value))
            else:
                raise ValueError("a parameter derives from a value (e.g. now - window): pass it as a value of its own")
        missing = set(samples) - {name for name, _ in slots}
        if missing:
            raise ValueError(f"values that never reach the SQL: {sorted(missing)}")
        return _Compiled(
            sql,
            slots,
            width=compiler.col_count if compiler.has_extra_select else None,
            rows=_Rows.of(compiler, instances=queryset._iterable_class is ModelIterable, db=self._using),
        )

    def run(self, **values: Any) -> list[Any]:
        """The queryset's instances (or tuples, for ``values_list``) for
        ``values`` (one query)."""
        if self._compiled is None:
            with self._lock:
                if self._compiled is None:
                    self._compiled = self._compile()
        compiled = self._compiled
        params = [values[name] if name else constant for name, constant in compiled.slots]
        with connections[self._using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.width is not None:
            rows = [row[: compiled.width] for row in rows]
        rows = compiled.rows.converted(rows)
        if compiled.rows.model is None:
            return [tuple(row) for row in rows]
        return compiled.rows.instances(rows, self._using)

    def first(self, **values: Any) -> Any:
        """The first of ``run(**values)``, or None."""
        found = self.run(**values)
        return found[0] if found else None


def _key(value: Any) -> tuple[type, Any]:
    return (type(value), tuple(value) if isinstance(value, list) else value)


def generic_plans_for_this_transaction(using: str = "default") -> None:
    """Until the current transaction ends, let PostgreSQL run prepared
    statements on their generic plan instead of planning each run again.

    For a path made of fixed-shape statements keyed by ids (a checkout step):
    in its default mode PostgreSQL keeps re-planning such statements when it
    estimates the generic plan dearer than a custom one, and for a checkout's
    reads planning cost five times their execution. The tests and
    ``bench/checkout.py`` check these statements' plans; other pages keep
    the default mode. One statement (``SET LOCAL``: gone at commit or
    rollback)."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("generic_plans_for_this_transaction() needs a transaction")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
