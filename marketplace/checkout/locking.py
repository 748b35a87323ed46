"""The checkout row lock every checkout change takes first (lock order:
checkout → stock rows; see ``marketplace.warehouse.services``)."""

from __future__ import annotations

import functools
import uuid

from django.db import connection
from django.utils import timezone

from marketplace.checkout.errors import checkout_not_found
from marketplace.checkout.models import Checkout
from marketplace.core.compiled import CompiledQuery


def _locked(*, checkout: uuid.UUID):
    return Checkout.objects.select_for_update(of=("self",)).select_related("channel").filter(pk=checkout)


# Every checkout change starts here: both forms compiled once per process.
_LOCKED = CompiledQuery(_locked, checkout=uuid.UUID)
_LOCKED_WITH_ADDRESS = CompiledQuery(
    lambda *, checkout: _locked(checkout=checkout).select_related(
        "shipping_address__province", "shipping_address__commune"
    ),
    checkout=uuid.UUID,
)


def lock_checkout(checkout: Checkout, *, with_shipping_address: bool = False) -> Checkout:
    """Re-read ``checkout`` (with its channel) with its row locked until the
    transaction ends; ``with_shipping_address`` also reads its shipping
    address with province and commune in the same query (what
    ``checkout_summary`` would read apart). Raises ``NOT_FOUND`` when it is
    gone (completed or deleted meanwhile)."""
    locked = (_LOCKED_WITH_ADDRESS if with_shipping_address else _LOCKED).first(checkout=checkout.pk)
    if locked is None:
        raise checkout_not_found()
    return locked


@functools.cache
def touch_sql() -> str:
    """The fixed statement that sets a checkout's ``last_change`` (parameters:
    the time, the token): no ORM UPDATE compiled on every change."""
    quote = connection.ops.quote_name
    return (
        f"UPDATE {quote(Checkout._meta.db_table)} SET {quote('last_change')} = %s "
        f"WHERE {quote(Checkout._meta.pk.column)} = %s"
    )


def touch_checkout(checkout: Checkout) -> None:
    """Record that ``checkout`` changed (its ``last_change``)."""
    with connection.cursor() as cursor:
        cursor.execute(touch_sql(), [timezone.now(), checkout.pk])
