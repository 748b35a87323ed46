"""Checkout figures: completed checkouts per second through the real GraphQL
API under concurrent load, beside the bare Django view measured in the same
run, and the oversell count after carts ran out of stock.

Each simulated shopper (a guest) runs the storefront's flow over HTTP
keep-alive: checkoutCreate with the email and shipping address (3 lines from
2 sellers, picked at random among BENCH_CHECKOUT_VARIANTS products of each)
-> checkoutDeliveryMethodUpdate for each seller -> checkoutComplete (cash on
delivery): four requests. Only completions are counted. Each request selects
what a storefront shows at that step: each seller's shipping options, then
the totals after the last choice, then the order.

Three phases, all with BENCH_CHECKOUT_CLIENTS concurrent shoppers:
1. full flow: plenty of stock, for BENCH_CHECKOUT_SECONDS;
2. checkoutComplete alone on carts prepared beforehand (in this process,
   through the services, before the clock starts): the contended,
   stock-locking part of a checkout, printed as its own figure, never as the
   full flow's;
3. sell-out: one line asks 2 units of a variant with only SCARCE_STOCK units,
   until every shopper has been refused; then the oversell count (stock below
   zero, more allocated than in stock, allocations disagreeing with the
   counter, more units ordered than there were) must be 0.

The bare Django view (wrk, then this script's own Python driver) is measured
by the same gunicorn server (bench.lib.gunicorn_server: same workers and
threads) in the same run.

Emails: order emails are scheduled on commit through Celery. With Redis here
the server gets a broker (a Redis database of its own, no worker), so each
completion only enqueues its email task inside the request; the queued tasks
are counted and dropped at the end. Without Redis, Celery runs tasks in
process after commit; the bench then sets the dummy email backend and says so.

Target (issue 7): >= 50 completed checkouts/s on the 2-core machine, oversell 0.
Data: two sellers "Bench …" with products hidden from listings are created in
the database at hand; at the end the products are unpublished and the sellers
suspended (their orders stay).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
COD_ONLY = "payments.gateways.cod.CashOnDelivery"
BROKER_URL = "redis://127.0.0.1:6379/5"
os.environ.setdefault("PAYMENT_GATEWAYS", COD_ONLY)

from bench.lib import redis_available  # noqa: E402

WITH_REDIS = redis_available()
# This process completes one checkout too (the query counts): same email setup as the server's.
if WITH_REDIS:
    os.environ["CELERY_BROKER_URL"] = BROKER_URL
else:
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"

import django  # noqa: E402

django.setup()

from bench.checkout_shop import (  # noqa: E402
    COMPLETE,
    CREATE,
    DELIVERY,
    LAST_DELIVERY,
    SCARCE_STOCK,
    Shop,
    make_shop,
    oversell_count,
    prepare_carts,
    tidy_database,
    unpublish,
    variant_id,
)
from bench.lib import DURATION, gunicorn_server, header, run_wrk  # noqa: E402
from marketplace.product.models import ProductVariant  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_CHECKOUT_CLIENTS", "16"))
PREPARED_CARTS = int(os.environ.get("BENCH_PREPARED_CARTS", "600"))
# A whole checkout is four requests: measure long enough for many of them.
SECONDS = int(os.environ.get("BENCH_CHECKOUT_SECONDS", str(max(DURATION, 30))))
# --- the load driver -------------------------------------------------------------------


@dataclass
class Tally:
    completed: int = 0
    requests: int = 0
    refusals: dict[str, int] = field(default_factory=dict)
    flow_ms: list[float] = field(default_factory=list)
    complete_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse(self, step: str, code: str) -> None:
        with self.lock:
            key = f"{step}:{code}"
            self.refusals[key] = self.refusals.get(key, 0) + 1


class Refused(Exception):
    def __init__(self, step: str, code: str) -> None:
        super().__init__(f"{step}: {code}")
        self.step, self.code = step, code


class Shopper:
    """One guest with a keep-alive connection to the server."""

    def __init__(self, host: str, port: int, tally: Tally) -> None:
        self.conn = http.client.HTTPConnection(host, port, timeout=60)
        self.tally = tally

    def call(self, step: str, query: str, variables: dict) -> dict:
        body = json.dumps({"query": query, "variables": variables})
        self.conn.request("POST", "/graphql/", body=body, headers={"Content-Type": "application/json"})
        response = self.conn.getresponse()
        content = json.loads(response.read())
        with self.tally.lock:
            self.tally.requests += 1
        if response.status != 200 or content.get("errors"):
            raise RuntimeError(f"{step}: HTTP {response.status} {content.get('errors')}")
        (payload,) = content["data"].values()
        if payload["errors"]:
            raise Refused(step, payload["errors"][0]["code"])
        return payload

    def checkout(self, shop: Shop, pick: Callable[[], list[tuple[ProductVariant, int]]]) -> None:
        lines = pick()
        started = time.perf_counter()
        created = self.call(
            "create",
            CREATE,
            {
                "input": {
                    "channel": shop.channel.slug,
                    "email": f"khach-{uuid.uuid4().hex[:10]}@example.vn",
                    "lines": [{"variantId": variant_id(v), "quantity": q} for v, q in lines],
                    "shippingAddress": shop.address,
                }
            },
        )
        checkout_id = created["checkout"]["id"]
        groups = created["checkout"]["deliveryGroups"]
        for index, group in enumerate(groups):
            method = group["availableShippingMethods"][0]["id"]
            query = LAST_DELIVERY if index == len(groups) - 1 else DELIVERY
            self.call("delivery", query, {"id": checkout_id, "method": method})
        completing = time.perf_counter()
        self.call("complete", COMPLETE, {"id": checkout_id, "key": uuid.uuid4().hex})
        done = time.perf_counter()
        with self.tally.lock:
            self.tally.completed += 1
            self.tally.flow_ms.append((done - started) * 1000)
            self.tally.complete_ms.append((done - completing) * 1000)


def drive(
    base: str, shop: Shop, pick: Callable[[], list], *, seconds: float, stop_after_refusals: int = 0
) -> tuple[Tally, float]:
    """``CLIENTS`` shoppers checking out the carts ``pick`` makes until ``seconds`` pass (or,
    with ``stop_after_refusals``, until each was refused that many times in a
    row). Returns the tally and the wall-clock seconds."""
    host, port = base.removeprefix("http://").split(":")
    tally = Tally()
    deadline = time.monotonic() + seconds

    def run() -> None:
        shopper = Shopper(host, int(port), tally)
        refused_in_a_row = 0
        while time.monotonic() < deadline:
            try:
                shopper.checkout(shop, pick)
                refused_in_a_row = 0
            except Refused as exc:
                tally.refuse(exc.step, exc.code)
                refused_in_a_row += 1
                if stop_after_refusals and refused_in_a_row >= stop_after_refusals:
                    return
            except Exception as exc:  # noqa: BLE001 - reported, never hidden
                with tally.lock:
                    tally.failures.append(repr(exc)[:300])
                shopper = Shopper(host, int(port), tally)

    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def bare_with_driver(base: str, seconds: float) -> float:
    """Requests/s the same Python driver gets from the bare view: its own ceiling."""
    host, port = base.removeprefix("http://").split(":")
    count = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        while time.monotonic() < deadline:
            conn.request("GET", "/bench/bare/")
            conn.getresponse().read()
            with lock:
                count[0] += 1

    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count[0] / (time.monotonic() - started)


def drive_completions(base: str, checkout_ids: list[str], *, seconds: float) -> tuple[Tally, float]:
    """``CLIENTS`` shoppers each completing prepared carts (one checkoutComplete
    request per cart) until none is left or ``seconds`` pass."""
    host, port = base.removeprefix("http://").split(":")
    tally = Tally()
    queue = list(checkout_ids)
    deadline = time.monotonic() + seconds

    def run() -> None:
        shopper = Shopper(host, int(port), tally)
        while time.monotonic() < deadline:
            with tally.lock:
                if not queue:
                    return
                checkout_id = queue.pop()
            started = time.perf_counter()
            try:
                shopper.call("complete", COMPLETE, {"id": checkout_id, "key": uuid.uuid4().hex})
            except Refused as exc:
                tally.refuse(exc.step, exc.code)
                continue
            except Exception as exc:  # noqa: BLE001 - reported, never hidden
                with tally.lock:
                    tally.failures.append(repr(exc)[:300])
                shopper = Shopper(host, int(port), tally)
                continue
            with tally.lock:
                tally.completed += 1
                tally.complete_ms.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def queries_per_step(shop: Shop, cart: list[tuple[ProductVariant, int]]) -> None:
    """One checkout in process, the SQL queries of each request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts: list[tuple[str, int]] = []

    def call(step: str, query: str, variables: dict) -> dict:
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                "/graphql/", json.dumps({"query": query, "variables": variables}), "application/json"
            )
        counts.append((step, len(ctx.captured_queries)))
        (payload,) = response.json()["data"].values()
        if payload["errors"]:
            raise SystemExit(f"{step} refused: {payload['errors']}")
        return payload

    lines = [{"variantId": variant_id(v), "quantity": q} for v, q in cart]
    created = call(
        "checkoutCreate (+ email, address)",
        CREATE,
        {"input": {"email": "an@example.vn", "lines": lines, "shippingAddress": shop.address}},
    )
    checkout_id = created["checkout"]["id"]
    groups = created["checkout"]["deliveryGroups"]
    for index, group in enumerate(groups):
        query = LAST_DELIVERY if index == len(groups) - 1 else DELIVERY
        method = group["availableShippingMethods"][0]["id"]
        call("checkoutDeliveryMethodUpdate", query, {"id": checkout_id, "method": method})
    call("checkoutComplete", COMPLETE, {"id": checkout_id, "key": uuid.uuid4().hex})
    header("SQL queries per request of one checkout (in-process; emails run after commit, not counted)")
    for step, count in counts:
        print(f"{step:<38} {count:3d} queries")
    print(f"{'whole checkout':<38} {sum(c for _, c in counts):3d} queries")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def queued_email_tasks() -> int | None:
    import redis

    return redis.Redis.from_url(BROKER_URL).llen("celery")


