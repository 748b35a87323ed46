"""Upload payloads built in the tests: real images, hand-made PDFs, and the
hostile files the document check must refuse."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size: tuple[int, int] = (64, 48), color: str = "green") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, "JPEG")
    return buffer.getvalue()


def upload(content: bytes, name: str, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    """What a browser sends: the name and declared type are the uploader's claims."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(side: int = 30000) -> bytes:
    """A valid 1-bit PNG of ``side`` x ``side`` black pixels: about 100 KB on
    disk, ~900 million pixels (over 100 MB) once decoded."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)  # filter byte + packed bits
    compressor = zlib.compressobj(9)
    idat = bytearray()
    block = row * 1000
    for _ in range(side // 1000):
        idat += compressor.compress(block)
    idat += compressor.compress(row * (side % 1000)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", bytes(idat)) + _chunk(b"IEND", b"")


def scanned_pdf(pages: int = 2) -> bytes:
    """What a phone scanner app makes: one image per A4 page (here by Pillow)."""
    buffer = io.BytesIO()
    images = [Image.new("RGB", (620, 877), "white") for _ in range(pages)]
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=75)
    return buffer.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    """Assemble numbered objects (1-based) into a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    payload = zlib.compress(data) if compress else data
    flt = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s%s >>\nstream\n" % (len(payload), flt, extra) + payload + b"\nendstream"


def clean_pdf(catalog_extra: bytes = b"") -> bytes:
    """A one-page PDF saying "Giay chung nhan" with a compressed content stream."""
    content = b"BT /F1 18 Tf 72 720 Td (Giay chung nhan dang ky) Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def pdf_with_open_action_javascript() -> bytes:
    return clean_pdf(b" /OpenAction << /S /JavaScript /JS (app.alert('x');) >>")


def pdf_with_escaped_javascript_name() -> bytes:
    # "/J#61vaScript" is "/JavaScript" once the #xx escape is decoded.
    return clean_pdf(b" /OpenAction << /S /J#61vaScript /J#53 (app.launchURL('http://x');) >>")


def pdf_with_javascript_in_object_stream() -> bytes:
    """The action hides in a Flate-compressed object stream, invisible in the raw bytes."""
    hidden = b"<< /S /JavaScript /JS (this.exportDataObject({cName:'a'});) >>"
    header = b"6 0 "
    objstm = _stream(header + hidden, extra=b" /Type /ObjStm /N 1 /First %d" % len(header))
    base = clean_pdf(b" /OpenAction 6 0 R")
    # Insert the object stream as object 7 (the xref need not be exact for the check).
    return base.replace(b"xref\n", b"7 0 obj\n" + objstm + b"\nendobj\nxref\n", 1)


def pdf_with_embedded_file() -> bytes:
    return clean_pdf(b" /Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>")


def pdf_with_compression_bomb() -> bytes:
    """A content stream that inflates to 80 MB from about 80 KB."""
    compressor = zlib.compressobj(9)
    block = b"\x00" * (1024 * 1024)
    payload = b"".join(compressor.compress(block) for _ in range(80)) + compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(payload) + payload + b"\nendstream"
    return clean_pdf().replace(b"xref\n", b"6 0 obj\n" + stream + b"\nendobj\nxref\n", 1)


PHP_SHELL = b"<?php system($_GET['cmd']); ?>\n"
