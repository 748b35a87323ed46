"""Bad input gets its error code and changes nothing: lot codes outside GS1's
character set 82, GS1's invalid GTIN vectors, dates, counts, reasons."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.marketplace.graphql.traceability.conftest import error_codes, global_id, mutate
from tests.marketplace.graphql.traceability.queries import (
    BATCH_CREATE,
    BATCH_RECALL,
    EVENT_RECORD,
    GTIN_SET,
    STAMPS_ACTIVATE,
    STAMPS_GENERATE,
    STAMPS_VOID,
)
from traceability.models import Batch, EpcisEvent, StampJob, TradeItem


@pytest.mark.parametrize("lot_code", ["", "LÔ-01", "LOT 01", "A" * 21, "LOT#1"])
def test_a_lot_code_outside_character_set_82_is_refused(cast, lot_code):
    variables = {"input": {"variant": global_id("ProductVariant", cast.variant_a.pk), "lotCode": lot_code}}
    assert error_codes(cast.owner_a, BATCH_CREATE, variables, "batchCreate") == [("INVALID_LOT_CODE", "lotCode")]
    assert not Batch.objects.exists()


@pytest.mark.parametrize("gtin", ["12345678", "123456789000", "1234567890123", "8936012345675", "89360123456A"])
def test_gs1s_invalid_gtins_are_refused(cast, gtin):
    variables = {"variantId": global_id("ProductVariant", cast.variant_a.pk), "gtin": gtin}
    assert error_codes(cast.owner_a, GTIN_SET, variables, "variantGtinSet") == [("INVALID_GTIN", "gtin")]
    assert not TradeItem.objects.exists()


@pytest.mark.parametrize(
    ("gtin", "stored"),
    [
        ("09521234543213", "09521234543213"),
        ("00614141123452", "00614141123452"),
        ("40170725", "00000040170725"),
        ("012345678905", "00012345678905"),
    ],
)
def test_gs1s_valid_gtins_are_stored_as_14_digits(cast, gtin, stored):
    variables = {"variantId": global_id("ProductVariant", cast.variant_a.pk), "gtin": gtin}
    payload = mutate(cast.owner_a, GTIN_SET, variables, "variantGtinSet")
    assert payload["tradeItem"] == {"gtin": stored, "isInternal": False}


def test_a_gtin_of_another_variant_is_unique(cast):
    mutate(
        cast.owner_b,
        GTIN_SET,
        {"variantId": global_id("ProductVariant", cast.variant_b.pk), "gtin": "40170725"},
        "variantGtinSet",
    )
    variables = {"variantId": global_id("ProductVariant", cast.variant_a.pk), "gtin": "40170725"}
    assert error_codes(cast.owner_a, GTIN_SET, variables, "variantGtinSet") == [("UNIQUE", "gtin")]


def test_dates_unit_and_duplicate_lot(cast, batch_a):
    today = timezone.localdate()
    base = {"variant": global_id("ProductVariant", cast.variant_a.pk), "lotCode": "TC-2"}
    cases = [
        (
            {"harvestStart": str(today), "harvestEnd": str(today - datetime.timedelta(days=1))},
            ("INVALID_DATES", "harvestEnd"),
        ),
        ({"productionDate": str(today + datetime.timedelta(days=2))}, ("INVALID_DATES", "productionDate")),
        ({"quantity": "-1"}, ("INVALID_QUANTITY", "quantity")),
        ({"lotCode": "TC-2025-07"}, ("UNIQUE", "lotCode")),
        ({"producer": global_id("ProducerMember", 999999)}, ("NOT_FOUND", "producer")),
        ({"originProvince": "99"}, ("INVALID", "originProvince")),
    ]
    for extra, expected in cases:
        codes = error_codes(cast.owner_a, BATCH_CREATE, {"input": {**base, **extra}}, "batchCreate")
        assert codes == [expected], extra
    assert Batch.objects.count() == 1


def test_stamp_counts_reasons_and_transitions(cast, batch_a):
    batch_id = global_id("Batch", batch_a.pk)
    variant_id = global_id("ProductVariant", cast.variant_a.pk)
    for count in (0, 100_001):
        variables = {"variantId": variant_id, "count": count, "batchId": batch_id}
        assert error_codes(cast.owner_a, STAMPS_GENERATE, variables, "stampsGenerate") == [("INVALID_COUNT", "count")]
    assert not StampJob.objects.exists()
    variables = {"variantId": global_id("ProductVariant", cast.variant_b.pk), "count": 1}
    assert error_codes(cast.owner_a, STAMPS_GENERATE, variables, "stampsGenerate") == [("NOT_FOUND", "variantId")]
    assert error_codes(cast.owner_a, BATCH_RECALL, {"id": batch_id, "reason": "  "}, "batchRecall") == [
        ("REASON_REQUIRED", "reason")
    ]
    assert error_codes(cast.owner_a, STAMPS_VOID, {"serials": ["ZZZZZZZZZZZZZZZZ"], "reason": "x"}, "stampsVoid") == [
        ("NOT_FOUND", "serials")
    ]
    activate = {"batchId": batch_id, "serials": ["ZZZZZZZZZZZZZZZZ"]}
    assert error_codes(cast.owner_a, STAMPS_ACTIVATE, activate, "stampsActivate") == [("NOT_FOUND", "serials")]
    mutate(cast.owner_a, BATCH_RECALL, {"id": batch_id, "reason": "Thu hồi"}, "batchRecall")
    events = EpcisEvent.objects.count()
    assert error_codes(
        cast.owner_a, EVENT_RECORD, {"batchId": batch_id, "input": {"kind": "PACKING"}}, "supplyChainEventRecord"
    ) == [("BATCH_RECALLED", None)]
    assert error_codes(cast.owner_a, BATCH_RECALL, {"id": batch_id, "reason": "Lần nữa"}, "batchRecall") == [
        ("INVALID_TRANSITION", None)
    ]
    kind = {"batchId": batch_id, "input": {"kind": "STAMP_PRINTING"}}
    assert error_codes(cast.owner_a, EVENT_RECORD, kind, "supplyChainEventRecord") == [("INVALID", "kind")]
    assert EpcisEvent.objects.count() == events


def test_an_event_in_the_future_is_refused(cast, batch_a):
    later = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    variables = {"batchId": global_id("Batch", batch_a.pk), "input": {"kind": "HARVEST", "eventTime": later}}
    codes = error_codes(cast.owner_a, EVENT_RECORD, variables, "supplyChainEventRecord")
    assert [code for code, _field in codes] == ["INVALID_DATES"]
    assert not EpcisEvent.objects.filter(batch=batch_a).exists()
