"""Amounts in Vietnamese words, as an invoice prints its total
("Số tiền viết bằng chữ"): ``120000`` → ``Một trăm hai mươi nghìn đồng``."""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")
BILLION = 10**9


def _units(units: int, tens: int) -> str:
    if units == 1 and tens >= 2:
        return "mốt"
    if units == 4 and tens >= 2:
        return "tư"
    if units == 5 and tens >= 1:
        return "lăm"
    return DIGITS[units]


def _triple(number: int, *, full: bool) -> list[str]:
    """0–999; ``full``: read the hundreds even when zero (inside a number:
    ``một nghìn không trăm linh năm``)."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append(_units(units, tens))
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append(_units(units, tens))
    return words


def _below_billion(number: int, *, full: bool) -> list[str]:
    groups = [number // 10**6 % 1000, number // 1000 % 1000, number % 1000]
    words: list[str] = []
    for index, group in enumerate(groups):
        if not group:
            continue
        words += _triple(group, full=full or bool(words))
        if GROUPS[2 - index]:
            words.append(GROUPS[2 - index])
    return words


def _words(number: int, *, full: bool = False) -> list[str]:
    if number >= BILLION:
        head, rest = divmod(number, BILLION)
        words = [*_words(head, full=full), "tỷ"]
        return words + (_below_billion(rest, full=True) if rest else [])
    return _below_billion(number, full=full)


def amount_in_words(amount: int, *, currency_word: str = "đồng") -> str:
    """``amount`` (whole đồng, not negative) in words, capitalised."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    words = _words(amount) if amount else [DIGITS[0]]
    text = " ".join([*words, currency_word])
    return text[0].upper() + text[1:]
