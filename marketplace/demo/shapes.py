"""Simple drawings that hint at a product — a bottle, a jar, a bag, a tea
shoot, a vase, a basket, an orchid, a bonsai ... — for the demo pictures.

Each ``draw_*`` function paints in a unit box (see ``Pen``) with the product's
accent colour; ``SHAPES`` maps the names used in ``marketplace.demo.products``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PIL import ImageDraw

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]
Point = tuple[float, float]


def hex_to_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def with_alpha(color: RGB, alpha: int = 255) -> RGBA:
    return (*color, alpha)


class Pen:
    """Draws in a unit box (-0.5 .. 0.5 on both axes) centred at (cx, cy), side s."""

    def __init__(self, draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float) -> None:
        self.draw, self.cx, self.cy, self.s = draw, cx, cy, s

    def p(self, x: float, y: float) -> Point:
        return (self.cx + x * self.s, self.cy + y * self.s)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> list[float]:
        return [*self.p(x0, y0), *self.p(x1, y1)]

    def w(self, width: float) -> int:
        return max(1, round(width * self.s))

    def leaf(self, base: Point, tip: Point, width: float, fill: RGBA, vein: RGBA | None = None) -> None:
        """A pointed leaf (or petal) from ``base`` to ``tip``, widest a third of the way."""
        (bx, by), (tx, ty) = self.p(*base), self.p(*tip)
        length = math.hypot(tx - bx, ty - by)
        ux, uy = (tx - bx) / length, (ty - by) / length
        nx, ny = -uy, ux
        half = width * self.s / 2
        left, right = [], []
        for i in range(25):
            t = i / 24
            bulge = math.sin(math.pi * t**0.8) * half
            x, y = bx + ux * length * t, by + uy * length * t
            left.append((x + nx * bulge, y + ny * bulge))
            right.append((x - nx * bulge, y - ny * bulge))
        self.draw.polygon(left + right[::-1], fill=fill)
        if vein:
            self.draw.line([(bx, by), (tx, ty)], fill=vein, width=max(1, round(half / 8)))


def _label(pen: Pen, x0: float, y0: float, x1: float, y1: float, ink: RGBA) -> None:
    cream = (252, 247, 232, 255)
    pen.draw.rounded_rectangle(pen.box(x0, y0, x1, y1), radius=pen.w(0.02), fill=cream, outline=ink, width=pen.w(0.008))
    middle = (x0 + x1) / 2
    span = (x1 - x0) * 0.32
    pen.draw.rectangle(pen.box(middle - span, y0 + (y1 - y0) * 0.3, middle + span, y0 + (y1 - y0) * 0.42), fill=ink)
    pen.draw.rectangle(
        pen.box(middle - span * 0.7, y0 + (y1 - y0) * 0.58, middle + span * 0.7, y0 + (y1 - y0) * 0.66), fill=ink
    )


def _shine(pen: Pen, x0: float, y0: float, x1: float, y1: float) -> None:
    pen.draw.rounded_rectangle(pen.box(x0, y0, x1, y1), radius=pen.w(0.02), fill=(255, 255, 255, 70))


def draw_bottle(pen: Pen, c: RGB) -> None:
    body, dark = with_alpha(c), with_alpha(mix(c, (0, 0, 0), 0.45))
    pen.draw.ellipse(pen.box(-0.2, -0.22, 0.2, 0.02), fill=body)
    pen.draw.rectangle(pen.box(-0.07, -0.38, 0.07, -0.12), fill=body)
    pen.draw.rounded_rectangle(pen.box(-0.2, -0.1, 0.2, 0.5), radius=pen.w(0.06), fill=body)
    pen.draw.rounded_rectangle(pen.box(-0.09, -0.48, 0.09, -0.36), radius=pen.w(0.02), fill=dark)
    _label(pen, -0.17, 0.06, 0.17, 0.36, dark)
    _shine(pen, -0.16, -0.08, -0.12, 0.44)


def draw_jar(pen: Pen, c: RGB) -> None:
    body, dark = with_alpha(c), with_alpha(mix(c, (0, 0, 0), 0.45))
    pen.draw.rounded_rectangle(pen.box(-0.3, -0.2, 0.3, 0.46), radius=pen.w(0.1), fill=body)
    pen.draw.rounded_rectangle(pen.box(-0.27, -0.36, 0.27, -0.19), radius=pen.w(0.03), fill=dark)
    for i in range(5):
        x = -0.2 + i * 0.1
        pen.draw.line([pen.p(x, -0.34), pen.p(x, -0.21)], fill=with_alpha(mix(c, (0, 0, 0), 0.6)), width=pen.w(0.01))
    _label(pen, -0.26, 0.0, 0.26, 0.3, dark)
    _shine(pen, -0.25, -0.14, -0.2, 0.4)


def draw_bag(pen: Pen, c: RGB) -> None:
    body, dark = with_alpha(c), with_alpha(mix(c, (0, 0, 0), 0.4))
    pen.draw.polygon([pen.p(-0.3, -0.38), pen.p(0.3, -0.38), pen.p(0.35, 0.47), pen.p(-0.35, 0.47)], fill=body)
    pen.draw.rectangle(pen.box(-0.3, -0.38, 0.3, -0.29), fill=dark)
    pen.draw.line([pen.p(-0.29, -0.24), pen.p(0.29, -0.24)], fill=dark, width=pen.w(0.01))
    pen.draw.rounded_rectangle(pen.box(-0.21, -0.1, 0.21, 0.3), radius=pen.w(0.05), fill=(252, 247, 232, 255))
    pen.leaf((-0.08, 0.2), (0.1, -0.02), 0.09, dark)
    _shine(pen, -0.27, -0.22, -0.23, 0.42)


def draw_box(pen: Pen, c: RGB) -> None:
    body, dark = with_alpha(c), with_alpha(mix(c, (0, 0, 0), 0.35))
    gold = (233, 190, 84, 255)
    pen.draw.rectangle(pen.box(-0.38, -0.1, 0.38, 0.46), fill=body)
    pen.draw.rectangle(pen.box(-0.42, -0.22, 0.42, -0.08), fill=dark)
    pen.draw.rectangle(pen.box(-0.05, -0.22, 0.05, 0.46), fill=gold)
    pen.draw.rectangle(pen.box(-0.38, 0.12, 0.38, 0.2), fill=gold)
    pen.draw.ellipse(pen.box(-0.24, -0.4, 0.0, -0.21), outline=gold, width=pen.w(0.035))
    pen.draw.ellipse(pen.box(0.0, -0.4, 0.24, -0.21), outline=gold, width=pen.w(0.035))


def draw_leaf(pen: Pen, c: RGB) -> None:
    leaf, vein = with_alpha(c), with_alpha(mix(c, (255, 255, 255), 0.45))
    stem = with_alpha(mix(c, (60, 40, 20), 0.55))
    pen.draw.line([pen.p(0.02, 0.48), pen.p(0.0, 0.1), pen.p(0.02, -0.3)], fill=stem, width=pen.w(0.025), joint="curve")
    pen.leaf((0.0, 0.18), (-0.42, -0.05), 0.26, leaf, vein)
    pen.leaf((0.0, 0.02), (0.42, -0.2), 0.26, leaf, vein)
    pen.leaf((0.02, -0.12), (0.05, -0.48), 0.12, with_alpha(mix(c, (255, 255, 255), 0.25)), vein)


def draw_cup(pen: Pen, c: RGB) -> None:
    cup, dark = with_alpha(c), with_alpha(mix(c, (0, 0, 0), 0.5))
    pen.draw.ellipse(pen.box(-0.44, 0.28, 0.44, 0.46), fill=(250, 246, 238, 255))
    pen.draw.ellipse(pen.box(0.18, -0.04, 0.42, 0.22), outline=cup, width=pen.w(0.045))
    pen.draw.polygon([pen.p(-0.3, -0.1), pen.p(0.3, -0.1), pen.p(0.22, 0.36), pen.p(-0.22, 0.36)], fill=cup)
    pen.draw.ellipse(pen.box(-0.3, -0.17, 0.3, -0.03), fill=dark)
    steam = (255, 255, 255, 150)
    for x in (-0.12, 0.0, 0.12):
        points = [pen.p(x + 0.04 * math.sin(i / 2), -0.22 - i * 0.03) for i in range(9)]
        pen.draw.line(points, fill=steam, width=pen.w(0.02), joint="curve")


def _profile(pen: Pen, profile: list[tuple[float, float]], fill: RGBA) -> None:
    """A vessel turned on a wheel: ``profile`` is (y, half-width) from top to bottom."""
    right: list[Point] = []
    for (y0, r0), (y1, r1) in zip(profile, profile[1:], strict=False):
        for i in range(8):
            t = i / 8
            smooth = (1 - math.cos(math.pi * t)) / 2
            right.append((r0 + (r1 - r0) * smooth, y0 + (y1 - y0) * t))
    right.append((profile[-1][1], profile[-1][0]))
    points = [pen.p(x, y) for x, y in right] + [pen.p(-x, y) for x, y in reversed(right)]
    pen.draw.polygon(points, fill=fill)


def draw_vase(pen: Pen, c: RGB) -> None:
    glaze, ink = (236, 240, 246, 255), with_alpha(c)
    _profile(pen, [(-0.46, 0.11), (-0.4, 0.08), (-0.2, 0.08), (0.05, 0.28), (0.3, 0.24), (0.47, 0.14)], glaze)
    pen.draw.line([pen.p(-0.09, -0.4), pen.p(0.09, -0.4)], fill=ink, width=pen.w(0.015))
    pen.draw.line([pen.p(-0.24, 0.32), pen.p(0.24, 0.32)], fill=ink, width=pen.w(0.015))
    for dx in (-0.12, 0.0, 0.12):
        pen.leaf((dx, 0.22), (dx, -0.08), 0.1, ink)
    _shine(pen, -0.2, 0.0, -0.16, 0.28)


def draw_teapot(pen: Pen, c: RGB) -> None:
    glaze, ink = (236, 240, 246, 255), with_alpha(c)
    pen.draw.ellipse(pen.box(-0.42, -0.02, -0.18, 0.22), outline=glaze, width=pen.w(0.04))
    pen.draw.polygon([pen.p(0.18, 0.12), pen.p(0.44, -0.16), pen.p(0.47, -0.12), pen.p(0.26, 0.24)], fill=glaze)
    pen.draw.ellipse(pen.box(-0.3, -0.12, 0.3, 0.34), fill=glaze)
    pen.draw.ellipse(pen.box(-0.15, -0.2, 0.15, -0.06), fill=glaze, outline=ink, width=pen.w(0.01))
    pen.draw.ellipse(pen.box(-0.04, -0.27, 0.04, -0.18), fill=ink)
    pen.draw.arc(pen.box(-0.22, -0.02, 0.22, 0.26), 20, 160, fill=ink, width=pen.w(0.015))
    for dx in (-0.08, 0.08):
        pen.leaf((dx, 0.2), (dx * 2.2, 0.04), 0.07, ink)
    for x0 in (-0.46, 0.26):
        pen.draw.chord(pen.box(x0, 0.3, x0 + 0.2, 0.5), 0, 180, fill=glaze, outline=ink, width=pen.w(0.008))


def draw_bowl(pen: Pen, c: RGB) -> None:
    glaze, inside = with_alpha(c), with_alpha(mix(c, (255, 255, 255), 0.35))
    for dy in (0.18, -0.08):
        foot = with_alpha(mix(c, (0, 0, 0), 0.3))
        pen.draw.rectangle(pen.box(-0.1, 0.36 + dy - 0.2, 0.1, 0.44 + dy - 0.2), fill=foot)
        pen.draw.chord(pen.box(-0.4, -0.2 + dy - 0.2, 0.4, 0.6 + dy - 0.2), 0, 180, fill=glaze)
        pen.draw.ellipse(pen.box(-0.4, 0.12 + dy - 0.2, 0.4, 0.28 + dy - 0.2), fill=inside)


def draw_basket(pen: Pen, c: RGB) -> None:
    body, dark = with_alpha(c), with_alpha(mix(c, (0, 0, 0), 0.35))
    pen.draw.arc(pen.box(-0.3, -0.46, 0.3, 0.3), 180, 360, fill=dark, width=pen.w(0.04))
    pen.draw.polygon([pen.p(-0.4, -0.05), pen.p(0.4, -0.05), pen.p(0.31, 0.46), pen.p(-0.31, 0.46)], fill=body)
    for i in range(8):
        y = -0.02 + i * 0.065
        inset = 0.4 - (y + 0.05) * 0.17
        pen.draw.line([pen.p(-inset, y), pen.p(inset, y)], fill=dark, width=pen.w(0.008))
    for i in range(9):
        x = -0.36 + i * 0.09
        pen.draw.line([pen.p(x, -0.05), pen.p(x * 0.78, 0.46)], fill=dark, width=pen.w(0.008))
    pen.draw.rectangle(pen.box(-0.42, -0.09, 0.42, -0.02), fill=dark)


def draw_lamp(pen: Pen, c: RGB) -> None:
    body, dark = with_alpha(c), with_alpha(mix(c, (0, 0, 0), 0.35))
    pen.draw.line([pen.p(0, -0.5), pen.p(0, -0.22)], fill=(60, 50, 40, 255), width=pen.w(0.012))
    pen.draw.ellipse(pen.box(-0.12, 0.08, 0.12, 0.3), fill=(255, 236, 160, 255))
    pen.draw.pieslice(pen.box(-0.38, -0.26, 0.38, 0.5), 180, 360, fill=body)
    for i in range(1, 8):
        angle = math.pi + i * math.pi / 8
        rim = pen.p(0.38 * math.cos(angle), 0.12 + 0.38 * math.sin(angle))
        pen.draw.line([pen.p(0, 0.12), rim], fill=dark, width=pen.w(0.008))
    for r in (0.12, 0.22, 0.32):
        pen.draw.arc(pen.box(-r, 0.12 - r, r, 0.12 + r), 180, 360, fill=dark, width=pen.w(0.008))


def _flower(pen: Pen, cx: float, cy: float, r: float, petals: int, petal: RGBA, heart: RGBA) -> None:
    for i in range(petals):
        angle = 2 * math.pi * i / petals - math.pi / 2
        pen.leaf((cx, cy), (cx + r * math.cos(angle), cy + r * math.sin(angle)), r * 0.9, petal)
    pen.draw.ellipse(pen.box(cx - r * 0.22, cy - r * 0.22, cx + r * 0.22, cy + r * 0.22), fill=heart)


def draw_orchid(pen: Pen, c: RGB) -> None:
    leaf = (62, 122, 66, 255)
    pen.leaf((-0.02, 0.3), (-0.4, 0.16), 0.14, leaf)
    pen.leaf((0.02, 0.3), (0.38, 0.2), 0.14, leaf)
    stem = [pen.p(0.0, 0.28), pen.p(0.04, 0.0), pen.p(0.12, -0.22), pen.p(0.26, -0.36)]
    pen.draw.line(stem, fill=(70, 110, 60, 255), width=pen.w(0.015), joint="curve")
    pot = [pen.p(-0.2, 0.28), pen.p(0.2, 0.28), pen.p(0.15, 0.48), pen.p(-0.15, 0.48)]
    pen.draw.polygon(pot, fill=(246, 246, 242, 255))
    for x, y, r in ((0.0, -0.02, 0.15), (0.1, -0.22, 0.14), (0.27, -0.36, 0.11), (-0.14, 0.06, 0.12)):
        _flower(pen, x, y, r, 5, with_alpha(c), with_alpha(mix(c, (120, 0, 60), 0.5)))


def draw_blossom(pen: Pen, c: RGB) -> None:
    leaf = (48, 110, 58, 255)
    pen.leaf((0.0, 0.1), (-0.44, 0.34), 0.22, leaf, (90, 150, 90, 255))
    pen.leaf((0.0, 0.1), (0.44, 0.36), 0.22, leaf, (90, 150, 90, 255))
    _flower(pen, -0.1, -0.06, 0.26, 7, with_alpha(c), (226, 140, 30, 255))
    _flower(pen, 0.24, -0.24, 0.15, 6, with_alpha(mix(c, (255, 255, 255), 0.2)), (226, 140, 30, 255))


def draw_tree(pen: Pen, c: RGB) -> None:
    bark, foliage = (92, 64, 44, 255), with_alpha(c)
    pen.draw.rectangle(pen.box(-0.36, 0.3, 0.36, 0.46), fill=(70, 96, 140, 255))
    pen.draw.rectangle(pen.box(-0.4, 0.27, 0.4, 0.32), fill=(52, 74, 112, 255))
    trunk = [(-0.07, 0.28), (0.07, 0.28), (0.0, 0.1), (0.16, -0.04), (0.1, -0.1), (-0.06, 0.04), (-0.14, -0.12)]
    trunk += [(-0.2, -0.08), (-0.1, 0.12)]
    pen.draw.polygon([pen.p(x, y) for x, y in trunk], fill=bark)
    for x, y, r in ((-0.22, -0.16, 0.16), (0.16, -0.12, 0.17), (-0.02, -0.3, 0.18), (0.3, -0.26, 0.1)):
        pen.draw.ellipse(pen.box(x - r * 1.3, y - r * 0.8, x + r * 1.3, y + r * 0.8), fill=foliage)
        light = with_alpha(mix(c, (255, 255, 255), 0.25))
        pen.draw.ellipse(pen.box(x - r, y - r * 0.8, x + r * 0.9, y + r * 0.1), fill=light)


def draw_squid(pen: Pen, c: RGB) -> None:
    body, dark = with_alpha(c), with_alpha(mix(c, (0, 0, 0), 0.35))
    for i in range(8):
        x = -0.1 + i * (0.2 / 7)
        points = [pen.p(x + 0.03 * math.sin(k + i) + (x * 0.8) * k / 6, 0.2 + k * 0.045) for k in range(7)]
        pen.draw.line(points, fill=dark, width=pen.w(0.02), joint="curve")
    pen.draw.polygon([pen.p(-0.16, -0.3), pen.p(-0.3, -0.22), pen.p(-0.14, -0.12)], fill=dark)
    pen.draw.polygon([pen.p(0.16, -0.3), pen.p(0.3, -0.22), pen.p(0.14, -0.12)], fill=dark)
    mantle = [(0, -0.48), (0.16, -0.3), (0.14, 0.15), (-0.14, 0.15), (-0.16, -0.3)]
    pen.draw.polygon([pen.p(x, y) for x, y in mantle], fill=body)
    pen.draw.ellipse(pen.box(-0.13, 0.08, 0.13, 0.26), fill=body)
    for x in (-0.06, 0.06):
        pen.draw.ellipse(pen.box(x - 0.025, 0.13, x + 0.025, 0.18), fill=(30, 30, 30, 255))


def draw_cake(pen: Pen, c: RGB) -> None:
    body, top, dark = with_alpha(c), with_alpha(mix(c, (255, 255, 255), 0.3)), with_alpha(mix(c, (0, 0, 0), 0.35))
    for dx, dy in ((-0.14, 0.14), (0.14, 0.2), (0.0, -0.1)):
        pen.draw.ellipse(pen.box(dx - 0.28, dy + 0.02, dx + 0.28, dy + 0.2), fill=dark)
        pen.draw.rectangle(pen.box(dx - 0.28, dy - 0.04, dx + 0.28, dy + 0.11), fill=dark)
        pen.draw.ellipse(pen.box(dx - 0.28, dy - 0.13, dx + 0.28, dy + 0.05), fill=body)
        pen.draw.ellipse(pen.box(dx - 0.16, dy - 0.09, dx + 0.16, dy + 0.01), outline=top, width=pen.w(0.012))


def draw_root(pen: Pen, c: RGB) -> None:
    root, node = with_alpha(c), with_alpha(mix(c, (0, 0, 0), 0.35))
    for i in range(5):
        x = -0.3 + i * 0.15
        points = [pen.p(x + 0.06 * math.sin(k * 1.3 + i), -0.4 + k * 0.14) for k in range(7)]
        pen.draw.line(points, fill=root, width=pen.w(0.07), joint="curve")
        for px, py in points[1:-1]:
            pen.draw.ellipse([px - pen.s * 0.04, py - pen.s * 0.015, px + pen.s * 0.04, py + pen.s * 0.015], fill=node)
    pen.draw.rectangle(pen.box(-0.38, -0.06, 0.38, 0.02), fill=(214, 180, 110, 255))


SHAPES: dict[str, Callable[[Pen, RGB], None]] = {
    "bottle": draw_bottle,
    "jar": draw_jar,
    "bag": draw_bag,
    "box": draw_box,
    "leaf": draw_leaf,
    "cup": draw_cup,
    "vase": draw_vase,
    "teapot": draw_teapot,
    "bowl": draw_bowl,
    "basket": draw_basket,
    "lamp": draw_lamp,
    "orchid": draw_orchid,
    "blossom": draw_blossom,
    "tree": draw_tree,
    "squid": draw_squid,
    "cake": draw_cake,
    "root": draw_root,
}
