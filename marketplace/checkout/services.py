"""Every change to a checkout, by concept (Saleor's mutation names in each
module's docstring):

- ``lines``: ``create_checkout``, ``add_lines``, ``update_lines``, ``delete_lines``;
- ``details``: ``set_email``, ``set_customer_note``, ``set_shipping_address``,
  ``set_billing_address``, ``set_delivery_method``;
- ``customer``: ``attach_customer``, ``detach_customer``,
  ``merge_guest_checkout_into_user``;
- ``complete``: ``complete_checkout`` (``checkoutComplete``).

Each service locks the checkout row first (so two requests on one cart queue
instead of mixing), validates everything before writing, and raises
``CheckoutError`` with nothing changed. The caller has fetched the checkout
with ``selectors.get_checkout_for_user`` (permission at the fetch).
"""

from marketplace.checkout.complete import complete_checkout
from marketplace.checkout.customer import attach_customer, detach_customer, merge_guest_checkout_into_user
from marketplace.checkout.details import (
    set_billing_address,
    set_customer_note,
    set_delivery_method,
    set_email,
    set_shipping_address,
)
from marketplace.checkout.lines import add_lines, create_checkout, delete_lines, update_lines
from marketplace.checkout.locking import lock_checkout

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
