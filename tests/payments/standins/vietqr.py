"""A bank for VietQR tests: the statement CSV its internet banking exports
(Vietnamese headers, BOM, Vietnamese number and date formats) and the signed
incoming-transfer notification it sends to our webhook over real HTTP, in
the documented shape (``payments.vietqr.webhook``)."""

from __future__ import annotations

import datetime
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from payments.vietqr.webhook import SIGNATURE_HEADER, sign


@dataclass(frozen=True)
class BankLine:
    bank_reference: str
    amount: int  # negative: a debit
    description: str
    booked_at: datetime.datetime


def vietnamese_amount(amount: int) -> str:
    text = f"{abs(amount):,}".replace(",", ".")
    return f"-{text}" if amount < 0 else text


def statement_csv(lines: Iterable[BankLine], *, bom: bool = True, separator: str = ",") -> bytes:
    """A statement as the bank's website exports it."""
    rows = [separator.join(["Ngày giao dịch", "Mã giao dịch", "Số tiền", "Nội dung chuyển khoản"])]
    for line in lines:
        cells = [
            timezone.localtime(line.booked_at).strftime("%d/%m/%Y %H:%M:%S"),  # Vietnam time, no zone
            line.bank_reference,
            f'"{vietnamese_amount(line.amount)}"',
            f'"{line.description}"',
        ]
        rows.append(separator.join(cells))
    text = "\r\n".join(rows) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


def notification_body(line: BankLine, *, account_number: str) -> bytes:
    return json.dumps(
        {
            "id": line.bank_reference,
            "amount": line.amount,
            "description": line.description,
            "booked_at": line.booked_at.isoformat(),
            "account_number": account_number,
        }
    ).encode()


def notify(url: str, body: bytes, *, secret: str, timestamp: int | None = None) -> tuple[int, dict]:
    """POST a signed notification to ``url``; the status and JSON answer."""
    header = sign(secret=secret, body=body, timestamp=int(time.time()) if timestamp is None else timestamp)
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json", SIGNATURE_HEADER: header}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local test server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
