"""Celery beat runs the expiry of unpaid VietQR transfers (see
``CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="vietqr.expire_unpaid_transfers")
def expire_unpaid_transfers() -> int:
    from payments.vietqr.services import expire_unpaid_transfers as expire

    return expire()
