"""Who may see and change which batches, jobs, stamps and events, from the
outside: anyone but a member of the seller gets NOT_FOUND (or null), exactly
as for a missing object, and nothing changes. Operators read and recall any
batch, and do nothing else."""

from __future__ import annotations

import pytest

from tests.marketplace.graphql.traceability.conftest import global_id
from tests.marketplace.graphql.traceability.queries import (
    BATCH,
    BATCH_RECALL,
    BATCH_UPDATE,
    BATCHES,
    EPCIS,
    EVENT_RECORD,
    LABEL_JOB_CREATE,
    STAMP_JOB,
    STAMPS_ACTIVATE,
    STAMPS_GENERATE,
    STAMPS_VOID,
)
from traceability import services
from traceability.models import Batch, EpcisEvent, Stamp, StampEvent, StampJob

OUTSIDERS = ["anonymous", "shopper", "owner_b"]
MEMBERS = ["owner_a", "staff_a"]


@pytest.fixture
def stamps_a(cast, batch_a, django_capture_on_commit_callbacks):
    """A job of 10 stamps for ``batch_a``: 6 printed, 4 still generated."""
    owner = cast.users["owner_a"]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_stamps(
            seller=cast.seller_a, actor=owner, variant=cast.variant_a, count=10, batch=batch_a
        )
    services.claim_stamps_for_printing(seller=cast.seller_a, actor=owner, count=6, job=job)
    return job


def snapshot() -> dict:
    return {
        "batches": list(Batch.objects.order_by("pk").values_list("pk", "status", "notes", "recall_reason")),
        "events": EpcisEvent.objects.count(),
        "jobs": StampJob.objects.count(),
        "stamps": list(Stamp.objects.order_by("pk").values_list("status", "batch_id", "lot_code")),
        "stamp_events": StampEvent.objects.count(),
    }


def changes(cast, batch_a, job) -> list[tuple[str, str, dict]]:
    """Every mutation on seller A's things: (name, document, variables)."""
    batch_id = global_id("Batch", batch_a.pk)
    job_id = global_id("StampJob", job.pk)
    printed = list(Stamp.objects.filter(job=job, status="printed").values_list("serial", flat=True))
    return [
        ("batchUpdate", BATCH_UPDATE, {"id": batch_id, "input": {"notes": "Sửa trộm"}}),
        ("supplyChainEventRecord", EVENT_RECORD, {"batchId": batch_id, "input": {"kind": "PACKING"}}),
        (
            "stampsGenerate",
            STAMPS_GENERATE,
            {"variantId": global_id("ProductVariant", cast.variant_a.pk), "count": 5, "batchId": batch_id},
        ),
        ("labelJobCreate", LABEL_JOB_CREATE, {"jobId": job_id, "format": "L7160", "count": 2}),
        ("labelJobCreate", LABEL_JOB_CREATE, {"batchId": batch_id, "format": "L7160", "count": 2}),
        ("stampsActivate", STAMPS_ACTIVATE, {"batchId": batch_id, "serials": printed}),
        ("stampsActivate", STAMPS_ACTIVATE, {"batchId": batch_id, "jobId": job_id}),
        ("stampsVoid", STAMPS_VOID, {"serials": printed[:2], "reason": "Phá hoại"}),
    ]


@pytest.mark.parametrize("who", [*OUTSIDERS, "operator"])
def test_others_cannot_change_a_sellers_batches_stamps_or_jobs(cast, batch_a, stamps_a, who):
    client = cast.client(who)
    before = snapshot()
    for name, document, variables in changes(cast, batch_a, stamps_a):
        payload = client.execute(document, variables)[name]
        assert [error["code"] for error in payload["errors"]] == ["NOT_FOUND"], (name, payload)
    assert snapshot() == before


@pytest.mark.parametrize("who", OUTSIDERS)
def test_others_cannot_recall(cast, batch_a, who):
    before = snapshot()
    payload = cast.client(who).execute(BATCH_RECALL, {"id": global_id("Batch", batch_a.pk), "reason": "Thử"})
    assert [error["code"] for error in payload["batchRecall"]["errors"]] == ["NOT_FOUND"]
    assert payload["batchRecall"]["batch"] is None
    assert snapshot() == before


@pytest.mark.parametrize("who", OUTSIDERS)
def test_others_see_nothing(cast, batch_a, stamps_a, who):
    client = cast.client(who)
    batch_id = global_id("Batch", batch_a.pk)
    assert client.execute(BATCH, {"id": batch_id})["batch"] is None
    assert client.execute(EPCIS, {"id": batch_id})["batchEpcisDocument"] is None
    assert client.execute(STAMP_JOB, {"id": global_id("StampJob", stamps_a.pk)})["stampJob"] is None
    listed = client.execute(BATCHES, {"first": 10})["batches"]
    assert listed["edges"] == [] and listed["totalCount"] == 0
    node = client.execute("query N($id: ID!) { node(id: $id) { id } }", {"id": batch_id})["node"]
    assert node is None


@pytest.mark.parametrize("who", MEMBERS)
def test_members_see_their_sellers_batches_jobs_and_history(cast, batch_a, stamps_a, who):
    client = cast.client(who)
    batch_id = global_id("Batch", batch_a.pk)
    assert client.execute(BATCH, {"id": batch_id})["batch"]["lotCode"] == "TC-2025-07"
    job = client.execute(STAMP_JOB, {"id": global_id("StampJob", stamps_a.pk)})["stampJob"]
    assert job["stampCounts"] == {"generated": 4, "printed": 6, "activated": 0, "voided": 0}
    listed = client.execute(BATCHES, {"first": 10})["batches"]
    assert [edge["node"]["id"] for edge in listed["edges"]] == [batch_id]
    assert '"EPCISDocument"' in client.execute(EPCIS, {"id": batch_id})["batchEpcisDocument"]


def test_a_member_of_two_sellers_narrows_the_list_by_seller(cast, batch_a):
    from tests.factories import SellerMemberFactory
    from tests.traceability.helpers import make_batch

    SellerMemberFactory(seller=cast.seller_b, user=cast.users["owner_a"])
    make_batch(cast.seller_b, cast.users["owner_b"], cast.variant_b, lot_code="MO-01")
    both = cast.owner_a.execute(BATCHES, {"first": 10})["batches"]
    assert sorted(edge["node"]["lotCode"] for edge in both["edges"]) == ["MO-01", "TC-2025-07"]
    only_b = cast.owner_a.execute(BATCHES, {"first": 10, "sellerId": global_id("Seller", cast.seller_b.pk)})
    assert [edge["node"]["lotCode"] for edge in only_b["batches"]["edges"]] == ["MO-01"]
    # seller B's owner still sees only seller B's
    theirs = cast.owner_b.execute(BATCHES, {"first": 10})["batches"]
    assert [edge["node"]["lotCode"] for edge in theirs["edges"]] == ["MO-01"]


def test_operators_read_any_batch_but_have_no_batch_list(cast, batch_a):
    batch_id = global_id("Batch", batch_a.pk)
    assert cast.operator.execute(BATCH, {"id": batch_id})["batch"]["lotCode"] == "TC-2025-07"
    assert '"EPCISDocument"' in cast.operator.execute(EPCIS, {"id": batch_id})["batchEpcisDocument"]
    assert cast.operator.execute(BATCHES, {"first": 10})["batches"]["edges"] == []


def test_stamps_of_two_sellers_cannot_be_voided_by_one_of_them(
    cast, batch_a, stamps_a, django_capture_on_commit_callbacks
):
    from tests.traceability.helpers import make_batch

    owner_b = cast.users["owner_b"]
    batch_b = make_batch(cast.seller_b, owner_b, cast.variant_b, lot_code="MO-01")
    with django_capture_on_commit_callbacks(execute=True):
        job_b = services.request_stamps(
            seller=cast.seller_b, actor=owner_b, variant=cast.variant_b, count=2, batch=batch_b
        )
    serials = [Stamp.objects.filter(job=stamps_a).first().serial, Stamp.objects.filter(job=job_b).first().serial]
    before = snapshot()
    payload = cast.owner_b.execute(STAMPS_VOID, {"serials": serials, "reason": "Nhầm"})["stampsVoid"]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", "serials")]
    assert snapshot() == before
