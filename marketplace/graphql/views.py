"""The GraphQL endpoint: authenticates the request (JWT bearer token or the
shop's session), runs the query, and gives every error a code."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView as BaseGraphQLView
from graphql import GraphQLError, specified_rules

from marketplace.account.jwt import InvalidToken, get_user_from_access_token
from marketplace.core.errors import DomainError
from marketplace.graphql.core import errors as codes
from marketplace.graphql.core.limits import QueryShapeLimit
from marketplace.graphql.core.upload import is_multipart, multipart_body

logger = logging.getLogger("marketplace.graphql")

BEARER_PREFIXES = ("bearer", "jwt")
# Codes of refused tokens, named as Saleor's clients expect them.
TOKEN_ERROR_CODES = {
    "JWT_SIGNATURE_EXPIRED": codes.EXPIRED_SIGNATURE,
    "JWT_INVALID_SIGNATURE": codes.INVALID_SIGNATURE,
}


def bearer_token(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION") or ""
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() in BEARER_PREFIXES and token.strip():
        return token.strip()
    return request.META.get("HTTP_AUTHORIZATION_BEARER") or None


def _csrf_passes(request: HttpRequest) -> bool:
    return CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {}) is None


def authenticate_request(request: HttpRequest) -> None:
    """Set ``request.user`` from a bearer token (raises ``InvalidToken``), or
    keep the session's user — but only when the request passes Django's CSRF
    check, so another site cannot act with a shopper's cookie."""
    token = bearer_token(request)
    if token is not None:
        request.user = get_user_from_access_token(token)
        return
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and not _csrf_passes(request):
        request.user = AnonymousUser()


class GraphQLView(BaseGraphQLView):
    graphiql = True
    validation_rules = (*specified_rules, QueryShapeLimit)

    @method_decorator(csrf_exempt)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_multipart(request):
            # Read (size-checked) before authenticating: the CSRF check reads the form.
            body = multipart_body(request)
            if isinstance(body, HttpResponse):
                return body
            request.__dict__["_graphql_multipart_body"] = body
        if request.method in ("GET", "POST"):
            try:
                authenticate_request(request)
            except InvalidToken as exc:
                code = TOKEN_ERROR_CODES.get(exc.code, codes.INVALID_TOKEN)
                error = {"message": str(exc.message), "extensions": {"exception": {"code": code}}}
                return JsonResponse({"errors": [error], "data": None})
        return super().dispatch(request, *args, **kwargs)

    def parse_body(self, request: HttpRequest) -> Any:
        body = request.__dict__.get("_graphql_multipart_body")
        return body if body is not None else super().parse_body(request)

    @staticmethod
    def format_error(error: Exception) -> dict[str, Any]:
        """graphene-django's format plus ``extensions.exception.code`` always;
        unexpected exceptions are logged and, unless DEBUG, hide their message."""
        formatted: dict[str, Any] = (
            dict(error.formatted) if isinstance(error, GraphQLError) else {"message": str(error)}
        )
        extensions = dict(formatted.get("extensions") or {})
        if "code" not in (extensions.get("exception") or {}):
            original = getattr(error, "original_error", None)
            if original is None or isinstance(original, GraphQLError):  # syntax, validation, variable coercion
                code = codes.GRAPHQL_ERROR
            elif isinstance(original, DomainError):
                code, formatted["message"] = original.code, str(original.message)
            elif isinstance(original, PermissionDenied):
                code = codes.PERMISSION_DENIED
            else:
                code = codes.INTERNAL_ERROR
                logger.error("Unhandled error in a GraphQL resolver", exc_info=original)
                if not settings.DEBUG:
                    formatted["message"] = "Internal Server Error"
            extensions["exception"] = {"code": code}
        formatted["extensions"] = extensions
        return formatted
