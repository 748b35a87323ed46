"""Catalogue figures: category page, product page and products(first: 100)
under concurrent load beside the bare view; SQL queries per request; the home
page's first-load weight on a 360-px phone measured in Chromium.

Targets (issue 4): pages >= 0.3x the bare view's req/s with p95 < 50 ms at 16
connections; products(first: 100) p95 < 150 ms; home first load < 150 KB.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.lib import gunicorn_server, header, run_wrk  # noqa: E402
from marketplace.product.selectors import get_channel, visible_products  # noqa: E402

PRODUCTS_QUERY = """
query Products($channel: String) {
  products(first: 100, channel: $channel) {
    totalCount
    edges { node {
      id name slug
      thumbnail(size: 320) { url alt }
      category { id name slug }
      seller { id name slug }
      pricing { priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
      variants { id sku quantityAvailable pricing { price { gross { amount currency } } } }
    } }
  }
}
"""


def pick_targets() -> tuple[str, str]:
    channel = get_channel()
    if channel is None:
        raise SystemExit("No default channel: run `make setup` (migrate + populatedb) first")
    product = visible_products(channel, listed_only=True).select_related("category").order_by("pk").first()
    if product is None or product.category is None:
        raise SystemExit("No published product with a category: load the demo data first")
    return f"/danh-muc/{product.category.slug}/", f"/san-pham/{product.slug}/"


def queries_per_request(paths: list[tuple[str, str, dict | None]]) -> None:
    header("SQL queries per request (in-process; cold = empty cache, warm = cached)")
    client = Client(HTTP_HOST="127.0.0.1")
    for name, path, body in paths:
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as ctx:
                if body is None:
                    response = client.get(path)
                else:
                    response = client.post(path, body, content_type="application/json")
            assert response.status_code == 200, (path, response.status_code)
            counts.append(len(ctx.captured_queries))
        print(f"{name:<38} cold {counts[0]:3d} queries   warm {counts[1]:3d} queries")
        cache.clear()


def cold_latency(name: str, path: str, body: dict | None, runs: int = 20) -> None:
    """One request at a time with an empty cache: what a cache miss costs."""
    import statistics
    import time

    client = Client(HTTP_HOST="127.0.0.1")
    timings = []
    for _ in range(runs):
        cache.clear()
        started = time.perf_counter()
        if body is None:
            client.get(path)
        else:
            client.post(path, body, content_type="application/json")
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{name:<38} cache miss, one at a time: p50 {statistics.median(timings):6.1f} ms  p95 {p95:6.1f} ms")


def home_page_weight(base: str) -> None:
    header("Home page first load on a 360-px phone (Chromium, bytes transferred)")
    from bench.browser_weight import measure_first_load

    total, by_type = measure_first_load(base + "/")
    kinds = ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sorted(by_type.items()))
    verdict = "meets" if total < 150 * 1024 else "MISSES"
    print(f"home first load: {total / 1024:.1f} KB transferred ({kinds}) — {verdict} the 150 KB target")


def main() -> None:
    category_path, product_path = pick_targets()
    graphql_body = {"query": PRODUCTS_QUERY, "variables": {"channel": get_channel().slug}}
    cache.clear()
    queries_per_request(
        [
            ("category page " + category_path, category_path, None),
            ("product page " + product_path, product_path, None),
            ("products(first: 100)", "/graphql/", graphql_body),
        ]
    )
    header("Cache-miss latency (in-process, no concurrency)")
    cold_latency("category page", category_path, None)
    cold_latency("product page", product_path, None)
    cold_latency("products(first: 100)", "/graphql/", graphql_body)
    with gunicorn_server() as base:
        header("Throughput under load (gunicorn, 16 connections; ratio to the bare Django view)")
        bare = run_wrk("bare Django view", base + "/bench/bare/")
        print(bare.line())
        for name, path, body in [
            ("category page", category_path, None),
            ("product page", product_path, None),
            ("products(first: 100) GraphQL", "/graphql/", graphql_body),
        ]:
            result = run_wrk(name, base + path, body=body)
            print(result.line(bare))
        again = run_wrk("bare Django view (again, drift)", base + "/bench/bare/")
        print(again.line())
        home_page_weight(base)


if __name__ == "__main__":
    main()
