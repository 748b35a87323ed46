"""Scans of stamps, the anti-counterfeit signal.

Each scan of a serialised stamp (or of a batch code) is logged with its time,
a coarse province from the request and a salted hash of the client, and no
personal data (no IP address, no user). A stamp scanned more than
``SCAN_MAX_PER_WINDOW`` times, or in more than ``SCAN_MAX_PROVINCES``
provinces, within ``SCAN_WINDOW_HOURS`` is flagged as suspicious for good
(``Stamp.suspicious_since``): a copied code on many counterfeit packages
shows exactly this pattern.

The public resolver calls ``scan_uri(uri=…, province=province_from_request(r),
device_key=device_key_for_request(r))`` once per page view and renders the
``Verification`` it returns.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.text import search_normalize
from marketplace.geography.models import Province
from traceability.cache import trace_changed
from traceability.gs1.digital_link import DigitalLink
from traceability.models import Batch, ScanLog, Stamp, TradeItem

if TYPE_CHECKING:
    from traceability.verification import Verification
    from traceability.verification_cache import StampRow

SUSPICIOUS_BY_COUNT = "too_many_scans"
SUSPICIOUS_BY_PROVINCES = "too_many_provinces"
SUSPICIOUS_REASONS = {
    SUSPICIOUS_BY_COUNT: _("Tem được quét quá nhiều lần trong thời gian ngắn."),
    SUSPICIOUS_BY_PROVINCES: _("Tem được quét ở quá nhiều tỉnh, thành khác nhau trong thời gian ngắn."),
}


@dataclass(frozen=True)
class ScanResult:
    """What the page says about scans: "Đã quét {count} lần, lần đầu lúc
    {first_scanned_at} tại {first_province_name}", and a warning when
    ``suspicious`` (``reason`` is one of ``SUSPICIOUS_REASONS``)."""

    count: int
    first_scanned_at: datetime.datetime
    first_province_code: str | None
    first_province_name: str | None
    window_count: int
    window_provinces: int
    suspicious: bool
    reason: str = ""

    @property
    def reason_text(self) -> str:
        return str(SUSPICIOUS_REASONS.get(self.reason, ""))


# --- the client, coarsely ----------------------------------------------------

_PROVINCES: dict[str, tuple[str, str]] = {}


def _province_index() -> dict[str, tuple[str, str]]:
    """Province code and every usual spelling of its name (with or without
    diacritics or "Tỉnh"/"Thành phố") -> (code, full name). Loaded once."""
    if not _PROVINCES:
        for code, name, kind in Province.objects.values_list("code", "name", "kind"):
            full = Province(code=code, name=name, kind=kind).full_name
            for key in (code, name, full, search_normalize(name), search_normalize(full)):
                _PROVINCES[key.lower()] = (code, full)
    return _PROVINCES


def resolve_province(value: str | None) -> str | None:
    """A province code from a code ("01", "1") or name ("Hà Nội", "ha noi",
    "Thành phố Hà Nội"); None when unknown or empty."""
    text = (value or "").strip()
    if not text:
        return None
    index = _province_index()
    if text.isdigit() and len(text) <= 2:
        text = text.zfill(2)
    found = index.get(text.lower()) or index.get(search_normalize(text))
    return found[0] if found else None


def province_name(code: str | None) -> str | None:
    if not code:
        return None
    found = _province_index().get(code.lower())
    return found[1] if found else None


def province_from_request(request: HttpRequest) -> str | None:
    """The province code in the header named by ``SCAN_LOCATION_HEADER``
    (filled by the proxy or CDN from the client's address), or None."""
    header = settings.SCAN_LOCATION_HEADER.upper().replace("-", "_")
    return resolve_province(request.META.get(f"HTTP_{header}"))


def device_key(*, ip: str, user_agent: str) -> str:
    """16 hex characters of sha256(SECRET_KEY + IP + User-Agent): tells repeat
    scans from one phone apart from many phones without storing who it was."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{ip}|{user_agent}".encode()).hexdigest()
    return digest[:16]


def device_key_for_request(request: HttpRequest) -> str:
    return device_key(ip=request.META.get("REMOTE_ADDR", ""), user_agent=request.META.get("HTTP_USER_AGENT", ""))


# --- logging a scan ------------------------------------------------------------

# A scan is logged and counted in one fixed statement (no ORM query to build,
# one round trip): the INSERT is a CTE, and since the statement's own SELECT
# does not see the row its INSERT adds, that row joins the counts from the
# INSERT's RETURNING. Outside a transaction the INSERT also turns
# synchronous_commit off for its own commit (set_config(..., true) lasts
# until the statement commits): a scan log is evidence, not money; losing the
# last few milliseconds of scans in a crash is acceptable, waiting for the
# disk on every scan is not. {owner} is "stamp_id" or "batch_id" and {pk} a
# parameter or a column, never user input. Fixed text, so psycopg prepares it
# on each connection that runs it often (settings: DB_PREPARE_THRESHOLD).
_ASYNC_COMMIT = ", set_config('synchronous_commit', 'off', true)"
_COUNTS_SQL = """
LEFT JOIN LATERAL (
    SELECT count(*) AS total,
           count(*) FILTER (WHERE a.scanned_at >= %(since)s::timestamptz) AS in_window,
           count(DISTINCT a.province_id) FILTER (WHERE a.scanned_at >= %(since)s::timestamptz) AS provinces
    FROM (
        SELECT scanned_at, province_id FROM {table} WHERE {owner} = {pk}
        UNION ALL SELECT scanned_at, province_id FROM ins
    ) a
) c ON true
LEFT JOIN LATERAL (
    (SELECT scanned_at, id, province_id FROM {table} WHERE {owner} = {pk} ORDER BY scanned_at, id LIMIT 1)
    UNION ALL (SELECT scanned_at, id, province_id FROM ins)
    ORDER BY scanned_at, id LIMIT 1
) f ON true
"""
_COUNT_COLUMNS = "c.total, c.in_window, c.provinces, f.scanned_at, f.province_id"

# Log a scan of a known stamp or batch code and read its counts.
_SCAN_SQL = (
    """
WITH ins AS (
    INSERT INTO {table} (stamp_id, batch_id, scanned_at, province_id, device_key)
    VALUES (%(stamp)s::bigint, %(batch)s::bigint, %(now)s::timestamptz, %(province)s::varchar, %(device)s::varchar)
    RETURNING id, scanned_at, province_id{async_commit}
)
SELECT """
    + _COUNT_COLUMNS
    + """
FROM (SELECT 1) one"""
    + _COUNTS_SQL
)

# A stamp found by its code (the unique (trade item, serial) index): its row
# (``verification_cache.StampRow``), and its scan logged and counted when it belongs
# to the batch the page is composed for; ``logged`` says whether it was.
_STAMP_SCAN_SQL = (
    """
WITH s AS (
    SELECT s.id, s.batch_id, b.lot_code AS batch_lot, s.lot_code, s.status, s.suspicious_since, s.suspicious_reason
    FROM {stamp} s JOIN {trade_item} t ON t.id = s.trade_item_id LEFT JOIN {batch} b ON b.id = s.batch_id
    WHERE t.gtin = %(gtin)s::varchar AND s.serial = %(serial)s::varchar
), ins AS (
    INSERT INTO {table} (stamp_id, batch_id, scanned_at, province_id, device_key)
    SELECT s.id, NULL, %(now)s::timestamptz, %(province)s::varchar, %(device)s::varchar
    FROM s WHERE s.batch_id = %(batch)s::bigint
    RETURNING id, scanned_at, province_id{async_commit}
)
SELECT s.id, s.batch_id, s.batch_lot, s.lot_code, s.status, s.suspicious_since, s.suspicious_reason,
       EXISTS (SELECT 1 FROM ins) AS logged, """
    + _COUNT_COLUMNS
    + """
FROM s"""
    + _COUNTS_SQL
)


@dataclass(frozen=True)
class _Counts:
    total: int
    in_window: int
    provinces: int
    first_at: datetime.datetime
    first_province: str | None


def fetch_one(sql: str, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The first row of ``sql`` run with ``values`` (named parameters), or None."""
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchone()


def _sql(template: str, **names: str) -> str:
    table = ScanLog._meta.db_table
    async_commit = "" if transaction.get_connection().in_atomic_block else _ASYNC_COMMIT
    return template.format(table=table, async_commit=async_commit, **names)


def _scan_values(*, province: str | None, device_key: str, now: datetime.datetime) -> dict[str, Any]:
    return {
        "now": now,
        "since": now - datetime.timedelta(hours=settings.SCAN_WINDOW_HOURS),
        "province": province if province and province_name(province) else None,
        "device": (device_key or "")[:16],
    }


def _judge(
    *,
    stamp_pk: int,
    suspicious_since: datetime.datetime | None,
    suspicious_reason: str,
    counts: _Counts,
    now: datetime.datetime,
) -> str:
    """The suspicion reason of a stamp after this scan ("" when none); flags
    the stamp (one more query) the first time it looks copied."""
    if suspicious_since is not None:
        return suspicious_reason or SUSPICIOUS_BY_COUNT
    reason = ""
    if counts.in_window > settings.SCAN_MAX_PER_WINDOW:
        reason = SUSPICIOUS_BY_COUNT
    elif counts.provinces > settings.SCAN_MAX_PROVINCES:
        reason = SUSPICIOUS_BY_PROVINCES
    if reason:
        flagged = Stamp.objects.filter(pk=stamp_pk, suspicious_since__isnull=True).update(
            suspicious_since=now, suspicious_reason=reason
        )
        if flagged:
            trace_changed()  # the stamp's cached answer must turn SUSPICIOUS for good
    return reason


def _result(counts: _Counts, reason: str) -> ScanResult:
    return ScanResult(
        count=counts.total,
        first_scanned_at=counts.first_at,
        first_province_code=counts.first_province,
        first_province_name=province_name(counts.first_province),
        window_count=counts.in_window,
        window_provinces=counts.provinces,
        suspicious=bool(reason),
        reason=reason,
    )


def record_scan(
    *,
    stamp: Stamp | None = None,
    batch: Batch | None = None,
    province: str | None,
    device_key: str,
    now: datetime.datetime | None = None,
) -> ScanResult:
    """Log one scan of ``stamp`` (or of ``batch``'s batch code) and return the
    counts the page shows, in one query (a fixed SQL statement that inserts
    and counts), and one more the first time a stamp looks copied: the flag.

    ``province`` is a province code (``resolve_province``) or None. Batch
    codes sit on every package of a lot, so they are counted but never
    flagged."""
    if (stamp is None) == (batch is None):
        raise ValueError("record_scan needs a stamp or a batch")
    now = now or timezone.now()
    owner = "stamp_id" if stamp is not None else "batch_id"
    values = _scan_values(province=province, device_key=device_key, now=now)
    values.update(stamp=stamp.pk if stamp else None, batch=batch.pk if batch else None, pk=(stamp or batch).pk)
    counts = _Counts(*fetch_one(_sql(_SCAN_SQL, owner=owner, pk="%(pk)s::bigint"), values))
    if stamp is None:
        return _result(counts, "")
    reason = _judge(
        stamp_pk=stamp.pk,
        suspicious_since=stamp.suspicious_since,
        suspicious_reason=stamp.suspicious_reason,
        counts=counts,
        now=now,
    )
    if reason and stamp.suspicious_since is None:
        stamp.suspicious_since, stamp.suspicious_reason = now, reason
    return _result(counts, reason)


def scan_stamp_by_code(
    *,
    gtin: str,
    serial: str,
    batch_id: int | None,
    province: str | None,
    device_key: str,
    now: datetime.datetime,
) -> tuple[StampRow | None, ScanResult | None]:
    """The row of the stamp (``verification_cache.StampRow``) with ``serial`` under
    ``gtin``, or None; and, when it belongs to the batch ``batch_id`` (the
    batch whose cached answer the page is composed from), its scan logged and
    counted as ``record_scan`` does: all in one query (and the flag's, once).
    The scan is None when it was not logged (no such stamp, another batch)."""
    sql = _sql(
        _STAMP_SCAN_SQL,
        owner="stamp_id",
        pk="s.id",
        stamp=Stamp._meta.db_table,
        trade_item=TradeItem._meta.db_table,
        batch=Batch._meta.db_table,
    )
    values = _scan_values(province=province, device_key=device_key, now=now)
    values.update(gtin=gtin, serial=serial, batch=batch_id)
    found = fetch_one(sql, values)
    if found is None:
        return None, None
    row: StampRow = found[:7]
    if not found[7]:
        return row, None
    counts = _Counts(*found[8:])
    reason = _judge(stamp_pk=row[0], suspicious_since=row[5], suspicious_reason=row[6], counts=counts, now=now)
    if reason and row[5] is None:
        row = (*row[:5], now, reason)
    return row, _result(counts, reason)


def scan_uri(
    *, uri: str | DigitalLink, province: str | None, device_key: str, lookup_key: str | None = None
) -> Verification:
    """Verify a scanned Digital Link and log the scan: the whole work of one
    public verification page view. What is the same for every scan comes from
    ``verification_cache.cached_verification``; a stamp's scan is logged and counted in
    one query. In all: one query when the stamp and its batch are cached, one
    for a new stamp of a cached batch (its row read in the same statement),
    five otherwise (four reads, the scan). With ``lookup_key``
    (``ratelimit.lookup_key(request)``) the client's lookup is counted in the
    round trip that reads the cache, and ``ratelimit.TooManyLookups`` raised
    beyond its allowance, before anything is read or logged.

    Returns ``verification.Verification`` with ``scan`` filled (None for an
    unknown item, which is not logged). Raises ``InvalidDigitalLink``
    (code ``INVALID_DIGITAL_LINK``) for bad syntax: the resolver answers 400."""
    from traceability.verification_cache import cached_verification  # it imports ScanResult from here

    now = timezone.now()
    logged: dict[int, ScanResult] = {}

    def read_stamp_row(gtin: str, serial: str, batch_id: int | None) -> StampRow | None:
        row, result = scan_stamp_by_code(
            gtin=gtin, serial=serial, batch_id=batch_id, province=province, device_key=device_key, now=now
        )
        if row is not None and result is not None:
            logged[row[0]] = result
        return row

    verification = cached_verification(uri, read_stamp_row=read_stamp_row, lookup_key=lookup_key)
    if verification.stamp is not None:
        stamp = verification.stamp
        result = logged.get(stamp.pk)
        if result is None:
            result = record_scan(stamp=stamp, province=province, device_key=device_key, now=now)
    elif verification.batch is not None:
        result = record_scan(batch=verification.batch, province=province, device_key=device_key, now=now)
    else:
        return verification
    return verification.with_scan(result)
