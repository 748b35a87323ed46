"""Issuing e-invoices for paid sub-orders, once each.

A sub-order is paid when the ledger has booked its sale (an online order
fully charged, or cash collected on delivery): its ``SubOrderLedger`` is
pending or available. Call ``schedule_invoices(order_id=…)`` inside the
transaction that recorded the payment; the invoices are issued after it
commits (a rolled-back payment issues nothing), each failure logged and
left for ``issue_missing_invoices`` to retry. Issuing is idempotent per
sub-order (the provider's contract), so calling it after every payment
event of an order is harmless."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from payments.einvoice.base import EInvoiceProvider
from payments.einvoice.builder import build_invoice, load_seller_order
from payments.einvoice.data import IssuedInvoice
from payments.einvoice.errors import EInvoiceError
from payments.einvoice.file_export import FileExportProvider
from payments.ledger.models import SaleState, SubOrderLedger

logger = logging.getLogger(__name__)
SOLD = (SaleState.PENDING, SaleState.AVAILABLE)


def get_provider() -> EInvoiceProvider:
    """The provider named by ``EINVOICE_PROVIDER`` (``file``: the JSON
    export to ``EINVOICE_EXPORT_DIR``). Raises ``EInvoiceError``."""
    if settings.EINVOICE_PROVIDER == FileExportProvider.id:
        return FileExportProvider(settings.EINVOICE_EXPORT_DIR)
    raise EInvoiceError("NOT_CONFIGURED", _("Chưa cấu hình nhà cung cấp hóa đơn điện tử."))


def issue_invoice(*, seller_order_id: int, provider: EInvoiceProvider | None = None) -> IssuedInvoice:
    """Issue the invoice of one paid sub-order (or find the one issued).
    Raises ``EInvoiceError`` (``NOT_PAID``, ``TOTAL_MISMATCH``,
    ``NOT_CONFIGURED``)."""
    provider = provider or get_provider()
    seller_order = load_seller_order(seller_order_id)
    existing = provider.find(seller_order.number)
    if existing is not None:
        return existing
    return provider.issue(build_invoice(seller_order))


def paid_seller_order_ids(*, order_id: object = None) -> list[int]:
    """Sub-orders whose sale is booked (of one order, or all), by id."""
    sold = SubOrderLedger.objects.filter(state__in=SOLD)
    if order_id is not None:
        sold = sold.filter(seller_order__order_id=order_id)
    return list(sold.order_by("pk").values_list("pk", flat=True))


def issue_invoices_for_order(*, order_id: object) -> list[IssuedInvoice]:
    """Issue the invoice of each paid sub-order of ``order_id``; one that
    fails is logged and skipped (the others still go out)."""
    return _issue_each(paid_seller_order_ids(order_id=order_id))


def issue_missing_invoices() -> list[IssuedInvoice]:
    """Retry: every paid sub-order without an invoice yet."""
    return _issue_each(paid_seller_order_ids())


def _issue_each(seller_order_ids: list[int]) -> list[IssuedInvoice]:
    try:
        provider = get_provider()
    except EInvoiceError:
        logger.exception("e-invoices not issued")
        return []
    issued = []
    for seller_order_id in seller_order_ids:
        try:
            issued.append(issue_invoice(seller_order_id=seller_order_id, provider=provider))
        except Exception:  # noqa: BLE001 - one sub-order's failure must not stop the others
            logger.exception("e-invoice of sub-order %s not issued", seller_order_id)
    return issued


def schedule_invoices(*, order_id: object) -> None:
    """After the current transaction commits, issue the invoices of
    ``order_id``'s paid sub-orders (nothing if it rolls back)."""
    transaction.on_commit(partial(issue_invoices_for_order, order_id=order_id), robust=True)
