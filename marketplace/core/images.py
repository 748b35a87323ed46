"""Upload validation for images: decided by content, never by file name.

Checks, in order: size in bytes, the file's magic bytes (JPEG, PNG or WebP only),
the pixel count declared in the header (before any decoding, so a decompression
bomb is refused without being inflated), then a full decode.
"""

from __future__ import annotations

from typing import IO

import filetype
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from marketplace.core.errors import DomainError

ALLOWED_IMAGE_MIME_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


class InvalidImage(DomainError):
    pass


def validate_image(upload: IO[bytes], *, field: str = "image") -> str:
    """Validate an uploaded image and return its Pillow format name.

    Raises ``InvalidImage`` with code ``FILE_TOO_LARGE``, ``UNSUPPORTED_FILE_TYPE``,
    ``IMAGE_TOO_LARGE`` (too many pixels) or ``INVALID_IMAGE``. Leaves the file
    positioned at its start.
    """
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size > settings.MAX_IMAGE_UPLOAD_BYTES:
        limit_mb = settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)
        raise InvalidImage("FILE_TOO_LARGE", _("Ảnh quá lớn (tối đa %(mb)s MB).") % {"mb": limit_mb}, field=field)
    head = upload.read(261)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_IMAGE_MIME_TYPES:
        raise InvalidImage("UNSUPPORTED_FILE_TYPE", _("Chỉ nhận ảnh JPEG, PNG hoặc WebP."), field=field)
    try:
        with Image.open(upload) as img:
            if img.format != ALLOWED_IMAGE_MIME_TYPES[kind.mime]:
                raise InvalidImage("UNSUPPORTED_FILE_TYPE", _("Chỉ nhận ảnh JPEG, PNG hoặc WebP."), field=field)
            width, height = img.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise InvalidImage("IMAGE_TOO_LARGE", _("Ảnh có kích thước quá lớn (quá nhiều điểm ảnh)."), field=field)
            img.load()
    except InvalidImage:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own, larger, limit
        raise InvalidImage(
            "IMAGE_TOO_LARGE", _("Ảnh có kích thước quá lớn (quá nhiều điểm ảnh)."), field=field
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidImage("INVALID_IMAGE", _("Tệp ảnh bị lỗi hoặc không đọc được."), field=field) from exc
    finally:
        upload.seek(0)
    return ALLOWED_IMAGE_MIME_TYPES[kind.mime]
