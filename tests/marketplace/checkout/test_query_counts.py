"""Query budgets: the cart summary and the completion cost the same number
of queries for one line as for five lines from two sellers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.checkout import services
from marketplace.checkout.selectors import checkout_summary, get_checkout_for_user
from tests.factories import ProductFactory, publish
from tests.marketplace.checkout.helpers import ready_checkout

SUMMARY_QUERIES = 4  # lines, deliveries, address, shipping methods with their zones and bands
# savepoint (2), generic plans for the transaction (SET LOCAL), lock with the
# addresses + summary (3: its shipping address came with the lock), order number, order, sub-orders, lines, event, stock
# lock, reservations, allocate, allocations, transaction + event, checkout deletion (1)
COMPLETE_QUERIES = 19


@pytest.fixture
def five_lines(channel, seller_a, seller_b, tea, squid):
    variants = [tea, squid]
    for seller, n in ((seller_a, 2), (seller_b, 1)):
        for _ in range(n):
            variants.append(publish(ProductFactory(seller=seller), channel).default_variant)
    return [(variant, 1) for variant in variants]


def _count(call) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def test_the_summary_costs_the_same_for_one_or_five_lines(channel, tea, five_lines):
    small = get_checkout_for_user(token=ready_checkout(channel, [(tea, 1)]).pk, user=None)
    large = get_checkout_for_user(token=ready_checkout(channel, five_lines).pk, user=None)
    assert len(checkout_summary(large).groups) == 2
    (n_small, sql), (n_large, _sql) = _count(lambda: checkout_summary(small)), _count(lambda: checkout_summary(large))
    assert n_small == n_large == SUMMARY_QUERIES, sql


def test_completion_costs_the_same_for_one_or_five_lines(channel, tea, five_lines):
    small = ready_checkout(channel, [(tea, 1)])
    large = ready_checkout(channel, five_lines)
    n_small, sql = _count(lambda: services.complete_checkout(checkout=small))
    n_large, sql_large = _count(lambda: services.complete_checkout(checkout=large))
    assert n_small == n_large, sql_large
    assert n_large == COMPLETE_QUERIES, sql_large
