"""Supply-chain events: every kind is stored as EPCIS 2.0 JSON-LD that
validates against GS1's own schema with format checking on, and a batch
exports as one valid EPCISDocument."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft7Validator, FormatChecker

from tests.factories import ProductVariantFactory, province
from tests.traceability.helpers import make_batch
from traceability import epcis, services
from traceability.errors import TraceError
from traceability.models import EpcisEvent, EventKind

DATA = Path(__file__).parent / "data" / "epcis"
SCHEMA = json.loads((DATA / "EPCIS-JSON-Schema.json").read_text(encoding="utf-8"))
EXAMPLES = sorted((DATA / "examples").glob("*.jsonld"))


def gs1_validator() -> Draft7Validator:
    """The validator exactly as GS1's schema README prescribes, built from the
    test data copy (independent of the package's own loader)."""
    return Draft7Validator(SCHEMA, format_checker=FormatChecker())


def assert_valid(document: dict) -> None:
    errors = [error.message for error in gs1_validator().iter_errors(document)]
    assert errors == []


def test_the_package_ships_gs1s_schema_unchanged():
    shipped = Path(epcis.__file__).parent / "data" / "EPCIS-JSON-Schema.json"
    assert shipped.read_bytes() == (DATA / "EPCIS-JSON-Schema.json").read_bytes()


def test_format_checking_covers_date_time_and_uri():
    checker = FormatChecker()
    assert {"date-time", "uri"} <= set(checker.checkers)
    assert not checker.conforms("2025-13-45T99:00:00+07:00", "date-time")
    assert not checker.conforms("not a uri", "uri")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_gs1s_own_examples_validate(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    assert_valid(document)
    assert epcis.validation_errors(document) == []


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda e: e.update(eventTime="hôm qua lúc 8 giờ"), "date-time"),
        (lambda e: e.update(eventTime="2025-06-01 08:00"), "date-time"),
        (lambda e: e["readPoint"].update(id="vườn chè số 3"), "uri"),
        (lambda e: e.update(epcList=["not a uri"]), "uri"),
        (lambda e: e.update(eventTimeZoneOffset="+7"), "pattern"),
        (lambda e: e.update(action="CREATE"), "enum"),
        (lambda e: e.pop("eventTime"), "required"),
    ],
)
def test_a_broken_event_fails_validation(change, why):
    event = copy.deepcopy(
        json.loads((DATA / "examples" / "Example_9.6.1-ObjectEvent.jsonld").read_text(encoding="utf-8"))["epcisBody"][
            "eventList"
        ][0]
    )
    event["@context"] = epcis.context()
    assert_valid(event)
    change(event)
    assert epcis.validation_errors(event)
    with pytest.raises(TraceError) as err:
        epcis.validate(event)
    assert err.value.code == "INVALID_EVENT"
    assert err.value.details["errors"]


def _check_common(event: EpcisEvent) -> dict:
    document = event.document
    assert_valid(document)
    assert document["eventTimeZoneOffset"] == "+07:00"
    assert document["eventTime"].endswith("+07:00")
    assert document["@context"][0] == "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
    assert document["eventID"].startswith("urn:uuid:")
    assert document["readPoint"]["id"].endswith(f"/dia-diem/{event.seller.slug}")
    assert event.event_id == document["eventID"]
    return document


def test_harvest_is_a_commissioning_object_event_with_the_lot_quantity(seller, owner, batch):
    when = timezone.now() - datetime.timedelta(hours=3)
    event = services.record_event(batch=batch, actor=owner, kind=EventKind.HARVEST, when=when)
    document = _check_common(event)
    assert (document["type"], document["action"], document["bizStep"]) == ("ObjectEvent", "ADD", "commissioning")
    gtin = batch.variant.trade_item.gtin
    assert document["quantityList"] == [
        {"epcClass": f"https://id.gs1.org/01/{gtin}/10/LOT-2025-01", "quantity": 120.5, "uom": "KGM"}
    ]
    assert document["ilmd"]["cbvmda:lotNumber"] == "LOT-2025-01"
    assert event.event_time == when
    # Defaults a farmer does not have to type: the batch's plot and commune.
    assert event.place == "Vườn chè đội 3, thửa 12"
    assert event.commune == batch.origin_commune


