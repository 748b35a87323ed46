"""Money types in Saleor's shape on top of ``marketplace.core.money``.

``amount`` is a Float as in Saleor, but for VND it is always a whole number
of đồng because the stored amount is an integer. Prices include VAT and no tax
breakdown is kept, so a taxed price has gross = net and tax = 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene

from marketplace.core.money import Money as MoneyValue
from marketplace.core.money import MoneyRange as MoneyRangeValue


@dataclass(frozen=True, slots=True)
class TaxedMoneyValue:
    net: MoneyValue
    gross: MoneyValue

    @classmethod
    def untaxed(cls, money: MoneyValue) -> TaxedMoneyValue:
        return cls(net=money, gross=money)

    @property
    def tax(self) -> MoneyValue:
        return self.gross - self.net

    @property
    def currency(self) -> str:
        return self.gross.currency


@dataclass(frozen=True, slots=True)
class TaxedMoneyRangeValue:
    start: TaxedMoneyValue
    stop: TaxedMoneyValue


class Money(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code.")
    amount = graphene.Float(required=True, description="Amount of money (whole đồng for VND).")

    class Meta:
        description = "Represents amount of money in specific currency."

    @staticmethod
    def resolve_amount(root: MoneyValue, info: graphene.ResolveInfo) -> float:
        return float(root.amount)


class TaxedMoney(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code.")
    gross = graphene.Field(Money, required=True, description="Amount of money including taxes.")
    net = graphene.Field(Money, required=True, description="Amount of money without taxes.")
    tax = graphene.Field(Money, required=True, description="Amount of taxes.")

    class Meta:
        description = (
            "Represents a monetary value with taxes. In cases where taxes were not applied, net and gross "
            "values will be equal."
        )


class MoneyRange(graphene.ObjectType):
    start = graphene.Field(Money, description="Lower bound of a price range.")
    stop = graphene.Field(Money, description="Upper bound of a price range.")

    class Meta:
        description = "Represents a range of amounts of money."


class TaxedMoneyRange(graphene.ObjectType):
    start = graphene.Field(TaxedMoney, description="Lower bound of a price range.")
    stop = graphene.Field(TaxedMoney, description="Upper bound of a price range.")

    class Meta:
        description = "Represents a range of monetary values."


def money_range(start: MoneyValue, stop: MoneyValue) -> MoneyRangeValue:
    return MoneyRangeValue(start=start, stop=stop)


def taxed_range(start: MoneyValue, stop: MoneyValue) -> TaxedMoneyRangeValue:
    return TaxedMoneyRangeValue(start=TaxedMoneyValue.untaxed(start), stop=TaxedMoneyValue.untaxed(stop))


def money_field(attribute: str, description: str | None = None, *, taxed: bool = False) -> graphene.Field:
    """A required ``Money`` field (``TaxedMoney`` when ``taxed``) read from a
    model's integer amount ``attribute`` in its ``currency``: the one way the
    order and payment types expose a stored amount."""

    def resolve(root: Any, info: graphene.ResolveInfo) -> MoneyValue | TaxedMoneyValue:
        money = MoneyValue(getattr(root, attribute), root.currency)
        return TaxedMoneyValue.untaxed(money) if taxed else money

    return graphene.Field(TaxedMoney if taxed else Money, required=True, description=description, resolver=resolve)
