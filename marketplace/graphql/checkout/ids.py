"""IDs of checkouts, lines, variants and orders in mutation arguments.

A checkout or order ID is its global ID (``base64("Checkout:<token>")``) or
the bare token; anything else — malformed, another type's, unknown — is
handed on so that the fetcher answers ``NOT_FOUND``, exactly as for someone
else's checkout (tokens cannot be probed)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.checkout.errors import CheckoutError
from marketplace.graphql.core.errors import ApiError
from marketplace.graphql.core.ids import decode_global_id, from_global_id_or_error


def object_token(value: object, type_name: str) -> str:
    """The raw id inside a global ID of ``type_name``, the value itself when
    it is not a global ID, ``""`` for another type's ID."""
    text = str(value or "").strip()
    try:
        found_type, raw = decode_global_id(text)
    except ApiError:
        return text
    return raw if found_type == type_name else ""


def id_type(value: object) -> str:
    """The type a global ID names (``""`` for a bare token)."""
    try:
        return decode_global_id(str(value or "").strip())[0]
    except ApiError:
        return ""


def variant_pk(global_id: object, *, field: str = "variant_id") -> int:
    """The variant's primary key. Raises ``CheckoutError("NOT_FOUND")``."""
    try:
        return from_global_id_or_error(str(global_id or ""), "ProductVariant")
    except ApiError as exc:
        raise CheckoutError("NOT_FOUND", _("Không tìm thấy sản phẩm."), field=field) from exc


def shipping_method_pk(global_id: object) -> int | None:
    try:
        return from_global_id_or_error(str(global_id or ""), "ShippingMethod")
    except ApiError:
        return None