def test_processing_is_a_transformation_from_input_lots_to_the_batch(seller, owner, batch):
    leaves_variant = ProductVariantFactory(product=batch.variant.product, name="Chè tươi")
    leaves = make_batch(seller, owner, leaves_variant, lot_code="TUOI-01", quantity="600", unit="kg")
    event = services.record_event(
        batch=batch, actor=owner, kind=EventKind.PROCESSING, inputs=[(leaves, "600")], quantity="120", unit="kg"
    )
    document = _check_common(event)
    assert document["type"] == "TransformationEvent"
    assert document["inputQuantityList"][0]["epcClass"].endswith("/10/TUOI-01")
    assert document["inputQuantityList"][0]["quantity"] == 600
    assert document["outputQuantityList"][0]["epcClass"].endswith("/10/LOT-2025-01")


def test_processing_without_recorded_inputs_still_validates(owner, batch):
    document = _check_common(services.record_event(batch=batch, actor=owner, kind=EventKind.PROCESSING))
    assert document["transformationID"].startswith("urn:uuid:")


@pytest.mark.parametrize(
    ("kind", "biz_step", "disposition"),
    [
        (EventKind.PACKING, "packing", "in_progress"),
        (EventKind.SHIPPING, "shipping", "in_transit"),
        (EventKind.RECEIVING, "receiving", "in_progress"),
    ],
)
def test_packing_shipping_receiving_are_observations(owner, batch, kind, biz_step, disposition):
    event = services.record_event(
        batch=batch, actor=owner, kind=kind, order_reference="DH-2025-0001", quantity=40, unit="hop"
    )
    document = _check_common(event)
    assert (document["action"], document["bizStep"], document["disposition"]) == ("OBSERVE", biz_step, disposition)
    assert document["quantityList"][0]["uom"] == "BX"
    if kind == EventKind.PACKING:
        assert "bizTransactionList" not in document
    else:
        assert document["bizTransactionList"] == [
            {"type": "po", "bizTransaction": "http://127.0.0.1:8000/don-hang/DH-2025-0001"}
        ]


def test_inspection_records_the_verdict(owner, batch):
    passed = services.record_event(batch=batch, actor=owner, kind=EventKind.INSPECTION, passed=True, note="Đạt")
    failed = services.record_event(batch=batch, actor=owner, kind=EventKind.INSPECTION, passed=False)
    assert _check_common(passed)["disposition"] == "conformant"
    assert _check_common(failed)["disposition"] == "non_conformant"
    assert passed.document["ocop:note"] == "Đạt"
    assert passed.document["bizStep"] == "inspecting"


def test_stamp_events_encode_activate_and_decommission(seller, owner, batch, printed_stamps):
    services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=[s.serial for s in printed_stamps])
    services.void_stamps(seller=seller, actor=owner, serials=[printed_stamps[0].serial], reason="Tem bị rách")
    by_kind = {event.kind: event for event in EpcisEvent.objects.filter(seller=seller)}
    printing = _check_common(by_kind[EventKind.STAMP_PRINTING])
    activation = _check_common(by_kind[EventKind.STAMP_ACTIVATION])
    void = _check_common(by_kind[EventKind.STAMP_VOID])
    gtin = batch.variant.trade_item.gtin
    assert (printing["bizStep"], printing["disposition"]) == ("encoding", "encoded")
    assert (activation["action"], activation["bizStep"]) == ("ADD", "commissioning")
    assert (void["action"], void["bizStep"]) == ("DELETE", "decommissioning")
    assert sorted(activation["epcList"]) == sorted(
        f"https://id.gs1.org/01/{gtin}/21/{stamp.serial}" for stamp in printed_stamps
    )
    assert activation["ilmd"] == {"cbvmda:lotNumber": "LOT-2025-01"}
    assert by_kind[EventKind.STAMP_ACTIVATION].batch == batch
    assert void["epcList"] == [f"https://id.gs1.org/01/{gtin}/21/{printed_stamps[0].serial}"]


