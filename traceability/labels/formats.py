"""Label stock: A4 sheets and thermal rolls, in millimetres from the page's
top-left corner.

Sheet figures are the label makers' published template data, cross-checked by
the arithmetic of a symmetric layout on A4 (210 x 297 mm):
``2 * left + (columns - 1) * pitch_x + width == 210`` and
``2 * top + (rows - 1) * pitch_y + height == 297``.

- L7160 (21 per sheet, 3 x 7, 63.5 x 38.1 mm, rounded corners): Avery L7160 /
  J8160 template and Label Planet LP21/63 template information: top margin
  15.15 mm, left margin 7.25 mm, horizontal pitch 66.0 mm (2.5 mm gap), vertical
  pitch 38.1 mm (labels touch vertically). Check: 14.5 + 132 + 63.5 = 210 and
  30.3 + 228.6 + 38.1 = 297. (gLabels' ``avery-iso-templates.xml`` rounds the
  same stock to 7.48 / 15.49 / 66.04 mm, within 0.35 mm.)
- L7654 (40 per sheet, 4 x 10, 45.7 x 25.4 mm, rounded corners): Avery L7654 /
  J8654 template and Label Planet LP40/45: top margin 21.5 mm, left margin
  9.7 mm, horizontal pitch 48.3 mm (2.6 mm gap), vertical pitch 25.4 mm.
  Check: 19.4 + 144.9 + 45.7 = 210 and 43 + 228.6 + 25.4 = 297. (gLabels lists
  it as an equivalent of L4770 with 10 / 22 / 48.5 mm, which overruns A4 by
  1.2 mm and is not used.)
- L7651 (65 per sheet, 5 x 13, 38.1 x 21.2 mm, rounded corners): Avery L7651 /
  J8651 template and Label Planet LP65/38: top margin 10.7 mm, left margin
  4.75 mm, horizontal pitch 40.6 mm (2.5 mm gap), vertical pitch 21.2 mm.
  Check: 9.5 + 162.4 + 38.1 = 210 and 21.4 + 254.4 + 21.2 = 297.

Labels fill a sheet row by row from the top-left corner, as the makers number
them. The corners are rounded (about 1.5 mm), so nothing is printed within
``inset_mm`` of a label's edge; that inset also absorbs a desktop printer's
sheet registration (about 1 mm).

Thermal rolls are one label per page, the page the size of the label; their
printers have a fixed resolution, so module sizes are whole printer dots.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from traceability.labels.errors import UnknownLabelFormat

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class LabelFormat:
    code: str
    page_width_mm: float
    page_height_mm: float
    label_width_mm: float
    label_height_mm: float
    columns: int = 1
    rows: int = 1
    left_mm: float = 0.0
    top_mm: float = 0.0
    pitch_x_mm: float = 0.0
    pitch_y_mm: float = 0.0
    corner_radius_mm: float = 0.0
    inset_mm: float = 1.0
    dpi: int | None = None  # a thermal printer's resolution; None for sheets

    @property
    def title(self) -> str:
        """What a person picks from: "A4 L7651 — 65 nhãn 38,1×21,2 mm"."""
        size = {"width": number_format(self.label_width_mm), "height": number_format(self.label_height_mm)}
        if self.is_thermal:
            return _("Cuộn nhiệt %(width)s×%(height)s mm, %(dpi)s dpi") % {**size, "dpi": self.dpi}
        return _("A4 %(code)s — %(count)s nhãn %(width)s×%(height)s mm") % {
            **size,
            "code": self.code,
            "count": self.per_page,
        }

    @property
    def is_thermal(self) -> bool:
        return self.dpi is not None

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def label_origin(self, index: int) -> tuple[float, float]:
        """Top-left corner of the ``index``-th label on a page (row by row), mm."""
        row, column = divmod(index, self.columns)
        return self.left_mm + column * self.pitch_x_mm, self.top_mm + row * self.pitch_y_mm

    def label_rects(self) -> list[tuple[float, float, float, float]]:
        """``(x, y, width, height)`` of every label on a page, mm from the top-left."""
        return [(*self.label_origin(i), self.label_width_mm, self.label_height_mm) for i in range(self.per_page)]

    def dots(self, mm: float) -> float:
        """Printer dots in ``mm`` (thermal formats only)."""
        if self.dpi is None:
            raise ValueError(f"{self.code} is not a thermal format")
        return mm * self.dpi / MM_PER_INCH

    def dot_mm(self) -> float:
        if self.dpi is None:
            raise ValueError(f"{self.code} is not a thermal format")
        return MM_PER_INCH / self.dpi


def _sheet(code: str, *, columns: int, rows: int, width: float, height: float, left: float,
           top: float, pitch_x: float, pitch_y: float) -> LabelFormat:  # fmt: skip
    return LabelFormat(
        code=code,
        page_width_mm=210.0,
        page_height_mm=297.0,
        label_width_mm=width,
        label_height_mm=height,
        columns=columns,
        rows=rows,
        left_mm=left,
        top_mm=top,
        pitch_x_mm=pitch_x,
        pitch_y_mm=pitch_y,
        corner_radius_mm=1.5,
        inset_mm=1.0,
    )


def _roll(width: float, height: float, dpi: int) -> LabelFormat:
    code = f"{width:g}x{height:g}-{dpi}"
    return LabelFormat(
        code=code,
        page_width_mm=width,
        page_height_mm=height,
        label_width_mm=width,
        label_height_mm=height,
        inset_mm=1.0,
        dpi=dpi,
    )


FORMATS: dict[str, LabelFormat] = {
    f.code: f
    for f in (
        _sheet("L7160", columns=3, rows=7, width=63.5, height=38.1, left=7.25, top=15.15, pitch_x=66.0, pitch_y=38.1),
        _sheet("L7654", columns=4, rows=10, width=45.7, height=25.4, left=9.7, top=21.5, pitch_x=48.3, pitch_y=25.4),
        _sheet("L7651", columns=5, rows=13, width=38.1, height=21.2, left=4.75, top=10.7, pitch_x=40.6, pitch_y=21.2),
        _roll(50, 30, 203),
        _roll(50, 30, 300),
        _roll(40, 30, 203),
        _roll(40, 30, 300),
    )
}
SHEET_FORMATS = tuple(code for code, f in FORMATS.items() if not f.is_thermal)
THERMAL_FORMATS = tuple(code for code, f in FORMATS.items() if f.is_thermal)


def get_format(code: str) -> LabelFormat:
    """The format called ``code`` (``L7651``, ``50x30-203``; a ``zpl-`` prefix is
    accepted for the thermal ones). Raises ``UnknownLabelFormat`` naming the choices."""
    key = code.removeprefix("zpl-")
    try:
        return FORMATS[key]
    except KeyError:
        raise UnknownLabelFormat(code, list(FORMATS)) from None
