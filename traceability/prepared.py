"""Fixed SQL statements of the public pages' hot path, prepared once per
database connection.

PostgreSQL plans a statement every time it runs it unless it is prepared,
and for a scan (insert and count) planning costs about as much as running.
A statement here is written with named parameters, each cast to its type
(``%(now)s::timestamptz``). The first time a connection runs it, it is
PREPAREd under a name derived from its text, on the raw connection as
connection set-up (like Django's own time-zone set-up, not a query of any
page); every run is an ``EXECUTE name(…)`` through Django's cursor, counted
and logged like any other query.

Prepared statements last as long as the database session (a rollback does
not drop them): this needs a direct connection or a session-pooling proxy,
not transaction pooling.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection

_PARAMETER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class _Statement:
    name: str
    prepare: str
    execute: str


@functools.cache
def _statement(sql: str) -> _Statement:
    """``sql``'s PREPARE and EXECUTE forms; a statement's name is a hash of
    its text, so every variant (e.g. with or without set_config) has its own."""
    names = list(dict.fromkeys(_PARAMETER.findall(sql)))
    numbered = _PARAMETER.sub(lambda found: f"${names.index(found.group(1)) + 1}", sql)
    name = "trace_" + hashlib.sha256(sql.encode()).hexdigest()[:16]
    arguments = ", ".join(f"%({parameter})s" for parameter in names)
    return _Statement(name, f"PREPARE {name} AS {numbered}", f"EXECUTE {name}({arguments})")


def fetch_one(sql: str, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """Run ``sql`` with ``values`` (every named parameter it has) and return
    its first row, or None. One query; the first run on a connection
    prepares the statement first."""
    statement = _statement(sql)
    with connection.cursor() as cursor:
        raw = connection.connection  # live: the cursor checked it
        prepared: tuple[Any, set[str]] | None = getattr(connection, "trace_prepared", None)
        if prepared is None or prepared[0] is not raw:
            prepared = connection.trace_prepared = (raw, set())
        if statement.name not in prepared[1]:
            with raw.cursor() as setup:
                setup.execute(statement.prepare)
            prepared[1].add(statement.name)
        cursor.execute(statement.execute, values)
        return cursor.fetchone()
