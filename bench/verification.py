"""Verification figures: the public verification page under concurrent load,
spread over many activated stamps, beside the bare Django view measured in
the same run; every page view logs its scan (the ScanLog rows added are
printed beside the requests served); SQL queries of one scan and of one
resolver answer.

Target (issue 6): >= 0.15x the bare view's req/s with p99 < 50 ms at 16
connections, each scan still logged.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.lib import CONNECTIONS, gunicorn_server, header, run_wrk  # noqa: E402
from marketplace.product.models import ProductVariant  # noqa: E402
from marketplace.seller.models import SellerMember  # noqa: E402
from traceability import services  # noqa: E402
from traceability.models import EventKind, ScanLog  # noqa: E402

STAMPS = int(os.environ.get("BENCH_STAMPS", "2000"))
SERVER_ENV = {
    "STAMP_LOOKUPS_PER_MINUTE": "1000000000",  # one load generator is one client: do not throttle it
    # Measure the common case, a genuine stamp: the same few stamps scanned
    # thousands of times would otherwise all turn suspicious.
    "SCAN_MAX_PER_WINDOW": "1000000000",
}


def make_stamps(count: int) -> list[str]:
    """A demo batch with harvest, processing and packing recorded and ``count``
    activated stamps; their verification page paths."""
    member = SellerMember.objects.select_related("seller", "user").order_by("pk").first()
    variant = (
        ProductVariant.objects.filter(product__seller=member.seller).select_related("product").order_by("pk").first()
        if member
        else None
    )
    if member is None or variant is None:
        raise SystemExit("No seller with a member and a product: load the demo data first (make setup)")
    seller, actor = member.seller, member.user
    today = timezone.localdate()
    batch = services.create_batch(
        seller=seller,
        actor=actor,
        variant=variant,
        lot_code=f"BENCH{timezone.now():%m%d%H%M%S}",
        harvest_start=today - datetime.timedelta(days=20),
        production_date=today - datetime.timedelta(days=10),
        expiry_date=today + datetime.timedelta(days=300),
        applied_standards="VietGAP",
    )
    start = timezone.now() - datetime.timedelta(days=18)
    for offset, kind in enumerate((EventKind.HARVEST, EventKind.PROCESSING, EventKind.PACKING)):
        services.record_event(batch=batch, actor=actor, kind=kind, when=start + datetime.timedelta(days=offset))
    job = services.request_stamps(seller=seller, actor=actor, variant=variant, count=count, batch=batch)
    stamps = services.claim_stamps_for_printing(seller=seller, actor=actor, count=count, job=job)
    services.activate_stamps(seller=seller, actor=actor, batch=batch, job=job)
    gtin = variant.trade_item.gtin
    return [f"/xac-thuc/01/{gtin}/10/{batch.lot_code}/21/{stamp.serial}" for stamp in stamps]


def queries_per_scan(path: str, other: str) -> None:
    """Queries of one page view: a stamp already seen, another stamp of the
    same (cached) batch, the resolver's redirect."""
    header("SQL queries (in-process)")
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_CLIENT_REGION="01")
    with override_settings(STAMP_LOOKUPS_PER_MINUTE=10**9):
        client.get(path)  # province index loaded once per process, the batch's part cached
        for name, url, status in (
            ("verification page (scan logged)", path, 200),
            ("  a new stamp of a cached batch", other, 200),
            ("resolver answer (307)", path.removeprefix("/xac-thuc"), 307),
        ):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == status, (url, response.status_code)
            print(f"{name:<38} {len(ctx.captured_queries):3d} queries")


def main() -> None:
    header(f"Setting up: a demo batch with {STAMPS:,} activated stamps")
    paths = make_stamps(STAMPS)
    print(f"{len(paths):,} stamps, e.g. {paths[0]}")
    queries_per_scan(paths[0], paths[-1])
    header(f"Verification page vs bare view, {CONNECTIONS} connections (gunicorn)")
    # Other work on the machine skews absolute figures (and p99) far more than the ratio.
    print(f"machine load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with gunicorn_server(SERVER_ENV) as base:
        bare = run_wrk("bare Django view", base + "/bench/bare/")
        print(bare.line())
        run_wrk("warm-up", base + "/", paths=paths, region="01", duration=2, warm_up=False)
        before = ScanLog.objects.count()
        page = run_wrk(
            f"verification page ({len(paths):,} stamps)", base + "/", paths=paths, region="01", warm_up=False
        )
        logged = ScanLog.objects.count() - before
        print(page.line(bare))
        print(f"{'scans logged during the run':<38} {logged:8d} rows for {page.requests} requests served")
        ratio = page.rps / bare.rps if bare.rps else 0
        verdict = "meets" if ratio >= 0.15 and page.p99_ms < 50 and logged >= page.requests else "MISSES"
        print(
            f"target >= 0.15x bare, p99 < 50 ms, every scan logged: {verdict} ({ratio:.2f}x, p99 {page.p99_ms:.1f} ms)"
        )


if __name__ == "__main__":
    main()
