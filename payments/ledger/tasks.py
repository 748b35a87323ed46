"""Periodic ledger work (scheduled by ``CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

from celery import shared_task

from payments.ledger.payouts import run_payouts
from payments.ledger.posting import release_available


@shared_task(name="ledger.release_available")
def release_available_task() -> int:
    """Make payable every sub-order whose return window has passed."""
    return release_available()


@shared_task(name="ledger.run_weekly_payouts")
def run_weekly_payouts_task() -> int:
    """Release what is due, then run (or continue) this week's payouts;
    returns the run's id."""
    release_available()
    return run_payouts(actor=None, by_system=True).pk
