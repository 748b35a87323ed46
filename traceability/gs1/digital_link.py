"""Build and parse GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax).

A URI is ``https://{host}[/{own path}]/{primary AI}/{key}[/{qualifier AI}/{value}...]``
with the qualifiers of the primary key in the standard's order, and data
attributes (dates and the like) in the query string: ``?17=261231&7007=250601``.
Values are percent-encoded where a URI cannot carry them as they are.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from traceability.gs1.gtin import InvalidIdentifier, normalize_gtin

# Primary keys this project issues or recognises, with the qualifiers each may
# carry in path order. 21 (serial) and 235 (third-party serial) are alternatives.
QUALIFIER_ORDER: dict[str, tuple[str, ...]] = {
    "01": ("22", "10", "21"),
    "00": (),  # SSCC: a logistic unit takes no qualifiers
}
# Other primary keys of the standard: well-formed, but not ones we resolve.
OTHER_PRIMARY_KEYS = frozenset(
    {"253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8013", "8017", "8018"}
)
ALL_QUALIFIERS = frozenset({"22", "10", "21", "235", "254", "7040", "8011", "8019"})
DATE_ATTRIBUTES = frozenset({"11", "12", "13", "15", "16", "17"})
HARVEST_DATE = "7007"  # a date YYMMDD or a range YYMMDDYYMMDD
# GS1 AI encodable character set 82, used by lots (10) and serials (21).
CSET82 = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$")
MAX_LENGTH = {"10": 20, "21": 20, "22": 20}
_NUMERIC_AI = re.compile(r"^\d{2,4}$")


class InvalidDigitalLink(InvalidIdentifier):
    def __init__(self, message: str) -> None:
        super().__init__("INVALID_DIGITAL_LINK", message, field="uri")


@dataclass(frozen=True)
class DigitalLink:
    """A parsed Digital Link: primary key, qualifiers, data attributes and any
    other query parameters (``linkType`` and the like) kept for the resolver."""

    primary_ai: str
    primary_value: str
    qualifiers: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    other_params: dict[str, str] = field(default_factory=dict)
    stem: str = ""

    @property
    def gtin(self) -> str | None:
        return self.primary_value if self.primary_ai == "01" else None

    @property
    def lot(self) -> str | None:
        return self.qualifiers.get("10")

    @property
    def serial(self) -> str | None:
        return self.qualifiers.get("21")

    def path(self) -> str:
        parts = [self.primary_ai, self.primary_value]
        for ai in QUALIFIER_ORDER.get(self.primary_ai, ()):
            if ai in self.qualifiers:
                parts += [ai, quote(self.qualifiers[ai], safe="")]
        return "/" + "/".join(parts)

    def uri(self, stem: str | None = None) -> str:
        query = urlencode(sorted(self.attributes.items(), key=lambda kv: kv[0]))
        base = (stem if stem is not None else self.stem).rstrip("/")
        return f"{base}{self.path()}" + (f"?{query}" if query else "")


def check_lot_or_serial(ai: str, value: str) -> str:
    name = {"10": "lot", "21": "serial", "22": "consumer product variant"}.get(ai, f"AI ({ai})")
    if not value:
        raise InvalidDigitalLink(f"The {name} is empty")
    if len(value) > MAX_LENGTH.get(ai, 20):
        raise InvalidDigitalLink(f"The {name} is longer than {MAX_LENGTH.get(ai, 20)} characters")
    if not CSET82.match(value):
        raise InvalidDigitalLink(f"The {name} has characters outside GS1's character set 82")
    return value


def format_yymmdd(day: datetime.date) -> str:
    return day.strftime("%y%m%d")


def _check_yymmdd(value: str, ai: str) -> None:
    if not re.fullmatch(r"\d{6}", value):
        raise InvalidDigitalLink(f"AI ({ai}) must be a date YYMMDD")
    month, day = int(value[2:4]), int(value[4:6])
    # GS1 allows day 00 ("end of month"); months are 01-12.
    if not 1 <= month <= 12 or day > 31:
        raise InvalidDigitalLink(f"AI ({ai}) is not a valid date")


def _check_attribute(ai: str, value: str) -> None:
    if ai in DATE_ATTRIBUTES:
        _check_yymmdd(value, ai)
    elif ai == HARVEST_DATE:
        if len(value) not in (6, 12):
            raise InvalidDigitalLink("AI (7007) must be a date YYMMDD or a range YYMMDDYYMMDD")
        _check_yymmdd(value[:6], ai)
        if len(value) == 12:
            _check_yymmdd(value[6:], ai)


def build(
    *,
    gtin: str,
    lot: str | None = None,
    serial: str | None = None,
    variant: str | None = None,
    attributes: dict[str, str] | None = None,
    stem: str = "",
) -> DigitalLink:
    """Build a Digital Link for a GTIN with optional qualifiers and attributes.

    Raises ``InvalidIdentifier``/``InvalidDigitalLink`` with a reason on bad input.
    """
    qualifiers = {}
    for ai, value in (("22", variant), ("10", lot), ("21", serial)):
        if value is not None:
            qualifiers[ai] = check_lot_or_serial(ai, value)
    attrs = dict(attributes or {})
    for ai, value in attrs.items():
        if not _NUMERIC_AI.match(ai) or ai in QUALIFIER_ORDER or ai in ALL_QUALIFIERS:
            raise InvalidDigitalLink(f"({ai}) is not a data attribute")
        _check_attribute(ai, value)
    return DigitalLink("01", normalize_gtin(gtin), qualifiers, attrs, {}, stem)


def parse(uri: str) -> DigitalLink:
    """Parse an absolute or path-only Digital Link URI.

    The primary key is the first path segment that is a known primary-key AI;
    everything before it is the stem (a domain's own path). Raises
    ``InvalidDigitalLink`` with the reason: odd number of segments, an AI that
    is not a qualifier of this key (``/15/`` belongs in the query), qualifiers
    out of order or repeated, an SSCC with qualifiers, a bad GTIN or value.
    """
    parts = urlsplit(uri)
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        raise InvalidDigitalLink("Only http and https URIs are Digital Links")
    segments = [s for s in parts.path.split("/") if s != ""]
    start = next((i for i, s in enumerate(segments) if s in QUALIFIER_ORDER or s in OTHER_PRIMARY_KEYS), None)
    if start is None:
        raise InvalidDigitalLink("No GS1 primary key (such as /01/ for a GTIN) in the path")
    key_segments = segments[start:]
    if len(key_segments) % 2:
        raise InvalidDigitalLink("The path has an odd number of segments: every AI needs a value")
    primary_ai, raw_value = key_segments[0], unquote(key_segments[1])
    if primary_ai in OTHER_PRIMARY_KEYS:
        raise InvalidDigitalLink(f"Primary key ({primary_ai}) is valid GS1 but not resolved here")
    if primary_ai == "01":
        primary_value = normalize_gtin(raw_value)
    else:  # SSCC: 18 digits with a check digit
        from traceability.gs1.gtin import check_digit

        if not re.fullmatch(r"\d{18}", raw_value) or check_digit(raw_value[:-1]) != int(raw_value[-1]):
            raise InvalidDigitalLink("An SSCC must be 18 digits with a valid check digit")
        primary_value = raw_value
    allowed = QUALIFIER_ORDER[primary_ai]
    qualifiers: dict[str, str] = {}
    last_position = -1
    for i in range(2, len(key_segments), 2):
        ai, value = key_segments[i], unquote(key_segments[i + 1])
        if not allowed:
            raise InvalidDigitalLink(f"Primary key ({primary_ai}) takes no qualifiers, found ({ai})")
        if ai not in allowed:
            kind = "a data attribute and belongs in the query string" if _NUMERIC_AI.match(ai) else "not an AI"
            raise InvalidDigitalLink(f"({ai}) is not a qualifier of ({primary_ai}); it is {kind}")
        position = allowed.index(ai)
        if position <= last_position:
            raise InvalidDigitalLink(
                f"Qualifiers out of order: ({ai}) after ({allowed[last_position]}); the order is "
                + ", ".join(f"({a})" for a in allowed)
            )
        last_position = position
        qualifiers[ai] = check_lot_or_serial(ai, value)
    attributes: dict[str, str] = {}
    other: dict[str, str] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if _NUMERIC_AI.match(name):
            if name in allowed or name == primary_ai:
                raise InvalidDigitalLink(f"({name}) belongs in the path, not the query string")
            _check_attribute(name, value)
            attributes[name] = value
        else:
            other[name] = value
    stem_path = "/" + "/".join(segments[:start]) if start else ""
    stem = f"{parts.scheme}://{parts.netloc}{stem_path}" if parts.netloc else stem_path
    return DigitalLink(primary_ai, primary_value, qualifiers, attributes, other, stem)
