"""Where the QR code and the words go on one label, in millimetres from the
label's top-left corner. Plain data in, plain data out: the PDF and ZPL
renderers draw exactly what a ``LabelLayout`` says, and the tests measure the
printed result against it.

Rules:

- The code is a QR symbol at error correction M with a 4-module quiet zone; its
  modules are at least ``MIN_MODULE_MM`` (0.4 mm) so a phone reads it from a
  small package. On thermal printers a module is a whole number of printer
  dots (rounded up from 0.4 mm: 4 dots = 0.5 mm at 203 dpi, 5 dots = 0.42 mm at
  300 dpi), placed on the dot grid.
- The serial and the product name go under the code when that leaves a module
  of at least ``GOOD_MODULE_MM``; on labels too short for that (L7651, L7654) they
  go beside it, which gives a larger code. The serial is never cut; the name is
  wrapped, shrunk down to ``MIN_TEXT_PT`` and, only if it still does not fit,
  cut with an ellipsis.
- Ink stays ``inset_mm`` inside the label edge (rounded corners, printer
  registration); the quiet zone may reach the edge, where there is no ink.
- A URI too long for a readable code on the chosen stock raises
  ``LabelDoesNotFit`` instead of printing a code that will not scan.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from traceability.labels.errors import LabelDoesNotFit
from traceability.labels.fonts import ASCENT_EM, DESCENT_EM, LEADING_EM, text_width_mm
from traceability.labels.formats import LabelFormat
from traceability.labels.qr import QUIET_ZONE_MODULES

PT_MM = 25.4 / 72
MIN_MODULE_MM = 0.4
GOOD_MODULE_MM = 0.5
MAX_MODULE_MM = 1.0
MIN_TEXT_PT = 4.5
PREFERRED_TEXT_PT = 6.5
MAX_TEXT_PT = 8.0
MIN_HORIZONTAL_SCALE = 60  # percent: a serial is squeezed rather than cut
ELLIPSIS = "…"
_QUANTITY = re.compile(r"^\d[\d.,]*$")
# Crockford base-32 serials average 0.67 em per character in DejaVu Sans; the
# layout plans for 0.7 and each label fits its own serial exactly.
PLANNING_EM_PER_CHAR = 0.7
SERIAL_PLANNING_LENGTH = 16
PLANNING_SQUEEZE = 0.9


@dataclass(frozen=True)
class LabelItem:
    """One stamp to print: the Digital Link it encodes and the words under it."""

    uri: str
    serial: str
    product_name: str


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float  # left end of the line, mm
    baseline: float  # mm from the label's top
    size_pt: float
    width: float  # mm, after horizontal scaling
    horizontal_scale: float = 100.0  # percent


@dataclass(frozen=True)
class CodePlacement:
    """Where the symbol sits: ``x``/``y`` is the top-left of its first module
    (inside the quiet zone), ``module`` the module side, all in mm."""

    orientation: str  # "below" (text under the code) or "beside"
    modules: int  # symbol side in modules, without the quiet zone
    module: float
    x: float
    y: float
    text_box: Box

    @property
    def side(self) -> float:
        return self.modules * self.module

    @property
    def quiet_zone_box(self) -> Box:
        q = QUIET_ZONE_MODULES * self.module
        return Box(self.x - q, self.y - q, self.side + 2 * q, self.side + 2 * q)


@dataclass(frozen=True)
class LabelLayout:
    code: CodePlacement
    serial_line: TextLine
    name_lines: tuple[TextLine, ...]

    @property
    def text_box(self) -> Box:
        return self.code.text_box

    @property
    def printed_name(self) -> str:
        return " ".join(line.text for line in self.name_lines)


def _block_height(size_pt: float, name_lines: int) -> float:
    """Height of the serial line plus ``name_lines`` lines at ``size_pt``."""
    return size_pt * PT_MM * (ASCENT_EM + DESCENT_EM + LEADING_EM * name_lines)


def _snap_module(fmt: LabelFormat, module: float) -> float:
    module = min(module, MAX_MODULE_MM)
    if not fmt.is_thermal:
        return module
    dot = fmt.dot_mm()
    return math.floor(module / dot + 1e-9) * dot


def _min_module(fmt: LabelFormat) -> float:
    if not fmt.is_thermal:
        return MIN_MODULE_MM
    dot = fmt.dot_mm()
    return math.ceil(MIN_MODULE_MM / dot - 1e-9) * dot


def _snap(fmt: LabelFormat, mm: float) -> float:
    if not fmt.is_thermal:
        return mm
    dot = fmt.dot_mm()
    return round(mm / dot) * dot


@lru_cache(maxsize=256)
def place_code(fmt: LabelFormat, modules: int) -> CodePlacement:
    """The code's position and module size on ``fmt`` for a symbol of
    ``modules`` modules a side. Raises ``LabelDoesNotFit``."""
    width, height, inset = fmt.label_width_mm, fmt.label_height_mm, fmt.inset_mm
    span = modules + 2 * QUIET_ZONE_MODULES
    serial_pref = SERIAL_PLANNING_LENGTH * PLANNING_EM_PER_CHAR * PREFERRED_TEXT_PT * PT_MM
    # At the smallest size a serial may be squeezed a little rather than the code shrunk.
    serial_min = SERIAL_PLANNING_LENGTH * PLANNING_EM_PER_CHAR * MIN_TEXT_PT * PT_MM * PLANNING_SQUEEZE
    smallest = _min_module(fmt)

    candidates: list[CodePlacement] = []
    for text_height in (_block_height(PREFERRED_TEXT_PT, 2), _block_height(MIN_TEXT_PT, 1)):
        module = _snap_module(fmt, min((height - inset - text_height) / span, width / span))
        if module >= smallest - 1e-9:
            side_q = span * module
            x = _snap(fmt, (width - side_q) / 2 + QUIET_ZONE_MODULES * module)
            y = _snap(fmt, QUIET_ZONE_MODULES * module)
            top = y + (modules + QUIET_ZONE_MODULES) * module
            box = Box(inset, top, width - 2 * inset, height - inset - top)
            candidates.append(CodePlacement("below", modules, module, x, y, box))
    for text_width in (serial_pref, serial_min):
        module = _snap_module(fmt, min((width - inset - text_width) / span, height / span))
        if module >= smallest - 1e-9:
            x = _snap(fmt, QUIET_ZONE_MODULES * module)
            y = _snap(fmt, (height - span * module) / 2 + QUIET_ZONE_MODULES * module)
            left = x + (modules + QUIET_ZONE_MODULES) * module
            box = Box(left, inset, width - inset - left, height - 2 * inset)
            candidates.append(CodePlacement("beside", modules, module, x, y, box))
    if not candidates:
        raise LabelDoesNotFit(
            _(
                "Mã QR %(modules)s×%(modules)s mô-đun cần mô-đun từ %(minimum)s mm trở lên nên không vừa "
                "nhãn %(format)s (%(width)s×%(height)s mm) cùng phần chữ: hãy rút ngắn đường dẫn "
                "hoặc chọn khổ nhãn lớn hơn."
            )
            % {
                "modules": modules,
                "minimum": number_format(MIN_MODULE_MM),
                "format": fmt.code,
                "width": number_format(width),
                "height": number_format(height),
            }
        )
    for candidate in candidates:  # under the code, unless that makes the code too small
        if candidate.module >= GOOD_MODULE_MM - 1e-9:
            return candidate
    return max(candidates, key=lambda c: c.module)


def layout_label(fmt: LabelFormat, modules: int, serial: str, product_name: str) -> LabelLayout:
    """The full layout of one label: code placement plus fitted text lines."""
    code = place_code(fmt, modules)
    serial_line, name_lines = _fit_text(code.text_box, code.orientation, _nfc(serial), _nfc(product_name))
    return LabelLayout(code=code, serial_line=serial_line, name_lines=name_lines)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


@lru_cache(maxsize=4096)
def _fit_text(box: Box, orientation: str, serial: str, name: str) -> tuple[TextLine, tuple[TextLine, ...]]:
    """Serial and name in one type size: the largest (up to MAX_TEXT_PT) at
    which the serial fits the width and the name fits the rest of the box."""
    serial_em = text_width_mm(serial, 1.0)  # mm per point of type size
    by_height = box.height / _block_height(1.0, 1 if name else 0)
    if by_height < MIN_TEXT_PT - 1e-9:
        raise LabelDoesNotFit(
            _("Vùng chữ trên nhãn (%(width)s×%(height)s mm) quá nhỏ.")
            % {"width": number_format(box.width, 1), "height": number_format(box.height, 1)}
        )
    size = min(MAX_TEXT_PT, by_height, box.width / serial_em if serial_em else MAX_TEXT_PT)
    size = max(MIN_TEXT_PT, math.floor(size * 4 + 1e-9) / 4)  # quarter points: labels of a run look alike
    lines: list[str] = []
    if name:
        size, wrapped = _wrap_name(name, box, size)
        lines = list(wrapped)
    scale = 100.0
    serial_width = serial_em * size
    if serial_width > box.width + 1e-9:  # only at MIN_TEXT_PT: squeeze, never cut
        scale = 100.0 * box.width / serial_width
        if scale < MIN_HORIZONTAL_SCALE:
            raise LabelDoesNotFit(
                _("Số sê-ri %(serial)s không vừa vùng chữ rộng %(width)s mm.")
                % {"serial": serial, "width": number_format(box.width, 1)}
            )
        serial_width = box.width

    mm = size * PT_MM
    centred = orientation == "below"
    height = mm * (ASCENT_EM + DESCENT_EM + LEADING_EM * len(lines))
    top = box.y if centred else box.y + (box.height - height) / 2
    baseline = top + ASCENT_EM * mm

    def line(text: str, width: float, base: float, hscale: float = 100.0) -> TextLine:
        x = box.x + (box.width - width) / 2 if centred else box.x
        return TextLine(text=text, x=x, baseline=base, size_pt=size, width=width, horizontal_scale=hscale)

    serial_line = line(serial, serial_width, baseline, scale)
    name_lines = tuple(
        line(text, text_width_mm(text, size), baseline + i * LEADING_EM * mm) for i, text in enumerate(lines, start=1)
    )
    return serial_line, name_lines


@lru_cache(maxsize=1024)
def _wrap_name(name: str, box: Box, max_pt: float) -> tuple[float, tuple[str, ...]]:
    """The largest size (down to MIN_TEXT_PT) at which the whole name fits the
    box under the serial; at the smallest size, as many lines as fit with the
    last one ellipsised."""
    size = max_pt
    while size >= MIN_TEXT_PT - 1e-9:
        lines = _wrap(name, box.width, size)
        if _block_height(size, len(lines)) <= box.height + 1e-9:
            return size, tuple(lines)
        size = round(size - 0.25, 2)
    size = MIN_TEXT_PT
    lines = _wrap(name, box.width, size)
    room = max(1, int((box.height / (size * PT_MM) - ASCENT_EM - DESCENT_EM) / LEADING_EM + 1e-9))
    kept = lines[:room]
    kept[-1] = _ellipsise(" ".join(lines[room - 1 :]), box.width, size)
    return size, tuple(kept)


def _tokens(text: str) -> list[str]:
    """Words, with a quantity kept on one line with its unit ("500 ml", "1 kg")."""
    tokens: list[str] = []
    for word in text.split(" "):
        if tokens and _QUANTITY.match(tokens[-1]) and len(word) <= 3 and word.isalpha():
            tokens[-1] = f"{tokens[-1]} {word}"
        else:
            tokens.append(word)
    return tokens


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in _tokens(text):
        candidate = f"{current} {word}" if current else word
        if text_width_mm(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width_mm(current, size) > width:  # a word longer than the line
            cut = len(current) - 1
            while cut > 1 and text_width_mm(current[:cut], size) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def _ellipsise(text: str, width: float, size: float) -> str:
    if text_width_mm(text, size) <= width:
        return text
    cut = len(text)
    while cut > 0 and text_width_mm(text[:cut].rstrip() + ELLIPSIS, size) > width:
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS
