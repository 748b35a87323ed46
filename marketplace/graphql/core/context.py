"""What resolvers know about the request: who asks, from where, and the
channel an object is being shown in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.http import HttpRequest

from marketplace.channel.models import Channel
from marketplace.core.http import get_client_ip  # noqa: F401  (re-exported for the GraphQL layer)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ChannelContext(Generic[T]):
    """An object together with the channel it is shown in (Saleor's
    ``ChannelContext``): prices, stock and visibility of products depend on it,
    and one request may ask for the same product in two channels."""

    node: T
    channel: Channel

    def __getattr__(self, name: str) -> object:
        # Plain model fields (name, slug, ...) resolve through the wrapper with
        # graphene's default resolver; channel-dependent fields have resolvers.
        return getattr(self.node, name)


def unwrap(root: object) -> object:
    return root.node if isinstance(root, ChannelContext) else root


def is_operator(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_operator)
