"""Every change to a checkout (Saleor's ``checkoutCreate``, ``checkoutLinesAdd``,
``checkoutLinesUpdate``, ``checkoutLinesDelete``, ``checkoutEmailUpdate``,
``checkoutShippingAddressUpdate``, ``checkoutBillingAddressUpdate``,
``checkoutDeliveryMethodUpdate``, ``checkoutCustomerAttach/Detach``), the
merge of a guest's cart into the account's at sign-in, and — in
``marketplace.checkout.complete`` — ``checkoutComplete``.

Each service locks the checkout row first (so two requests on one cart queue
instead of mixing), validates everything before writing, and raises
``CheckoutError`` with nothing changed. Lines entering the cart reserve
stock (``marketplace.warehouse.reservations``), under stock row locks taken
after the checkout's. The caller has fetched the checkout with
``selectors.get_checkout_for_user`` (permission at the fetch).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.addresses import AddressData, AddressValidationFailed, copy_address, create_detached_address
from marketplace.account.models import Address, User
from marketplace.channel.models import Channel
from marketplace.checkout.complete import complete_checkout
from marketplace.checkout.errors import CheckoutError, CheckoutValidationFailed
from marketplace.checkout.models import Checkout, CheckoutDelivery, CheckoutLine
from marketplace.checkout.selectors import (
    AnyUser,
    line_limit,
    may_use_checkout,
    purchase_problem,
    variant_weight,
    variants_for_purchase,
)
from marketplace.product.models import ProductVariant
from marketplace.seller.models import Seller
from marketplace.shipping.pricing import available_methods_for_sellers
from marketplace.warehouse.reservations import release_reservations, reserve_stocks
from marketplace.warehouse.services import InsufficientStock, StockNeed

__all__ = [
    "add_lines",
    "attach_customer",
    "complete_checkout",
    "create_checkout",
    "delete_lines",
    "detach_customer",
    "lock_checkout",
    "merge_guest_checkout_into_user",
    "set_billing_address",
    "set_customer_note",
    "set_delivery_method",
    "set_email",
    "set_shipping_address",
    "update_lines",
]

LineInput = tuple[ProductVariant | int, object]
# A line to update: by line id (uuid/str) or by variant (instance or id).
LineUpdate = tuple[ProductVariant | int | str | uuid.UUID, object]
MAX_NOTE_LENGTH = 500


def lock_checkout(checkout: Checkout) -> Checkout:
    """Re-read ``checkout`` (with its channel) with its row locked until the
    transaction ends. Raises ``NOT_FOUND`` when it is gone (completed or
    deleted meanwhile)."""
    locked = Checkout.objects.select_for_update(of=("self",)).select_related("channel").filter(pk=checkout.pk).first()
    if locked is None:
        raise CheckoutError("NOT_FOUND", _("Không tìm thấy giỏ hàng."), field="id")
    return locked


def _touch(checkout: Checkout) -> None:
    Checkout.objects.filter(pk=checkout.pk).update(last_change=timezone.now())


# --- input -----------------------------------------------------------------------------


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


def _clean_email(raw: object) -> str:
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


def _reserve(checkout: Checkout, lines: Sequence[CheckoutLine]) -> None:
    try:
        reserve_stocks(
            channel_id=checkout.channel_id,
            checkout_token=checkout.pk,
            needs=[StockNeed(line.pk, line.variant_id, line.quantity) for line in lines],
        )
    except InsufficientStock as exc:
        raise CheckoutError(
            "INSUFFICIENT_STOCK", _("Không đủ hàng trong kho."), field="quantity", variants=exc.variant_ids
        ) from exc


def _drop_empty_deliveries(checkout: Checkout) -> None:
    """A seller with no line left has no delivery group."""
    sellers = CheckoutLine.objects.filter(checkout_id=checkout.pk).values("variant__product__seller_id")
    CheckoutDelivery.objects.filter(checkout_id=checkout.pk).exclude(seller_id__in=sellers).delete()


def _set_lines(checkout: Checkout, quantities: Mapping[int, int]) -> None:
    """Make the lines of these variants hold these quantities (0 removes
    the line), re-reserving their stock. The caller holds the lock and has
    checked the variants."""
    existing = {
        line.variant_id: line
        for line in CheckoutLine.objects.filter(checkout_id=checkout.pk, variant_id__in=list(quantities))
    }
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
    _reserve(checkout, [*created, *changed])
    if removed:
        _drop_empty_deliveries(checkout)
    _touch(checkout)


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
) -> Checkout:
    """A new cart in ``channel`` holding ``lines`` ((variant or id, quantity)
    pairs), for a signed-in ``user`` (their email by default) or a guest.

    Raises ``CheckoutError``: ``CHANNEL_INACTIVE``, ``INVALID`` (email,
    quantity), ``ZERO_QUANTITY``, ``NOT_FOUND`` (variant),
    ``QUANTITY_GREATER_THAN_LIMIT``, a purchase problem
    (``SELLER_UNAVAILABLE``, ``PRODUCT_NOT_PUBLISHED``…) or
    ``INSUFFICIENT_STOCK``."""
    _check_channel(channel)
    signed_in = user is not None and user.is_authenticated
    clean_email = _clean_email(email) if email else (user.email if signed_in else "")
    wanted = _summed(lines)
    _checked_variants(channel, wanted)
    checkout = Checkout.objects.create(
        channel=channel,
        user=user if signed_in else None,
        email=clean_email,
        currency=channel.currency_code,
        language_code=(language_code or "vi")[:8],
    )
    checkout.channel = channel
    _set_lines(checkout, wanted)
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
    _set_lines(locked, wanted)
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
    _set_lines(locked, wanted)
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
    _set_lines(locked, {lines[pk]: 0 for pk in wanted})
    return locked


# --- contact, addresses, delivery ----------------------------------------------------------


@transaction.atomic
def set_email(*, checkout: Checkout, email: str) -> Checkout:
    """``checkoutEmailUpdate``. Raises ``INVALID`` (``email``)."""
    clean = _clean_email(email)
    locked = lock_checkout(checkout)
    locked.email = clean
    locked.save(update_fields=["email", "last_change"])
    checkout.email = clean
    return locked


@transaction.atomic
def set_customer_note(*, checkout: Checkout, note: str) -> Checkout:
    """A note for the sellers (e.g. "giao giờ hành chính"); ``INVALID`` past
    500 characters."""
    note = " ".join(str(note or "").split())
    if len(note) > MAX_NOTE_LENGTH:
        raise CheckoutError("INVALID", _("Tối đa %(limit)s ký tự.") % {"limit": MAX_NOTE_LENGTH}, field="note")
    locked = lock_checkout(checkout)
    locked.customer_note = note
    locked.save(update_fields=["customer_note", "last_change"])
    return locked


def _address_copy(checkout: Checkout, data: Mapping[str, Any] | AddressData | Address) -> Address:
    """A detached address for ``checkout``: a copy of one of its owner's
    saved addresses, or validated input. Raises ``NOT_FOUND`` (someone
    else's saved address) or ``CheckoutValidationFailed``."""
    if isinstance(data, Address):
        if data.user_id is None or data.user_id != checkout.user_id:
            raise CheckoutError("NOT_FOUND", _("Không tìm thấy địa chỉ."), field="address_id")
        return copy_address(data)
    try:
        return create_detached_address(data=data)
    except AddressValidationFailed as exc:
        raise CheckoutValidationFailed(exc.errors) from exc


def _set_address(checkout: Checkout, data: Mapping[str, Any] | AddressData | Address, *, field: str) -> Checkout:
    locked = lock_checkout(checkout)
    address = _address_copy(locked, data)
    previous = getattr(locked, f"{field}_id")
    setattr(locked, field, address)
    locked.save(update_fields=[field, "last_change"])
    if previous and previous not in (locked.shipping_address_id, locked.billing_address_id):
        Address.objects.filter(pk=previous, user__isnull=True).delete()
    setattr(checkout, field, address)
    return locked


@transaction.atomic
def set_shipping_address(*, checkout: Checkout, data: Mapping[str, Any] | AddressData | Address) -> Checkout:
    """``checkoutShippingAddressUpdate``: ``data`` is an address input (see
    ``marketplace.account.addresses.validate_address``: province and commune
    on the 2025 two-level model, a Vietnamese phone) or one of the owner's
    saved addresses; the checkout keeps its own copy. Chosen shipping
    methods are kept and re-quoted for the new province (the summary shows
    which no longer apply). Raises ``CheckoutValidationFailed`` (codes
    ``REQUIRED``, ``INVALID``, ``INVALID_PHONE`` by field) or ``NOT_FOUND``."""
    return _set_address(checkout, data, field="shipping_address")


@transaction.atomic
def set_billing_address(*, checkout: Checkout, data: Mapping[str, Any] | AddressData | Address) -> Checkout:
    """``checkoutBillingAddressUpdate`` (errors as ``set_shipping_address``).
    Without one, the order bills to the shipping address."""
    return _set_address(checkout, data, field="billing_address")


def _seller_parcel(checkout: Checkout, seller_id: int) -> tuple[int, int]:
    """(grams, subtotal in đồng) of the seller's lines in ``checkout``."""
    lines = [
        line
        for line in CheckoutLine.objects.filter(
            checkout_id=checkout.pk, variant__product__seller_id=seller_id
        ).select_related("variant", "variant__product")
    ]
    if not lines:
        raise CheckoutError("NOT_FOUND", _("Giỏ hàng không có sản phẩm của người bán này."), field="seller")
    prices = variants_for_purchase(checkout.channel, [line.variant_id for line in lines])
    weight = sum(variant_weight(line.variant) * line.quantity for line in lines)
    subtotal = sum((prices[line.variant_id].price_amount or 0) * line.quantity for line in lines)
    return weight, subtotal


@transaction.atomic
def set_delivery_method(*, checkout: Checkout, seller: Seller | int, method_id: int) -> Checkout:
    """Choose how ``seller``'s parcel travels (``checkoutDeliveryMethodUpdate``
    for one delivery group): ``method_id`` must be one of the options quoted
    for that seller's lines to the shipping address.

    Raises ``SHIPPING_ADDRESS_NOT_SET``, ``NOT_FOUND`` (``seller``: none of its
    products in the cart) or ``DELIVERY_METHOD_NOT_APPLICABLE``
    (``shipping_method_id``)."""
    seller_id = seller.pk if isinstance(seller, Seller) else seller
    locked = lock_checkout(checkout)
    if locked.shipping_address_id is None:
        raise CheckoutError(
            "SHIPPING_ADDRESS_NOT_SET", _("Vui lòng nhập địa chỉ giao hàng trước."), field="shipping_address"
        )
    province = Address.objects.filter(pk=locked.shipping_address_id).values_list("province_id", flat=True).first()
    weight, subtotal = _seller_parcel(locked, seller_id)
    quotes = available_methods_for_sellers(
        seller_ids=[seller_id],
        destination_province_code=province or "",
        weights={seller_id: weight},
        subtotals={seller_id: subtotal},
    )[seller_id]
    chosen = next((q for q in quotes if q.method_id == method_id), None)
    if chosen is None:
        raise CheckoutError(
            "DELIVERY_METHOD_NOT_APPLICABLE",
            _("Phương thức giao hàng này không áp dụng cho địa chỉ hoặc đơn hàng của bạn."),
            field="shipping_method_id",
        )
    CheckoutDelivery.objects.update_or_create(
        checkout_id=locked.pk,
        seller_id=seller_id,
        defaults={
            "shipping_method_id": chosen.method_id,
            "shipping_method_name": chosen.name,
            "fee_amount": chosen.fee,
            "currency": locked.currency,
        },
    )
    _touch(locked)
    return locked


# --- the customer ------------------------------------------------------------------------------


@transaction.atomic
def attach_customer(*, checkout: Checkout, user: User) -> Checkout:
    """``checkoutCustomerAttach``: the signed-in ``user`` takes over a guest
    cart (their email unless one was given). Raises ``NOT_FOUND`` when the
    cart belongs to someone else or the user is not signed in."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise CheckoutError("NOT_FOUND", _("Không tìm thấy giỏ hàng."), field="id")
    locked = lock_checkout(checkout)
    if not may_use_checkout(locked, user):
        raise CheckoutError("NOT_FOUND", _("Không tìm thấy giỏ hàng."), field="id")
    locked.user = user
    locked.email = locked.email or user.email
    locked.save(update_fields=["user", "email", "last_change"])
    checkout.user, checkout.email = user, locked.email
    return locked


@transaction.atomic
def detach_customer(*, checkout: Checkout, user: User) -> Checkout:
    """``checkoutCustomerDetach``: the cart's owner lets it go (it becomes a
    guest cart reachable by its token). Raises ``NOT_FOUND`` for anyone else."""
    locked = lock_checkout(checkout)
    if locked.user_id is None or not may_use_checkout(locked, user):
        raise CheckoutError("NOT_FOUND", _("Không tìm thấy giỏ hàng."), field="id")
    locked.user = None
    locked.save(update_fields=["user", "last_change"])
    checkout.user = None
    return locked


@transaction.atomic
def merge_guest_checkout_into_user(*, guest_checkout: Checkout, user: User) -> Checkout:
    """At sign-in, a guest's cart survives: its lines join the account's most
    recent cart in the same channel (quantities add up, each capped by its
    line limit and by the stock still available; lines no longer for sale
    are dropped), the email, addresses and delivery choices fill what that
    cart lacks, and the guest cart is deleted. Without an account cart, the
    guest cart simply becomes the account's. Returns the account's cart.

    Raises ``NOT_FOUND`` when the guest cart belongs to another account."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise CheckoutError("NOT_FOUND", _("Không tìm thấy giỏ hàng."), field="id")
    target = (
        Checkout.objects.filter(user_id=user.pk, channel_id=guest_checkout.channel_id)
        .exclude(pk=guest_checkout.pk)
        .order_by("-last_change", "pk")
        .first()
    )
    if target is None:
        return attach_customer(checkout=guest_checkout, user=user)
    # Both rows, in primary-key order (two merges never deadlock).
    locked = {
        c.pk: c
        for c in Checkout.objects.select_for_update(of=("self",))
        .select_related("channel")
        .filter(pk__in=[guest_checkout.pk, target.pk])
        .order_by("pk")
    }
    guest, target = locked.get(guest_checkout.pk), locked.get(target.pk)
    if guest is None or target is None or not may_use_checkout(guest, user):
        raise CheckoutError("NOT_FOUND", _("Không tìm thấy giỏ hàng."), field="id")
    guest_lines = list(CheckoutLine.objects.filter(checkout_id=guest.pk))
    mine = {line.variant_id: line for line in CheckoutLine.objects.filter(checkout_id=target.pk)}
    variants = variants_for_purchase(target.channel, [line.variant_id for line in guest_lines])
    now = timezone.now()
    wanted: list[CheckoutLine] = []
    for line in guest_lines:
        variant = variants.get(line.variant_id)
        if variant is None or purchase_problem(variant, now=now) is not None:
            continue
        own = mine.get(line.variant_id)
        total = min((own.quantity if own else 0) + line.quantity, line_limit(variant))
        if own is None:
            wanted.append(CheckoutLine(checkout_id=target.pk, variant_id=line.variant_id, quantity=total))
        elif total > own.quantity:
            own.quantity = total
            wanted.append(own)
    # The guest's reservations go first, so its units count for the merged cart.
    release_reservations(checkout_line_ids=[line.pk for line in guest_lines])
    CheckoutLine.objects.filter(pk__in=[line.pk for line in guest_lines]).delete()
    new = [line for line in wanted if line.variant_id not in mine]
    CheckoutLine.objects.bulk_create(new)
    reserved = reserve_stocks(
        channel_id=target.channel_id,
        checkout_token=target.pk,
        needs=[StockNeed(line.pk, line.variant_id, line.quantity) for line in wanted],
        cap=True,
    )
    for line in wanted:
        line.quantity = reserved.get(line.pk, 0)
    CheckoutLine.objects.filter(pk__in=[line.pk for line in wanted if line.quantity == 0]).delete()
    CheckoutLine.objects.bulk_update([line for line in wanted if line.quantity], ["quantity"])
    changed = ["last_change"]
    for field in ("shipping_address", "billing_address"):
        if getattr(target, f"{field}_id") is None and getattr(guest, f"{field}_id") is not None:
            setattr(target, f"{field}_id", getattr(guest, f"{field}_id"))
            setattr(guest, f"{field}_id", None)
            changed.append(field)
    if not target.email and guest.email:
        target.email = guest.email
        changed.append("email")
    target.save(update_fields=changed)
    chosen = set(CheckoutDelivery.objects.filter(checkout_id=target.pk).values_list("seller_id", flat=True))
    CheckoutDelivery.objects.filter(checkout_id=guest.pk).exclude(seller_id__in=chosen).update(checkout_id=target.pk)
    leftovers = [pk for pk in (guest.shipping_address_id, guest.billing_address_id) if pk]
    guest.delete()
    Address.objects.filter(pk__in=leftovers, user__isnull=True).delete()
    _drop_empty_deliveries(target)
    return target
