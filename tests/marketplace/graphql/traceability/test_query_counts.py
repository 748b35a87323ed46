"""``batches(first: N)`` with timelines, stamp counts, certificates and
trade items reads in the same number of queries for 2 batches as for 10."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OcopCertificateFactory, ProductVariantFactory
from tests.marketplace.graphql.traceability.queries import BATCHES
from tests.traceability.helpers import make_batch
from traceability import services

# Authenticating the token's user, the requester's memberships, the page,
# its certificates, timelines and stamp counts; the default channel.
BUDGET = 7


def make_batches(cast, count: int, run) -> None:
    owner = cast.users["owner_a"]
    certificate = OcopCertificateFactory(seller=cast.seller_a)
    for index in range(count):
        variant = ProductVariantFactory(product=cast.variant_a.product, name=f"Gói {index}")
        batch = make_batch(cast.seller_a, owner, variant, lot_code=f"LO-{index}", certificates=[certificate])
        services.record_event(batch=batch, actor=owner, kind="harvest", place="Vườn chè đội 3")
        services.record_event(batch=batch, actor=owner, kind="packing")
        job = run(services.request_stamps, seller=cast.seller_a, actor=owner, variant=variant, count=3, batch=batch)
        printed = services.claim_stamps_for_printing(seller=cast.seller_a, actor=owner, count=3, job=job)
        services.activate_stamps(
            seller=cast.seller_a, actor=owner, batch=batch, serials=[stamp.serial for stamp in printed[:2]]
        )


def count_queries(client, first: int) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        data = client.execute(BATCHES, {"first": first})
    return len(captured.captured_queries), data, captured


@pytest.mark.parametrize("first", [2, 10])
def test_batches_with_timelines_read_in_a_fixed_number_of_queries(cast, run_tasks, first):
    make_batches(cast, first, run_tasks)
    queries, data, captured = count_queries(cast.owner_a, first)
    edges = data["batches"]["edges"]
    assert len(edges) == first
    for edge in edges:
        node = edge["node"]
        assert [stage["kind"] for stage in node["timeline"]] == ["HARVEST", "PACKING"]
        assert node["stampCounts"] == {"generated": 0, "printed": 0, "activated": 2, "voided": 0}  # bound at activation
        assert len(node["certificates"]) == 1
        assert node["tradeItem"]["isInternal"] is True
    sql = "\n".join(query["sql"] for query in captured.captured_queries)
    assert queries == BUDGET, sql
