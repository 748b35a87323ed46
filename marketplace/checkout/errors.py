"""The one error type of the checkout area. Codes are Saleor's
``CheckoutErrorCode`` names where one exists, so that the GraphQL layer maps
them one to one:

- ``NOT_FOUND``: no such checkout, line or variant *for this user* (also
  someone else's checkout, so tokens cannot be probed);
- ``ZERO_QUANTITY``: a quantity of 0 where a line must hold something;
- ``INVALID``: a negative or non-whole quantity, or other malformed input;
- ``QUANTITY_GREATER_THAN_LIMIT``: over ``CHECKOUT_MAX_LINE_QUANTITY`` or the
  variant's ``quantity_limit_per_customer``;
- ``INSUFFICIENT_STOCK``: not enough units (``variants`` names them);
- ``PRODUCT_NOT_PUBLISHED``: the product is not visible in the channel
  (unpublished, not yet published, unlisted by an operator);
- ``PRODUCT_UNAVAILABLE_FOR_PURCHASE``: visible but not (yet) for sale;
- ``UNAVAILABLE_VARIANT_IN_CHANNEL``: the variant has no price in the channel;
- ``SELLER_UNAVAILABLE``: the seller is not approved (e.g. suspended) —
  a marketplace addition;
- ``CHANNEL_INACTIVE``: the channel is switched off;
- ``EMAIL_NOT_SET``, ``SHIPPING_ADDRESS_NOT_SET``, ``SHIPPING_METHOD_NOT_SET``,
  ``NO_LINES``: completion needs them;
- ``DELIVERY_METHOD_NOT_APPLICABLE``: the shipping method is not one of the
  seller group's current options;
- ``INVALID_PHONE`` and ``REQUIRED``/``INVALID`` on address fields: from
  address validation (``field`` names the address field);
- ``PAYMENT_ERROR``: no such payment gateway or it does not take the currency.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError, ValidationFailed


class CheckoutError(DomainError):
    """A checkout rule said no; nothing was changed. ``variants`` lists the
    variant ids concerned (as Saleor's ``CheckoutError.variants``)."""

    def __init__(self, code: str, message: str = "", *, field: str | None = None, variants: Iterable[int] = ()) -> None:
        super().__init__(code, message, field=field)
        self.variants = sorted(set(variants))


class CheckoutValidationFailed(ValidationFailed, CheckoutError):
    """Several field errors at once (an address): ``errors`` lists them."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(errors)
        self.field = errors[0].field if errors else None
        self.variants = []


def checkout_not_found() -> CheckoutError:
    """The answer for an unknown, completed or someone else's checkout (the
    three look the same from outside)."""
    return CheckoutError("NOT_FOUND", _("Không tìm thấy giỏ hàng."), field="id")
