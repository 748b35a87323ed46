"""Rich-text fields in Saleor's shape: a JSON string of Editor.js blocks.

Our descriptions are plain text; each paragraph (separated by a blank line)
becomes one ``paragraph`` block, HTML-escaped, single line breaks as ``<br>``.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from html import unescape
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


_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _inline_text(html: object) -> str:
    return unescape(_TAG.sub("", _BREAK.sub("\n", str(html or "")))).strip()


def text_from_editorjs(value: Any) -> str:
    """Plain text from a rich-text input (Saleor's ``JSONString`` of Editor.js
    blocks): paragraphs and headers as paragraphs, list items one per line,
    inline HTML dropped. A plain JSON string is taken as it is; ``null`` is "".
    Raises ``ValueError`` for anything else (the caller reports ``INVALID``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, dict) or not isinstance(value.get("blocks", []), list):
        raise ValueError("not Editor.js data")
    paragraphs = []
    for block in value.get("blocks", []):
        data = block.get("data") if isinstance(block, dict) else None
        if not isinstance(data, dict):
            raise ValueError("an Editor.js block without data")
        if isinstance(data.get("items"), list):
            items = [item.get("content", "") if isinstance(item, dict) else item for item in data["items"]]
            text = "\n".join(filter(None, (_inline_text(item) for item in items)))
        else:
            text = _inline_text(data.get("text", ""))
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)
