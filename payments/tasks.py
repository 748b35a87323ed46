"""Periodic payment work of the ``payments`` app (scheduled by
``CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

from celery import shared_task

from payments.einvoice.services import issue_missing_invoices


@shared_task(name="einvoice.issue_missing_invoices")
def issue_missing_invoices_task() -> int:
    """Issue the e-invoice of every paid sub-order that has none yet (one
    whose after-commit issue failed); returns how many were issued or found."""
    return len(issue_missing_invoices())
