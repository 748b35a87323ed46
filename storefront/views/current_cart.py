"""Which cart a visitor is using.

A signed-in shopper's cart is their account's most recent checkout
(``active_checkout_for_user``). A guest's checkout token lives in the session
(server side, so it never shows in a cached page). At sign-in the guest cart
merges into the account's.

The header's item count is shown only on the cart and checkout pages
(``cart_count`` in their context): the catalogue pages are cached whole for
every visitor and carry no script, so they never show anyone's cart.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from marketplace.account.models import User
from marketplace.channel.models import Channel
from marketplace.checkout.errors import CheckoutError
from marketplace.checkout.models import Checkout
from marketplace.checkout.selectors import active_checkout_for_user, get_checkout_for_user
from marketplace.checkout.services import merge_guest_checkout_into_user
from marketplace.product.selectors import get_channel

GUEST_CART_SESSION_KEY = "storefront_checkout_token"


def shop_channel() -> Channel:
    channel = get_channel()
    if channel is None:
        raise Http404("no active default channel")
    return channel


def _guest_token(request: HttpRequest) -> str | None:
    # Reading the session of a visitor without a session cookie costs no query.
    return request.session.get(GUEST_CART_SESSION_KEY)


def current_checkout(request: HttpRequest, channel: Channel) -> Checkout | None:
    """The visitor's cart in ``channel`` (with its channel joined), or None."""
    if request.user.is_authenticated:
        checkout = active_checkout_for_user(user=request.user, channel=channel)
        if checkout is not None:
            checkout.channel = channel
        return checkout
    token = _guest_token(request)
    if not token:
        return None
    try:
        checkout = get_checkout_for_user(token=token, user=request.user)
    except CheckoutError:
        # Completed, expired or taken over by an account: forget it.
        request.session.pop(GUEST_CART_SESSION_KEY, None)
        return None
    if checkout.channel_id != channel.pk:
        return None
    return checkout


def remember_checkout(request: HttpRequest, checkout: Checkout) -> None:
    """Keep a guest's new cart for the next requests (an account's needs nothing)."""
    if checkout.user_id is None:
        request.session[GUEST_CART_SESSION_KEY] = str(checkout.pk)


def forget_checkout(request: HttpRequest) -> None:
    request.session.pop(GUEST_CART_SESSION_KEY, None)


def take_guest_cart_token(request: HttpRequest) -> str | None:
    """The guest cart's token, read before signing in (the session survives a
    sign-in, but reading it first keeps that an implementation detail)."""
    return _guest_token(request)


def merge_guest_cart(request: HttpRequest, *, token: str | None, user: User) -> None:
    """After ``user`` signed in: fold the guest cart ``token`` into their
    account's cart. A cart that is gone or belongs to another account is
    simply forgotten."""
    forget_checkout(request)
    if not token:
        return
    try:
        guest = get_checkout_for_user(token=token, user=user)
        merge_guest_checkout_into_user(guest_checkout=guest, user=user)
    except CheckoutError:
        return
