"""GS1 EPCIS 2.0 in JSON-LD: building events and documents from plain values,
and validating them against GS1's JSON schema with format checking on.

No database access here; ``traceability.events`` and ``traceability.stamps``
decide what happened and store the results. Identifiers follow GS1 Digital
Link on GS1's canonical host (``https://id.gs1.org/01/{gtin}/21/{serial}`` for
one package, ``…/10/{lot}`` for a lot as an EPC class); places are URIs we mint
under ``PUBLIC_URL`` (``/dia-diem/{seller}[/{warehouse}]``); our own fields
(place name, province, note) are extension properties in the ``ocop:``
namespace declared in each ``@context``.
"""

from __future__ import annotations

import datetime
import json
import uuid
import zoneinfo
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from jsonschema import Draft7Validator, FormatChecker

from traceability.errors import TraceError
from traceability.gs1 import digital_link

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
GS1_ID_STEM = "https://id.gs1.org"
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "EPCIS-JSON-Schema.json"
VIETNAM_TIME = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
VIETNAM_OFFSET = "+07:00"
# Events about many stamps are split so that no event lists more EPCs than this.
MAX_EPCS_PER_EVENT = 1000

JSON = dict[str, Any]


def public_stem() -> str:
    return settings.PUBLIC_URL.rstrip("/")


def namespace_uri() -> str:
    """The IRI our ``ocop:`` extension properties expand to."""
    return f"{public_stem()}/ns/epcis/"


def context() -> list[Any]:
    return [EPCIS_CONTEXT, {"ocop": namespace_uri()}]


@lru_cache(maxsize=1)
def validator() -> Draft7Validator:
    """GS1's draft-07 schema with ``date-time`` and ``uri`` formats enforced
    (jsonschema checks them only when ``rfc3339-validator`` and
    ``rfc3986-validator`` are installed; both are pinned)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=FormatChecker())


def validation_errors(document: JSON) -> list[str]:
    """Readable schema errors of an event or a document (empty when valid)."""
    errors = sorted(validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}" for error in errors]


def validate(document: JSON) -> JSON:
    """Return ``document`` if it validates; raise ``TraceError("INVALID_EVENT")``
    with the schema's errors in ``details["errors"]`` otherwise."""
    errors = validation_errors(document)
    if errors:
        raise TraceError("INVALID_EVENT", details={"errors": errors[:20]})
    return document


# --- identifiers ------------------------------------------------------------


def format_time(moment: datetime.datetime) -> str:
    """An aware time in Vietnam's offset with milliseconds: ``2025-06-01T08:00:00.000+07:00``."""
    if timezone.is_naive(moment):
        raise ValueError("EPCIS times must be timezone-aware")
    return moment.astimezone(VIETNAM_TIME).isoformat(timespec="milliseconds")


def lot_class_uri(gtin: str, lot: str) -> str:
    """The lot as an EPC class: ``https://id.gs1.org/01/{gtin}/10/{lot}``."""
    return digital_link.build(gtin=gtin, lot=lot).uri(stem=GS1_ID_STEM)


def serial_uri(gtin: str, serial: str) -> str:
    """One package as an EPC: ``https://id.gs1.org/01/{gtin}/21/{serial}``."""
    return digital_link.build(gtin=gtin, serial=serial).uri(stem=GS1_ID_STEM)


def location_uri(seller_slug: str, warehouse_slug: str | None = None) -> str:
    """A place of a seller (or one of its warehouses), minted under PUBLIC_URL."""
    path = f"/dia-diem/{quote(seller_slug, safe='')}"
    if warehouse_slug:
        path += f"/{quote(warehouse_slug, safe='')}"
    return public_stem() + path


def order_uri(reference: str) -> str:
    """Our order (or invoice) ``reference`` as a business-transaction URI."""
    return f"{public_stem()}/don-hang/{quote(reference, safe='')}"


def new_event_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def quantity_element(epc_class: str, quantity: Decimal | int | float | None, uom: str | None) -> JSON:
    element: JSON = {"epcClass": epc_class}
    if quantity is not None:
        number = Decimal(str(quantity))
        element["quantity"] = int(number) if number == number.to_integral_value() else float(number)
        if uom:
            element["uom"] = uom
    return element


# --- events -----------------------------------------------------------------


def _event(
    event_type: str,
    *,
    when: datetime.datetime,
    location: str,
    biz_step: str | None,
    disposition: str | None,
    extensions: dict[str, Any] | None,
) -> JSON:
    event: JSON = {
        "@context": context(),
        "type": event_type,
        "eventID": new_event_id(),
        "eventTime": format_time(when),
        "eventTimeZoneOffset": VIETNAM_OFFSET,
    }
    if biz_step:
        event["bizStep"] = biz_step
    if disposition:
        event["disposition"] = disposition
    event["readPoint"] = {"id": location}
    event["bizLocation"] = {"id": location}
    for name, value in (extensions or {}).items():
        if value not in (None, "", [], {}):
            event[f"ocop:{name}"] = value
    return event


def object_event(
    *,
    action: str,
    when: datetime.datetime,
    location: str,
    biz_step: str | None = None,
    disposition: str | None = None,
    epcs: Sequence[str] = (),
    quantities: Sequence[JSON] = (),
    biz_transactions: Sequence[JSON] = (),
    ilmd: dict[str, Any] | None = None,
    extensions: dict[str, Any] | None = None,
) -> JSON:
    """An ObjectEvent (``action`` ADD, OBSERVE or DELETE) about instances
    (``epcs``) and/or lot quantities (``quantities``)."""
    event = _event(
        "ObjectEvent", when=when, location=location, biz_step=biz_step, disposition=disposition, extensions=extensions
    )
    event["action"] = action
    if epcs or not quantities:
        event["epcList"] = list(epcs)
    if quantities:
        event["quantityList"] = list(quantities)
    if biz_transactions:
        event["bizTransactionList"] = list(biz_transactions)
    if ilmd and action == "ADD":
        event["ilmd"] = {name: value for name, value in ilmd.items() if value not in (None, "")}
    return event


def transformation_event(
    *,
    when: datetime.datetime,
    location: str,
    inputs: Sequence[JSON],
    outputs: Sequence[JSON],
    biz_step: str | None = "commissioning",
    disposition: str | None = "active",
    ilmd: dict[str, Any] | None = None,
    extensions: dict[str, Any] | None = None,
) -> JSON:
    """A TransformationEvent: input lot quantities in, output lot quantities out.
    With no inputs recorded it carries a ``transformationID`` instead, which
    the schema accepts for a transformation told one side at a time."""
    event = _event(
        "TransformationEvent",
        when=when,
        location=location,
        biz_step=biz_step,
        disposition=disposition,
        extensions=extensions,
    )
    if inputs:
        event["inputQuantityList"] = list(inputs)
    else:
        event["transformationID"] = new_event_id()
    event["outputQuantityList"] = list(outputs)
    if ilmd:
        event["ilmd"] = {name: value for name, value in ilmd.items() if value not in (None, "")}
    return event


def chunked(items: Sequence[str], size: int = MAX_EPCS_PER_EVENT) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def without_context(event: JSON) -> JSON:
    return {name: value for name, value in event.items() if name != "@context"}


def epcis_document(events: Iterable[JSON], *, created: datetime.datetime | None = None) -> JSON:
    """An ``EPCISDocument`` holding ``events`` (their own ``@context`` is
    dropped: the document's applies)."""
    return {
        "@context": context(),
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": format_time(created or timezone.now()),
        "epcisBody": {"eventList": [without_context(event) for event in events]},
    }
