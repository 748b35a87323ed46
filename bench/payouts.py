"""Payout run: time and peak memory of one weekly run for 1,000 sellers with
100 orders each, in a throw-away database (created and dropped here).

The books are written with set-based SQL that mirrors ``payments.ledger.posting``
(same accounts, same signs, same amounts as its ``sale``, ``release`` and
``cod_collected`` entries): per seller, 80 online orders sold and released
(available) and 20 cash-on-delivery orders whose commission the seller owes
(netted). Going through checkout for 100,000 orders would take hours; the
payout run itself is the real code (``payments.ledger.payouts.run_payouts``).
The database's balance trigger checks every entry at commit, as always.
Sellers alternate Vietcombank / other-bank accounts, so both CSV layouts
are written. BENCH_PAYOUT_SELLERS / BENCH_PAYOUT_ORDERS change the size.
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.lib import header  # noqa: E402

SELLERS = int(os.environ.get("BENCH_PAYOUT_SELLERS", "1000"))
ORDERS = int(os.environ.get("BENCH_PAYOUT_ORDERS", "100"))
RATE_BPS = 500

BUILD_SQL = """
INSERT INTO seller_seller (name, slug, kind, status, description, street_address, phone, email, tax_code, logo,
                           cache_version, created_at, updated_at)
SELECT 'Bench seller ' || s, 'bench-seller-' || s, 'household', 'approved', '', '', '', '', '', '', 1, now(), now()
FROM generate_series(1, %(sellers)s) AS s;

INSERT INTO ledger_sellerpayoutaccount (seller_id, method, stripe_account_id, bank_bin, account_number, holder_name,
                                        updated_at)
SELECT id, 'bank', '', CASE WHEN id %% 2 = 0 THEN '970436' ELSE '970415' END,
       lpad(id::text, 12, '0'), 'Nguyễn Văn ' || id, now()
FROM seller_seller WHERE slug LIKE 'bench-seller-%%';

INSERT INTO ledger_account (kind, seller_id, gateway)
VALUES ('shopper_funds', NULL, ''), ('commission_revenue', NULL, '');
INSERT INTO ledger_account (kind, seller_id, gateway)
SELECT k.account_kind, s.id, '' FROM seller_seller s
CROSS JOIN (VALUES ('seller_pending'), ('seller_available'), ('cod_receivable')) AS k(account_kind)
WHERE s.slug LIKE 'bench-seller-%%';

CREATE TEMP TABLE bench_orders AS
SELECT s.id AS seller_id, k, (k %% 5 = 0) AS cod,
       100000 + ((s.id * 7919 + k * 104729) %% 900000) AS gross
FROM seller_seller s CROSS JOIN generate_series(1, %(orders)s) AS k
WHERE s.slug LIKE 'bench-seller-%%';
ALTER TABLE bench_orders ADD COLUMN commission bigint;
UPDATE bench_orders SET commission = gross * %(rate)s / 10000;

CREATE TEMP TABLE bench_accounts AS
SELECT seller_id, kind, id FROM ledger_account;

-- sale: shopper_funds +G, seller_pending -(G-C), commission -C
WITH entries AS (
  INSERT INTO ledger_journalentry (kind, idempotency_key, currency, memo, data, created_at)
  SELECT 'sale', 'bench-sale:' || seller_id || ':' || k, 'VND', '', '{}', now() FROM bench_orders WHERE NOT cod
  RETURNING id, idempotency_key
)
INSERT INTO ledger_journalline (entry_id, account_id, amount)
SELECT e.id, a.id, v.amount
FROM entries e
JOIN bench_orders o ON e.idempotency_key = 'bench-sale:' || o.seller_id || ':' || o.k
CROSS JOIN LATERAL (VALUES ('shopper_funds', NULL::bigint, o.gross),
                           ('seller_pending', o.seller_id, -(o.gross - o.commission)),
                           ('commission_revenue', NULL::bigint, -o.commission)) AS v(kind, seller_id, amount)
