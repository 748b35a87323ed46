"""ZPL II for Zebra thermal printers: one ``^XA … ^XZ`` format per label, laid
out by the same ``layout_label`` as the thermal PDFs, in printer dots.

- ``^CI28``: field data is UTF-8.
- The code: ``^BQN,2,<magnification>,M`` with field data ``MA,<uri>`` (error
  correction M, automatic input mode; Zebra Programming Guide, ^BQ). The
  magnification is the module size in dots (4 at 203 dpi = 0.5 mm, 5 at
  300 dpi = 0.42 mm: never under 0.4 mm).
- Text: ``^A@`` with a scalable TrueType font. Zebra's resident fonts have no
  Vietnamese letters (ư, ơ, ạ, ồ …), so by default the job starts by storing
  DejaVu Sans on the printer (``~DY``, once per job; the printer keeps it in
  ``E:``); pass ``download_font=False`` and ``font=`` to use a font already
  installed. Field data is hex-escaped (``^FH``) wherever it is not plain ASCII,
  so every Vietnamese letter reaches the printer as its UTF-8 bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from traceability.labels.errors import LabelError, NoLabels
from traceability.labels.fonts import ASCENT_EM, font_path, register_label_font
from traceability.labels.formats import LabelFormat, get_format
from traceability.labels.layout import PT_MM, LabelItem, TextLine, layout_label
from traceability.labels.qr import qr_matrix

DEFAULT_ZPL_FONT = "E:DEJAVU.TTF"
HEX_INDICATOR = "_"
_PLAIN = frozenset(chr(c) for c in range(0x20, 0x7F)) - {"^", "~", HEX_INDICATOR, "\\"}


def escape_field(text: str) -> str:
    """Text for a ``^FH_^FD`` field: printable ASCII as is, everything else
    (and the ZPL control characters) as ``_XX`` per UTF-8 byte."""
    return "".join(ch if ch in _PLAIN else "".join(f"_{b:02X}" for b in ch.encode("utf-8")) for ch in text)


def render_zpl(
    items: Iterable[LabelItem],
    fmt: LabelFormat | str,
    out: BinaryIO | str | Path,
    progress: Callable[[int], None] | None = None,
    *,
    font: str = DEFAULT_ZPL_FONT,
    download_font: bool = True,
) -> int:
    """Write one ZPL format per item to ``out`` (a path or a binary file) and
    return the count. Only thermal formats (their dpi is the printer's)."""
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    if not fmt.is_thermal:
        raise LabelError(
            "ZPL_NEEDS_THERMAL_FORMAT",
            _("ZPL chỉ dành cho máy in nhiệt; %(format)s là khổ giấy A4.") % {"format": fmt.code},
            field="format",
        )
    register_label_font()  # the layout measures text with DejaVu Sans
    if isinstance(out, str | Path):
        with open(out, "wb") as handle:
            return render_zpl(items, fmt, handle, progress, font=font, download_font=download_font)
    if download_font:
        out.write(_font_download(font))
    done = 0
    for item in items:
        out.write(label_zpl(fmt, item, font=font).encode("ascii"))
        done += 1
        if progress is not None and (done % 100 == 0):
            progress(done)
    if done == 0:
        raise NoLabels()
    if progress is not None and done % 100:
        progress(done)
    return done


def label_zpl(fmt: LabelFormat, item: LabelItem, *, font: str = DEFAULT_ZPL_FONT) -> str:
    """The ``^XA … ^XZ`` format for one label (ASCII only)."""
    matrix = qr_matrix(item.uri)
    layout = layout_label(fmt, matrix.size, item.serial, item.product_name)
    code = layout.code
    magnification = round(fmt.dots(code.module))
    parts = [
        "^XA",
        "^CI28",
        f"^PW{round(fmt.dots(fmt.label_width_mm))}",
        f"^LL{round(fmt.dots(fmt.label_height_mm))}",
        "^LH0,0",
        f"^FO{round(fmt.dots(code.x))},{round(fmt.dots(code.y))}"
        f"^BQN,2,{magnification},M,7^FH{HEX_INDICATOR}^FDMA,{escape_field(item.uri)}^FS",
    ]
    for line in (layout.serial_line, *layout.name_lines):
        parts.append(_text_field(fmt, line, font))
    parts.append("^XZ")
    return "\n".join(parts) + "\n"


def _text_field(fmt: LabelFormat, line: TextLine, font: str) -> str:
    height = max(1, round(fmt.dots(line.size_pt * PT_MM)))
    width = max(1, round(height * line.horizontal_scale / 100))
    top = line.baseline - ASCENT_EM * line.size_pt * PT_MM
    return (
        f"^FO{round(fmt.dots(line.x))},{round(fmt.dots(top))}"
        f"^A@N,{height},{width},{font}^FH{HEX_INDICATOR}^FD{escape_field(line.text)}^FS"
    )


def _font_download(font: str) -> bytes:
    """``~DY`` storing the label font on the printer under ``font``'s name."""
    device, _, filename = font.partition(":")
    name = filename.rsplit(".", 1)[0]
    data = Path(font_path()).read_bytes()
    return f"~DY{device}:{name},A,T,{len(data)},,".encode("ascii") + data.hex().upper().encode("ascii") + b"\n"
