"""A cooperative's whole traceability work through the API: a batch, its
harvest and packing, 200 stamps generated, printed and activated; a shopper's
app verifies one (genuine), then a recall turns it into a recall notice."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

from tests.factories import commune_of
from tests.marketplace.graphql.traceability.conftest import global_id, mutate
from tests.marketplace.graphql.traceability.queries import (
    BATCH,
    BATCH_CREATE,
    BATCH_RECALL,
    BATCH_UPDATE,
    EPCIS,
    EVENT_RECORD,
    GTIN_SET,
    LABEL_JOB_CREATE,
    STAMP_JOB,
    STAMPS_ACTIVATE,
    STAMPS_GENERATE,
    STAMPS_VOID,
    VERIFY,
)
from traceability.models import Batch, Stamp, StampEvent, StampStatus


def test_batch_events_stamps_verification_and_recall(cast, run_tasks):
    owner, staff = cast.owner_a, cast.staff_a
    today = timezone.localdate()
    variant_id = global_id("ProductVariant", cast.variant_a.pk)

    gtin = mutate(owner, GTIN_SET, {"variantId": variant_id, "gtin": "8936012345674"}, "variantGtinSet")
    assert gtin["tradeItem"] == {"gtin": "08936012345674", "isInternal": False}

    created = mutate(
        owner,
        BATCH_CREATE,
        {
            "input": {
                "variant": variant_id,
                "lotCode": "TC-2025-07",
                "harvestStart": str(today - datetime.timedelta(days=5)),
                "harvestEnd": str(today - datetime.timedelta(days=3)),
                "productionDate": str(today - datetime.timedelta(days=2)),
                "expiryDate": str(today + datetime.timedelta(days=365)),
                "quantity": "150.5",
                "unit": "KG",
                "originProvince": "19",
                "originCommune": commune_of("19").code,
                "farmPlot": "Vườn chè đội 3",
                "appliedStandards": "VietGAP",
            }
        },
        "batchCreate",
    )["batch"]
    assert created["lotCode"] == "TC-2025-07"
    assert created["batchCodeUri"].endswith("/01/08936012345674/10/TC-2025-07")
    assert created["harvestDate"]["end"] == str(today - datetime.timedelta(days=3))
    assert created["origin"]["farmPlot"] == "Vườn chè đội 3"
    assert created["variant"]["tradeItem"]["gtin"] == "08936012345674"
    batch_id = created["id"]

    notes = mutate(staff, BATCH_UPDATE, {"id": batch_id, "input": {"notes": "Hái một tôm hai lá"}}, "batchUpdate")
    assert notes["batch"]["notes"] == "Hái một tôm hai lá"

    harvest = mutate(
        staff,
        EVENT_RECORD,
        {
            "batchId": batch_id,
            "input": {
                "kind": "HARVEST",
                "eventTime": (timezone.now() - datetime.timedelta(days=4)).isoformat(),
                "place": "Vườn chè đội 3",
            },
        },
        "supplyChainEventRecord",
    )["event"]
    assert harvest["bizStep"] == "commissioning"
    document = json.loads(harvest["document"])
    assert document["type"] == "ObjectEvent" and document["eventTimeZoneOffset"] == "+07:00"
    packing = mutate(
        owner, EVENT_RECORD, {"batchId": batch_id, "input": {"kind": "PACKING"}}, "supplyChainEventRecord"
    )["event"]
    assert packing["bizStep"] == "packing"

    job = run_tasks(
        mutate, owner, STAMPS_GENERATE, {"variantId": variant_id, "count": 200, "batchId": batch_id}, "stampsGenerate"
    )["job"]
    polled = owner.execute(STAMP_JOB, {"id": job["id"]})["stampJob"]
    assert polled["state"] == "DONE" and polled["done"] == 200 and polled["progress"] == 1.0
    assert polled["stampCounts"]["generated"] == 200

    printed = mutate(owner, LABEL_JOB_CREATE, {"jobId": job["id"], "format": "L7651", "count": 150}, "labelJobCreate")
    assert printed["count"] == 150 and printed["format"] == "L7651"
    serials = [stamp["serial"] for stamp in printed["stamps"]]
    assert len(set(serials)) == 150
    assert all(stamp["status"] == "PRINTED" for stamp in printed["stamps"])
    assert printed["stamps"][0]["uri"].endswith(f"/01/08936012345674/10/TC-2025-07/21/{serials[0]}")
    again = mutate(owner, LABEL_JOB_CREATE, {"jobId": job["id"], "format": "L7651", "count": 100}, "labelJobCreate")
    assert again["count"] == 50  # only the 50 left: a serial is never printed twice
    assert not set(serials) & {stamp["serial"] for stamp in again["stamps"]}

    activated = mutate(owner, STAMPS_ACTIVATE, {"batchId": batch_id, "serials": serials}, "stampsActivate")
    assert activated["count"] == 150
    voided = mutate(owner, STAMPS_VOID, {"serials": serials[-1:], "reason": "Tem bị rách"}, "stampsVoid")
    assert voided["count"] == 1

    detail = owner.execute(BATCH, {"id": batch_id})["batch"]
    assert detail["stampCounts"] == {"generated": 0, "printed": 0, "activated": 149, "voided": 1}
    assert [stage["kind"] for stage in detail["timeline"]] == ["HARVEST", "PACKING"]
    assert "encoding" in {edge["node"]["bizStep"] for edge in detail["events"]["edges"]}

    uri = printed["stamps"][0]["uri"]
    shopper_app = cast.anonymous
    seen = shopper_app.execute(VERIFY, {"uri": uri})["verifyStamp"]
    assert seen["verdict"] == "GENUINE" and not seen["isWarning"]
    assert seen["scanCount"] == 1
    assert seen["productName"].startswith("Chè búp Tân Cương")
    assert seen["serial"] == serials[0] and seen["lotCode"] == "TC-2025-07"
    assert len(seen["items"]) == 10
    assert [stage["kind"] for stage in seen["timeline"]] == ["HARVEST", "PACKING"]
    assert shopper_app.execute(VERIFY, {"uri": uri})["verifyStamp"]["scanCount"] == 2
    void_seen = shopper_app.execute(VERIFY, {"uri": printed["stamps"][-1]["uri"]})["verifyStamp"]
    assert void_seen["verdict"] == "VOIDED" and void_seen["isWarning"]

    document = json.loads(owner.execute(EPCIS, {"id": batch_id})["batchEpcisDocument"])
    assert document["type"] == "EPCISDocument"
    assert len(document["epcisBody"]["eventList"]) >= 4

    recalled = mutate(
        owner, BATCH_RECALL, {"id": batch_id, "reason": "Dư lượng thuốc bảo vệ thực vật vượt ngưỡng"}, "batchRecall"
    )
    assert recalled["batch"]["status"] == "RECALLED"
    notice = shopper_app.execute(VERIFY, {"uri": uri})["verifyStamp"]
    assert notice["verdict"] == "RECALLED" and notice["isWarning"]
    assert notice["recallReason"] == "Dư lượng thuốc bảo vệ thực vật vượt ngưỡng"

    batch = Batch.objects.get(lot_code="TC-2025-07")
    assert Stamp.objects.filter(batch=batch, status=StampStatus.ACTIVATED).count() == 149
    assert StampEvent.objects.filter(stamp__job__batch=batch, action="activate").count() == 150


def test_an_operator_recalls_any_batch(cast, batch_a):
    payload = mutate(
        cast.operator,
        BATCH_RECALL,
        {"id": global_id("Batch", batch_a.pk), "reason": "Quyết định thu hồi của Sở"},
        "batchRecall",
    )
    assert payload["batch"]["status"] == "RECALLED"
    batch_a.refresh_from_db()
    assert batch_a.is_recalled and batch_a.recalled_by == cast.users["operator"]


def test_a_batch_code_proves_origin_only_and_a_bad_uri_is_an_error(cast, batch_a):
    uri = "https://cho-ocop.example/01/" + batch_a.variant.trade_item.gtin + "/10/" + batch_a.lot_code
    seen = cast.anonymous.execute(VERIFY, {"uri": uri})["verifyStamp"]
    assert seen["verdict"] == "BATCH_ONLY" and seen["serial"] is None
    for bad, code in (
        ("https://cho-ocop.example/01/09521234543213/15/250101", "INVALID_DIGITAL_LINK"),
        ("https://cho-ocop.example/01/09521234543213/21/ABC/10/LOT1", "INVALID_DIGITAL_LINK"),
        ("https://cho-ocop.example/01/12345678/21/ABC", "INVALID_GTIN"),
    ):
        assert cast.anonymous.error_codes(VERIFY, {"uri": bad}) == (200, [code])


def test_stamp_lookups_share_the_resolvers_per_client_limit(cast, batch_a, settings):
    from traceability.models import ScanLog

    settings.STAMP_LOOKUPS_PER_MINUTE = 2
    uri = "https://cho-ocop.example/01/" + batch_a.variant.trade_item.gtin + "/10/" + batch_a.lot_code
    for _ in range(2):
        assert cast.anonymous.execute(VERIFY, {"uri": uri})["verifyStamp"]["verdict"] == "BATCH_ONLY"
    assert cast.anonymous.error_codes(VERIFY, {"uri": uri}) == (200, ["TOO_MANY_REQUESTS"])
    assert ScanLog.objects.filter(batch=batch_a).count() == 2
