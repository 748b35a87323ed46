"""Reads of checkouts for the API: permission through
``marketplace.checkout.selectors`` (someone else's checkout is ``null``)."""

from __future__ import annotations

import uuid

import graphene

from marketplace.account.models import User
from marketplace.checkout.errors import CheckoutError, checkout_not_found
from marketplace.checkout.models import Checkout
from marketplace.checkout.selectors import active_checkout_for_user, get_checkout_for_user
from marketplace.graphql.channel.resolvers import get_channel_or_error
from marketplace.graphql.checkout.ids import object_token


def fetch_checkout(info: graphene.ResolveInfo, checkout_id: object) -> Checkout:
    """The checkout ``checkout_id`` (global ID or token) if the requester may
    use it. Raises ``CheckoutError("NOT_FOUND")``."""
    return get_checkout_for_user(token=object_token(checkout_id, "Checkout"), user=info.context.user)


def checkout_to_lock(checkout_id: object) -> Checkout:
    """A stand-in for the checkout ``checkout_id`` names (its token only) for
    a change that reads it under its lock and checks the requester there,
    one query fewer than ``fetch_checkout`` first. Raises
    ``CheckoutError("NOT_FOUND")`` for an ID no checkout can have."""
    try:
        return Checkout(token=uuid.UUID(object_token(checkout_id, "Checkout")))
    except ValueError:
        raise checkout_not_found() from None


def resolve_checkout(info: graphene.ResolveInfo, checkout_id: object) -> Checkout | None:
    try:
        return fetch_checkout(info, checkout_id)
    except CheckoutError:
        return None


def _is_requester(info: graphene.ResolveInfo, user: User) -> bool:
    requester = info.context.user
    return bool(requester.is_authenticated and requester.is_active and requester.pk == user.pk)


def resolve_user_checkout(info: graphene.ResolveInfo, user: User, channel_slug: str | None) -> Checkout | None:
    if not _is_requester(info, user):
        return None
    channel = get_channel_or_error(info.context, channel_slug)
    found = active_checkout_for_user(user=user, channel=channel)
    if found is not None:
        found.channel = channel
    return found


def resolve_user_checkouts(info: graphene.ResolveInfo, user: User) -> list[Checkout]:
    if not _is_requester(info, user):
        return []
    return list(Checkout.objects.filter(user_id=user.pk).select_related("channel").order_by("-last_change", "pk"))
