"""The file implementation of ``EInvoiceProvider``: one JSON file per
sub-order (``<directory>/<reference>.json``, UTF-8) for the seller's or the
operator's invoicing software to import, or for an accountant to key in.

Written once: the file is prepared under a temporary name and hard-linked
to its final name, which fails if another process got there first, so two
concurrent calls for one sub-order leave one complete file and never a
half-written one; later calls leave it untouched."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from payments.einvoice.base import EInvoiceProvider
from payments.einvoice.data import Invoice, IssuedInvoice

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class FileExportProvider(EInvoiceProvider):
    id = "file"

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def path_for(self, reference: str) -> Path:
        if not SAFE_NAME.match(reference) or ".." in reference:
            raise ValueError(f"unsafe invoice reference {reference!r}")
        return self.directory / f"{reference}.json"

    def find(self, reference: str) -> IssuedInvoice | None:
        path = self.path_for(reference)
        if not path.exists():
            return None
        return IssuedInvoice(reference=reference, provider=self.id, provider_id=str(path), created=False)

    def issue(self, invoice: Invoice) -> IssuedInvoice:
        path = self.path_for(invoice.reference)
        existing = self.find(invoice.reference)
        if existing is not None:
            return existing
        self.directory.mkdir(parents=True, exist_ok=True)
        content = json.dumps(invoice.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:
                return IssuedInvoice(
                    reference=invoice.reference, provider=self.id, provider_id=str(path), created=False
                )
        finally:
            os.unlink(temporary)
        return IssuedInvoice(reference=invoice.reference, provider=self.id, provider_id=str(path), created=True)
