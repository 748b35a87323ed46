"""``manage.py issue_einvoices``: issue the e-invoice of every paid
sub-order that has none yet (idempotent: an issued invoice is found, not
issued again) and print the references."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from payments.einvoice.services import issue_missing_invoices


class Command(BaseCommand):
    help = "Issue missing e-invoices of paid sub-orders (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        issued = issue_missing_invoices()
        created = [invoice for invoice in issued if invoice.created]
        for invoice in created:
            self.stdout.write(f"  {invoice.reference}")
        self.stdout.write(f"{len(created)} invoices issued, {len(issued) - len(created)} already on file")
