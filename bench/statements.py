"""Statements and reports on big books: time of each query a seller's
balance page and the operators' commission reports run, in a throw-away
database (created and dropped here) filled by ``bench.payouts``' set-based
SQL (BENCH_PAYOUT_SELLERS sellers × BENCH_PAYOUT_ORDERS orders: sales,
releases, COD collections). Each figure is the best of 5 runs; the query
count per page is what the tests' budgets hold, whatever the size."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.lib import header  # noqa: E402
from bench.payouts import ORDERS, SELLERS, build  # noqa: E402 - sets Django up

ROUNDS = 5


def best_of(label: str, call: Callable[[], object]) -> None:
    times = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
    print(f"  {label:<48} {min(times) * 1000:8.1f} ms  ({len(queries)} queries)")


def main() -> None:
    from marketplace.seller.models import Seller
    from payments.ledger import reports
    from payments.ledger.selectors import seller_balance, seller_lines
    from storefront.seller_centre.statement_chart import weekly_chart

    header(f"Statements and reports: {SELLERS:,} sellers x {ORDERS} orders (throw-away database)")
    seconds, entries, lines = build()
    print(f"  built {entries:,} entries / {lines:,} lines in {seconds:.1f} s")
    seller = Seller.objects.order_by("pk").first()
    today = timezone.localdate()
    since = today.replace(year=today.year - 1)
    best_of("seller balance (one seller)", lambda: seller_balance(seller=seller))
    best_of("statement: first page of 20 lines", lambda: list(seller_lines(seller=seller)[:20]))
    best_of("statement: count of lines", lambda: seller_lines(seller=seller).count())
    best_of("weekly activity (12 weeks)", lambda: reports.weekly_activity(seller=seller))
    weeks = reports.weekly_activity(seller=seller)
    best_of("chart SVG (pygal, 24 bars)", lambda: weekly_chart(weeks))
    best_of("operators: commission by week (1 year)", lambda: reports.commission_by_period(since=since, until=today))
    best_of(
        "operators: commission by category (1 year)", lambda: reports.commission_by_category(since=since, until=today)
    )
    best_of("operators: commission by seller (1 year)", lambda: reports.commission_by_seller(since=since, until=today))
    best_of("operators: ledger total (1 year)", lambda: reports.commission_total(since=since, until=today))


if __name__ == "__main__":
    creation = connection.creation
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"bench_statements_{os.getpid()}"
    test_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        main()
    finally:
        connection.close()
        creation.destroy_test_db(test_name, verbosity=0)
