"""GS1 identifiers and Digital Link URIs against GS1's published vectors."""

import datetime
import re

import pytest

from traceability.gs1 import digital_link
from traceability.gs1.digital_link import InvalidDigitalLink
from traceability.gs1.gtin import InvalidIdentifier, normalize_gtin, with_check_digit
from traceability.gs1.serials import SERIAL_PATTERN, new_serials


@pytest.mark.parametrize(
    ("gtin", "normalized"),
    [
        ("09521234543213", "09521234543213"),
        ("00614141123452", "00614141123452"),
        ("40170725", "00000040170725"),
        ("012345678905", "00012345678905"),
    ],
)
def test_valid_gtins_from_gs1_are_stored_as_14_digits(gtin, normalized):
    assert normalize_gtin(gtin) == normalized


@pytest.mark.parametrize("gtin", ["12345678", "123456789000", "1234567890123", "0952123454321", "abc", "", "９５"])
def test_invalid_gtins_are_rejected_with_a_reason(gtin):
    with pytest.raises(InvalidIdentifier) as err:
        normalize_gtin(gtin)
    assert err.value.code == "INVALID_GTIN"
    assert err.value.message


def test_vietnamese_gtin_13_gets_its_check_digit():
    assert with_check_digit("893123456789") == "8931234567897"
    assert normalize_gtin("8931234567897") == "08931234567897"


def test_build_orders_qualifiers_and_puts_dates_in_the_query():
    link = digital_link.build(
        gtin="8931234567897",
        serial="ABC123",
        lot="LOT1/2",
        attributes={"17": "261231", "7007": "250601250615"},
        stem="https://cho-ocop.vn",
    )
    assert link.uri() == "https://cho-ocop.vn/01/08931234567897/10/LOT1%2F2/21/ABC123?17=261231&7007=250601250615"


def test_parse_round_trips_and_keeps_link_type():
    uri = "https://cho-ocop.vn/01/08931234567897/10/LOT%2F7/21/0123456789ABCDEF?17=261231&linkType=gs1:pip"
    link = digital_link.parse(uri)
    assert (link.gtin, link.lot, link.serial) == ("08931234567897", "LOT/7", "0123456789ABCDEF")
    assert link.attributes == {"17": "261231"}
    assert link.other_params == {"linkType": "gs1:pip"}
    assert link.uri() == uri.split("&linkType")[0]


def test_parse_accepts_a_stem_path_and_short_gtins():
    link = digital_link.parse("https://example.com/products/01/40170725")
    assert link.gtin == "00000040170725" and link.stem == "https://example.com/products"


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("https://id.gs1.org/01/09521234543213/15/230101", "data attribute"),  # AI 15 in the path
        ("https://id.gs1.org/01/09521234543213/21/12345/10/ABC", "out of order"),
        ("https://id.gs1.org/00/106141411234567897/10/ABC", "no qualifiers"),
        ("https://id.gs1.org/01/09521234543213/10", "odd number"),
        ("https://id.gs1.org/01/09521234543213/10/ABC/10/DEF", "out of order"),
        ("https://id.gs1.org/01/12345678", "check digit"),
        ("https://id.gs1.org/products/123", "primary key"),
        ("https://id.gs1.org/01/09521234543213?17=991399", "valid date"),
        ("https://id.gs1.org/01/09521234543213/10/%C3%A1", "character set"),
    ],
)
def test_invalid_uris_are_rejected_with_the_reason(uri, reason):
    with pytest.raises(InvalidIdentifier) as err:
        digital_link.parse(uri)
    assert reason in err.value.message


def test_build_refuses_a_lot_outside_cset82_and_a_qualifier_as_attribute():
    with pytest.raises(InvalidDigitalLink):
        digital_link.build(gtin="09521234543213", lot="Lô-1")
    with pytest.raises(InvalidDigitalLink):
        digital_link.build(gtin="09521234543213", attributes={"10": "ABC"})


def test_yymmdd_helper():
    assert digital_link.format_yymmdd(datetime.date(2026, 12, 31)) == "261231"


def test_a_million_serials_do_not_collide_and_match_the_format():
    serials = new_serials(1_000_000)
    assert len(set(serials)) == 1_000_000
    pattern = re.compile(SERIAL_PATTERN.pattern)
    assert all(pattern.match(s) for s in serials)
