"""Periodic stock housekeeping (scheduled by ``CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

from celery import shared_task

from marketplace.warehouse.reservations import delete_expired_reservations


@shared_task(name="warehouse.delete_expired_reservations")
def delete_expired_reservations_task() -> int:
    """Delete expired checkout reservations; returns how many went."""
    return delete_expired_reservations()
