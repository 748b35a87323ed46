"""Read-side queries for statements and reports, built on the ledger's lines.

Every figure is summed from ``JournalLine``s (never stored), each report in a
fixed number of queries whatever the number of entries. Dates are local
(``TIME_ZONE``); a range ``since``–``until`` includes both days.

Two kinds of reader:

- a seller's statement (``weekly_activity``, ``statement_entry_for_seller``):
  the caller passes a seller it has fetched with a permission check
  (``get_seller_for_user`` / ``get_seller_for_operator``);
- the operators' reports (commission by period, category or seller; payout
  runs and payouts): callers check ``is_operator`` first.

Commission reports agree with the books: the rows of each add up to the net
credit of the ``commission_revenue`` account over the range. Commission is
attributed where it is booked (a sale or a COD collection, with its rates
snapshot); what refunds and returns take back is attributed to a seller when
the entry names one sub-order, and otherwise shown on a row of its own
(``seller_id`` / ``category_id`` ``None`` with ``is_adjustment``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from marketplace.product.models import Category
from marketplace.seller.models import Seller
from payments.ledger.models import AccountKind as K
from payments.ledger.models import EntryKind, JournalEntry, JournalLine, Payout, PayoutRun
from payments.ledger.selectors import SELLER_KINDS

# Entries that book a sale's commission (with a per-line rates snapshot).
BOOKING_KINDS = (EntryKind.SALE, EntryKind.COD_COLLECTED)
GROUPINGS = {"week": TruncWeek, "month": TruncMonth}


# --- ranges ----------------------------------------------------------------------------


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _bounds(since: datetime.date, until: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return local_midnight(since), local_midnight(until + datetime.timedelta(days=1))


def _local_date(value: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# --- a seller's statement --------------------------------------------------------------


@dataclass(frozen=True)
class WeekActivity:
    """One week of a seller's statement chart: ``sales`` is what shoppers
    paid for the seller's sub-orders booked that week (online sales and cash
    collected on delivery, shipping included), ``payouts`` what the
    marketplace sent the seller (failed transfers taken back)."""

    week: datetime.date
    sales: int
    payouts: int


def weekly_activity(*, seller: Seller, weeks: int = 12, today: datetime.date | None = None) -> list[WeekActivity]:
    """The last ``weeks`` weeks (this one included, oldest first, empty weeks
    as zeros) of ``seller``'s sales and payouts. Two queries."""
    today = today or timezone.localdate()
    first = monday_of(today) - datetime.timedelta(weeks=weeks - 1)
    start = local_midnight(first)
    sales = (
        JournalEntry.objects.filter(kind__in=BOOKING_KINDS, seller_order__seller_id=seller.pk, created_at__gte=start)
        .annotate(week=TruncWeek("created_at"))
        .values_list("week")
        .annotate(total=Sum("seller_order__total_amount"))
    )
    paid = (
        JournalLine.objects.filter(
            account__kind=K.PAYOUTS_SENT, entry__payout__seller_id=seller.pk, entry__created_at__gte=start
        )
        .annotate(week=TruncWeek("entry__created_at"))
        .values_list("week")
        .annotate(total=Sum("amount"))
    )
    sales_by_week = {_local_date(week): total for week, total in sales}
    paid_by_week = {_local_date(week): -total for week, total in paid}
    days = [first + datetime.timedelta(weeks=n) for n in range(weeks)]
    return [WeekActivity(week=day, sales=sales_by_week.get(day, 0), payouts=paid_by_week.get(day, 0)) for day in days]


def seller_amount(line: JournalLine) -> int:
    """A statement line as the seller reads it: + the marketplace owes it
    more, − less (or the seller owes commission on cash it collected)."""
    return -line.amount


def statement_entry_for_seller(*, seller: Seller, entry_id: int) -> tuple[JournalEntry, list[JournalLine]]:
    """Entry ``entry_id`` and its lines on ``seller``'s own accounts, if it
    has any. Raises ``JournalEntry.DoesNotExist`` otherwise (another
    seller's entry looks exactly like a missing one). Two queries."""
    lines = list(
        JournalLine.objects.filter(entry_id=entry_id, account__seller_id=seller.pk, account__kind__in=SELLER_KINDS)
        .select_related("account")
        .order_by("pk")
    )
    if not lines:
        raise JournalEntry.DoesNotExist(entry_id)
    entry = JournalEntry.objects.select_related("seller_order").get(pk=entry_id)
    return entry, lines


# --- operators: commission -------------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    period: datetime.date
    sales_count: int
    sales: int
    commission: int


@dataclass(frozen=True)
class CategoryRow:
    category_id: int | None
    name: str
    sales: int
    commission: int
    is_adjustment: bool = False


@dataclass(frozen=True)
class SellerRow:
    seller_id: int | None
    name: str
    tax_code: str
    sales_count: int
    sales: int
    booked: int
    reversed: int
    is_adjustment: bool = False

    @property
    def commission(self) -> int:
        return self.booked - self.reversed


def _commission_lines(since: datetime.date, until: datetime.date) -> QuerySet[JournalLine]:
    start, end = _bounds(since, until)
    return JournalLine.objects.filter(
        account__kind=K.COMMISSION_REVENUE, entry__created_at__gte=start, entry__created_at__lt=end
    )


