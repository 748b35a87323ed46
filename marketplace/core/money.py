"""The one money type: an integer count of the currency's smallest unit.

VND has no minor unit, so an amount is a whole number of đồng. Floats never
touch money.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_currency

ZERO_DECIMAL_CURRENCIES = frozenset({"VND"})


@dataclass(frozen=True, slots=True)
class Money:
    amount: int
    currency: str = "VND"

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError(f"Money amount must be an int, got {type(self.amount).__name__}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, quantity: int) -> Money:
        if not isinstance(quantity, int):
            raise TypeError("Money can only be multiplied by an int")
        return Money(self.amount * quantity, self.currency)

    def _check(self, other: Money) -> None:
        if self.currency != other.currency:
            raise ValueError(f"Cannot combine {self.currency} with {other.currency}")


@dataclass(frozen=True, slots=True)
class MoneyRange:
    start: Money
    stop: Money


def format_money(money: Money, language: str = "vi") -> str:
    """Format for display with the locale's rules: ``120.000 ₫`` in Vietnamese."""
    locale = "vi_VN" if language.startswith("vi") else "en_US"
    if money.currency in ZERO_DECIMAL_CURRENCIES:
        return format_currency(
            Decimal(money.amount), money.currency, locale=locale, format_type="standard", currency_digits=True
        )
    return format_currency(Decimal(money.amount) / 100, money.currency, locale=locale)
