"""Who may open the operators' pages, and how their responses are cached."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_protect

from marketplace.seller.permissions import is_operator

View = Callable[..., HttpResponse]


def private(response: HttpResponse) -> HttpResponse:
    """Operator pages show personal data: never stored by browsers or proxies."""
    response["Cache-Control"] = "private, no-store"
    return response


def operator_required(view: View) -> View:
    """Let operators through. Anyone not signed in goes to the sign-in page
    (coming back afterwards); a signed-in shopper or seller gets the ordinary
    404 page, so the operators' pages do not reveal that they exist."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return private(redirect_to_login(request.get_full_path(), settings.LOGIN_URL))
        if not is_operator(request.user):
            raise Http404("not an operator")
        return private(view(request, *args, **kwargs))

    return csrf_protect(wrapper)
