"""Cart lines: ``checkoutCreate``, ``checkoutLinesAdd``,
``checkoutLinesUpdate``, ``checkoutLinesDelete``. Every line is checked for
sale in the channel and against its limit, and its units are reserved
(``marketplace.warehouse.reservations``) under stock row locks taken after
the checkout's own lock."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.addresses import AddressData
from marketplace.account.models import Address
from marketplace.channel.models import Channel
from marketplace.checkout.errors import CheckoutError
from marketplace.checkout.locking import lock_checkout, touch_checkout
from marketplace.checkout.models import Checkout, CheckoutDelivery, CheckoutLine
from marketplace.checkout.selectors import (
    AnyUser,
    checkout_summary,
    keep_summary,
    line_limit,
    purchase_problem,
    variants_for_purchase,
)
from marketplace.core.compiled import generic_plans_for_this_transaction
from marketplace.product.models import ProductVariant
from marketplace.warehouse.reservations import release_reservations, reserve_stocks
from marketplace.warehouse.services import InsufficientStock, StockNeed

LineInput = tuple[ProductVariant | int, object]
# A line to update: by line id (uuid/str) or by variant (instance or id).
LineUpdate = tuple[ProductVariant | int | str | uuid.UUID, object]


def _clean_quantity(raw: object, *, allow_zero: bool = False) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise CheckoutError("INVALID", _("Số lượng phải là số nguyên."), field="quantity")
    if raw < 0 or (raw == 0 and not allow_zero):
        raise CheckoutError("ZERO_QUANTITY", _("Số lượng phải lớn hơn 0."), field="quantity")
    return raw


def _variant_id(value: ProductVariant | int) -> int:
    pk = value.pk if isinstance(value, ProductVariant) else value
    if isinstance(pk, bool) or not isinstance(pk, int):
        raise CheckoutError("NOT_FOUND", _("Không tìm thấy sản phẩm."), field="variant_id")
    return pk


def as_id(value: object) -> int | None:
    """A database id from an int or a string of digits, else None."""
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def clean_email(raw: object) -> str:
    email = str(raw or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise CheckoutError("INVALID", _("Email không hợp lệ."), field="email") from exc
    return email


def _check_channel(channel: Channel) -> None:
    if not channel.is_active:
        raise CheckoutError("CHANNEL_INACTIVE", _("Kênh bán hàng này đang tạm dừng."), field="channel")


def _checked_variants(channel: Channel, wanted: Mapping[int, int]) -> dict[int, ProductVariant]:
    """The variants of ``wanted`` ({variant id: quantity}), each checked for
    sale in ``channel`` and against its line limit (one query)."""
    variants = variants_for_purchase(channel, list(wanted))
    now = timezone.now()
    for variant_id, quantity in wanted.items():
        variant = variants.get(variant_id)
        if variant is None:
            raise CheckoutError("NOT_FOUND", _("Không tìm thấy sản phẩm."), field="variant_id", variants=[variant_id])
        problem = purchase_problem(variant, now=now)
        if problem is not None:
            raise problem
        limit = line_limit(variant)
        if quantity > limit:
            raise CheckoutError(
                "QUANTITY_GREATER_THAN_LIMIT",
                _("Mỗi lần chỉ mua được tối đa %(limit)s “%(variant)s”.") % {"limit": limit, "variant": str(variant)},
                field="quantity",
                variants=[variant_id],
            )
    return variants


def _reserve(checkout: Checkout, lines: Sequence[CheckoutLine], *, new_lines: bool = False) -> None:
    try:
        reserve_stocks(
            channel_id=checkout.channel_id,
            checkout_token=checkout.pk,
            needs=[StockNeed(line.pk, line.variant_id, line.quantity) for line in lines],
            new_lines=new_lines,
        )
    except InsufficientStock as exc:
        raise CheckoutError(
            "INSUFFICIENT_STOCK", _("Không đủ hàng trong kho."), field="quantity", variants=exc.variant_ids
        ) from exc


def drop_empty_deliveries(checkout: Checkout) -> None:
    """A seller with no line left has no delivery group."""
    sellers = CheckoutLine.objects.filter(checkout_id=checkout.pk).values("variant__product__seller_id")
    CheckoutDelivery.objects.filter(checkout_id=checkout.pk).exclude(seller_id__in=sellers).delete()


def set_lines(checkout: Checkout, quantities: Mapping[int, int], *, new_checkout: bool = False) -> None:
    """Make the lines of these variants hold these quantities (0 removes
    the line), re-reserving their stock. The caller holds the lock and has
    checked the variants. ``new_checkout``: the checkout was just inserted in
    this transaction (no lines, no reservations, ``last_change`` fresh)."""
    existing = (
        {}
        if new_checkout
        else {
            line.variant_id: line
            for line in CheckoutLine.objects.filter(checkout_id=checkout.pk, variant_id__in=list(quantities))
        }
    )
    removed = [existing[v].pk for v, q in quantities.items() if q == 0 and v in existing]
    changed: list[CheckoutLine] = []
    created: list[CheckoutLine] = []
    for variant_id, quantity in quantities.items():
        if quantity == 0:
            continue
        line = existing.get(variant_id)
        if line is None:
            created.append(CheckoutLine(checkout_id=checkout.pk, variant_id=variant_id, quantity=quantity))
        elif line.quantity != quantity:
            line.quantity = quantity
            changed.append(line)
    if removed:
        release_reservations(checkout_line_ids=removed)
        CheckoutLine.objects.filter(pk__in=removed).delete()
    CheckoutLine.objects.bulk_create(created)
    CheckoutLine.objects.bulk_update(changed, ["quantity"])
    _reserve(checkout, [*created, *changed], new_lines=not changed)
    if removed:
        drop_empty_deliveries(checkout)
    if not new_checkout:
        touch_checkout(checkout)


def _detached(data: AddressData | None) -> Address | None:
    """The checkout's own copy of a checked address (no address book)."""
    return Address.objects.create(user=None, **data.model_fields()) if data is not None else None


