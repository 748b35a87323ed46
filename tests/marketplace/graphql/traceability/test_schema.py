"""Every code the traceability services, the Digital Link parser and the
label renderer may raise has its place in ``TraceErrorCode``."""

from __future__ import annotations

import re

import traceability.errors
from marketplace.graphql.schema import schema
from marketplace.graphql.traceability.errors import TRACE_ERROR_CODES
from traceability.gs1.digital_link import InvalidDigitalLink
from traceability.labels.errors import LabelDoesNotFit, UnknownLabelFormat

DOCUMENTED_CODE = re.compile(r"``([A-Z][A-Z_]+)``")


def test_every_documented_traceability_code_is_in_the_error_enum():
    documented = set(DOCUMENTED_CODE.findall(traceability.errors.__doc__))
    assert documented >= set(traceability.errors.MESSAGES)
    assert documented <= TRACE_ERROR_CODES
    raised_elsewhere = {
        InvalidDigitalLink("x").code,
        LabelDoesNotFit("x").code,
        UnknownLabelFormat("X", ["L7160"]).code,
    }
    assert raised_elsewhere <= TRACE_ERROR_CODES
    enum = schema.graphql_schema.get_type("TraceErrorCode")
    assert set(enum.values) == TRACE_ERROR_CODES


def test_label_formats_are_the_printers_formats():
    enum = schema.graphql_schema.get_type("LabelFormatEnum")
    assert {getattr(v.value, "value", v.value) for v in enum.values.values()} == {
        "L7160",
        "L7654",
        "L7651",
        "50x30-203",
        "50x30-300",
        "40x30-203",
        "40x30-300",
    }
