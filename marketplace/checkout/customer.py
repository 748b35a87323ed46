"""Carts and accounts: ``checkoutCustomerAttach``/``Detach`` and, at
sign-in, a guest's cart merged into the account's."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplace.account.models import Address, User
from marketplace.checkout.errors import checkout_not_found
from marketplace.checkout.lines import drop_empty_deliveries
from marketplace.checkout.locking import lock_checkout
from marketplace.checkout.models import Checkout, CheckoutDelivery, CheckoutLine
from marketplace.checkout.selectors import line_limit, may_use_checkout, purchase_problem, variants_for_purchase
from marketplace.warehouse.reservations import release_reservations, reserve_stocks
from marketplace.warehouse.services import StockNeed


@transaction.atomic
def attach_customer(*, checkout: Checkout, user: User) -> Checkout:
    """``checkoutCustomerAttach``: the signed-in ``user`` takes over a guest
    cart (their email unless one was given). Raises ``NOT_FOUND`` when the
    cart belongs to someone else or the user is not signed in."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise checkout_not_found()
    locked = lock_checkout(checkout)
    if not may_use_checkout(locked, user):
        raise checkout_not_found()
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
        raise checkout_not_found()
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
        raise checkout_not_found()
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
        raise checkout_not_found()
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
    drop_empty_deliveries(target)
    return target
