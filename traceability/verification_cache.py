"""The cached answer of the public verification page (``cached_verification``):
``verification.verification_for_uri`` kept in two parts, per batch and per
stamp, each valid only under the generations it was built under
(``traceability.cache``), with the client's lookups counted in the same round
trip to the cache server."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from functools import partial

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import DEFERRED
from django.utils import timezone
from django.utils.translation import get_language

from traceability import ratelimit
from traceability.cache import count_and_read, generations_and_entries, store
from traceability.gs1 import digital_link
from traceability.gs1.digital_link import DigitalLink
from traceability.models import Batch, BatchStatus, Stamp, TradeItem
from traceability.verification import Verdict, Verification, verdict_for, verification_for_uri

VERIFICATION_CACHE_SECONDS = 600


def _scope() -> str:
    """What the keys of one answer share: the active language and today's
    date (an OCOP badge ends with its certificate's last day). Read once per
    answer: both cost more than the hash."""
    return f"{get_language() or ''}|{timezone.localdate().isoformat()}"


def _key(scope: str, *parts: str) -> str:
    text = "|".join((scope, *parts))
    return "trace:verification:" + hashlib.sha256(text.encode()).hexdigest()[:32]


def _batch_key(scope: str, gtin: str, lot: str) -> str:
    """The key of a batch's part of the answer: everything but the stamp
    (product, producer, timeline, certificates, batch status), which is also
    the whole answer for the batch code (GTIN, lot)."""
    return _key(scope, "batch", gtin, lot)


def _stamp_key(scope: str, gtin: str, serial: str) -> str:
    """The key of a stamp's own part of the answer (``StampRow``)."""
    return _key(scope, "stamp", gtin, serial)


# What a stamp adds to its batch's answer: pk, batch pk, batch lot, lot printed,
# status, suspicious since, suspicious reason.
StampRow = tuple[int, int | None, str | None, str, str, datetime.datetime | None, str]
# One fixed statement (no ORM query to build per view) on the unique
# (gtin) and (trade item, serial) indexes.
_STAMP_ROW_SQL = """
SELECT s.id, s.batch_id, b.lot_code, s.lot_code, s.status, s.suspicious_since, s.suspicious_reason
FROM {stamp} s JOIN {trade_item} t ON t.id = s.trade_item_id LEFT JOIN {batch} b ON b.id = s.batch_id
WHERE t.gtin = %s AND s.serial = %s
"""


def _read_stamp_row(gtin: str, serial: str, batch_id: int | None = None) -> StampRow | None:
    """The row of the stamp with ``serial`` under ``gtin``, or None. (The
    batch whose answer it will be composed with, ``batch_id``, matters only to
    ``scans.scan_uri``'s reader, which logs the scan in the same statement.)"""
    sql = _STAMP_ROW_SQL.format(
        stamp=Stamp._meta.db_table, trade_item=TradeItem._meta.db_table, batch=Batch._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [gtin, serial])
        return cursor.fetchone()


def _stamp_row(stamp: Stamp) -> StampRow:
    lot = stamp.batch.lot_code if stamp.batch is not None else None
    return (
        stamp.pk,
        stamp.batch_id,
        lot,
        stamp.lot_code,
        stamp.status,
        stamp.suspicious_since,
        stamp.suspicious_reason,
    )


def _batch_part(verification: Verification) -> Verification:
    """The batch's part of a stamp's answer: the batch code's answer."""
    batch = verification.batch
    assert batch is not None and verification.trade_item is not None
    return verification.copy(
        uri="",
        link=None,
        verdict=Verdict.RECALLED if batch.status == BatchStatus.RECALLED else Verdict.BATCH_ONLY,
        stamp=None,
        serial=None,
        trace_code=digital_link.build(gtin=verification.trade_item.gtin, lot=batch.lot_code).path(),
        scan=None,
    )


def _stamp_from_row(row: StampRow, trade_item: TradeItem, batch: Batch, serial: str) -> Stamp:
    """The stamp of ``row`` as if loaded from the database (``Model.from_db``),
    the columns the row lacks deferred: a third cheaper than ``Stamp(...)``
    with keyword arguments, which fills every other field with its default."""
    pk, batch_id, _lot, lot_code, status, suspicious_since, suspicious_reason = row
    known = {
        "id": pk,
        "trade_item_id": trade_item.pk,
        "serial": serial,
        "lot_code": lot_code,
        "batch_id": batch_id,
        "status": status,
        "suspicious_since": suspicious_since,
        "suspicious_reason": suspicious_reason,
    }
    values = [known.get(column.attname, DEFERRED) for column in Stamp._meta.concrete_fields]
    stamp = Stamp.from_db(DEFAULT_DB_ALIAS, list(known), values)
    stamp.trade_item, stamp.batch = trade_item, batch
    return stamp


def _with_stamp(part: Verification, row: StampRow, link: DigitalLink, uri: str, part_key: str) -> Verification | None:
    """A stamp's answer from its batch's part and its own row; None when
    the stamp is not one this part can answer for (another lot in the link)."""
    assert part.trade_item is not None and part.batch is not None and link.serial
    stamp = _stamp_from_row(row, part.trade_item, part.batch, link.serial)
    verdict = verdict_for(link, stamp, part.batch)
    if verdict == Verdict.UNKNOWN:
        return None
    return part.for_serial(link.serial, uri=uri, link=link, verdict=verdict, stamp=stamp, part_key=part_key)


def _store(key: str, generations: tuple[int, int], value: object) -> None:
    """Store ``value`` once the surrounding transaction commits (never an
    answer a rollback could take back)."""
    transaction.on_commit(partial(store, key, (generations, value), timeout=VERIFICATION_CACHE_SECONDS))


def _valid(entry: tuple[tuple[int, int], object] | None, generations: tuple[int, int]) -> object | None:
    """A cache entry's value if it was stored under ``generations``."""
    return entry[1] if entry is not None and entry[0] == generations else None


# Batch parts already read from the cache server, per process, under the
# key and generations they were stored under (so exactly as valid as the
# entry itself): a page composed from one reads neither the part nor its
# pickle again. Bounded: cleared when full.
_PARTS: dict[str, Verification] = {}
_PARTS_MAX = 256


def _part_key(batch_key: str, generations: tuple[int, int]) -> str:
    return f"{batch_key}:{generations[0]}:{generations[1]}"


def _cached_part(batch_key: str, generations: tuple[int, int]) -> Verification | None:
    """The batch's part stored at ``batch_key`` under ``generations``, or None."""
    part_key = _part_key(batch_key, generations)
    part = _PARTS.get(part_key)
    if part is None:
        part = _valid(cache.get(batch_key), generations)
        if part is None:
            return None
        if len(_PARTS) >= _PARTS_MAX:
            _PARTS.clear()
        _PARTS[part_key] = part
    return part


def cached_verification(
    uri: str | DigitalLink,
    *,
    read_stamp_row: Callable[[str, str, int | None], StampRow | None] = _read_stamp_row,
    lookup_key: str | None = None,
) -> Verification:
    """``verification_for_uri`` from the cache when nothing it shows has
    changed since it was stored. The answer is cached in two parts, both
    valid only under the traceability and catalogue generations they were
    built under (``traceability.cache``): per batch, everything but the stamp
    (product, producer, timeline, certificates, recall: also the batch code's
    whole answer); per stamp, its own row (status, suspicion). One round trip
    to the cache server reads both generations and the stamp's row; the
    batch's part comes from the process's memory once read (one more round
    trip the first time). No SQL when both are cached, one indexed stamp
    query for a new stamp of a cached batch, ``verification_for_uri``
    otherwise. Unknown codes are never stored (anyone can make up serials).

    ``read_stamp_row(gtin, serial, batch_id)`` reads that stamp query;
    ``batch_id`` is the batch of the cached part the answer will be composed
    from (None when not known yet). ``scans.scan_uri`` passes one that logs
    the scan in the same statement.

    With ``lookup_key`` (``ratelimit.lookup_key(request)``) the client's
    lookup is counted in the same round trip to the cache server, and
    ``ratelimit.TooManyLookups`` raised beyond its allowance, before any SQL.

    Raises ``InvalidDigitalLink`` like ``verification_for_uri``."""
    link = uri if isinstance(uri, DigitalLink) else digital_link.parse(uri)
    text = uri if isinstance(uri, str) else link.uri()
    gtin = link.gtin
    window = ratelimit.WINDOW_SECONDS
    if gtin is None or not (link.serial or link.lot):
        ratelimit.enforce(count_and_read(lookup_key, window, [])[0] if lookup_key else None)
        return verification_for_uri(uri)
    scope = _scope()
    if not link.serial:  # a batch code: its batch's part is the whole answer
        assert link.lot is not None
        batch_key = _batch_key(scope, gtin, link.lot)
        generations, _, counted = generations_and_entries([], counter=lookup_key, window=window)
        ratelimit.enforce(counted)
        part = _cached_part(batch_key, generations)
        if part is not None:
            return part.copy(uri=text, link=link)
        verification = verification_for_uri(link)
        if verification.verdict != Verdict.UNKNOWN:
            _store(batch_key, generations, verification.copy(uri="", link=None))
        return verification.copy(uri=text)
    stamp_key = _stamp_key(scope, gtin, link.serial)
    generations, found, counted = generations_and_entries([stamp_key], counter=lookup_key, window=window)
    ratelimit.enforce(counted)
    row: StampRow | None = _valid(found.get(stamp_key), generations)
    batch_key = _batch_key(scope, gtin, link.lot) if link.lot else None
    part = _cached_part(batch_key, generations) if batch_key is not None else None
    if row is None and (part is not None or batch_key is None):
        # One indexed query (unique (trade item, serial)) for the stamp's row.
        row = read_stamp_row(gtin, link.serial, part.batch.pk if part is not None and part.batch else None)
        if row is not None and row[1] is not None:
            _store(stamp_key, generations, row)
    if row is not None and row[1] is not None and batch_key is None and row[2]:
        batch_key = _batch_key(scope, gtin, row[2])  # a link without its lot: the stamp's batch
        part = _cached_part(batch_key, generations)
    if row is not None and part is not None and part.batch is not None and part.batch.pk == row[1]:
        assert batch_key is not None
        answer = _with_stamp(part, row, link, text, _part_key(batch_key, generations))
        if answer is not None:
            return answer
    verification = verification_for_uri(link)
    stamp, batch = verification.stamp, verification.batch
    if verification.verdict != Verdict.UNKNOWN and stamp is not None and batch is not None:
        _store(stamp_key, generations, _stamp_row(stamp))
        _store(_batch_key(scope, gtin, batch.lot_code), generations, _batch_part(verification))
    return verification.copy(uri=text)
