"""Every change of the traceability area, in one import: callers (seller
centre pages, GraphQL mutations, the public resolver, admin actions, Celery
tasks and commands) use ``from traceability import services`` and call these.
The code lives by concept in ``identifiers`` (GTINs), ``batches`` (lots and
recalls), ``stamps`` (generation, printing, activation, voiding), ``events``
(EPCIS supply-chain events) and ``scans`` (anti-counterfeit scan log).

Every function takes keyword arguments only and raises ``TraceError``
(``traceability.errors``, codes listed there) with nothing changed. Callers
fetch batches, jobs and stamps through ``traceability.permissions`` first;
the services check again that ``actor`` (a user, or None for the system)
belongs to the seller they act for. Reads are in ``traceability.selectors``.
"""

from traceability.batches import EDITABLE_FIELDS, create_batch, normalize_lot_code, recall_batch, update_batch
from traceability.errors import TraceError
from traceability.events import export_batch_epcis, record_event
from traceability.identifiers import internal_gtin, set_variant_gtin, trade_item_for
from traceability.scans import (
    ScanResult,
    device_key,
    device_key_for_request,
    province_from_request,
    record_scan,
    resolve_province,
    scan_uri,
)
from traceability.stamps import (
    MAX_STAMPS_PER_JOB,
    activate_stamps,
    claim_stamps_for_printing,
    generate_stamps,
    mark_stamps_printed,
    request_stamps,
    void_stamps,
)

__all__ = [
    "EDITABLE_FIELDS",
    "MAX_STAMPS_PER_JOB",
    "ScanResult",
    "TraceError",
    "activate_stamps",
    "claim_stamps_for_printing",
    "create_batch",
    "device_key",
    "device_key_for_request",
    "export_batch_epcis",
    "generate_stamps",
    "internal_gtin",
    "mark_stamps_printed",
    "normalize_lot_code",
    "province_from_request",
    "recall_batch",
    "record_event",
    "record_scan",
    "request_stamps",
    "resolve_province",
    "scan_uri",
    "set_variant_gtin",
    "trade_item_for",
    "update_batch",
    "void_stamps",
]