def drop_queued_tasks() -> None:
    import redis

    redis.Redis.from_url(BROKER_URL).delete("celery")


def main() -> None:
    shop = make_shop()

    def everyday_cart() -> list[tuple[ProductVariant, int]]:
        first, second = random.sample(shop.variants_a, 2)
        return [(first, 1), (second, 1), (random.choice(shop.variants_b), 1)]

    def sell_out_cart() -> list[tuple[ProductVariant, int]]:
        first, second = random.sample(shop.variants_a, 2)
        return [(first, 1), (second, 1), (shop.scarce, 2)]

    print(tidy_database())
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    with_redis = WITH_REDIS
    if with_redis:
        drop_queued_tasks()
        server_env = {"CELERY_BROKER_URL": BROKER_URL, "PAYMENT_GATEWAYS": COD_ONLY}
        email_note = f"emails: enqueued to Celery ({BROKER_URL}, no worker) on commit, not sent in the request"
    else:
        server_env = {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend", "PAYMENT_GATEWAYS": COD_ONLY}
        email_note = "emails: no broker, Celery runs them in-process after commit (dummy backend): inside the figure"
    try:
        queries_per_step(shop, everyday_cart())
        with gunicorn_server(server_env) as base:
            header(f"Checkout throughput (gunicorn; {CLIENTS} concurrent guest shoppers; 3 lines, 2 sellers)")
            bare = run_wrk("bare Django view (wrk)", base + "/bench/bare/")
            print(bare.line())
            driver_ceiling = bare_with_driver(base, 3)
            print(f"{'bare Django view (this Python driver)':<38} {driver_ceiling:8.1f} req/s")
            drive(base, shop, everyday_cart, seconds=2)  # warm-up
            tally, seconds = drive(base, shop, everyday_cart, seconds=SECONDS)
            rate = tally.completed / seconds
            api_rps = tally.requests / seconds
            ratio = f"{api_rps / bare.rps:5.2f}x" if bare.rps else "  n/a"
            verdict = "meets" if rate >= 50 else "MISSES"
            print(
                f"{'completed checkouts':<38} {rate:8.1f} /s     ({tally.completed} in {seconds:.1f} s; "
                f"{verdict} the 50/s target)"
            )
            print(f"{'GraphQL requests (4 per checkout)':<38} {api_rps:8.1f} req/s  {ratio} bare (wrk)")
            print(
                f"{'one whole checkout (4 requests)':<38} p50 {statistics.median(tally.flow_ms or [0]):6.1f} ms  "
                f"p95 {percentile(tally.flow_ms, 0.95):6.1f} ms"
            )
            print(
                f"{'checkoutComplete alone':<38} p50 {statistics.median(tally.complete_ms or [0]):6.1f} ms  "
                f"p95 {percentile(tally.complete_ms, 0.95):6.1f} ms"
            )
            print(f"refused: {tally.refusals or 'none'}; failures: {len(tally.failures)} {tally.failures[:3]}")

            header(f"checkoutComplete alone on {PREPARED_CARTS} carts prepared beforehand, {CLIENTS} shoppers")
            print("(the contended, stock-locking step only; NOT the full-flow figure above)")
            prepared = prepare_carts(shop, everyday_cart, PREPARED_CARTS)
            print(tidy_database())  # the full flow's dead cart rows, as autovacuum would between phases
            alone, seconds = drive_completions(base, prepared, seconds=SECONDS)
            print(
                f"{'checkoutComplete completions':<38} {alone.completed / seconds:8.1f} /s     "
                f"({alone.completed} in {seconds:.1f} s)  p50 {statistics.median(alone.complete_ms or [0]):6.1f} ms  "
                f"p95 {percentile(alone.complete_ms, 0.95):6.1f} ms"
            )
            print(f"refused: {alone.refusals or 'none'}; failures: {len(alone.failures)} {alone.failures[:3]}")

            header(f"Sell-out: 2 units of a variant with {SCARCE_STOCK} in stock per cart, {CLIENTS} shoppers")
            sold_out, seconds = drive(base, shop, sell_out_cart, seconds=30, stop_after_refusals=3)
            print(
                f"completed {sold_out.completed} checkouts ({2 * sold_out.completed} of {SCARCE_STOCK} units) "
                f"in {seconds:.1f} s; refused {sold_out.refusals}; failures {len(sold_out.failures)}"
            )
            again = run_wrk("bare Django view (again, drift)", base + "/bench/bare/")
            print(again.line())
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        header("Oversell (bench stock rows after both phases)")
        total, kinds = oversell_count(shop)
        print(f"oversell count: {total}  ({', '.join(f'{k} {v}' for k, v in kinds.items())})")
        if with_redis:
            print(f"{email_note}; {queued_email_tasks()} email tasks queued, dropped now")
            drop_queued_tasks()
        else:
            print(email_note)
    finally:
        unpublish(shop)


if __name__ == "__main__":
    main()
