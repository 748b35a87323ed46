"""Stock held for orders: allocation when a checkout completes, release when a
sub-order is cancelled, the decrement at shipment and restocking returns.

Locking (the rule every stock change in the marketplace follows): stock rows
are locked with ``select_for_update(of=("self",))`` in primary-key order, so
two transactions wanting the same rows queue instead of deadlocking, whatever
the order of their lines. Counters change with one ``UPDATE … SET x = x ± n``
per call (``F()`` with a ``CASE`` per row), never by writing back a value
read in Python; the database's check ``quantity_allocated <= quantity`` is
the last guard against overselling.

Lock order across the marketplace: checkout → order → sub-order → payment
transaction → stock rows. Every function here must run inside the caller's
``transaction.atomic`` (after taking the locks that come earlier in that
order); each says so.

Seller-facing stock edits (set a quantity, adjust by a delta) live with the
catalogue in ``marketplace.product.inventory``.
"""

from __future__ import annotations

import datetime
import functools
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.checkout.models import CheckoutLine
from marketplace.core.compiled import CompiledQuery
from marketplace.core.errors import DomainError
from marketplace.warehouse.models import Allocation, Reservation, Stock


class InsufficientStock(DomainError):
    """Not enough units for some variants (``variant_ids``); nothing changed."""

    def __init__(self, variant_ids: Iterable[int]) -> None:
        super().__init__("INSUFFICIENT_STOCK", _("Không đủ hàng trong kho."), field="quantity")
        self.variant_ids = sorted(set(variant_ids))


@dataclass(frozen=True)
class StockNeed:
    """``quantity`` units of ``variant_id`` wanted for the line ``line_id``."""

    line_id: uuid.UUID
    variant_id: int
    quantity: int


def _require_atomic() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stock changes must run inside transaction.atomic")


# Every reservation and completion locks stock this way: compiled once per process.
_CHANNEL_STOCKS = CompiledQuery(
    lambda *, variants, channel: (
        Stock.objects.select_for_update(of=("self",))
        .filter(product_variant_id__any=variants, warehouse__channels__id=channel)
        .order_by("pk")
    ),
    variants=list,
    channel=int,
)


def lock_channel_stocks(*, channel_id: int, variant_ids: Iterable[int]) -> list[Stock]:
    """The stock rows of these variants in the warehouses serving the channel,
    locked until the transaction ends, in primary-key order (the one place
    stock rows are locked for checkouts and orders)."""
    _require_atomic()
    return _CHANNEL_STOCKS.run(variants=sorted(set(variant_ids)), channel=channel_id)


def lock_stocks(stock_ids: Iterable[int]) -> list[Stock]:
    """These stock rows, locked in primary-key order."""
    _require_atomic()
    return list(Stock.objects.select_for_update(of=("self",)).filter(pk__in=sorted(set(stock_ids))).order_by("pk"))


def _add_to(field: str, deltas: Mapping[int, int]) -> None:
    """``field += delta`` for each stock row in ``deltas``, in one UPDATE."""
    _change([field], deltas, "+")


def _subtract_from(fields: Sequence[str], deltas: Mapping[int, int]) -> None:
    """``field -= delta`` for each field and stock row in ``deltas``, in one UPDATE."""
    _change(fields, deltas, "-")


def _change(fields: Sequence[str], deltas: Mapping[int, int], sign: str) -> None:
    """One UPDATE joined to the (row, delta) pairs passed as two arrays: the
    same SQL text for any number of rows (prepared once per connection)."""
    deltas = {pk: n for pk, n in deltas.items() if n}
    if deltas:
        with connection.cursor() as cursor:
            cursor.execute(_change_sql(tuple(fields), sign), [list(deltas), list(deltas.values())])


@functools.cache
def _change_sql(fields: tuple[str, ...], sign: str) -> str:
    quote = connection.ops.quote_name
    columns = [quote(Stock._meta.get_field(name).column) for name in fields]
    assignments = ", ".join(f"{column} = s.{column} {sign} d.n" for column in columns)
    return (
        f"UPDATE {quote(Stock._meta.db_table)} AS s SET {assignments} "
        f"FROM UNNEST(%s::bigint[], %s::integer[]) AS d(id, n) WHERE s.{quote(Stock._meta.pk.column)} = d.id"
    )


def _reserved(*, stocks: list[int], checkout: uuid.UUID, now: datetime.datetime) -> QuerySet:
    # The checkout's own lines by their index (a handful of ids), not a join
    # with every cart line in the shop: abandoned carts must not make it slower
    # (an array worked out once per query: ``ANY(ARRAY(SELECT …))``).
    own_lines = CheckoutLine.objects.filter(checkout_id=checkout).order_by().values("pk")
    mine = Q(checkout_line_id__any=ArraySubquery(own_lines))
    return (
        Reservation.objects.filter(stock_id__any=stocks, reserved_until__gt=now)
        .values("stock_id")
        .annotate(others=Sum("quantity", filter=~mine), own=Sum("quantity", filter=mine))
        .order_by()
        .values_list("stock_id", "others", "own")
    )


_RESERVED = CompiledQuery(_reserved, stocks=list, checkout=uuid.UUID, now=datetime.datetime)
NO_CHECKOUT = uuid.UUID(int=0)  # a checkout token no line has


def reserved_quantities(
    *, stock_ids: Iterable[int], checkout_token: uuid.UUID | None, now=None
) -> tuple[dict[int, int], dict[int, int]]:
    """Units held by active reservations on these stock rows: (by other
    checkouts, by ``checkout_token``) per stock id, in one query."""
    rows = _RESERVED.run(stocks=list(stock_ids), checkout=checkout_token or NO_CHECKOUT, now=now or timezone.now())
    others = {stock_id: held or 0 for stock_id, held, _ in rows}
    own = {stock_id: held or 0 for stock_id, _, held in rows}
    return others, own


