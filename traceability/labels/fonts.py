"""The label font: DejaVu Sans, embedded (as a TrueType subset) in every PDF so
Vietnamese diacritics print and copy out correctly. The 14 PDF base fonts have
no glyphs for Vietnamese letters such as ư, ơ, ạ or ồ."""

from __future__ import annotations

import os
from functools import lru_cache

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from traceability.labels.errors import LabelFontMissing

FONT_NAME = "DejaVuSans"
# Debian's fonts-dejavu-core (installed by .ci/run); settings.LABEL_FONT_PATH overrides it.
DEFAULT_FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# Vertical extent of a line of Vietnamese text in DejaVu Sans, in ems: capitals
# with stacked marks (Ẫ, Ỗ) reach 1.06 above the baseline, dots below and
# descenders (ợ, g) 0.21-0.24 below it.
ASCENT_EM = 1.07
DESCENT_EM = 0.24
LEADING_EM = 1.2  # baseline to baseline inside a block


def font_path() -> str:
    configured = getattr(settings, "LABEL_FONT_PATH", None) if settings.configured else None
    return configured or DEFAULT_FONT_PATH


def register_label_font() -> str:
    """Register DejaVu Sans with reportlab (once per font file); return its
    name. Raises ``LabelFontMissing`` when the font file is not there."""
    return _register(font_path())


@lru_cache(maxsize=4)
def _register(path: str) -> str:
    if not os.path.isfile(path):
        raise LabelFontMissing(path)
    pdfmetrics.registerFont(TTFont(FONT_NAME, path))
    return FONT_NAME


def text_width_mm(text: str, size_pt: float) -> float:
    return _width_mm_at_1pt(text) * size_pt


@lru_cache(maxsize=65536)
def _width_mm_at_1pt(text: str) -> float:
    register_label_font()
    return pdfmetrics.stringWidth(text, FONT_NAME, 1.0) * 25.4 / 72
