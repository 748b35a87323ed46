"""Label stock and where things go on it."""

from __future__ import annotations

import pytest
from django.utils import translation

from traceability.labels import (
    FORMATS,
    SHEET_FORMATS,
    THERMAL_FORMATS,
    LabelDoesNotFit,
    UnknownLabelFormat,
    get_format,
    layout_label,
)
from traceability.labels.layout import MIN_MODULE_MM

NAME = "Nước mắm cá cơm Cái Rồng – chai 500 ml"


@pytest.mark.parametrize(
    ("code", "count", "size"),
    [("L7160", 21, (63.5, 38.1)), ("L7654", 40, (45.7, 25.4)), ("L7651", 65, (38.1, 21.2))],
)
def test_a4_sheets_have_the_makers_grid_symmetric_on_the_page(code, count, size):
    fmt = get_format(code)
    rects = fmt.label_rects()
    assert len(rects) == count and (fmt.label_width_mm, fmt.label_height_mm) == size
    right_margin = 210 - max(x + w for x, _, w, _ in rects)
    bottom_margin = 297 - max(y + h for _, y, _, h in rects)
    assert right_margin == pytest.approx(fmt.left_mm, abs=0.01)
    assert bottom_margin == pytest.approx(fmt.top_mm, abs=0.01)
    for i, (x1, y1, w1, h1) in enumerate(rects):  # no two labels overlap
        for x2, y2, w2, h2 in rects[i + 1 :]:
            assert x1 + w1 <= x2 + 1e-9 or x2 + w2 <= x1 + 1e-9 or y1 + h1 <= y2 + 1e-9 or y2 + h2 <= y1 + 1e-9


def test_thermal_rolls_are_one_label_per_page_at_both_resolutions():
    assert set(THERMAL_FORMATS) == {"50x30-203", "50x30-300", "40x30-203", "40x30-300"}
    assert set(SHEET_FORMATS) == {"L7160", "L7654", "L7651"}
    for code in THERMAL_FORMATS:
        fmt = get_format(code)
        assert fmt.per_page == 1 and (fmt.page_width_mm, fmt.page_height_mm) == (
            fmt.label_width_mm,
            fmt.label_height_mm,
        )
    assert get_format("zpl-50x30-203") is get_format("50x30-203")


def test_an_unknown_format_names_the_choices():
    with pytest.raises(UnknownLabelFormat) as unknown:
        get_format("A4-99")
    assert unknown.value.code == "UNKNOWN_LABEL_FORMAT"
    assert "L7651" in unknown.value.message and "40x30-300" in unknown.value.message


def test_formats_are_named_in_vietnamese_first():
    assert get_format("L7651").title == "A4 L7651 — 65 nhãn 38,1×21,2 mm"
    assert get_format("50x30-203").title == "Cuộn nhiệt 50×30 mm, 203 dpi"
    with translation.override("en"):
        assert get_format("L7651").title == "A4 L7651 — 65 labels 38.1×21.2 mm"
        assert get_format("50x30-203").title == "Thermal roll 50×30 mm, 203 dpi"


@pytest.mark.parametrize("code", list(FORMATS))
@pytest.mark.parametrize("modules", [33, 37, 41])  # versions 4-6: stamp URIs with lots of 8 to 20 characters
def test_modules_are_at_least_0_4_mm_and_whole_printer_dots(code, modules):
    fmt = get_format(code)
    layout = layout_label(fmt, modules, "0123456789ABCDEF", NAME)
    assert layout.code.module >= MIN_MODULE_MM - 1e-9
    if fmt.is_thermal:
        dots = fmt.dots(layout.code.module)
        assert dots == pytest.approx(round(dots), abs=1e-6)
        assert fmt.dots(layout.code.x) == pytest.approx(round(fmt.dots(layout.code.x)), abs=1e-6)


def test_thermal_modules_are_snapped_up_from_0_4_mm_to_whole_dots():
    # 0.4 mm is 3.2 dots at 203 dpi and 4.7 at 300 dpi: the smallest module is 4 and 5 dots.
    at_203, at_300 = get_format("40x30-203"), get_format("40x30-300")
    assert at_203.dots(layout_label(at_203, 41, "0123456789ABCDEF", NAME).code.module) == pytest.approx(4)
    assert at_300.dots(layout_label(at_300, 49, "0123456789ABCDEF", NAME).code.module) == pytest.approx(5)
    # Where even that does not fit, nothing is printed.
    with pytest.raises(LabelDoesNotFit):
        layout_label(at_203, 49, "0123456789ABCDEF", NAME)


def test_text_goes_under_the_code_unless_the_label_is_too_short_for_it():
    assert layout_label(get_format("L7160"), 33, "0123456789ABCDEF", NAME).code.orientation == "below"
    assert layout_label(get_format("50x30-203"), 33, "0123456789ABCDEF", NAME).code.orientation == "below"
    # 21.2 mm leaves no room under a readable code: the words go beside it.
    assert layout_label(get_format("L7651"), 33, "0123456789ABCDEF", NAME).code.orientation == "beside"


def test_a_quantity_stays_on_one_line_with_its_unit():
    layout = layout_label(get_format("L7651"), 33, "0123456789ABCDEF", NAME)
    assert any(line.text.endswith("500 ml") for line in layout.name_lines)
