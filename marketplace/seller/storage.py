"""Private storage for seller documents (citizen IDs, registrations,
certificates). Files live under ``settings.PRIVATE_MEDIA_ROOT``, outside
``MEDIA_ROOT``, and have no URL: they are read only through
``selectors.get_document_for_user``, which checks who is asking."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


class PrivateDocumentStorage(FileSystemStorage):
    """A file-system storage rooted at ``PRIVATE_MEDIA_ROOT`` (read on each use,
    so tests can point it elsewhere) that refuses to make URLs."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Seller documents have no public URL; serve them through get_document_for_user().")


def private_document_storage() -> Storage:
    return PrivateDocumentStorage()
