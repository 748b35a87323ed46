"""The rest of a cart: email, note for the sellers, shipping and billing
addresses (``checkoutEmailUpdate``, ``checkoutShippingAddressUpdate``,
``checkoutBillingAddressUpdate``) and one delivery method per seller
(``checkoutDeliveryMethodUpdate`` for a delivery group)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.addresses import AddressData, AddressValidationFailed, copy_address, create_detached_address
from marketplace.account.models import Address
from marketplace.checkout.errors import CheckoutError, CheckoutValidationFailed, checkout_not_found
from marketplace.checkout.lines import as_id, clean_email
from marketplace.checkout.locking import lock_checkout, touch_sql
from marketplace.checkout.models import Checkout, CheckoutDelivery
from marketplace.checkout.selectors import (
    AnyUser,
    CheckoutSummary,
    DeliveryGroup,
    checkout_summary,
    keep_summary,
    may_use_checkout,
)
from marketplace.core.compiled import generic_plans_for_this_transaction
from marketplace.seller.models import Seller
from marketplace.shipping.models import ShippingMethod
from marketplace.shipping.pricing import ShippingQuote

MAX_NOTE_LENGTH = 500


@transaction.atomic
def set_email(*, checkout: Checkout, email: str) -> Checkout:
    """``checkoutEmailUpdate``. Raises ``INVALID`` (``email``)."""
    clean = clean_email(email)
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


@transaction.atomic
def set_delivery_method(
    *, checkout: Checkout, method_id: int | str, seller: Seller | int | None = None, user: AnyUser | None = None
) -> Checkout:
    """Choose how one seller's parcel travels (``checkoutDeliveryMethodUpdate``
    for one delivery group): ``method_id`` must be one of the options quoted
    for ``seller``'s lines to the shipping address; without ``seller``, the
    method names it (every method belongs to one seller).

    With ``user`` (who asks), ``checkout`` may be a stand-in with its token
    only: it is checked for them once read under its lock.

    The checkout returned keeps its summary with the new choice
    (``selectors.summary_of``): showing the totals after it costs no query.

    Raises ``SHIPPING_ADDRESS_NOT_SET``, ``NOT_FOUND`` (``seller``: none of its
    products in the cart) or ``DELIVERY_METHOD_NOT_APPLICABLE``
    (``shipping_method_id``)."""
    seller_id = as_id(seller.pk if isinstance(seller, Seller) else seller) if seller is not None else None
    if seller is not None and seller_id is None:
        raise _seller_not_in_cart()
    method_id = as_id(method_id)
    generic_plans_for_this_transaction()
    locked = lock_checkout(checkout, with_shipping_address=True)
    if user is not None and not may_use_checkout(locked, user):
        raise checkout_not_found()
    if locked.shipping_address_id is None:
        raise CheckoutError(
            "SHIPPING_ADDRESS_NOT_SET", _("Vui lòng nhập địa chỉ giao hàng trước."), field="shipping_address"
        )
    summary = checkout_summary(locked)
    group, chosen = _choice(summary, seller_id, method_id)
    delivery = CheckoutDelivery(
        checkout_id=locked.pk,
        seller_id=group.seller.pk,
        shipping_method_id=chosen.method_id,
        shipping_method_name=chosen.name,
        fee_amount=chosen.fee,
        currency=locked.currency,
    )
    _save_choice(delivery)
    group.delivery, group.chosen = delivery, chosen
    keep_summary(locked, summary)
    return locked


_CHOICE_FIELDS = ("checkout", "seller", "shipping_method", "shipping_method_name", "fee_amount", "currency")
_KEY_FIELDS = ("checkout", "seller")


@functools.cache
def _save_choice_sql() -> str:
    quote = connection.ops.quote_name
    delivery = CheckoutDelivery._meta
    columns = [quote(delivery.get_field(name).column) for name in _CHOICE_FIELDS]
    keys = [quote(delivery.get_field(name).column) for name in _KEY_FIELDS]
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns if column not in keys)
    return (
        f"WITH touched AS ({touch_sql()}) "
        f"INSERT INTO {quote(delivery.db_table)} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )


def _save_choice(delivery: CheckoutDelivery) -> None:
    """Upsert ``delivery`` on (checkout, seller) and record that its checkout
    changed (``touch_sql``), in one fixed statement. The checkout's
    lock already serialises the choices for this cart: no read-then-write,
    no savepoint."""
    values = [getattr(delivery, delivery._meta.get_field(name).attname) for name in _CHOICE_FIELDS]
    with connection.cursor() as cursor:
        cursor.execute(_save_choice_sql(), [timezone.now(), delivery.checkout_id, *values])


def _seller_not_in_cart() -> CheckoutError:
    return CheckoutError("NOT_FOUND", _("Giỏ hàng không có sản phẩm của người bán này."), field="seller")


def _choice(
    summary: CheckoutSummary, seller_id: int | None, method_id: int | None
) -> tuple[DeliveryGroup, ShippingQuote]:
    """The delivery group (``seller_id``'s, or the one ``method_id`` is quoted
    for) and the quote of ``method_id`` for it."""
    groups = [group for group in summary.groups if seller_id is None or group.seller.pk == seller_id]
    for group in groups:
        chosen = next((quote for quote in group.quotes if quote.method_id == method_id), None)
        if chosen is not None:
            return group, chosen
    if not groups:
        raise _seller_not_in_cart()
    in_cart = [group.seller.pk for group in groups]
    if seller_id is None and ShippingMethod.objects.filter(pk=method_id).exclude(seller_id__in=in_cart).exists():
        raise _seller_not_in_cart()  # the method of a seller with nothing in the cart
    raise CheckoutError(
        "DELIVERY_METHOD_NOT_APPLICABLE",
        _("Phương thức giao hàng này không áp dụng cho địa chỉ hoặc đơn hàng của bạn."),
        field="shipping_method_id",
    )
