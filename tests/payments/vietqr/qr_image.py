"""Read the pay page's inline SVG QR back with a real decoder (zxing-cpp):
draw its runs into a bitmap, then decode."""

from __future__ import annotations

import re

import zxingcpp
from PIL import Image, ImageDraw

RUN = re.compile(r"M(\d+) (\d+)h(\d+)")
VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')


def decode_svg_qr(svg: str, *, scale: int = 6) -> str:
    size = int(VIEWBOX.search(svg).group(1))
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, width in RUN.findall(svg):
        x, y, width = int(x), int(y), int(width)
        draw.rectangle((x * scale, y * scale, (x + width) * scale - 1, (y + 1) * scale - 1), fill=0)
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, "no QR code found"
    return found[0].text
