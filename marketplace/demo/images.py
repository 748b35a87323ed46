"""Product pictures for the demo catalogue, drawn locally with Pillow.

Each picture is a soft gradient in the category's colours, a simple drawing
that hints at the product (a bottle of fish sauce, a bag of rice, a tea shoot,
a rattan basket ...) and the product's name in a font with Vietnamese glyphs.
Nothing is downloaded. Shapes are drawn at twice the size and reduced, which
smooths their edges at little cost.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from marketplace.demo.shapes import RGB, SHAPES, Pen, hex_to_rgb, mix

SIZE = 800
SCALE = 2  # shapes are drawn at SCALE x SIZE, then reduced
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@lru_cache(maxsize=16)
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans (it has every Vietnamese glyph) or Pillow's own default font."""
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def background(top: RGB, bottom: RGB, size: tuple[int, int] = (SIZE, SIZE)) -> Image.Image:
    """A vertical gradient with a lighter glow in the middle."""
    vertical = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), vertical)
    glow = Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR)
    light = Image.new("RGB", size, mix(top, (255, 255, 255), 0.55))
    # radial_gradient is 0 at the centre: the centre takes the light colour.
    return Image.composite(image, light, glow.point(lambda v: min(255, int(v * 1.35))))


def _draw_shape(image: Image.Image, shape: str, color: RGB, cx: float, cy: float, side: float) -> Image.Image:
    """Paint ``shape`` onto ``image`` (RGB), drawn at SCALE and reduced."""
    layer = Image.new("RGBA", (image.width * SCALE, image.height * SCALE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    pen = Pen(draw, cx * SCALE, cy * SCALE, side * SCALE)
    # A soft shadow under the object grounds it on the background.
    shadow = pen.box(-0.42, 0.44, 0.42, 0.54)
    draw.ellipse(shadow, fill=(0, 0, 0, 40))
    SHAPES[shape](pen, color)
    reduced = layer.reduce(SCALE)
    return Image.alpha_composite(image.convert("RGBA"), reduced).convert("RGB")


def _wrap(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=face) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    # Don't leave one short word alone on the last line ("... 35 độ / đạm").
    if len(lines) >= 2 and " " not in lines[-1] and lines[-2].count(" ") >= 2:
        head, moved = lines[-2].rsplit(" ", 1)
        lines[-2:] = [head, f"{moved} {lines[-1]}"]
    return lines


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86, optimize=False, progressive=False)
    return buffer.getvalue()


def render_product_image(*, title: str, subtitle: str, shape: str, colors: tuple[str, str], accent: str) -> bytes:
    """The product's main picture: the drawing, then its name on a light band."""
    top, bottom = hex_to_rgb(colors[0]), hex_to_rgb(colors[1])
    image = _draw_shape(background(top, bottom), shape, hex_to_rgb(accent), SIZE / 2, 330, 440)
    draw = ImageDraw.Draw(image, "RGBA")
    face = font(46, bold=True)
    lines = _wrap(draw, title, face, SIZE - 120)
    if len(lines) > 2:
        face = font(36, bold=True)
        lines = _wrap(draw, title, face, SIZE - 100)[:3]
    line_height = face.size + 10 if hasattr(face, "size") else 48
    band_top = SIZE - 80 - line_height * len(lines) - 30
    draw.rounded_rectangle([36, band_top, SIZE - 36, SIZE - 36], radius=28, fill=(255, 255, 255, 215))
    ink = mix(bottom, (0, 0, 0), 0.65)
    y = band_top + 20
    for line in lines:
        draw.text((SIZE / 2, y), line, font=face, fill=ink, anchor="ma")
        y += line_height
    draw.text((SIZE / 2, y + 4), subtitle, font=font(26), fill=mix(ink, (255, 255, 255), 0.3), anchor="ma")
    return _jpeg(image)


def render_label_image(*, title: str, lines: list[str], shape: str, colors: tuple[str, str], accent: str) -> bytes:
    """A second picture: a product card with origin and packaging, for the gallery."""
    top, bottom = hex_to_rgb(colors[0]), hex_to_rgb(colors[1])
    image = background(top, bottom)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rounded_rectangle([48, 48, SIZE - 48, SIZE - 48], radius=36, fill=(253, 250, 240, 240))
    image = _draw_shape(image, shape, hex_to_rgb(accent), SIZE / 2, 250, 300)
    draw = ImageDraw.Draw(image, "RGBA")
    ink = mix(bottom, (0, 0, 0), 0.65)
    face = font(38, bold=True)
    y = 440
    for line in _wrap(draw, title, face, SIZE - 160)[:2]:
        draw.text((SIZE / 2, y), line, font=face, fill=ink, anchor="ma")
        y += 48
    draw.line([(SIZE / 2 - 120, y + 8), (SIZE / 2 + 120, y + 8)], fill=hex_to_rgb(accent), width=4)
    y += 30
    small = font(27)
    for text in lines[:5]:
        for line in _wrap(draw, text, small, SIZE - 170)[:2]:
            draw.text((SIZE / 2, y), line, font=small, fill=mix(ink, (255, 255, 255), 0.15), anchor="ma")
            y += 36
    return _jpeg(image)
