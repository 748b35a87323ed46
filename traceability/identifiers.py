"""GS1 identities of variants (``TradeItem``).

A variant with a GTIN of its own (Vietnam's GS1 prefix is 893: "0893…" once
padded to 14 digits) stores it normalised. A variant without one still gets
stamps: ``trade_item_for`` gives it a stable internal GTIN in GS1's
restricted-circulation range (prefix 2), which GS1 leaves to companies for
internal use, so its Digital Links stay syntactically valid; the verification
page calls it "mã nội bộ".
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.product.models import ProductVariant
from traceability.cache import trace_changed
from traceability.errors import TraceError
from traceability.gs1.gtin import VALID_LENGTHS, InvalidIdentifier, check_digit, normalize_gtin, with_check_digit
from traceability.models import StampStatus, TradeItem
from traceability.permissions import check_actor

# GTIN-13 "29" + variant id on 10 digits + check digit, stored as 14 digits.
INTERNAL_PREFIX = "29"
INTERNAL_ID_DIGITS = 10


def internal_gtin(variant_id: int) -> str:
    """The internal 14-digit GTIN of variant ``variant_id``:
    ``0`` + ``29`` + the id zero-padded to ten digits + check digit."""
    if not 0 < variant_id < 10**INTERNAL_ID_DIGITS:
        raise ValueError("variant id does not fit an internal GTIN")
    return "0" + with_check_digit(f"{INTERNAL_PREFIX}{variant_id:0{INTERNAL_ID_DIGITS}d}")


def is_internal_gtin(gtin14: str) -> bool:
    """Whether a normalised GTIN lies in the range we mint internal codes from."""
    return gtin14.startswith("0" + INTERNAL_PREFIX)


def trade_item_for(variant: ProductVariant) -> TradeItem:
    """The variant's trade item, creating its internal identifier on first use.

    Safe under concurrency: two first calls for the same variant create one row."""
    existing = TradeItem.objects.filter(variant=variant).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return TradeItem.objects.create(variant=variant, gtin=internal_gtin(variant.pk), is_internal=True)
    except IntegrityError:  # created meanwhile by another request
        return TradeItem.objects.get(variant=variant)


def _checked_gtin(value: str) -> str:
    """``normalize_gtin`` with the reason in Vietnamese (GS1's English one is
    kept in ``details["reason"]``)."""
    text = value.strip()
    try:
        return normalize_gtin(text)
    except InvalidIdentifier as exc:
        if not text.isascii() or not text.isdigit():
            reason = _("mã chỉ gồm chữ số")
        elif len(text) not in VALID_LENGTHS:
            reason = _("mã phải có 8, 12, 13 hoặc 14 chữ số, không phải %(count)s") % {"count": len(text)}
        else:
            reason = _("chữ số kiểm tra (chữ số cuối) phải là %(expected)s, không phải %(found)s") % {
                "expected": check_digit(text[:-1]),
                "found": text[-1],
            }
        raise TraceError(
            "INVALID_GTIN",
            _("Mã GTIN không hợp lệ: %(reason)s.") % {"reason": reason},
            field="gtin",
            details={"reason": exc.message},
        ) from exc


@transaction.atomic
def set_variant_gtin(*, variant: ProductVariant, actor: User | None, gtin: str | None) -> TradeItem:
    """Give ``variant`` its own GTIN (8, 12, 13 or 14 digits, stored as 14), or
    with ``gtin`` empty/None go back to the internal identifier.

    The caller fetched ``variant`` through
    ``marketplace.product.permissions.get_variant_for_user``.

    Raises ``NOT_FOUND`` (actor not a member of the variant's seller),
    ``INVALID_GTIN`` with the reason (length, digits, check digit, or a
    number in the restricted range we mint internal codes from), ``UNIQUE``
    when another variant has this GTIN, ``GTIN_IN_USE`` when stamps of the
    variant are already printed or activated under its current identifier
    (printed URIs must keep resolving)."""
    check_actor(actor, variant.product.seller_id)
    wanted_internal = not (gtin or "").strip()
    if wanted_internal:
        new_gtin = internal_gtin(variant.pk)
    else:
        new_gtin = _checked_gtin(gtin or "")
        if is_internal_gtin(new_gtin):
            raise TraceError(
                "INVALID_GTIN",
                _("Mã bắt đầu bằng 2 là mã lưu hành nội bộ, không phải GTIN do GS1 cấp."),
                field="gtin",
            )
    current = TradeItem.objects.select_for_update(of=("self",)).filter(variant=variant).first()
    if current is not None and current.gtin == new_gtin:
        return current
    if TradeItem.objects.filter(gtin=new_gtin).exclude(variant=variant).exists():
        raise TraceError("UNIQUE", _("Mã GTIN này đã được gán cho sản phẩm khác."), field="gtin")
    if current is not None and current.stamps.exclude(status=StampStatus.GENERATED).exists():
        raise TraceError("GTIN_IN_USE", field="gtin")
    trace_changed()  # cached answers are keyed by GTIN
    try:
        with transaction.atomic():
            if current is None:
                return TradeItem.objects.create(variant=variant, gtin=new_gtin, is_internal=wanted_internal)
            current.gtin = new_gtin
            current.is_internal = wanted_internal
            current.save(update_fields=["gtin", "is_internal", "updated_at"])
            return current
    except IntegrityError as exc:  # taken meanwhile by another variant
        raise TraceError("UNIQUE", _("Mã GTIN này đã được gán cho sản phẩm khác."), field="gtin") from exc
