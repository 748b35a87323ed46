"""The adapter an e-invoice provider implements.

Vietnam's invoice providers (VNPT Invoice, Viettel S-Invoice, MISA
meInvoice, BKAV eHoadon, …) each take an invoice's content over their own
API, sign it, obtain the tax authority's code and return the invoice's
number. An adapter maps ``payments.einvoice.data.Invoice`` to one of them.
The contract: ``issue`` is idempotent on ``invoice.reference`` (providers
accept a caller's key for this, e.g. a "fkey"); a second call returns the
first invoice with ``created=False`` and changes nothing."""

from __future__ import annotations

from abc import ABC, abstractmethod

from payments.einvoice.data import Invoice, IssuedInvoice


class EInvoiceProvider(ABC):
    id: str = ""

    @abstractmethod
    def issue(self, invoice: Invoice) -> IssuedInvoice:
        """Issue ``invoice`` (or find the one issued for its reference)."""

    @abstractmethod
    def find(self, reference: str) -> IssuedInvoice | None:
        """The invoice issued for ``reference``, if any."""
