"""Stripe webhook figures: signed events processed per second by the real
webhook view under gunicorn, beside the bare Django view measured in the
same run by the same load generator.

- "new events": one ``checkout.session.completed`` per order, each a real
  payment (signature check, fee lookup at the Stripe stand-in, event
  claimed, charge recorded, order and sub-orders confirmed);
- "duplicates": the same events delivered again (Stripe retries), which
  must change nothing.

The load generator is a Python thread pool (``BENCH_CONNECTIONS`` threads),
not wrk: every request carries its own body and a fresh signature, and
each event must be sent exactly once. The bare view is measured with the
same pool, so the ratio compares like with like. Stripe itself is the
local stand-in (tests/payments/standins/stripe.py) running in this process.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # the library logs every Stripe call at INFO

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench.lib import CONNECTIONS, LoadResult, gunicorn_server, header  # noqa: E402
from marketplace.channel.models import Channel  # noqa: E402
from marketplace.checkout import services as checkout_services  # noqa: E402
from marketplace.order.models import Order, OrderChargeStatus  # noqa: E402
from payments.gateways.stripe.gateway import StripeGateway  # noqa: E402
from payments.models import WebhookEvent  # noqa: E402
from tests.factories import (  # noqa: E402
    CategoryFactory,
    ChannelFactory,
    ProductFactory,
    ProductTypeFactory,
    ProductVariantFactory,
    SellerFactory,
    publish,
)
from tests.marketplace.checkout.helpers import flat_method, ready_checkout  # noqa: E402
from tests.payments.standins.stripe import Delivery, running, sign  # noqa: E402

ORDERS = int(os.environ.get("BENCH_WEBHOOK_ORDERS", "200"))
API_KEY = "sk_test_bench"
WEBHOOK_SECRET = "whsec_bench"
WEBHOOK_PATH = "/thanh-toan/stripe/webhook/"
GATEWAYS = "payments.gateways.cod.CashOnDelivery,payments.gateways.stripe.gateway.StripeGateway"
# Order emails (sent when a payment confirms an order) stay in memory: no mail server here.
LOCMEM_EMAIL = "django.core.mail.backends.locmem.EmailBackend"


def stripe_settings(api_base: str) -> dict[str, str]:
    return {
        "STRIPE_SECRET_KEY": API_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": api_base,
        "PAYMENT_GATEWAYS": GATEWAYS,
        "EMAIL_BACKEND": LOCMEM_EMAIL,
    }


def make_orders(count: int, standin) -> list[tuple[object, Delivery]]:
    """``count`` orders placed with Stripe, each with its Checkout Session
    paid at the stand-in: each order's id and signed
    ``checkout.session.completed`` (not delivered yet)."""
    channel = Channel.objects.order_by("pk").first() or ChannelFactory()
    stamp = time.time_ns()
    for factory in (SellerFactory, ProductFactory, ProductVariantFactory, CategoryFactory, ProductTypeFactory):
        factory.reset_sequence(stamp // 1000 % 10**9)  # a fresh range on every run against the same database
    seller = SellerFactory(name=f"Bench Stripe {stamp}", slug=f"bench-stripe-{stamp}")
    flat_method(seller, fee=20_000)
    product = ProductFactory(seller=seller, slug=f"bench-stripe-{stamp}")
    variant = publish(product, channel, price=99_000, stock=count + 10).default_variant
    gateway = StripeGateway()
    deliveries = []
    for _ in range(count):
        order = checkout_services.complete_checkout(
            checkout=ready_checkout(channel, [(variant, 1)], email="bench@example.vn"), payment_gateway="stripe"
        )
        step = gateway.payment_step(
            transaction=order.transactions.get(), order=order, return_url="http://127.0.0.1/don-hang/x/"
        )
        deliveries.append((order.pk, standin.complete_session(step.redirect_url.rsplit("/", 1)[-1])))
    return deliveries


def post_all(
    name: str, url: str, bodies: list[bytes | None], *, signed: bool, threads: int = CONNECTIONS
) -> tuple[LoadResult, list[int]]:
    """Send every body once (GET when ``None``) from ``threads`` threads;
    requests per second, latency percentiles, status codes."""

    def send(body: bytes | None) -> tuple[float, int]:
        headers = {"Content-Type": "application/json"}
        if signed and body is not None:
            headers["Stripe-Signature"] = sign(body, WEBHOOK_SECRET)  # fresh: within the tolerance
        request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body else "GET")
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        return (time.perf_counter() - start) * 1000, status

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(send, bodies))
    seconds = time.perf_counter() - started
    latencies = sorted(ms for ms, _ in results)
    statuses = [status for _, status in results]
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    result = LoadResult(
        name,
        len(bodies) / seconds,
        cuts[49],
        cuts[94],
        cuts[98],
        sum(1 for s in statuses if s >= 400),
        len(bodies),
    )
    return result, statuses


def queries_per_event(standin) -> None:
    header("SQL queries per webhook (in-process)")
    ((_, delivery),) = make_orders(1, standin)
    client = Client(HTTP_HOST="127.0.0.1")
    for label in ("new event", "duplicate"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                WEBHOOK_PATH,
                data=delivery.payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=sign(delivery.payload, WEBHOOK_SECRET),
            )
        print(f"{label:<38} {len(queries):4d} queries ({response.json()['outcome']})")


def main() -> None:
    with running(api_key=API_KEY, webhook_secret=WEBHOOK_SECRET) as standin:
        with override_settings(**{**stripe_settings(standin.url), "PAYMENT_GATEWAYS": GATEWAYS.split(",")}):
            queries_per_event(standin)
            header(f"Setting up: {ORDERS} orders paid at the Stripe stand-in, events not yet delivered")
            placed = make_orders(ORDERS, standin)
        bodies = [delivery.payload for _, delivery in placed]
        header(f"Signed Stripe webhooks vs bare view, {CONNECTIONS} connections (gunicorn)")
        with gunicorn_server(stripe_settings(standin.url)) as base:
            post_all("warm-up", base + "/bench/bare/", [None] * 200, signed=False)
            bare, _ = post_all("bare Django view", base + "/bench/bare/", [None] * (ORDERS * 4), signed=False)
            print(bare.line())
            events_before = WebhookEvent.objects.count()
            # A quarter one at a time (the cost of one event), the rest from every connection at once.
            split = len(bodies) // 4
            alone, first = post_all(
                "webhook: new events, 1 connection", base + WEBHOOK_PATH, bodies[:split], signed=True, threads=1
            )
            print(alone.line(bare))
            fresh, rest = post_all("webhook: new payment events", base + WEBHOOK_PATH, bodies[split:], signed=True)
            print(fresh.line(bare))
            statuses = first + rest
            again, _ = post_all("webhook: duplicate deliveries", base + WEBHOOK_PATH, bodies, signed=True)
            print(again.line(bare))
        paid = Order.objects.filter(pk__in=[pk for pk, _ in placed], charge_status=OrderChargeStatus.FULL).count()
        claimed = WebhookEvent.objects.count() - events_before
        print(f"{'answers 200 to new events':<38} {statuses.count(200):8d} of {len(statuses)}")
        print(f"{'events claimed (once each)':<38} {claimed:8d} for {2 * len(bodies)} deliveries")
        print(f"{'bench orders paid in full':<38} {paid:8d}")


if __name__ == "__main__":
    main()
