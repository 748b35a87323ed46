"""Label PDFs read back as a phone and a person would: every page rasterised at
300 dpi, every QR code decoded with zxing-cpp, the words under each code taken
from the PDF's text inside that label, and the ink measured against the sheet."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.utils import translation
from PIL import ImageDraw

from tests.traceability.labels.helpers import (
    PX_PER_MM,
    label_rect_px,
    nfc,
    read_pdf,
    stamps,
)
from traceability.labels import (
    FORMATS,
    LabelDoesNotFit,
    LabelFontMissing,
    LabelItem,
    NoLabels,
    get_format,
    layout_label,
    render_pdf,
)
from traceability.labels.qr import qr_matrix

THERMAL_LABELS = 5


def render(items: list[LabelItem], code: str) -> bytes:
    out = io.BytesIO()
    assert render_pdf(iter(items), code, out) == len(items)
    return out.getvalue()


def items_for(code: str) -> list[LabelItem]:
    fmt = get_format(code)
    return stamps(THERMAL_LABELS if fmt.is_thermal else fmt.per_page, seed=len(code) + fmt.per_page)


@pytest.mark.parametrize("code", list(FORMATS))
def test_every_code_on_a_printed_page_scans_to_exactly_the_issued_uri(code):
    items = items_for(code)
    pages = read_pdf(render(items, code))

    fmt = get_format(code)
    expected_pages = THERMAL_LABELS if fmt.is_thermal else 1
    assert len(pages) == expected_pages
    scanned = Counter(scan.text for page in pages for scan in page.scans)
    assert scanned == Counter(item.uri for item in items)
    assert {scan.ec_level for page in pages for scan in page.scans} == {"M"}


@pytest.mark.parametrize("code", list(FORMATS))
def test_each_label_carries_its_own_code_serial_and_product_name(code):
    fmt = get_format(code)
    items = items_for(code)
    pages = read_pdf(render(items, code))

    for number, item in enumerate(items):
        page = pages[number // fmt.per_page]
        index = number % fmt.per_page
        left, top, right, bottom = label_rect_px(fmt, index)
        on_label = [s for s in page.scans if left <= s.centre[0] <= right and top <= s.centre[1] <= bottom]
        assert [s.text for s in on_label] == [item.uri]

        layout = layout_label(fmt, qr_matrix(item.uri).size, item.serial, item.product_name)
        x, y = fmt.label_origin(index)
        box = layout.text_box
        lines = page.text_in(x + box.x, y + box.y, box.width, box.height)
        assert lines[0] == item.serial
        name = " ".join(lines[1:])
        assert name == item.product_name  # the whole name, diacritics intact
        assert name == nfc(name)


@pytest.mark.parametrize("code", list(FORMATS))
def test_codes_are_large_enough_and_keep_a_clear_quiet_zone_inside_the_label(code):
    fmt = get_format(code)
    items = items_for(code)
    pages = read_pdf(render(items, code))

    for page_number, page in enumerate(pages):
        for scan in page.scans:
            modules = 17 + 4 * scan.version
            module_px = (scan.right - scan.left) / modules
            module_mm = module_px / PX_PER_MM
            assert module_mm >= 0.4 - 0.01
            if fmt.is_thermal:  # a whole number of printer dots
                dots = module_mm * fmt.dpi / 25.4
                assert dots == pytest.approx(round(dots), abs=0.1)

            index = next(
                i for i in range(fmt.per_page)
                if label_rect_px(fmt, i)[0] <= scan.centre[0] <= label_rect_px(fmt, i)[2]
                and label_rect_px(fmt, i)[1] <= scan.centre[1] <= label_rect_px(fmt, i)[3]
            )  # fmt: skip
            quiet = 4 * module_px
            ring = (scan.left - quiet + 1, scan.top - quiet + 1, scan.right + quiet - 1, scan.bottom + quiet - 1)
            left, top, right, bottom = label_rect_px(fmt, index)
            assert ring[0] >= left - 1 and ring[1] >= top - 1 and ring[2] <= right + 1 and ring[3] <= bottom + 1, (
                f"quiet zone leaves label {index} on page {page_number}"
            )
            area = page.image.crop(tuple(round(v) for v in ring)).copy()
            ImageDraw.Draw(area).rectangle(
                (round(scan.left - ring[0]) - 1, round(scan.top - ring[1]) - 1,
                 round(scan.right - ring[0]) + 1, round(scan.bottom - ring[1]) + 1),
                fill=255,
            )  # fmt: skip
            assert area.getextrema()[0] > 200, "something is printed in the quiet zone"


@pytest.mark.parametrize("code", list(FORMATS))
def test_all_ink_stays_inside_the_labels(code):
    fmt = get_format(code)
    items = items_for(code)
    pages = read_pdf(render(items, code))

    for page in pages:
        blank = page.image.copy()
        draw = ImageDraw.Draw(blank)
        for index in range(fmt.per_page):
            left, top, right, bottom = label_rect_px(fmt, index, inset_mm=fmt.inset_mm)
            draw.rectangle((left - 1, top - 1, right + 1, bottom + 1), fill=255)
        assert blank.getextrema()[0] > 128, "ink outside a label's printable area"

        rects = [fmt.label_origin(i) for i in range(fmt.per_page)]
        for ch, left, top, right, bottom in page.char_boxes_mm():
            assert any(
                x + fmt.inset_mm - 0.05 <= left and right <= x + fmt.label_width_mm - fmt.inset_mm + 0.05
                and y + fmt.inset_mm - 0.05 <= top and bottom <= y + fmt.label_height_mm - fmt.inset_mm + 0.05
                for x, y in rects
            ), f"{ch!r} overflows its label"  # fmt: skip


def test_a_name_too_long_for_the_label_is_shortened_with_an_ellipsis_never_overflowing():
    fmt = get_format("L7651")
    long_name = "Nước mắm cá cơm Cái Rồng thượng hạng độ đạm 40 – chai thủy tinh 500 ml – " * 3
    items = [LabelItem(item.uri, item.serial, long_name) for item in stamps(fmt.per_page)]
    page = read_pdf(render(items, "L7651"))[0]

    layout = layout_label(fmt, qr_matrix(items[0].uri).size, items[0].serial, long_name)
    assert layout.printed_name.endswith("…")
    x, y = fmt.label_origin(0)
    lines = page.text_in(x + layout.text_box.x, y + layout.text_box.y, layout.text_box.width, layout.text_box.height)
    assert lines[0] == items[0].serial
    assert " ".join(lines[1:]) == layout.printed_name
    for _ch, left, top, right, bottom in page.char_boxes_mm():
        assert any(
            ox <= left and right <= ox + fmt.label_width_mm and oy <= top and bottom <= oy + fmt.label_height_mm
            for ox, oy in (fmt.label_origin(i) for i in range(fmt.per_page))
        )
    assert Counter(s.text for s in page.scans) == Counter(item.uri for item in items)


@pytest.mark.parametrize("code", ["L7651", "40x30-203"])
def test_a_uri_too_long_for_a_readable_code_is_refused_with_a_reason(code):
    item = stamps(1)[0]
    too_long = LabelItem(item.uri + "?" + "&".join(f"17={i:06d}" for i in range(40)), item.serial, item.product_name)
    with pytest.raises(LabelDoesNotFit) as refused:
        render_pdf([too_long], code, io.BytesIO())
    assert refused.value.code == "LABEL_DOES_NOT_FIT"
    assert "0,4 mm" in refused.value.message and "chọn khổ nhãn lớn hơn" in refused.value.message
    with translation.override("en"), pytest.raises(LabelDoesNotFit) as in_english:
        render_pdf([too_long], code, io.BytesIO())
    assert "0.4 mm" in in_english.value.message and "choose a larger label" in in_english.value.message


def test_nothing_to_print_is_an_error_not_an_empty_pdf():
    with pytest.raises(NoLabels):
        render_pdf(iter([]), "L7160", io.BytesIO())


def test_a_partial_last_sheet_prints_only_the_labels_asked_for():
    items = stamps(70)  # 65 + 5 on L7651
    pages = read_pdf(render(items, "L7651"))
    assert [len(p.scans) for p in pages] == [65, 5]


def test_the_pdf_can_be_written_to_a_path(tmp_path):
    target = tmp_path / "labels.pdf"
    assert render_pdf(stamps(3), "L7160", target) == 3
    assert target.read_bytes().startswith(b"%PDF")


def test_without_a_font_with_vietnamese_glyphs_printing_stops_with_a_clear_error(settings, tmp_path):
    settings.LABEL_FONT_PATH = str(tmp_path / "missing" / "DejaVuSans.ttf")
    with pytest.raises(LabelFontMissing) as missing:
        render_pdf(stamps(1), "L7160", io.BytesIO())
    assert missing.value.code == "LABEL_FONT_MISSING"
    assert "fonts-dejavu-core" in missing.value.message


def test_the_font_is_embedded_so_the_pdf_prints_the_same_everywhere():
    data = render(stamps(2), "L7160")
    assert b"/FontFile2" in data  # an embedded TrueType (subset) font program
    assert b"DejaVuSans" in data
