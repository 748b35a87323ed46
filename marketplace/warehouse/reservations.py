"""Stock reserved for checkouts (Saleor's stock reservation).

When a line enters a checkout or its quantity changes, its units are
reserved for ``settings.RESERVATION_MINUTES`` (0 turns reservations off):
other shoppers see them as unavailable and cannot reserve or buy them
meanwhile. At completion the reservation turns into an allocation
(``marketplace.warehouse.services.allocate_stocks``); an expired reservation
is simply ignored (availability counts only ``reserved_until > now``) and is
deleted later by ``delete_expired_reservations`` (a periodic Celery task and
the ``delete_expired_reservations`` management command).

Reservations are created under the same stock row locks as allocations, in
primary-key order, after the caller has locked the checkout row.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from marketplace.warehouse.models import Reservation, Stock
from marketplace.warehouse.services import (
    InsufficientStock,
    StockNeed,
    lock_channel_stocks,
    plan_stock,
    reserved_quantities,
)


def reservation_length() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.RESERVATION_MINUTES)


def reservations_enabled() -> bool:
    return settings.RESERVATION_MINUTES > 0


def reserve_stocks(
    *,
    channel_id: int,
    checkout_token: uuid.UUID,
    needs: Sequence[StockNeed],
    cap: bool = False,
    new_lines: bool = False,
    now: datetime.datetime | None = None,
) -> dict[uuid.UUID, int]:
    """Replace the reservations of these checkout lines (``StockNeed.line_id``)
    by new ones covering their quantities, until now + the reservation length.

    Units held by orders and by other checkouts' active reservations are not
    available. Without ``cap``, raises ``InsufficientStock`` when any line
    cannot be covered in full, before changing anything. With ``cap``, each
    line gets what is available (possibly 0) and the units reserved per line
    are returned, for the caller to lower the lines' quantities (merging a
    guest's cart into an account's).

    With reservations off, only checks (or caps) against available stock.
    ``new_lines``: every line was created in this transaction, so none has a
    reservation to replace. The caller holds the checkout's lock inside
    ``transaction.atomic``."""
    if not needs:
        return {}
    now = now or timezone.now()
    stocks = lock_channel_stocks(channel_id=channel_id, variant_ids=[n.variant_id for n in needs])
    others, _own = reserved_quantities(stock_ids=[s.pk for s in stocks], checkout_token=checkout_token, now=now)
    plan, short = plan_stock(needs=needs, stocks=stocks, held_by_others=others, prefer={})
    if short and not cap:
        raise InsufficientStock(short)
    if not new_lines:
        Reservation.objects.filter(checkout_line_id__in=[need.line_id for need in needs]).delete()
    if reservations_enabled():
        until = now + reservation_length()
        Reservation.objects.bulk_create(
            [
                Reservation(checkout_line_id=line_id, stock_id=stock_id, quantity=units, reserved_until=until)
                for line_id, parts in plan.items()
                for stock_id, units in parts
            ]
        )
    return {line_id: sum(units for _stock, units in parts) for line_id, parts in plan.items()}


def release_reservations(*, checkout_line_ids: Iterable[uuid.UUID]) -> None:
    """Drop the reservations of these lines (lines removed from a cart).
    Needs no stock lock: it only makes units available."""
    Reservation.objects.filter(checkout_line_id__in=list(checkout_line_ids)).delete()


def delete_expired_reservations(*, now: datetime.datetime | None = None) -> int:
    """Delete reservations past their time (they no longer count anyway);
    returns how many. Safe to run at any time, concurrently with checkouts."""
    deleted, _per_model = Reservation.objects.filter(reserved_until__lte=now or timezone.now()).delete()
    return deleted


def available_quantities(
    *, channel_id: int, variant_ids: Iterable[int], checkout_token: uuid.UUID | None = None, now=None
) -> dict[int, int]:
    """Units a shopper (holding ``checkout_token``, if any) could still put in
    a cart, per variant, in the channel's warehouses: quantity − allocated −
    other checkouts' active reservations (never below 0). For display and
    messages; reservations and allocations re-check under locks. One query."""
    now = now or timezone.now()
    active = Reservation.objects.filter(stock_id=OuterRef("pk"), reserved_until__gt=now)
    if checkout_token is not None:
        active = active.exclude(checkout_line__checkout_id=checkout_token)
    held = active.order_by().values("stock_id").annotate(total=Sum("quantity")).values("total")
    rows = (
        Stock.objects.filter(product_variant_id__in=list(variant_ids), warehouse__channels__id=channel_id)
        .annotate(held=Coalesce(Subquery(held), 0))
        .values_list("product_variant_id", "quantity", "quantity_allocated", "held")
    )
    result: dict[int, int] = {}
    for variant_id, quantity, allocated, reserved in rows:
        result[variant_id] = result.get(variant_id, 0) + max(quantity - allocated - reserved, 0)
    return result
