"""Bank payout files: one CSV per bank layout and run, for the operator to
upload to the bank's bulk-transfer (chi lương / chuyển tiền theo lô) service.

Layouts (UTF-8, comma separated, one header row, amounts whole đồng without
separators, names upper case without diacritics as banks require):

``napas`` — generic interbank (NAPAS 247) bulk transfer, any bank:
    STT, Ma ngan hang (6-digit NAPAS BIN), So tai khoan, Ten nguoi thu huong,
    So tien, Noi dung

``vietcombank`` — Vietcombank's own bulk layout, used for beneficiaries whose
account is at Vietcombank (BIN 970436):
    STT, So tai khoan, Ten tai khoan, So tien, Dien giai

Check a layout against the bank's current template before the first real
upload; the columns above are what this module writes.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

VIETCOMBANK_BIN = "970436"


@dataclass(frozen=True)
class PayoutRow:
    payout_id: int
    seller_id: int
    bank_bin: str
    account_number: str
    holder_name: str
    amount: int
    description: str


def ascii_upper(text: str) -> str:
    """``Nguyễn Văn Đức`` → ``NGUYEN VAN DUC``: letters, digits and spaces only
    (which also keeps spreadsheet formulas out of the file)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^A-Za-z0-9 ]", " ", text).split()).upper()


def _napas(rows: Sequence[PayoutRow]) -> list[list[str]]:
    header = ["STT", "Ma ngan hang", "So tai khoan", "Ten nguoi thu huong", "So tien", "Noi dung"]
    return [header] + [
        [str(i), r.bank_bin, r.account_number, ascii_upper(r.holder_name), str(r.amount), ascii_upper(r.description)]
        for i, r in enumerate(rows, start=1)
    ]


def _vietcombank(rows: Sequence[PayoutRow]) -> list[list[str]]:
    header = ["STT", "So tai khoan", "Ten tai khoan", "So tien", "Dien giai"]
    return [header] + [
        [str(i), r.account_number, ascii_upper(r.holder_name), str(r.amount), ascii_upper(r.description)]
        for i, r in enumerate(rows, start=1)
    ]


LAYOUTS: dict[str, Callable[[Sequence[PayoutRow]], list[list[str]]]] = {
    "napas": _napas,
    "vietcombank": _vietcombank,
}


def layout_for(bank_bin: str) -> str:
    return "vietcombank" if bank_bin == VIETCOMBANK_BIN else "napas"


def render_csv(layout: str, rows: Sequence[PayoutRow]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(LAYOUTS[layout](rows))
    return buffer.getvalue()