def _summed(lines: Iterable[LineInput], *, allow_zero: bool = False) -> dict[int, int]:
    """{variant id: quantity}, the same variant twice adding up (Saleor)."""
    wanted: dict[int, int] = {}
    for variant, quantity in lines:
        variant_id = _variant_id(variant)
        wanted[variant_id] = wanted.get(variant_id, 0) + _clean_quantity(quantity, allow_zero=allow_zero)
    return wanted


# --- lines -----------------------------------------------------------------------------


@transaction.atomic
def create_checkout(
    *,
    channel: Channel,
    user: AnyUser | None = None,
    email: str | None = None,
    lines: Iterable[LineInput] = (),
    language_code: str = "vi",
    shipping_address: AddressData | None = None,
    billing_address: AddressData | None = None,
    with_summary: bool = False,
) -> Checkout:
    """A new cart in ``channel`` holding ``lines`` ((variant or id, quantity)
    pairs), for a signed-in ``user`` (their email by default) or a guest,
    with its own copies of ``shipping_address`` / ``billing_address`` when
    given (already checked by ``validate_address``), as Saleor's
    ``checkoutCreate`` takes them: a storefront saves a round trip.
    ``with_summary``: also work out the cart's summary in the same
    transaction and keep it with the checkout (``selectors.summary_of``),
    for a caller that shows it.

    Raises ``CheckoutError``: ``CHANNEL_INACTIVE``, ``INVALID`` (email,
    quantity), ``ZERO_QUANTITY``, ``NOT_FOUND`` (variant),
    ``QUANTITY_GREATER_THAN_LIMIT``, a purchase problem
    (``SELLER_UNAVAILABLE``, ``PRODUCT_NOT_PUBLISHED``…) or
    ``INSUFFICIENT_STOCK``."""
    _check_channel(channel)
    generic_plans_for_this_transaction()
    signed_in = user is not None and user.is_authenticated
    address = clean_email(email) if email else (user.email if signed_in else "")
    wanted = _summed(lines)
    _checked_variants(channel, wanted)
    checkout = Checkout.objects.create(
        channel=channel,
        user=user if signed_in else None,
        email=address,
        currency=channel.currency_code,
        language_code=(language_code or "vi")[:8],
        shipping_address=_detached(shipping_address),
        billing_address=_detached(billing_address),
    )
    checkout.channel = channel
    set_lines(checkout, wanted, new_checkout=True)
    if with_summary:
        keep_summary(checkout, checkout_summary(checkout))
    return checkout


@transaction.atomic
def add_lines(*, checkout: Checkout, lines: Iterable[LineInput]) -> Checkout:
    """Add units to the cart (``checkoutLinesAdd``): a variant already in it
    gets the quantities added. Errors as ``create_checkout``; the limit
    applies to the line's new total."""
    locked = lock_checkout(checkout)
    added = _summed(lines)
    current = dict(
        CheckoutLine.objects.filter(checkout_id=locked.pk, variant_id__in=list(added)).values_list(
            "variant_id", "quantity"
        )
    )
    wanted = {variant_id: current.get(variant_id, 0) + n for variant_id, n in added.items()}
    _checked_variants(locked.channel, wanted)
    set_lines(locked, wanted)
    return locked


@transaction.atomic
def update_lines(*, checkout: Checkout, lines: Iterable[LineUpdate]) -> Checkout:
    """Set line quantities (``checkoutLinesUpdate``); 0 removes the line, as
    in Saleor. A line is named by its id (``uuid``/``str``) or by its variant
    (a ``ProductVariant`` or variant id ``int``), and a variant not yet in the
    cart is added. Errors as ``add_lines``, plus ``NOT_FOUND`` (``line_id``)."""
    locked = lock_checkout(checkout)
    by_id = {
        str(pk): variant_id
        for pk, variant_id in CheckoutLine.objects.filter(checkout_id=locked.pk).values_list("pk", "variant_id")
    }
    pairs: list[LineInput] = []
    for key, quantity in lines:
        if isinstance(key, str | uuid.UUID):
            variant_id = by_id.get(str(key))
            if variant_id is None:
                raise CheckoutError("NOT_FOUND", _("Không tìm thấy dòng hàng."), field="line_id")
            pairs.append((variant_id, quantity))
        else:
            pairs.append((key, quantity))
    wanted: dict[int, int] = {}
    for variant, quantity in pairs:  # the last quantity given for a variant wins
        wanted[_variant_id(variant)] = _clean_quantity(quantity, allow_zero=True)
    to_keep = {variant_id: quantity for variant_id, quantity in wanted.items() if quantity}
    _checked_variants(locked.channel, to_keep)
    set_lines(locked, wanted)
    return locked


@transaction.atomic
def delete_lines(*, checkout: Checkout, line_ids: Iterable[str | uuid.UUID]) -> Checkout:
    """Remove lines (``checkoutLinesDelete``). Raises ``NOT_FOUND``
    (``line_id``) when one is not in this cart; nothing is removed then."""
    locked = lock_checkout(checkout)
    wanted = {str(pk) for pk in line_ids}
    lines = {
        str(pk): variant_id
        for pk, variant_id in CheckoutLine.objects.filter(checkout_id=locked.pk).values_list("pk", "variant_id")
    }
    if not wanted <= set(lines):
        raise CheckoutError("NOT_FOUND", _("Không tìm thấy dòng hàng."), field="line_id")
    set_lines(locked, {lines[pk]: 0 for pk in wanted})
    return locked
