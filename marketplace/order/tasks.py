"""Order emails, sent after the transaction commits (in-process without a
broker, by a Celery worker with one)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="order.send_order_placed_emails")
def send_order_placed_emails(*, order_id: str) -> None:
    from marketplace.order.emails import send_placed_emails

    send_placed_emails(order_id=order_id)


@shared_task(name="order.send_order_status_emails")
def send_order_status_emails(*, event_id: int) -> None:
    from marketplace.order.emails import send_status_emails

    send_status_emails(event_id=event_id)
