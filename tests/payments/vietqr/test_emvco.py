"""The VietQR encoder against published payloads, byte for byte, and the
CRC against CRC-16/CCITT-FALSE's check value."""

from __future__ import annotations

import pytest

from payments.vietqr.emvco import (
    VietQRFormatError,
    build_vietqr,
    check_crc,
    crc16_ccitt_false,
    decode,
    parse_tlv,
)

# The NAPAS/VietQR example every VietQR library repeats (subiz/vietqr's
# README and Go example test): 120,000 ₫ to VietinBank 0011001932418, "ung ho lu lut".
PUBLISHED_DYNAMIC = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
    "530370454061200005802VN62170813ung ho lu lut6304C15C"
)
# NAPAS QR switching spec, IBFT to card (static, no amount).
NAPAS_STATIC_CARD = "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52"
# Static code to account 123456789 at BIN 970415 (vietqr JS library's test).
STATIC_ACCOUNT = "00020101021138530010A0000007270123000697041501091234567890208QRIBFTTA53037045802VN63046376"
# 850,000 ₫, purpose "DH482113" at BIN 970436 (an app's fixture shared by its iOS and Android tests).
DYNAMIC_ORDER = (
    "00020101021238570010A00000072701270006970436011300710012345670208QRIBFTTA"
    "530370454068500005802VN62120808DH4821136304E529"
)
# A static code that still carries an amount (point of initiation 11).
STATIC_WITH_AMOUNT = (
    "00020101021138540010A00000072701240006970436011012345678900208QRIBFTTA"
    "53037045405500005802VN62110807Payment6304D309"
)


def _bitwise_crc(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def test_crc_check_value():
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert _bitwise_crc(b"123456789") == 0x29B1


@pytest.mark.parametrize("data", [b"", b"A", b"6304", PUBLISHED_DYNAMIC.encode(), bytes(range(256))])
def test_crc_equals_the_bit_by_bit_definition(data):
    assert crc16_ccitt_false(data) == _bitwise_crc(data)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(bank_bin="970415", account="0011001932418", amount=120_000, purpose="ung ho lu lut"), PUBLISHED_DYNAMIC),
        (dict(bank_bin="970403", account="9704031101234567", service="QRIBFTTC"), NAPAS_STATIC_CARD),
        (dict(bank_bin="970415", account="123456789"), STATIC_ACCOUNT),
        (dict(bank_bin="970436", account="0071001234567", amount=850_000, purpose="DH482113"), DYNAMIC_ORDER),
        (
            dict(bank_bin="970436", account="1234567890", amount=50_000, purpose="Payment", initiation="11"),
            STATIC_WITH_AMOUNT,
        ),
    ],
)
def test_published_payloads_byte_for_byte(kwargs, expected):
    assert build_vietqr(**kwargs) == expected
    assert check_crc(expected)


def test_published_payloads_decode_back():
    data = decode(PUBLISHED_DYNAMIC)
    assert (data.initiation, data.guid, data.bank_bin, data.account) == ("12", "A000000727", "970415", "0011001932418")
    assert (data.service, data.currency, data.amount, data.country, data.purpose) == (
        "QRIBFTTA",
        "704",
        120_000,
        "VN",
        "ung ho lu lut",
    )
    # A purpose longer than our encoder writes (28 characters) still decodes.
    long_purpose = (
        "00020101021238540010A00000072701240006970436011098895593570208QRIBFTTA"
        "53037045405100005802VN62320828day la noi dung chuyen khoan6304EEF5"
    )
    assert decode(long_purpose).purpose == "day la noi dung chuyen khoan"
    assert decode(long_purpose).amount == 10_000


def test_napas_spec_static_account_example_has_a_valid_crc():
    # NAPAS's own example 6.1.1: its CRC is right, though its account object
    # says 12 characters where 13 follow, so only the CRC is checked here.
    example = "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5"
    assert check_crc(example)
    with pytest.raises(VietQRFormatError):
        decode(example)


def test_a_changed_byte_fails_the_crc():
    tampered = PUBLISHED_DYNAMIC.replace("54061200005802", "54061300005802")
    assert not check_crc(tampered)
    with pytest.raises(VietQRFormatError):
        decode(tampered)
    assert not check_crc(PUBLISHED_DYNAMIC[:-4] + "c15d")
    assert check_crc(PUBLISHED_DYNAMIC[:-4] + "c15c")  # hex digits in either case


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(bank_bin="97041", account="0011001932418"),
        dict(bank_bin="97041A", account="0011001932418"),
        dict(bank_bin="970415", account=""),
        dict(bank_bin="970415", account="00110019324180011001"),  # 20 characters
        dict(bank_bin="970415", account="0011-0019"),
        dict(bank_bin="970415", account="0011001932418", amount=0),
        dict(bank_bin="970415", account="0011001932418", amount=-5),
        dict(bank_bin="970415", account="0011001932418", amount=12.5),
        dict(bank_bin="970415", account="0011001932418", amount=True),
        dict(bank_bin="970415", account="0011001932418", amount=10**13),  # 14 digits
        dict(bank_bin="970415", account="0011001932418", purpose="ủng hộ lũ lụt"),  # diacritics
        dict(bank_bin="970415", account="0011001932418", purpose="x" * 26),
        dict(bank_bin="970415", account="0011001932418", service="QRPUSH"),
    ],
)
def test_inputs_the_format_cannot_carry_are_refused(kwargs):
    with pytest.raises(VietQRFormatError):
        build_vietqr(**kwargs)


def test_limits_that_fit_are_accepted():
    payload = build_vietqr(bank_bin="970415", account="A" * 19, amount=10**13 - 1, purpose="x" * 25)
    data = decode(payload)
    assert data.account == "A" * 19 and data.amount == 10**13 - 1 and data.purpose == "x" * 25


def test_truncated_tlv_is_reported():
    with pytest.raises(VietQRFormatError):
        parse_tlv("000201010212385")
