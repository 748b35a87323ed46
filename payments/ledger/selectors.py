"""Reads of the books: balances, a seller's entries, weekly sums.

Balances are always summed from journal lines (never stored). Permission is
checked where a seller's figures are fetched (``get_seller_balance_for_user``
and ``seller_lines_for_user``): a seller sees only its own; operators any."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncWeek

from marketplace.account.models import User
from marketplace.product.models import Category
from marketplace.seller.models import Seller
from marketplace.seller.permissions import get_seller_for_operator, get_seller_for_user, is_operator
from payments.ledger.models import AccountKind as K
from payments.ledger.models import JournalLine, LedgerAudit, SellerCommissionOverride

AnyUser = User | AnonymousUser
SELLER_KINDS = (K.SELLER_PENDING, K.SELLER_AVAILABLE, K.COD_RECEIVABLE)


@dataclass(frozen=True)
class SellerBalance:
    """What the marketplace owes ``seller`` (đồng): ``pending`` until the
    return window passes, ``available`` for the next payout; ``cod_owed`` is
    commission the seller owes on cash it collected; ``payable`` what the
    next run would pay (``available − cod_owed``, when positive);
    ``paid_out`` the total of past payouts."""

    seller_id: int
    pending: int
    available: int
    cod_owed: int
    paid_out: int

    @property
    def payable(self) -> int:
        return max(0, self.available - self.cod_owed)


def seller_balance(*, seller: Seller) -> SellerBalance:
    """The balances of ``seller`` (one query). The caller has checked that
    the user may see this seller (see ``get_seller_balance_for_user``)."""
    sums = dict(
        JournalLine.objects.filter(account__seller_id=seller.pk, account__kind__in=SELLER_KINDS)
        .values_list("account__kind")
        .annotate(total=Sum("amount"))
    )
    paid = (
        JournalLine.objects.filter(entry__payout__seller_id=seller.pk, account__kind=K.PAYOUTS_SENT).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    return SellerBalance(
        seller_id=seller.pk,
        pending=-sums.get(K.SELLER_PENDING, 0),
        available=-sums.get(K.SELLER_AVAILABLE, 0),
        cod_owed=sums.get(K.COD_RECEIVABLE, 0),
        paid_out=-paid,
    )


def _seller_for(*, user: AnyUser | None, seller_id: int | None) -> Seller:
    if is_operator(user) and seller_id is not None:
        return get_seller_for_operator(user=user, seller_id=seller_id)
    return get_seller_for_user(user=user, seller_id=seller_id)


def get_seller_balance_for_user(*, user: AnyUser | None, seller_id: int | None = None) -> SellerBalance:
    """The balance of ``seller_id`` (or the user's own seller) if ``user``
    may see it. Raises ``SellerError("NOT_FOUND")`` otherwise."""
    return seller_balance(seller=_seller_for(user=user, seller_id=seller_id))


def seller_lines(*, seller: Seller) -> QuerySet[JournalLine]:
    """``seller``'s journal lines (its pending, available and COD accounts),
    newest first, with their entries."""
    return (
        JournalLine.objects.filter(account__seller_id=seller.pk, account__kind__in=SELLER_KINDS)
        .select_related("entry", "account", "entry__seller_order")
        .order_by("-entry__created_at", "-pk")
    )


def seller_lines_for_user(
    *, user: AnyUser | None, seller_id: int | None = None, page: int = 1, per_page: int = 50
) -> Page:
    """One page of a seller's statement lines, if ``user`` may see them."""
    seller = _seller_for(user=user, seller_id=seller_id)
    return Paginator(seller_lines(seller=seller), per_page).get_page(page)


def weekly_sums(
    *, seller: Seller | None = None, since: datetime.datetime | None = None
) -> list[tuple[datetime.date, str, int]]:
    """(week's Monday, account kind, net amount) per week and kind, oldest
    first: for one seller's statement or, without ``seller``, the whole
    marketplace (operator reports)."""
    lines = JournalLine.objects.all()
    if seller is not None:
        lines = lines.filter(account__seller_id=seller.pk)
    if since is not None:
        lines = lines.filter(entry__created_at__gte=since)
    rows = (
        lines.annotate(week=TruncWeek("entry__created_at"))
        .values_list("week", "account__kind")
        .annotate(total=Sum("amount"))
        .order_by("week", "account__kind")
    )
    return [(week.date(), kind, total) for week, kind, total in rows]


def ledger_total() -> int:
    """The sum of every line ever posted: always 0."""
    return JournalLine.objects.aggregate(total=Sum("amount"))["total"] or 0


def account_balances() -> dict[tuple[str, int | None, str], int]:
    """(kind, seller id, gateway) → signed balance, for every account."""
    rows = JournalLine.objects.values_list("account__kind", "account__seller_id", "account__gateway").annotate(
        total=Sum("amount")
    )
    return {(kind, seller, gateway): total for kind, seller, gateway, total in rows}


def categories_with_rates() -> QuerySet:
    """Every category with its own commission rate, if any (one query)."""
    return Category.objects.select_related("commission_rate").order_by("level", "sort_order", "name")


def seller_overrides() -> QuerySet:
    """Every seller's negotiated rate (one query)."""
    return SellerCommissionOverride.objects.select_related("seller", "category").order_by("seller__name", "pk")


def commission_changes(*, limit: int = 20) -> list:
    """The latest commission changes, newest first (one query)."""
    return list(
        LedgerAudit.objects.filter(action__startswith="commission.").select_related("actor", "seller", "category")[
            :limit
        ]
    )
