"""Label sheets for traceability stamps: pure layout and rendering that takes
plain data (no models).

- ``LabelItem(uri, serial, product_name)``: one stamp to print.
- ``FORMATS`` / ``get_format(code)``: A4 sheets L7160, L7654, L7651 and thermal
  rolls 50x30 and 40x30 mm at 203 and 300 dpi.
- ``render_pdf(items, fmt, out, progress)``: a print-ready PDF, page by page.
- ``render_zpl(items, fmt, out)``: ZPL II for Zebra printers (thermal formats).
"""

from traceability.labels.errors import LabelDoesNotFit, LabelError, LabelFontMissing, NoLabels, UnknownLabelFormat
from traceability.labels.formats import FORMATS, SHEET_FORMATS, THERMAL_FORMATS, LabelFormat, get_format
from traceability.labels.layout import LabelItem, LabelLayout, layout_label
from traceability.labels.pdf import render_pdf
from traceability.labels.zpl import render_zpl

__all__ = [
    "FORMATS",
    "SHEET_FORMATS",
    "THERMAL_FORMATS",
    "LabelDoesNotFit",
    "LabelError",
    "LabelFontMissing",
    "LabelFormat",
    "LabelItem",
    "LabelLayout",
    "NoLabels",
    "UnknownLabelFormat",
    "get_format",
    "layout_label",
    "render_pdf",
    "render_zpl",
]
