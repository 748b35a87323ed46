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
from traceability.models import Batch, ScanLog, Stamp

if TYPE_CHECKING:
    from traceability.selectors import Verification

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


# One fixed statement (no ORM expressions to build per scan): every count of
# one stamp's or batch's scans, and its first scan, on the (owner, scanned_at)
# index. {owner} is "stamp_id" or "batch_id", never user input.
_COUNTS_SQL = """
SELECT c.total, c.in_window, c.provinces, f.scanned_at, f.province_id
FROM (
    SELECT count(*) AS total,
           count(*) FILTER (WHERE scanned_at >= %(since)s) AS in_window,
           count(DISTINCT province_id) FILTER (WHERE scanned_at >= %(since)s) AS provinces
    FROM {table} WHERE {owner} = %(pk)s
) c
LEFT JOIN LATERAL (
    SELECT scanned_at, province_id FROM {table} WHERE {owner} = %(pk)s ORDER BY scanned_at, id LIMIT 1
) f ON true
"""


_INSERT_SQL = (
    "INSERT INTO {table} (stamp_id, batch_id, scanned_at, province_id, device_key) VALUES (%s, %s, %s, %s, %s)"
)

_INSERT_ASYNC_SQL = (
    "INSERT INTO {table} (stamp_id, batch_id, scanned_at, province_id, device_key) VALUES (%s, %s, %s, %s, %s)"
    " RETURNING set_config('synchronous_commit', 'off', true)"
)


def _scan_counts(owner: str, pk: int, since: datetime.datetime) -> dict[str, Any]:
    sql = _COUNTS_SQL.format(table=ScanLog._meta.db_table, owner=owner)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"since": since, "pk": pk})
        total, in_window, provinces, first_at, first_province = cursor.fetchone()
    return {
        "scan_total": total,
        "scan_first_at": first_at,
        "scan_first_province": first_province,
        "scan_window": in_window,
        "scan_provinces": provinces,
    }


def record_scan(
    *,
    stamp: Stamp | None = None,
    batch: Batch | None = None,
    province: str | None,
    device_key: str,
    now: datetime.datetime | None = None,
) -> ScanResult:
    """Log one scan of ``stamp`` (or of ``batch``'s batch code) and return the
    counts the page shows, in at most three queries: the insert, one read of
    all counts (a fixed SQL statement), and, the first time a stamp looks
    copied, the flag.

    ``province`` is a province code (``resolve_province``) or None. Batch
    codes sit on every package of a lot, so they are counted but never
    flagged."""
    if (stamp is None) == (batch is None):
        raise ValueError("record_scan needs a stamp or a batch")
    now = now or timezone.now()
    province = province if province and province_name(province) else None
    since = now - datetime.timedelta(hours=settings.SCAN_WINDOW_HOURS)
    values = [stamp.pk if stamp else None, batch.pk if batch else None, now, province, (device_key or "")[:16]]
    table = ScanLog._meta.db_table
    with connection.cursor() as cursor:  # fixed statements: no model to save per scan
        if transaction.get_connection().in_atomic_block:
            cursor.execute(_INSERT_SQL.format(table=table), values)
        else:
            # A scan log is evidence, not money: losing the last few milliseconds
            # of scans in a crash is acceptable, waiting for the disk on every
            # scan is not. Outside a transaction the INSERT is its own one, and
            # set_config(..., true) lasts until it commits: one round trip.
            cursor.execute(_INSERT_ASYNC_SQL.format(table=table), values)
    # Reads the row just inserted: committed, or in the caller's transaction.
    counts = _scan_counts("stamp_id" if stamp is not None else "batch_id", (stamp or batch).pk, since)
    reason = ""
    if stamp is not None:
        if counts["scan_window"] > settings.SCAN_MAX_PER_WINDOW:
            reason = SUSPICIOUS_BY_COUNT
        elif counts["scan_provinces"] > settings.SCAN_MAX_PROVINCES:
            reason = SUSPICIOUS_BY_PROVINCES
        if reason and stamp.suspicious_since is None:
            flagged = Stamp.objects.filter(pk=stamp.pk, suspicious_since__isnull=True).update(
                suspicious_since=now, suspicious_reason=reason
            )
            if flagged:
                trace_changed()  # the stamp's cached answer must turn SUSPICIOUS for good
            stamp.suspicious_since, stamp.suspicious_reason = now, reason
        elif stamp.suspicious_since is not None:
            reason = stamp.suspicious_reason or SUSPICIOUS_BY_COUNT
    return ScanResult(
        count=counts["scan_total"],
        first_scanned_at=counts["scan_first_at"],
        first_province_code=counts["scan_first_province"],
        first_province_name=province_name(counts["scan_first_province"]),
        window_count=counts["scan_window"],
        window_provinces=counts["scan_provinces"],
        suspicious=bool(reason),
        reason=reason,
    )


def scan_uri(*, uri: str | DigitalLink, province: str | None, device_key: str) -> Verification:
    """Verify a scanned Digital Link and log the scan: the whole work of one
    public verification page view. What is the same for every scan comes from
    ``selectors.cached_verification`` (no SQL when cached, four queries
    otherwise); the scan costs an INSERT and one read of its counts.

    Returns ``selectors.Verification`` with ``scan`` filled (None for an
    unknown item, which is not logged). Raises ``InvalidDigitalLink``
    (code ``INVALID_DIGITAL_LINK``) for bad syntax: the resolver answers 400."""
    from traceability.selectors import cached_verification  # selectors import ScanResult from here

    verification = cached_verification(uri)
    if verification.stamp is not None:
        result = record_scan(stamp=verification.stamp, province=province, device_key=device_key)
    elif verification.batch is not None:
        result = record_scan(batch=verification.batch, province=province, device_key=device_key)
    else:
        return verification
    return verification.with_scan(result)
