"""A conservative safety check for uploaded PDFs, by content.

A seller's ID card scan or certificate has no business running code, so any
PDF that could is refused: JavaScript (``/JavaScript``, ``/JS``), actions that
start programs or fire by themselves (``/Launch``, ``/AA``, ``/OpenAction``
holding JavaScript is caught by the former), attached files
(``/EmbeddedFile(s)``, ``/GoToE``), Flash/3D (``/RichMedia``) and form
submission (``/SubmitForm``, ``/ImportData``). Names are compared after
decoding ``#xx`` escapes, in the file's syntax outside streams *and* inside every non-image stream
after undoing its filters (Flate, ASCIIHex, ASCII85, RunLength), since object
streams can hide dictionaries. Streams whose filters cannot be undone (LZW,
Crypt) and encrypted files are refused, as they cannot be checked. The total
inflated size is capped, so a compression bomb is refused without being
inflated in full.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

DANGEROUS_NAMES = frozenset(
    {
        "JavaScript",
        "JS",
        "Launch",
        "AA",
        "EmbeddedFile",
        "EmbeddedFiles",
        "GoToE",
        "RichMedia",
        "SubmitForm",
        "ImportData",
    }
)
IMAGE_ONLY_FILTERS = frozenset({"DCTDecode", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "DCT", "CCF"})
MAX_INFLATED_BYTES = 64 * 1024 * 1024

_NAME = re.compile(rb"/([^\s/<>\[\]()%{}\x00]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# The "stream" keyword and its end of line; the stream's dictionary lies
# between the object header ("N G obj") before it and the keyword.
_STREAM = re.compile(rb"\bstream(?:\r\n|\n|\r)")
_ENDSTREAM = re.compile(rb"(?:\r\n|\n|\r)?endstream")
_OBJ = re.compile(rb"\bobj\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+(\d+)\s+R)?")


@dataclass(frozen=True)
class PdfProblem:
    code: str  # UNSAFE_PDF, ENCRYPTED_PDF, INVALID_PDF, DECOMPRESSION_BOMB
    detail: str


class _TooBig(Exception):
    pass


def _names(data: bytes) -> set[str]:
    found = set()
    for match in _NAME.finditer(data):
        raw = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        found.add(raw.decode("latin-1"))
    return found


def _filters(dictionary: bytes) -> list[str]:
    match = re.search(rb"/Filter\s*(\[[^\]]*\]|/[^\s/<>\[\]()]+)", dictionary)
    if not match:
        return []
    return _ordered_names(match.group(1))


def _ordered_names(data: bytes) -> list[str]:
    return [
        _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), m.group(1)).decode("latin-1")
        for m in _NAME.finditer(data)
    ]


def _inflate(data: bytes, budget: int) -> bytes:
    decompressor = zlib.decompressobj()
    out = bytearray()
    try:
        for start in range(0, len(data), 65536):
            out += decompressor.decompress(data[start : start + 65536], budget + 1 - len(out))
            if len(out) > budget or decompressor.unconsumed_tail:
                raise _TooBig
    except zlib.error:
        pass  # keep what inflated before the damage; readers are as lenient
    return bytes(out)


def _run_length(data: bytes, budget: int) -> bytes:
    out = bytearray()
    i = 0
    while i < len(data):
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            out += data[i + 1 : i + 2] * (257 - length)
            i += 2
        if len(out) > budget:
            raise _TooBig
    return bytes(out)


def _decode(data: bytes, filters: list[str], budget: int) -> bytes | None:
    """Undo ``filters`` in order; None when one of them cannot be undone here."""
    for name in filters:
        if name in ("FlateDecode", "Fl"):
            data = _inflate(data, budget)
        elif name in ("ASCIIHexDecode", "AHx"):
            hex_digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">", 1)[0])
            data = bytes.fromhex((hex_digits + b"0" * (len(hex_digits) % 2)).decode())
        elif name in ("ASCII85Decode", "A85"):
            body = data.strip()
            body = body[2:] if body.startswith(b"<~") else body
            body = body.split(b"~>", 1)[0]
            try:
                data = base64.a85decode(re.sub(rb"\s", b"", body))
            except ValueError:
                return None
        elif name in ("RunLengthDecode", "RL"):
            data = _run_length(data, budget)
        else:
            return None
    return data


def _stream_length(content: bytes, dictionary: bytes) -> int | None:
    """The stream's declared /Length, following one indirect reference."""
    match = _LENGTH.search(dictionary)
    if match is None:
        return None
    if match.group(2) is None:
        return int(match.group(1))
    target = re.search(rb"\b%s\s+%s\s+obj\s*(\d+)\s*endobj" % (match.group(1), match.group(3)), content)
    return int(target.group(1)) if target else None


def _streams(content: bytes) -> Iterator[tuple[bytes, int, int]]:
    """(dictionary, data start, data end) of every stream in the file, in order. The end is
    taken from /Length when it lands on "endstream", otherwise from the next
    "endstream", so stream data cannot end the scan early by spelling it."""
    position = 0
    while True:
        match = _STREAM.search(content, position)
        if match is None:
            return
        headers = list(_OBJ.finditer(content, max(0, position), match.start()))
        dict_start = headers[-1].end() if headers else position
        dictionary = content[dict_start : match.start()]
        start = match.end()
        length = _stream_length(content, dictionary)
        end_match = None
        if length is not None and start + length <= len(content):
            end_match = _ENDSTREAM.match(content, start + length)
        if end_match is None:
            end_match = _ENDSTREAM.search(content, start)
        end = end_match.start() if end_match else len(content)
        yield dictionary, start, end
        position = end_match.end() if end_match else len(content)


def inspect_pdf(content: bytes) -> PdfProblem | None:
    """Return why ``content`` (a whole PDF file) is refused, or None if it is clean."""
    if not content.startswith(b"%PDF-"):
        return PdfProblem("INVALID_PDF", "no %PDF- header")
    streams = list(_streams(content))
    # PDF syntax outside stream data (random bytes of images would give false alarms).
    outside = bytearray()
    last = 0
    for _dictionary, start, end in streams:
        outside += content[last:start]
        last = end
    outside += content[last:]
    names = _names(bytes(outside))
    if "Encrypt" in names:
        return PdfProblem("ENCRYPTED_PDF", "/Encrypt")
    bad = names & DANGEROUS_NAMES
    if bad:
        return PdfProblem("UNSAFE_PDF", ", ".join(sorted(bad)))
    budget = MAX_INFLATED_BYTES
    for dictionary, start, end in streams:
        dict_names = _ordered_names(dictionary)
        filters = _filters(dictionary)
        is_pixels = "Image" in dict_names or bool(set(filters) & IMAGE_ONLY_FILTERS)
        if is_pixels and "ObjStm" not in dict_names:
            continue  # image data is never read as PDF syntax
        try:
            decoded = _decode(content[start:end], filters, budget)
        except _TooBig:
            return PdfProblem("DECOMPRESSION_BOMB", "inflated streams exceed the limit")
        if decoded is None:
            return PdfProblem("UNSAFE_PDF", f"stream filter cannot be checked: {filters}")
        budget -= len(decoded)
        if budget < 0:
            return PdfProblem("DECOMPRESSION_BOMB", "inflated streams exceed the limit")
        bad = _names(decoded) & DANGEROUS_NAMES
        if bad:
            return PdfProblem("UNSAFE_PDF", ", ".join(sorted(bad)))
    return None
