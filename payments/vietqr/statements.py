"""Reading a bank statement an operator exports from the bank's website.

Layout (CSV, UTF-8 with or without BOM, comma, semicolon or tab separated),
one header row naming four columns in any order — the header may be in
Vietnamese or English, with or without diacritics:

=================  ==========================================================
column             header names accepted
=================  ==========================================================
date               Ngày giao dịch, Ngày, Ngày GD, Ngày hạch toán, Thời gian, Date
amount (credit)    Số tiền, Số tiền ghi có, Ghi có, Credit, Amount
description        Nội dung, Nội dung chuyển khoản, Diễn giải, Mô tả, Description, Memo
bank reference     Mã giao dịch, Số tham chiếu, Mã tham chiếu, Số bút toán, Reference
=================  ==========================================================

Dates: ``25/11/2026``, ``25/11/2026 14:03(:05)``, ``2026-11-25``, ISO 8601;
without a time zone they are Vietnam time. Amounts: whole đồng, with ``.``
or ``,`` thousands separators (``1.200.000``), optionally ``VND``/``đ``/``₫``;
negative (``-``, parentheses) or empty amounts are debits and are skipped.

The whole file is checked before anything is stored: a file that is too
large, not CSV, not UTF-8, without the four columns, with more than
``MAX_ROWS`` lines or with a bad date, amount or missing bank reference on
any line raises ``PaymentError("INVALID_FILE")`` with a Vietnamese message
naming the line."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.text import search_normalize
from payments.errors import PaymentError
from payments.vietqr.matching import IncomingCredit

MAX_ROWS = 5000
HEADERS: dict[str, frozenset[str]] = {
    "date": frozenset(
        {
            "ngay giao dich",
            "ngay",
            "ngay gd",
            "ngay hach toan",
            "thoi gian",
            "thoi gian giao dich",
            "date",
            "transaction date",
            "booking date",
        }
    ),
    "amount": frozenset({"so tien", "so tien ghi co", "ghi co", "credit", "amount", "so tien gd"}),
    "description": frozenset(
        {"noi dung", "noi dung chuyen khoan", "noi dung giao dich", "dien giai", "mo ta", "description", "memo"}
    ),
    "bank_reference": frozenset(
        {
            "ma giao dich",
            "so tham chieu",
            "ma tham chieu",
            "so but toan",
            "ma gd",
            "reference",
            "bank reference",
            "transaction id",
        }
    ),
}
_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
_AMOUNT = re.compile(r"(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*|\d+)(?:[.,](0{1,2}))?")


@dataclass(frozen=True)
class ParsedStatement:
    credits: list[IncomingCredit]
    row_count: int
    skipped: int


def _invalid(message: str) -> PaymentError:
    return PaymentError("INVALID_FILE", message, field="file")


def _decode(data: bytes, file_name: str) -> str:
    if not file_name.lower().endswith(".csv"):
        raise _invalid(_("Vui lòng chọn tệp sao kê dạng CSV (.csv)."))
    if len(data) > settings.VIETQR_STATEMENT_MAX_BYTES:
        raise _invalid(_("Tệp quá lớn: tối đa %(size)s KB.") % {"size": settings.VIETQR_STATEMENT_MAX_BYTES // 1024})
    if b"\x00" in data:
        raise _invalid(_("Tệp không phải văn bản CSV."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _invalid(_("Tệp phải được lưu với bảng mã UTF-8 (CSV UTF-8).")) from None


def _columns(header: list[str]) -> dict[str, int]:
    names = [search_normalize(cell.strip().strip('"')) for cell in header]
    found: dict[str, int] = {}
    for key, accepted in HEADERS.items():
        for index, name in enumerate(names):
            if name in accepted:
                found[key] = index
                break
    missing = [key for key in HEADERS if key not in found]
    if missing:
        raise _invalid(_("Dòng tiêu đề phải có các cột: ngày giao dịch, số tiền, nội dung, mã giao dịch."))
    return found


def parse_amount(text: str) -> int | None:
    """Whole đồng of a credit; ``None`` for a debit or an empty cell.
    Raises ``ValueError`` for anything else."""
    cleaned = re.sub(r"(?i)\s|vnd|đ|₫|\+", "", text)
    if not cleaned or cleaned in {"-", "0"}:
        return None
    if cleaned.startswith("-") or (cleaned.startswith("(") and cleaned.endswith(")")):
        return None
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise ValueError(text)
    amount = int(re.sub(r"[.,]", "", match.group(1)))
    return amount or None


def parse_date(text: str) -> datetime.datetime:
    """Raises ``ValueError`` for anything but the documented formats."""
    text = text.strip()
    value: datetime.datetime | None = None
    for fmt in _DATE_FORMATS:
        try:
            value = datetime.datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    if value is None:
        value = datetime.datetime.fromisoformat(text)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


def parse_statement(*, data: bytes, file_name: str) -> ParsedStatement:
    """The credits of a statement file (see the module's docstring)."""
    text = _decode(data, file_name)
    lines = text.splitlines()
    if not lines:
        raise _invalid(_("Tệp sao kê trống."))
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise _invalid(_("Tệp sao kê trống."))
    columns = _columns(rows[0])
    body = rows[1:]
    if not body:
        raise _invalid(_("Tệp sao kê không có giao dịch nào."))
    if len(body) > MAX_ROWS:
        raise _invalid(_("Tệp có quá nhiều dòng: tối đa %(limit)s giao dịch mỗi lần.") % {"limit": MAX_ROWS})
    credits: list[IncomingCredit] = []
    skipped = 0
    width = max(columns.values()) + 1
    for number, row in enumerate(body, start=2):
        if len(row) < width:
            raise _invalid(_("Dòng %(line)s: thiếu cột.") % {"line": number})
        try:
            amount = parse_amount(row[columns["amount"]])
        except ValueError:
            raise _invalid(_("Dòng %(line)s: số tiền không hợp lệ.") % {"line": number}) from None
        if amount is None:
            skipped += 1
            continue
        try:
            booked_at = parse_date(row[columns["date"]])
        except ValueError:
            raise _invalid(_("Dòng %(line)s: ngày giao dịch không hợp lệ.") % {"line": number}) from None
        bank_reference = row[columns["bank_reference"]].strip()
        if not bank_reference or len(bank_reference) > 100:
            raise _invalid(_("Dòng %(line)s: thiếu mã giao dịch của ngân hàng.") % {"line": number})
        credits.append(
            IncomingCredit(
                bank_reference=bank_reference,
                booked_at=booked_at,
                amount=amount,
                description=" ".join(row[columns["description"]].split())[:500],
            )
        )
    return ParsedStatement(credits=credits, row_count=len(body), skipped=skipped)
