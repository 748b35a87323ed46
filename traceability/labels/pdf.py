"""Print-ready PDF label sheets and thermal-roll labels.

The QR code is vector: one filled rectangle per horizontal run of dark modules,
in a coordinate system of one unit per module (so each rectangle is a few
small integers). Text is DejaVu Sans, embedded as a TrueType subset.

Items are pulled from the iterator one page at a time and each page is closed
(``showPage``) before the next is read, so a run never holds its items, and
each finished page is kept only as its deflated content stream (see
``_StreamingCanvas``): about 0.4 KB a label. reportlab assembles the file at
``save()``, so the finished PDF (about 4 MB per 10,000 labels) is in memory
once at the end; ``bench/labels.py`` measures 49 MB peak RSS for 10,000 labels
and 172 MB for 100,000.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from traceability.labels.errors import NoLabels
from traceability.labels.fonts import FONT_NAME, register_label_font
from traceability.labels.formats import LabelFormat, get_format
from traceability.labels.layout import LabelItem, LabelLayout, layout_label
from traceability.labels.qr import qr_matrix

PT_PER_MM = 72 / 25.4


class _StreamingCanvas(Canvas):
    """A canvas that deflates each page's content stream as soon as the page
    is finished, instead of keeping every page's drawing operators as text
    until ``save()``: a long run then holds about a tenth of the memory."""

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        super().showPage()
        page = self._doc.Pages.pages[-1]
        if page.stream:
            # A stream whose dictionary already names its filter is written as is.
            page.Contents = PDFStream(
                dictionary=PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}),
                content=zlib.compress(page.stream.encode("latin-1"), 6),
            )
            page.stream = None


def render_pdf(
    items: Iterable[LabelItem],
    fmt: LabelFormat | str,
    out: BinaryIO | str | Path,
    progress: Callable[[int], None] | None = None,
    *,
    title: str = "Tem truy xuất nguồn gốc",
) -> int:
    """Draw ``items`` on ``fmt`` and write the PDF to ``out`` (a path or a
    binary file). ``progress`` is called with the running count after every
    page. Returns the number of labels. Raises ``LabelDoesNotFit`` (a URI too
    long for the stock), ``LabelFontMissing``, ``NoLabels``."""
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    register_label_font()
    target = str(out) if isinstance(out, Path) else out
    pagesize = (fmt.page_width_mm * PT_PER_MM, fmt.page_height_mm * PT_PER_MM)
    canvas = _StreamingCanvas(target, pagesize=pagesize, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Chợ OCOP")
    canvas.setCreator("Chợ OCOP — traceability.labels")
    iterator = iter(items)
    done = 0
    while True:
        page = list(islice(iterator, fmt.per_page))
        if not page:
            break
        for index, item in enumerate(page):
            draw_label(canvas, fmt, index, item)
        canvas.showPage()
        done += len(page)
        if progress is not None:
            progress(done)
    if done == 0:
        raise NoLabels()
    canvas.save()
    return done


def draw_label(canvas: Canvas, fmt: LabelFormat, index: int, item: LabelItem) -> LabelLayout:
    """Draw one label at position ``index`` of the current page."""
    matrix = qr_matrix(item.uri)
    layout = layout_label(fmt, matrix.size, item.serial, item.product_name)
    left_mm, top_mm = fmt.label_origin(index)
    page_height = fmt.page_height_mm * PT_PER_MM
    code = layout.code
    module = code.module * PT_PER_MM
    x0 = (left_mm + code.x) * PT_PER_MM
    y0 = page_height - (top_mm + code.y) * PT_PER_MM
    # Module units, y downwards from the symbol's top-left corner; one fill.
    ops = [f"q 0 g {module:.5f} 0 0 {-module:.5f} {x0:.4f} {y0:.4f} cm"]
    ops += matrix.rect_ops()
    ops.append("f Q")

    # Text as PDF operators through reportlab's dynamic-font API (splitString
    # / getSubsetInternalName, as ``reportlab.pdfbase.ttfonts`` documents it):
    # the same output as ``drawString``, without building a text object per line.
    font = pdfmetrics.getFont(FONT_NAME)
    ops.append("BT")
    scale = 100.0
    for line in (layout.serial_line, *layout.name_lines):
        if line.horizontal_scale != scale:
            scale = line.horizontal_scale
            ops.append(f"{scale:.2f} Tz")
        x = (left_mm + line.x) * PT_PER_MM
        y = page_height - (top_mm + line.baseline) * PT_PER_MM
        ops.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm")
        for subset, chunk in font.splitString(line.text, canvas._doc):
            ops.append(f"{font.getSubsetInternalName(subset, canvas._doc)} {line.size_pt:g} Tf ({escapePDF(chunk)}) Tj")
    if scale != 100.0:
        ops.append("100 Tz")
    ops.append("ET")
    canvas.addLiteral("\n".join(ops))
    return layout