def plan_stock(
    *, needs: Sequence[StockNeed], stocks: Sequence[Stock], held_by_others: Mapping[int, int], prefer: Mapping[int, int]
) -> tuple[dict[uuid.UUID, list[tuple[int, int]]], list[int]]:
    """Spread each need over its variant's stock rows: rows this checkout has
    reserved first (``prefer``), then by primary key. Available in a row =
    quantity − allocated − ``held_by_others``. Returns ({line_id: [(stock_id,
    units)]}, variant ids that cannot be covered). Pure: reads only its input."""
    by_variant: dict[int, list[Stock]] = defaultdict(list)
    for stock in stocks:
        by_variant[stock.product_variant_id].append(stock)
    left = {s.pk: s.quantity - s.quantity_allocated - held_by_others.get(s.pk, 0) for s in stocks}
    plan: dict[uuid.UUID, list[tuple[int, int]]] = {}
    short: list[int] = []
    for need in needs:
        wanted = need.quantity
        parts: list[tuple[int, int]] = []
        for stock in sorted(by_variant[need.variant_id], key=lambda s: (-prefer.get(s.pk, 0), s.pk)):
            take = min(wanted, max(left[stock.pk], 0))
            if take:
                parts.append((stock.pk, take))
                left[stock.pk] -= take
                wanted -= take
            if not wanted:
                break
        if wanted:
            short.append(need.variant_id)
        plan[need.line_id] = parts
    return plan, short


def allocate_stocks(
    *, channel_id: int, needs: Sequence[StockNeed], checkout_token: uuid.UUID | None = None
) -> list[Allocation]:
    """Hold stock for order lines (``StockNeed.line_id`` = order line id):
    lock the rows, check that every line can be covered in full by units not
    allocated and not reserved by other checkouts (the reservations of
    ``checkout_token`` are this order's own), add the units to
    ``quantity_allocated`` and create the ``Allocation`` rows.

    The caller holds the checkout's lock inside ``transaction.atomic`` and has
    saved the order lines. Raises ``InsufficientStock`` (naming every short
    variant) before writing anything."""
    if not needs:
        return []
    stocks = lock_channel_stocks(channel_id=channel_id, variant_ids=[n.variant_id for n in needs])
    others, own = reserved_quantities(stock_ids=[s.pk for s in stocks], checkout_token=checkout_token)
    plan, short = plan_stock(needs=needs, stocks=stocks, held_by_others=others, prefer=own)
    if short:
        raise InsufficientStock(short)
    deltas: dict[int, int] = defaultdict(int)
    allocations = []
    for line_id, parts in plan.items():
        for stock_id, units in parts:
            deltas[stock_id] += units
            allocations.append(Allocation(order_line_id=line_id, stock_id=stock_id, quantity=units))
    _add_to("quantity_allocated", deltas)
    return Allocation.objects.bulk_create(allocations)


def _locked_allocations(order_line_ids: Iterable[uuid.UUID]) -> list[Allocation]:
    allocations = list(Allocation.objects.filter(order_line_id__in=list(order_line_ids)).order_by("pk"))
    lock_stocks(a.stock_id for a in allocations)
    return allocations


def release_allocations(*, order_line_ids: Iterable[uuid.UUID]) -> int:
    """Give back the units still held for these order lines (a sub-order
    cancelled before shipment): ``quantity_allocated`` goes down, the
    allocations holding nothing shipped are deleted. Returns the units
    released. The caller holds the sub-order's lock inside ``transaction.atomic``."""
    allocations = _locked_allocations(order_line_ids)
    deltas: dict[int, int] = defaultdict(int)
    for allocation in allocations:
        deltas[allocation.stock_id] += allocation.quantity
    _subtract_from(["quantity_allocated"], deltas)
    held = [a.pk for a in allocations if a.quantity]
    Allocation.objects.filter(pk__in=held, quantity_shipped=0).delete()
    Allocation.objects.filter(pk__in=held).update(quantity=0)
    return sum(deltas.values())


def ship_allocations(*, order_line_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The parcel left the warehouse: for each stock row, ``quantity`` and
    ``quantity_allocated`` go down by the units held, which become
    ``quantity_shipped``. Returns units shipped per order line. The caller
    holds the sub-order's lock inside ``transaction.atomic``."""
    allocations = _locked_allocations(order_line_ids)
    deltas: dict[int, int] = defaultdict(int)
    shipped: dict[uuid.UUID, int] = defaultdict(int)
    for allocation in allocations:
        deltas[allocation.stock_id] += allocation.quantity
        shipped[allocation.order_line_id] += allocation.quantity
    _subtract_from(["quantity", "quantity_allocated"], deltas)
    Allocation.objects.filter(pk__in=[a.pk for a in allocations if a.quantity]).update(
        quantity_shipped=F("quantity_shipped") + F("quantity"), quantity=0
    )
    return dict(shipped)


def restock_shipped(*, order_line_ids: Iterable[uuid.UUID]) -> int:
    """Shipped units came back (a failed delivery or a return accepted with
    restocking): they go back into the warehouses they left. Returns the
    units restocked. The caller holds the sub-order's lock inside
    ``transaction.atomic``."""
    allocations = _locked_allocations(order_line_ids)
    deltas: dict[int, int] = defaultdict(int)
    for allocation in allocations:
        deltas[allocation.stock_id] += allocation.quantity_shipped
    _add_to("quantity", deltas)
    Allocation.objects.filter(pk__in=[a.pk for a in allocations if a.quantity_shipped]).update(quantity_shipped=0)
    return sum(deltas.values())
