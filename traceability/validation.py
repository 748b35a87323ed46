"""Input parsing shared by the traceability services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from traceability.errors import TraceError

MAX_QUANTITY = Decimal("1e11")


def parse_quantity(value: object, *, field: str = "quantity") -> Decimal | None:
    """A quantity ≥ 0 with up to three decimals ("1,5" reads as 1.5), or None
    when empty. Raises ``INVALID_QUANTITY``."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise TraceError("INVALID_QUANTITY", field=field)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise TraceError("INVALID_QUANTITY", field=field) from exc
    if not number.is_finite() or number < 0 or number >= MAX_QUANTITY:
        raise TraceError("INVALID_QUANTITY", field=field)
    return number.quantize(Decimal("0.001"))
