"""The checkout row lock every checkout change takes first (lock order:
checkout → stock rows; see ``marketplace.warehouse.services``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.checkout.errors import CheckoutError
from marketplace.checkout.models import Checkout


def lock_checkout(checkout: Checkout) -> Checkout:
    """Re-read ``checkout`` (with its channel) with its row locked until the
    transaction ends. Raises ``NOT_FOUND`` when it is gone (completed or
    deleted meanwhile)."""
    locked = Checkout.objects.select_for_update(of=("self",)).select_related("channel").filter(pk=checkout.pk).first()
    if locked is None:
        raise CheckoutError("NOT_FOUND", _("Không tìm thấy giỏ hàng."), field="id")
    return locked


def touch_checkout(checkout: Checkout) -> None:
    """Record that ``checkout`` changed (its ``last_change``)."""
    Checkout.objects.filter(pk=checkout.pk).update(last_change=timezone.now())
