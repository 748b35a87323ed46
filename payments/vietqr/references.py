"""Transfer references: ``OCOP`` + 8 random Crockford base-32 characters
(about 10^12 values; no I, L, O or U, so nothing reads ambiguously when a
shopper types it). Letters and digits only: every bank keeps them in the
memo field, whatever it does to spaces, case and punctuation."""

from __future__ import annotations

import re
import secrets

PREFIX = "OCOP"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
PATTERN = re.compile(rf"{PREFIX}[{ALPHABET}]{{{LENGTH}}}")


def new_reference() -> str:
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def find_references(memo: str) -> list[str]:
    """Every candidate reference in a bank memo, in order. Banks add their
    own words, codes and punctuation, may upper-case everything or break the
    reference with spaces or dots, so compare letters and digits only (which
    can make a false candidate out of neighbouring words: the caller takes
    the first that exists)."""
    compact = re.sub(r"[^0-9A-Za-z]", "", str(memo or "")).upper()
    found: list[str] = []
    start = compact.find(PREFIX)
    while start != -1:
        candidate = compact[start : start + len(PREFIX) + LENGTH]
        if PATTERN.fullmatch(candidate) and candidate not in found:
            found.append(candidate)
        start = compact.find(PREFIX, start + 1)
    return found
