"""Stamp serial numbers: 80 bits from the operating system's cryptographic
random source, written as 16 upper-case Crockford base-32 characters.

Crockford's alphabet leaves out I, L, O and U so a serial read aloud or typed
from a label is hard to get wrong; every character is in GS1's CSET 82, so a
serial is a valid AI (21) value without escaping.
"""

from __future__ import annotations

import re
import secrets

CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIAL_LENGTH = 16
SERIAL_BITS = SERIAL_LENGTH * 5  # 80
SERIAL_PATTERN = re.compile(rf"^[{CROCKFORD_ALPHABET}]{{{SERIAL_LENGTH}}}$")


def encode_crockford(number: int, length: int = SERIAL_LENGTH) -> str:
    chars = []
    for _ in range(length):
        number, remainder = divmod(number, 32)
        chars.append(CROCKFORD_ALPHABET[remainder])
    if number:
        raise ValueError("number does not fit in the requested length")
    return "".join(reversed(chars))


def new_serial() -> str:
    return encode_crockford(secrets.randbits(SERIAL_BITS))


def new_serials(count: int) -> list[str]:
    """``count`` serials, distinct among themselves (uniqueness against stored
    stamps is the database's job: a unique constraint per GTIN)."""
    seen: set[str] = set()
    while len(seen) < count:
        seen.add(new_serial())
    return list(seen)


def is_valid_serial(value: str) -> bool:
    return bool(SERIAL_PATTERN.match(value))
