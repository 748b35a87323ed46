"""GTINs: GTIN-8, -12, -13 and -14, stored as 14 digits with a verified check digit."""

from __future__ import annotations

from marketplace.core.errors import DomainError

VALID_LENGTHS = (8, 12, 13, 14)
VIETNAM_GS1_PREFIX = "893"


class InvalidIdentifier(DomainError):
    pass


def check_digit(digits: str) -> int:
    """GS1 mod-10 check digit for the digits that precede it (any length).

    From the right, weights alternate 3, 1, 3, ...; the check digit brings the
    weighted sum up to a multiple of ten.
    """
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def normalize_gtin(value: str) -> str:
    """Return the GTIN as 14 digits, or raise ``InvalidIdentifier`` with a reason.

    ``40170725`` -> ``00000040170725``; ``012345678905`` -> ``00012345678905``.
    """
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit():
        raise InvalidIdentifier("INVALID_GTIN", "GTIN must contain digits only", field="gtin")
    if len(text) not in VALID_LENGTHS:
        raise InvalidIdentifier("INVALID_GTIN", f"GTIN must have 8, 12, 13 or 14 digits, not {len(text)}", field="gtin")
    if check_digit(text[:-1]) != int(text[-1]):
        raise InvalidIdentifier(
            "INVALID_GTIN", f"GTIN check digit should be {check_digit(text[:-1])}, not {text[-1]}", field="gtin"
        )
    return text.zfill(14)


def is_valid_gtin(value: str) -> bool:
    try:
        normalize_gtin(value)
    except InvalidIdentifier:
        return False
    return True


def with_check_digit(body: str) -> str:
    """Append the check digit to ``body`` (e.g. a 13-digit GTIN-14 body)."""
    return body + str(check_digit(body))
