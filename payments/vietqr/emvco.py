"""The NAPAS VietQR payload: EMVCo merchant-presented QR data (ID + two-digit
length + value, nested templates), as every Vietnamese banking app reads it.

Layout (NAPAS "QR switching" spec, the IBFT-to-account service)::

    00 02 "01"                    payload format indicator
    01 02 "11" | "12"             point of initiation: static / dynamic (an amount)
    38 ..                         merchant account information (NAPAS)
       00 10 "A000000727"         NAPAS GUID
       01 ..                      beneficiary organisation
          00 06 <bank BIN>
          01 .. <account number>
       02 08 "QRIBFTTA"           service: transfer to an account
    53 03 "704"                   currency (VND)
    54 .. <amount>                whole đồng, only in a dynamic code
    58 02 "VN"                    country
    62 ..                         additional data
       08 .. <purpose>            the transfer's memo (our reference)
    63 04 <CRC>                   CRC-16/CCITT-FALSE over everything up to and
                                  including "6304", four upper-case hex digits

``build_vietqr`` validates its inputs (``VietQRFormatError``);
``decode``/``check_crc`` read a payload back (tests, and the browser test's
decoded QR)."""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass

NAPAS_GUID = "A000000727"
SERVICE_TRANSFER_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TRANSFER_TO_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
STATIC = "11"
DYNAMIC = "12"

MAX_PURPOSE_LENGTH = 25
MAX_AMOUNT_LENGTH = 13
_BIN = re.compile(r"\d{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
# Printable ASCII: what bank memo fields keep (banks strip diacritics).
_PURPOSE = re.compile(r"[\x20-\x7e]*")


class VietQRFormatError(ValueError):
    """An input the VietQR format cannot carry, or a payload that is not one."""


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no
    reflection, no final XOR (check value of b"123456789": 0x29B1).
    ``binascii.crc_hqx`` is exactly this CRC when started at 0xFFFF (in C;
    the tests hold it against a bit-by-bit reference)."""
    return binascii.crc_hqx(data, 0xFFFF)


def tlv(tag: str, value: str) -> str:
    """One data object: two-digit ID, two-digit length, value (1–99 chars)."""
    if not re.fullmatch(r"\d{2}", tag):
        raise VietQRFormatError(f"bad ID {tag!r}")
    if not 1 <= len(value) <= 99:
        raise VietQRFormatError(f"ID {tag}: value of {len(value)} characters (1–99 allowed)")
    return f"{tag}{len(value):02d}{value}"


def with_crc(body: str) -> str:
    """``body`` (everything before the CRC object) + ``6304`` + its CRC."""
    head = body + "6304"
    return head + f"{crc16_ccitt_false(head.encode('ascii')):04X}"


def build_vietqr(
    *,
    bank_bin: str,
    account: str,
    amount: int | None = None,
    purpose: str = "",
    service: str = SERVICE_TRANSFER_TO_ACCOUNT,
    initiation: str | None = None,
) -> str:
    """The VietQR payload for a transfer of ``amount`` đồng (``None``: the
    payer types it) to ``account`` at the bank ``bank_bin``, with memo
    ``purpose``. ``initiation`` defaults to dynamic ("12") when there is an
    amount, static ("11") otherwise.

    Raises ``VietQRFormatError``: BIN not six digits, account not 1–19
    letters/digits, amount not a whole number of đồng > 0 in at most 13
    digits, purpose not plain ASCII (no diacritics) or longer than 25."""
    if not isinstance(bank_bin, str) or not _BIN.fullmatch(bank_bin):
        raise VietQRFormatError("bank BIN must be 6 digits")
    if not isinstance(account, str) or not _ACCOUNT.fullmatch(account):
        raise VietQRFormatError("account must be 1-19 letters or digits")
    if amount is not None:
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise VietQRFormatError("amount must be a whole number of dong above zero")
        if len(str(amount)) > MAX_AMOUNT_LENGTH:
            raise VietQRFormatError("amount has more than 13 digits")
    if not isinstance(purpose, str) or not _PURPOSE.fullmatch(purpose) or len(purpose) > MAX_PURPOSE_LENGTH:
        raise VietQRFormatError("purpose must be plain ASCII, at most 25 characters")
    if service not in (SERVICE_TRANSFER_TO_ACCOUNT, SERVICE_TRANSFER_TO_CARD):
        raise VietQRFormatError("unknown service code")
    if initiation is None:
        initiation = DYNAMIC if amount is not None else STATIC
    if initiation not in (STATIC, DYNAMIC):
        raise VietQRFormatError("point of initiation must be 11 or 12")
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", service)
    body = tlv("00", "01") + tlv("01", initiation) + tlv("38", merchant) + tlv("53", CURRENCY_VND)
    if amount is not None:
        body += tlv("54", str(amount))
    body += tlv("58", COUNTRY_VN)
    if purpose:
        body += tlv("62", tlv("08", purpose))
    return with_crc(body)


def parse_tlv(data: str) -> list[tuple[str, str]]:
    """The data objects of ``data`` in order. Raises ``VietQRFormatError``
    for a truncated or malformed string."""
    objects: list[tuple[str, str]] = []
    position = 0
    while position < len(data):
        head = data[position : position + 4]
        if len(head) < 4 or not head.isdigit():
            raise VietQRFormatError(f"bad data object at {position}")
        length = int(head[2:])
        value = data[position + 4 : position + 4 + length]
        if length == 0 or len(value) != length:
            raise VietQRFormatError(f"ID {head[:2]} at {position}: length {length} runs past the end")
        objects.append((head[:2], value))
        position += 4 + length
    return objects


def check_crc(payload: str) -> bool:
    """True when ``payload`` ends in ``6304`` + the right CRC (either case)."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        return False
    expected = f"{crc16_ccitt_false(payload[:-4].encode('ascii', errors='replace')):04X}"
    return payload[-4:].upper() == expected


@dataclass(frozen=True)
class VietQRData:
    initiation: str
    guid: str
    bank_bin: str
    account: str
    service: str
    currency: str
    amount: int | None
    country: str
    purpose: str


def decode(payload: str) -> VietQRData:
    """Read a VietQR payload back. Raises ``VietQRFormatError`` when the CRC
    is wrong or a mandatory object is missing."""
    if not check_crc(payload):
        raise VietQRFormatError("CRC does not match")
    root = dict(parse_tlv(payload))
    try:
        merchant = dict(parse_tlv(root["38"]))
        beneficiary = dict(parse_tlv(merchant["01"]))
        extra = dict(parse_tlv(root["62"])) if "62" in root else {}
        return VietQRData(
            initiation=root.get("01", ""),
            guid=merchant["00"],
            bank_bin=beneficiary["00"],
            account=beneficiary["01"],
            service=merchant.get("02", ""),
            currency=root["53"],
            amount=int(root["54"]) if "54" in root else None,
            country=root["58"],
            purpose=extra.get("08", ""),
        )
    except (KeyError, ValueError) as exc:
        raise VietQRFormatError(f"not a VietQR payload: {exc}") from exc
