"""Domain errors. Each area defines its codes; the GraphQL layer maps a code to
its error-code enum and the storefront to a translated message, in one place
each (see ``marketplace.graphql.core.errors`` and ``storefront.messages``)."""

from __future__ import annotations


class DomainError(Exception):
    """A rule said no. ``code`` is stable (upper snake case); ``field`` names the
    input at fault, if any; ``message`` is for humans (translatable)."""

    def __init__(self, code: str, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.field = field


class ValidationFailed(DomainError):
    """Several field errors at once."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(errors[0].code if errors else "INVALID", errors[0].message if errors else "")
        self.errors = errors
