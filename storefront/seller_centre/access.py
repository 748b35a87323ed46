"""Who may open the seller centre's pages, which seller they work for, and how
the responses are cached.

Every page needs a signed-in user (others go to the sign-in page and come
back). A page about the seller as a whole (dashboard, products, documents...)
works for the seller the user is a member of (``get_seller_for_user``); a
signed-in user who belongs to no seller gets a friendly page offering to
register one. Pages about one object (a product, a variant, a document) fetch
it through the area's permission fetcher and answer 404 for anyone else, so
ids cannot be probed. Nothing here is ever cached by browsers or proxies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_protect

from marketplace.core.errors import DomainError
from marketplace.seller.errors import SellerError
from marketplace.seller.models import Seller, SellerStatus
from marketplace.seller.permissions import get_seller_for_user
from marketplace.seller.selectors import seller_notice

View = Callable[..., HttpResponse]
# The seller a member of several works for now (chosen on the dashboard).
SESSION_SELLER_KEY = "seller_centre_seller_id"


def private(response: HttpResponse) -> HttpResponse:
    """Seller pages show private data: never stored by browsers or proxies."""
    response["Cache-Control"] = "private, no-store"
    return response


def current_seller(request: HttpRequest) -> Seller | None:
    """The seller ``request.user`` works for in the centre, or None if they
    are a member of none. One query (two if the remembered one is gone)."""
    chosen = request.session.get(SESSION_SELLER_KEY)
    if chosen is not None:
        try:
            return get_seller_for_user(user=request.user, seller_id=int(chosen))
        except (SellerError, TypeError, ValueError):
            request.session.pop(SESSION_SELLER_KEY, None)
    try:
        return get_seller_for_user(user=request.user)
    except SellerError:
        return None


def remember_seller(request: HttpRequest, seller: Seller) -> None:
    request.session[SESSION_SELLER_KEY] = seller.pk


SECTIONS = {
    "dashboard": "dashboard",
    "signup": "dashboard",
    "profile": "profile",
    "documents": "documents",
    "team": "team",
    "producers": "team",
}


def centre_context(request: HttpRequest, seller: Seller | None) -> None:
    """What the centre's layout shows on every page: the seller, which tab is
    open and, while the seller is suspended, the operator's reason (one more
    query, only then)."""
    request.seller = seller
    url_name = request.resolver_match.url_name if request.resolver_match else ""
    request.centre_section = SECTIONS.get(url_name or "", "products")
    request.suspension_reason = ""
    if seller is not None and seller.status == SellerStatus.SUSPENDED:
        request.suspension_reason = seller_notice(seller).reason


def signed_in(view: View) -> View:
    """Sign-in required; the response is private and never cached."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return private(redirect_to_login(request.get_full_path(), settings.LOGIN_URL))
        return private(view(request, *args, **kwargs))

    return csrf_protect(wrapper)


def seller_page(view: View | None = None, *, not_seller_status: int = 403) -> View | Callable[[View], View]:
    """A page about the user's seller: the view gets ``seller=``. A signed-in
    user with no seller sees the invitation to register one (with
    ``not_seller_status``), never anyone's data."""

    def decorator(inner: View) -> View:
        @wraps(inner)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            seller = current_seller(request)
            centre_context(request, seller)
            if seller is None:
                return render(request, "seller_centre/not_seller.html", status=not_seller_status)
            return inner(request, *args, seller=seller, **kwargs)

        return signed_in(wrapper)

    return decorator(view) if view is not None else decorator


def object_page(view: View) -> View:
    """A page about one object: the view fetches it with a permission fetcher
    inside ``found_or_404``. A user with no seller at all gets a 404 here."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seller = current_seller(request)
        if seller is None:
            raise Http404("not a seller member")
        centre_context(request, seller)
        return view(request, *args, seller=seller, **kwargs)

    return signed_in(wrapper)


@contextmanager
def found_or_404() -> Iterator[None]:
    """Turn a fetcher's ``NOT_FOUND`` into the ordinary 404 page."""
    try:
        yield
    except DomainError as error:
        if error.code == "NOT_FOUND":
            raise Http404(error.message) from error
        raise


def fetch(fetcher: Callable[..., Any], **kwargs: Any) -> Any:
    """``fetcher(**kwargs)``, or a 404 if it says the object is not found."""
    with found_or_404():
        return fetcher(**kwargs)
