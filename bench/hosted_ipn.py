"""VNPay and MoMo IPN figures, in process (Django's test client against the
configured database): SQL queries and milliseconds per notification for

- "new": a paid attempt's first notification (signature, attempt found by the
  transaction's index, event claimed, charge recorded, order and sub-orders
  confirmed, the ledger's entries);
- "duplicate": the same notification again (the provider retries): nothing
  changes;
- "forged": a wrong signature, refused before the database is read.

Each order has two sellers. Notifications are signed by the stand-ins'
own implementations (tests/payments/standins/). Milliseconds on this shared
machine are only comparable within one run.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # in-process tasks log every run at INFO

import django  # noqa: E402

django.setup()

from django.core.signals import request_finished  # noqa: E402
from django.db import close_old_connections, connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench.lib import header  # noqa: E402
from marketplace.channel.models import Channel  # noqa: E402
from marketplace.checkout import services as checkout_services  # noqa: E402
from marketplace.order.models import Order, OrderChargeStatus  # noqa: E402
from payments.gateways.hosted import start_attempt  # noqa: E402
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
from tests.payments.standins import momo as momo_standin  # noqa: E402
from tests.payments.standins import vnpay as vnpay_standin  # noqa: E402

ORDERS = int(os.environ.get("BENCH_IPN_ORDERS", "100"))
SETTINGS = {
    "PAYMENT_GATEWAYS": [
        "payments.gateways.cod.CashOnDelivery",
        "payments.gateways.vnpay.VNPay",
        "payments.gateways.momo.MoMo",
    ],
    "VNPAY_TMN_CODE": "BENCHTMN",
    "VNPAY_HASH_SECRET": "BENCHVNPAYSECRET0123456789ABCDEF",
    "MOMO_PARTNER_CODE": "MOMOBENCH",
    "MOMO_ACCESS_KEY": "BENCHACCESS",
    "MOMO_SECRET_KEY": "BENCHMOMOSECRET0123456789abcdef",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


def place_orders(gateway: str, count: int) -> list[tuple[Order, str, int]]:
    """``count`` two-seller orders placed with ``gateway``, each with one
    attempt started: (order, reference, amount)."""
    channel = Channel.objects.order_by("pk").first() or ChannelFactory()
    stamp = time.time_ns()
    for factory in (SellerFactory, ProductFactory, ProductVariantFactory, CategoryFactory, ProductTypeFactory):
        factory.reset_sequence(stamp // 1000 % 10**9)  # a fresh range on every run against the same database
    variants = []
    for index in range(2):
        seller = SellerFactory(name=f"Bench {gateway} {stamp} {index}", slug=f"bench-{gateway}-{stamp}-{index}")
        flat_method(seller, fee=20_000)
        product = ProductFactory(seller=seller, slug=f"bench-{gateway}-{stamp}-{index}")
        variants.append(publish(product, channel, price=99_000, stock=count + 10).default_variant)
    placed = []
    for _ in range(count):
        order = checkout_services.complete_checkout(
            checkout=ready_checkout(channel, [(variants[0], 1), (variants[1], 1)], email="bench@example.vn"),
            payment_gateway=gateway,
        )
        attempt = start_attempt(tx=order.transactions.get(), gateway_id=gateway)
        placed.append((order, attempt.reference, attempt.amount))
    return placed


def vnpay_deliveries(placed: list[tuple[Order, str, int]]) -> list[tuple[str, dict, dict]]:
    out = []
    for _, reference, amount in placed:
        request = {"vnp_Amount": str(amount * 100), "vnp_TxnRef": reference, "vnp_OrderInfo": "Thanh toan"}
        paid = vnpay_standin.result_params(
            request, tmn_code=SETTINGS["VNPAY_TMN_CODE"], secret=SETTINGS["VNPAY_HASH_SECRET"], paid=True
        )
        forged = {**paid, "vnp_SecureHash": vnpay_standin.vnpay_hash(paid, "forged")}
        out.append(("vnpay", paid, forged))
    return out


def momo_deliveries(placed: list[tuple[Order, str, int]]) -> list[tuple[str, dict, dict]]:
    out = []
    for _, reference, amount in placed:
        request = {
            "partnerCode": SETTINGS["MOMO_PARTNER_CODE"],
            "orderId": reference,
            "requestId": reference,
            "amount": amount,
            "orderInfo": "Thanh toán",
            "extraData": "",
        }
        paid = momo_standin.payment_result(
            request, access_key=SETTINGS["MOMO_ACCESS_KEY"], secret_key=SETTINGS["MOMO_SECRET_KEY"], paid=True
        )
        out.append(("momo", paid, {**paid, "signature": "0" * 64}))
    return out


def deliver(client: Client, provider: str, payload: dict) -> int:
    if provider == "vnpay":
        return int(client.get("/thanh-toan/vnpay/ipn/", payload).json()["RspCode"])
    return client.post("/thanh-toan/momo/ipn/", data=json.dumps(payload), content_type="application/json").status_code


def measure(label: str, client: Client, provider: str, payloads: list[dict]) -> list[int]:
    timings, queries, answers = [], [], []
    for payload in payloads:
        reset_queries()  # the log is capped: a full one would count nothing
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            answers.append(deliver(client, provider, payload))
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
    cuts = statistics.quantiles(timings, n=20)
    print(
        f"{provider:<6} {label:<10} {len(payloads):5d} IPNs  queries min/max {min(queries):3d}/{max(queries):3d}  "
        f"ms p50 {statistics.median(timings):7.2f}  p95 {cuts[18]:7.2f}  answers {sorted(set(answers))}"
    )
    return answers


def main() -> None:
    # Keep one connection across requests (as the test client does in tests),
    # so the queries of each request can be counted on it.
    request_finished.disconnect(close_old_connections)
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(**SETTINGS):
        header(f"Setting up: {ORDERS} two-seller orders per gateway, one attempt each")
        runs = {"vnpay": vnpay_deliveries(place_orders("vnpay", ORDERS)), "momo": []}
        momo_placed = place_orders("momo", ORDERS)
        runs["momo"] = momo_deliveries(momo_placed)
        header("IPNs in process: queries and milliseconds per notification")
        for provider, deliveries in runs.items():
            measure("forged", client, provider, [forged for _, _, forged in deliveries])
            measure("new", client, provider, [paid for _, paid, _ in deliveries])
            measure("duplicate", client, provider, [paid for _, paid, _ in deliveries])
        paid = Order.objects.filter(
            pk__in=[order.pk for order, _, _ in momo_placed], charge_status=OrderChargeStatus.FULL
        ).count()
        print(f"momo orders paid in full: {paid} of {len(momo_placed)}")


if __name__ == "__main__":
    main()
