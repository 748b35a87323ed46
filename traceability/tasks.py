"""Background work of the traceability area (Celery; in-process when no
broker is configured)."""

from __future__ import annotations

from celery import shared_task

from traceability.stamps import generate_stamps


@shared_task(name="traceability.generate_stamps", ignore_result=True)
def generate_stamps_task(job_id: int) -> None:
    """Generate the stamps of ``StampJob`` ``job_id`` (see ``stamps.generate_stamps``)."""
    generate_stamps(job_id=job_id)
