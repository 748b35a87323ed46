"""ZPL for Zebra printers, parsed back; and "printed" on a simulated thermal
head (the ^BQ symbol drawn module by module at its ^FO position and
magnification) so zxing-cpp can read what a printer would print."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from tests.traceability.labels.helpers import stamps
from traceability.labels import LabelError, LabelItem, get_format, render_zpl
from traceability.labels.qr import qr_matrix

THERMAL = ["50x30-203", "50x30-300", "40x30-203", "40x30-300"]
FIELD = re.compile(r"\^FO(\d+),(\d+)(\^[A-Z@][^\^]*)\^FH_\^FD(.*?)\^FS")


def unescape(field: str) -> str:
    return re.sub(rb"_([0-9A-F]{2})", lambda m: bytes([int(m.group(1), 16)]), field.encode("ascii")).decode("utf-8")


def formats_of(zpl: str) -> list[str]:
    return re.findall(r"\^XA.*?\^XZ", zpl, flags=re.S)


@pytest.mark.parametrize("code", THERMAL)
def test_each_label_is_a_utf8_format_with_a_qr_code_at_error_correction_m(code):
    items = stamps(6)
    out = io.BytesIO()
    assert render_zpl(items, f"zpl-{code}", out, download_font=False) == 6
    zpl = out.getvalue().decode("ascii")
    labels = formats_of(zpl)
    fmt = get_format(code)
    assert len(labels) == len(items)

    for label, item in zip(labels, items, strict=True):
        assert "^CI28" in label
        assert f"^PW{round(fmt.dots(fmt.label_width_mm))}" in label
        assert f"^LL{round(fmt.dots(fmt.label_height_mm))}" in label
        fields = FIELD.findall(label)
        barcode = [f for f in fields if f[2].startswith("^BQ")]
        assert len(barcode) == 1
        _x, _y, command, data = barcode[0]
        model, magnification, level = re.fullmatch(r"\^BQN,(\d),(\d+),([HQML]),7", command).groups()
        assert (model, level) == ("2", "M")
        assert data.startswith("MA,") and unescape(data[3:]) == item.uri
        assert int(magnification) * 25.4 / fmt.dpi >= 0.4  # modules of at least 0.4 mm

        texts = [unescape(f[3]) for f in fields if f[2].startswith("^A@")]
        assert texts[0] == item.serial
        assert " ".join(texts[1:]) == item.product_name  # Vietnamese survives as UTF-8 hex


def test_vietnamese_text_is_hex_escaped_and_the_job_is_plain_ascii():
    item = LabelItem(stamps(1)[0].uri, "ABCD", "Chè búp Tân Cương đặc biệt")
    out = io.BytesIO()
    render_zpl([item], "40x30-203", out, download_font=False)
    zpl = out.getvalue().decode("ascii")
    assert "Ch_C3_A8 b_C3_BAp T_C3_A2n C_C6_B0_C6_A1ng _C4_91_E1_BA_B7c bi_E1_BB_87t" in zpl


def test_the_job_first_stores_a_font_with_vietnamese_glyphs_on_the_printer():
    out = io.BytesIO()
    render_zpl(stamps(2), "50x30-203", out)
    head = out.getvalue()[:60].decode("ascii")
    assert re.match(r"~DYE:DEJAVU,A,T,\d+,,", head)
    assert b"^A@N," in out.getvalue() and b"E:DEJAVU.TTF" in out.getvalue()


def test_zpl_is_only_for_thermal_printers():
    with pytest.raises(LabelError) as refused:
        render_zpl(stamps(1), "L7651", io.BytesIO(), download_font=False)
    assert refused.value.code == "ZPL_NEEDS_THERMAL_FORMAT"


@pytest.mark.parametrize("code", THERMAL)
def test_a_simulated_print_of_each_label_scans_to_its_uri(code):
    """Draw each ^BQ the way the printer does (magnification dots per module at
    ^FO, no quiet zone of its own) on a bitmap the size of ^PW x ^LL; the code
    must sit inside the label with its quiet zone and decode to the URI."""
    items = stamps(4, seed=11)
    out = io.BytesIO()
    render_zpl(items, code, out, download_font=False)
    for label, item in zip(formats_of(out.getvalue().decode("ascii")), items, strict=True):
        width = int(re.search(r"\^PW(\d+)", label).group(1))
        height = int(re.search(r"\^LL(\d+)", label).group(1))
        x, y, command, data = next(f for f in FIELD.findall(label) if f[2].startswith("^BQ"))
        x, y, magnification = int(x), int(y), int(command.split(",")[2])
        matrix = qr_matrix(unescape(data[3:]))  # what the printer encodes for "MA,<data>"
        side = matrix.size * magnification
        quiet = 4 * magnification
        assert x - quiet >= 0 and y - quiet >= 0 and x + side + quiet <= width and y + side + quiet <= height

        head = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(head)
        for row, col, length in matrix.runs():
            draw.rectangle(
                (x + col * magnification, y + row * magnification,
                 x + (col + length) * magnification - 1, y + (row + 1) * magnification - 1),
                fill=0,
            )  # fmt: skip
        scans = zxingcpp.read_barcodes(head, formats=zxingcpp.BarcodeFormat.QRCode)
        assert [s.text for s in scans] == [item.uri]