def _bookings(since: datetime.date, until: datetime.date) -> QuerySet[JournalEntry]:
    start, end = _bounds(since, until)
    return JournalEntry.objects.filter(kind__in=BOOKING_KINDS, created_at__gte=start, created_at__lt=end)


def commission_total(*, since: datetime.date, until: datetime.date) -> int:
    """The net commission the books hold for the range (one query)."""
    return -(_commission_lines(since, until).aggregate(total=Sum("amount"))["total"] or 0)


def commission_by_period(*, since: datetime.date, until: datetime.date, group: str = "week") -> list[PeriodRow]:
    """Net commission and booked sales per week or month (``group``), oldest
    first, periods with no activity left out. Two queries."""
    trunc = GROUPINGS[group]
    commission = (
        _commission_lines(since, until)
        .annotate(period=trunc("entry__created_at"))
        .values_list("period")
        .annotate(total=Sum("amount"))
    )
    sales = (
        _bookings(since, until)
        .annotate(period=trunc("created_at"))
        .values_list("period")
        .annotate(count=Count("pk"), total=Sum("seller_order__total_amount"))
    )
    by_period: dict[datetime.date, list[int]] = {}
    for period, total in commission:
        by_period.setdefault(_local_date(period), [0, 0, 0])[2] = -total
    for period, count, total in sales:
        row = by_period.setdefault(_local_date(period), [0, 0, 0])
        row[0], row[1] = count, total or 0
    return [PeriodRow(period, *values) for period, values in sorted(by_period.items())]


_CATEGORY_SQL = """
SELECT NULLIF(item->>'category', '')::bigint AS category_id,
       SUM((item->>'amount')::bigint) AS sales,
       SUM((item->>'commission')::bigint) AS commission
FROM ledger_journalentry e
CROSS JOIN LATERAL jsonb_array_elements(COALESCE(e.data->'lines', '[]'::jsonb)) AS item
WHERE e.kind = ANY(%s) AND e.created_at >= %s AND e.created_at < %s
GROUP BY 1
"""


def commission_by_category(*, since: datetime.date, until: datetime.date) -> list[CategoryRow]:
    """Commission booked per product category (from each sale's rates
    snapshot: line amounts and their commission), largest first, then one
    adjustment row for what refunds and returns took back. Three queries."""
    start, end = _bounds(since, until)
    with connection.cursor() as cursor:
        cursor.execute(_CATEGORY_SQL, [list(BOOKING_KINDS), start, end])
        booked = cursor.fetchall()
    names = dict(Category.objects.filter(pk__in=[c for c, _, _ in booked if c is not None]).values_list("pk", "name"))
    rows = [
        CategoryRow(category_id=c, name=names.get(c, "") if c is not None else "", sales=s, commission=m)
        for c, s, m in booked
    ]
    rows.sort(key=lambda row: (-row.commission, row.name))
    taken_back = (
        _commission_lines(since, until).exclude(entry__kind__in=BOOKING_KINDS).aggregate(total=Sum("amount"))["total"]
    )
    if taken_back:
        rows.append(CategoryRow(category_id=None, name="", sales=0, commission=-taken_back, is_adjustment=True))
    return rows


def commission_by_seller(*, since: datetime.date, until: datetime.date) -> list[SellerRow]:
    """Per seller: sales booked (count, amount), commission booked and taken
    back by refunds and returns; one adjustment row for refunds that span
    several sellers. Largest net commission first. Three queries."""
    booked_kinds = Q(entry__kind__in=BOOKING_KINDS)
    commission = (
        _commission_lines(since, until)
        .values_list("entry__seller_order__seller_id")
        .annotate(booked=Sum("amount", filter=booked_kinds), back=Sum("amount", filter=~booked_kinds))
    )
    sales = (
        _bookings(since, until)
        .values_list("seller_order__seller_id")
        .annotate(count=Count("pk"), total=Sum("seller_order__total_amount"))
    )
    figures: dict[int | None, list[int]] = {}
    for seller_id, booked, back in commission:
        row = figures.setdefault(seller_id, [0, 0, 0, 0])
        row[2], row[3] = -(booked or 0), back or 0
    for seller_id, count, total in sales:
        row = figures.setdefault(seller_id, [0, 0, 0, 0])
        row[0], row[1] = count, total or 0
    sellers = {
        s.pk: s for s in Seller.objects.filter(pk__in=[pk for pk in figures if pk is not None]).only("name", "tax_code")
    }
    rows = [
        SellerRow(
            seller_id=pk,
            name=sellers[pk].name if pk in sellers else "",
            tax_code=sellers[pk].tax_code if pk in sellers else "",
            sales_count=count,
            sales=total,
            booked=booked,
            reversed=back,
            is_adjustment=pk is None,
        )
        for pk, (count, total, booked, back) in figures.items()
    ]
    rows.sort(key=lambda row: (row.is_adjustment, -row.commission, row.name))
    return rows


# --- operators: payouts ----------------------------------------------------------------


def payout_runs() -> QuerySet[PayoutRun]:
    """Every payout run, newest period first."""
    return PayoutRun.objects.select_related("started_by").order_by("-period")


def payouts_of_run(*, run: PayoutRun) -> QuerySet[Payout]:
    """The payouts of ``run`` with their sellers, by seller name."""
    return Payout.objects.filter(run=run).select_related("seller").order_by("seller__name", "seller_id")