def test_recall_has_disposition_recalled(owner, batch):
    services.recall_batch(batch=batch, actor=owner, reason="Phát hiện nấm mốc")
    event = EpcisEvent.objects.get(batch=batch, kind=EventKind.RECALL)
    document = _check_common(event)
    assert document["disposition"] == "recalled"
    assert document["quantityList"][0]["epcClass"].endswith("/10/LOT-2025-01")


def test_large_stamp_events_are_split_at_1000_epcs(seller, owner, variant, batch, generate):
    job = generate(seller, owner, variant, 2500, batch=batch)
    services.claim_stamps_for_printing(seller=seller, actor=owner, count=2500, job=job)
    services.activate_stamps(seller=seller, actor=owner, batch=batch, job=job)
    activations = list(EpcisEvent.objects.filter(kind=EventKind.STAMP_ACTIVATION).order_by("pk"))
    assert [event.epc_count for event in activations] == [1000, 1000, 500]
    assert all(len(event.document["epcList"]) == event.epc_count for event in activations)
    for event in activations:
        assert_valid(event.document)


def test_a_batch_exports_as_one_valid_epcis_document(seller, owner, batch, printed_stamps):
    for kind in (EventKind.HARVEST, EventKind.PROCESSING, EventKind.PACKING):
        services.record_event(batch=batch, actor=owner, kind=kind)
    services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=[s.serial for s in printed_stamps])
    services.record_event(batch=batch, actor=owner, kind=EventKind.SHIPPING, order_reference="DH-7")
    services.recall_batch(batch=batch, actor=owner, reason="Thu hồi tự nguyện")

    document = services.export_batch_epcis(batch)

    assert_valid(document)
    assert (document["type"], document["schemaVersion"]) == ("EPCISDocument", "2.0")
    events = document["epcisBody"]["eventList"]
    kinds = [event["ocop:kind"] for event in events]
    assert kinds == [
        "stamp_printing",
        "harvest",
        "processing",
        "packing",
        "stamp_activation",
        "shipping",
        "recall",
    ]
    times = [event["eventTime"] for event in events]
    assert times == sorted(times)


def test_events_are_refused_with_bad_input_and_change_nothing(owner, batch, other_seller):
    future = timezone.now() + datetime.timedelta(days=1)
    refusals = [
        ({"kind": "dancing"}, "INVALID"),
        ({"kind": EventKind.HARVEST, "when": future}, "INVALID_DATES"),
        ({"kind": EventKind.HARVEST, "when": datetime.datetime(2025, 1, 1, 8)}, "INVALID_DATES"),
        ({"kind": EventKind.HARVEST, "quantity": "-3"}, "INVALID_QUANTITY"),
        ({"kind": EventKind.HARVEST, "unit": "thùng"}, "INVALID_UNIT"),
        ({"kind": EventKind.SHIPPING, "order_reference": "DH-1", "order_type": "xyz"}, "INVALID"),
        (
            {"kind": EventKind.HARVEST, "province": province("01"), "commune": batch.origin_commune},
            "INVALID",
        ),
    ]
    for arguments, code in refusals:
        with pytest.raises(TraceError) as err:
            services.record_event(batch=batch, actor=owner, **arguments)
        assert err.value.code == code, arguments
    assert not EpcisEvent.objects.exists()


def test_only_an_inspection_may_follow_a_recall(owner, batch):
    services.recall_batch(batch=batch, actor=owner, reason="Thu hồi")
    with pytest.raises(TraceError) as err:
        services.record_event(batch=batch, actor=owner, kind=EventKind.SHIPPING)
    assert err.value.code == "BATCH_RECALLED"
    services.record_event(batch=batch, actor=owner, kind=EventKind.INSPECTION, passed=False)
