"""Shared test material for label sheets: realistic stamps, and reading a
printed page back the way a scanner and a person would (300 dpi raster, a real
QR decoder, the PDF's own text)."""

from __future__ import annotations

import io
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import zxingcpp

from traceability.labels import LabelFormat, LabelItem

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NAMES = (
    "Nước mắm cá cơm Cái Rồng – chai 500 ml",
    "Chè búp Tân Cương đặc biệt",
    "Mật ong hoa nhãn Hưng Yên – hũ 250 g",
    "Bưởi Đoan Hùng",
)
DPI = 300
PX_PER_MM = DPI / 25.4
PT_PER_MM = 72 / 25.4


def serial(rnd: random.Random) -> str:
    return "".join(rnd.choice(CROCKFORD) for _ in range(16))


def stamp(rnd: random.Random, index: int = 0, *, lot: str = "LOT-2025") -> LabelItem:
    code = serial(rnd)
    return LabelItem(
        uri=f"https://cho-ocop.vn/01/08931234567897/10/{lot}/21/{code}",
        serial=code,
        product_name=NAMES[index % len(NAMES)],
    )


def stamps(count: int, seed: int = 7) -> list[LabelItem]:
    rnd = random.Random(seed)
    return [stamp(rnd, i) for i in range(count)]


@dataclass
class Scan:
    text: str
    version: int
    ec_level: str
    left: float  # px
    top: float
    right: float
    bottom: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


@dataclass
class PrintedPage:
    image: object  # PIL.Image, greyscale, 300 dpi
    scans: list[Scan]
    page: pdfium.PdfPage
    textpage: pdfium.PdfTextPage
    height_pt: float

    def text_in(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> list[str]:
        """Lines of text inside a rectangle given in mm from the page's top-left."""
        left, right = x_mm * PT_PER_MM, (x_mm + w_mm) * PT_PER_MM
        top, bottom = self.height_pt - y_mm * PT_PER_MM, self.height_pt - (y_mm + h_mm) * PT_PER_MM
        text = self.textpage.get_text_bounded(left=left, bottom=bottom, right=right, top=top)
        return [line for line in text.replace("\r\n", "\n").split("\n") if line]

    def char_boxes_mm(self) -> Iterator[tuple[str, float, float, float, float]]:
        """Every printed character with its glyph box (left, top, right, bottom) in mm."""
        for i in range(self.textpage.count_chars()):
            ch = self.textpage.get_text_range(i, 1)
            if not ch.strip():
                continue
            left, bottom, right, top = self.textpage.get_charbox(i)
            yield (
                ch,
                left / PT_PER_MM,
                (self.height_pt - top) / PT_PER_MM,
                right / PT_PER_MM,
                (self.height_pt - bottom) / PT_PER_MM,
            )


def read_pdf(data: bytes) -> list[PrintedPage]:
    document = pdfium.PdfDocument(io.BytesIO(data))
    pages = []
    for page in document:
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
        scans = []
        for found in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            xs = [p.x for p in (found.position.top_left, found.position.top_right,
                                found.position.bottom_left, found.position.bottom_right)]  # fmt: skip
            ys = [p.y for p in (found.position.top_left, found.position.top_right,
                                found.position.bottom_left, found.position.bottom_right)]  # fmt: skip
            scans.append(
                Scan(found.text, int(found.extra["Version"]), found.ec_level, min(xs), min(ys), max(xs), max(ys))
            )
        pages.append(PrintedPage(image, scans, page, page.get_textpage(), page.get_height()))
    return pages


def label_rect_px(fmt: LabelFormat, index: int, inset_mm: float = 0.0) -> tuple[float, float, float, float]:
    x, y = fmt.label_origin(index)
    return (
        (x + inset_mm) * PX_PER_MM,
        (y + inset_mm) * PX_PER_MM,
        (x + fmt.label_width_mm - inset_mm) * PX_PER_MM,
        (y + fmt.label_height_mm - inset_mm) * PX_PER_MM,
    )


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
