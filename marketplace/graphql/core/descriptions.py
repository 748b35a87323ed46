"""Rich-text fields in Saleor's shape: a JSON string of Editor.js blocks.

Our descriptions are plain text; each paragraph (separated by a blank line)
becomes one ``paragraph`` block, HTML-escaped, single line breaks as ``<br>``.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

from django.utils.html import escape

EDITORJS_VERSION = "2.24.3"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def editorjs_from_text(text: str, *, updated_at: datetime.datetime | None = None) -> dict[str, Any] | None:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return None
    blocks = []
    for index, paragraph in enumerate(p.strip() for p in _PARAGRAPH_BREAK.split(text)):
        if not paragraph:
            continue
        block_id = hashlib.sha1(f"{index}:{paragraph}".encode()).hexdigest()[:10]  # stable across requests
        html = "<br>".join(escape(line) for line in paragraph.split("\n"))
        blocks.append({"id": block_id, "type": "paragraph", "data": {"text": html}})
    return {
        "time": int(updated_at.timestamp() * 1000) if updated_at else 0,
        "blocks": blocks,
        "version": EDITORJS_VERSION,
    }