JOIN bench_accounts a ON a.kind = v.kind AND a.seller_id IS NOT DISTINCT FROM v.seller_id
WHERE v.amount <> 0;

-- release: seller_pending +X, seller_available -X
WITH entries AS (
  INSERT INTO ledger_journalentry (kind, idempotency_key, currency, memo, data, created_at)
  SELECT 'release', 'bench-release:' || seller_id || ':' || k, 'VND', '', '{}', now() FROM bench_orders WHERE NOT cod
  RETURNING id, idempotency_key
)
INSERT INTO ledger_journalline (entry_id, account_id, amount)
SELECT e.id, a.id, v.amount
FROM entries e
JOIN bench_orders o ON e.idempotency_key = 'bench-release:' || o.seller_id || ':' || o.k
CROSS JOIN LATERAL (VALUES ('seller_pending', o.gross - o.commission),
                           ('seller_available', -(o.gross - o.commission))) AS v(kind, amount)
JOIN bench_accounts a ON a.kind = v.kind AND a.seller_id = o.seller_id;

-- COD collected: cod_receivable +C, commission -C
WITH entries AS (
  INSERT INTO ledger_journalentry (kind, idempotency_key, currency, memo, data, created_at)
  SELECT 'cod_collected', 'bench-cod:' || seller_id || ':' || k, 'VND', '', '{}', now() FROM bench_orders WHERE cod
  RETURNING id, idempotency_key
)
INSERT INTO ledger_journalline (entry_id, account_id, amount)
SELECT e.id, a.id, v.amount
FROM entries e
JOIN bench_orders o ON e.idempotency_key = 'bench-cod:' || o.seller_id || ':' || o.k
CROSS JOIN LATERAL (VALUES ('cod_receivable', o.seller_id, o.commission),
                           ('commission_revenue', NULL::bigint, -o.commission)) AS v(kind, seller_id, amount)
JOIN bench_accounts a ON a.kind = v.kind AND a.seller_id IS NOT DISTINCT FROM v.seller_id;
"""


def build() -> tuple[float, int, int]:
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(BUILD_SQL, {"sellers": SELLERS, "orders": ORDERS, "rate": RATE_BPS})
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ledger_journalentry")
        entries = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM ledger_journalline")
        lines = cursor.fetchone()[0]
        cursor.execute("ANALYZE")
    return time.perf_counter() - started, entries, lines


def main() -> None:
    import tempfile

    from payments.ledger.models import Payout
    from payments.ledger.payouts import run_payouts
    from payments.ledger.selectors import ledger_total

    header(f"Payout run: {SELLERS:,} sellers x {ORDERS} orders (throw-away database)")
    settings.PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-payouts-"))
    build_seconds, entries, lines = build()
    print(f"  built {entries:,} entries / {lines:,} lines with SQL mirroring posting.py in {build_seconds:.1f} s")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    started = time.perf_counter()
    run = run_payouts(actor=None, by_system=True)
    seconds = time.perf_counter() - started
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  payout run: {seconds:.2f} s, {run.payout_count:,} payouts, {run.total_amount:,} VND")
    print(f"  peak memory: Python allocations {python_peak / 2**20:.1f} MB; process peak RSS {rss_after:.0f} MB")
    print(f"  (process peak RSS before the run: {rss_before:.0f} MB)")
    files = ", ".join(f"{f.bank_format} {f.row_count} rows" for f in run.files.order_by("bank_format"))
    print(f"  bank files: {files}")
    assert ledger_total() == 0
    assert Payout.objects.count() == run.payout_count
    started = time.perf_counter()
    again = run_payouts(actor=None, by_system=True)
    print(f"  rerun of the same week: {time.perf_counter() - started:.2f} s, {again.payout_count:,} payouts (no new)")


if __name__ == "__main__":
    creation = connection.creation
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"bench_payouts_{os.getpid()}"
    test_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        main()
    finally:
        connection.close()
        creation.destroy_test_db(test_name, verbosity=0)
