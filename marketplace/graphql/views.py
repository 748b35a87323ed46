"""The GraphQL endpoint: authenticates the request (JWT bearer token or the
shop's session), runs the query, and gives every error a code.

A storefront sends the same few documents over and over with different
variables; parsing and validating one costs 3–10 ms of CPU, about as much as
running a small mutation. So each process keeps the parsed document and its
validation errors per query text (least recently used first out, bounded in
count and in query size): a document is checked once and then only run.
Validation depends on the schema and the rules alone, never on the request
or its variables, and execution does not change a document.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView as BaseGraphQLView
from graphene_django.views import HttpError
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)

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


VALIDATION_RULES = (*specified_rules, QueryShapeLimit)
# Queries longer than this are checked every time instead of kept: a client
# cannot fill the cache with a few huge documents.
MAX_CACHED_QUERY_LENGTH = 20_000


@functools.lru_cache(maxsize=settings.GRAPHQL_DOCUMENT_CACHE_SIZE)
def _cached_check(
    schema: GraphQLSchema, query: str, limits: tuple[int, int]
) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
    # ``limits`` (the query shape limits the rules read from settings) is
    # part of the key: a changed limit must not meet an old verdict.
    return _check(schema, query)


def _check(schema: GraphQLSchema, query: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
    try:
        document = parse(query)
    except GraphQLError as error:  # syntax
        return None, (error,)
    return document, tuple(validate(schema, document, VALIDATION_RULES, graphene_settings.MAX_VALIDATION_ERRORS))


def checked_document(schema: GraphQLSchema, query: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
    """``query`` parsed (None on a syntax error) and its validation errors
    against ``schema`` with ``VALIDATION_RULES``, from the process's cache
    when the same text was checked before."""
    if len(query) > MAX_CACHED_QUERY_LENGTH:
        return _check(schema, query)
    return _cached_check(schema, query, (settings.GRAPHQL_MAX_DEPTH, settings.GRAPHQL_MAX_FIELDS))


# graphene-django sets the CSRF cookie on every response, for GraphiQL. Only
# a page needs it (GraphiQL, fetched by GET, as a storefront page sets it);
# on API calls it minted a new random token per request for clients without
# cookies (apps, scripts) and added a cookie to every answer.
_dispatch = BaseGraphQLView.dispatch.__wrapped__
_dispatch_with_csrf_cookie = method_decorator(ensure_csrf_cookie)(_dispatch)


class GraphQLView(BaseGraphQLView):
    graphiql = True
    validation_rules = VALIDATION_RULES

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
        if request.method == "GET":
            return _dispatch_with_csrf_cookie(self, request, *args, **kwargs)
        return _dispatch(self, request, *args, **kwargs)

    def execute_graphql_request(
        self,
        request: HttpRequest,
        data: dict[str, Any],
        query: str | None,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        show_graphiql: bool = False,
    ) -> ExecutionResult | None:
        """graphene-django's steps (parse, refuse a mutation sent by GET,
        validate, execute) with the parsing and validation done once per
        query text (``checked_document``)."""
        if not query:
            return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)
        schema = self.schema.graphql_schema
        document, errors = checked_document(schema, query)
        if document is None:
            return ExecutionResult(data=None, errors=list(errors))
        operation = get_operation_ast(document, operation_name)
        if request.method == "GET" and operation is not None and operation.operation != OperationType.QUERY:
            if show_graphiql:
                return None
            message = f"Can only perform a {operation.operation.value} operation from a POST request."
            raise HttpError(HttpResponseNotAllowed(["POST"], message))
        if errors:
            return ExecutionResult(data=None, errors=list(errors))
        try:
            return execute(
                schema,
                document,
                root_value=self.get_root_value(request),
                context_value=self.get_context(request),
                variable_values=variables,
                operation_name=operation_name,
                middleware=self.get_middleware(request),
                execution_context_class=self.execution_context_class,
            )
        except Exception as error:  # as graphene-django: reported as a GraphQL error with a code
            return ExecutionResult(errors=[error])

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
