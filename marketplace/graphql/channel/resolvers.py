"""Channel lookup for every field that takes a ``channel`` argument."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from marketplace.channel.models import Channel
from marketplace.core.compiled import CompiledQuery
from marketplace.graphql.core.context import is_operator
from marketplace.graphql.core.errors import NOT_FOUND, ApiError

# Every request that names a channel reads it: compiled once per process.
_ANY_CHANNEL = CompiledQuery(lambda *, slug: Channel.objects.filter(slug=slug)[:1], slug=str)
_ACTIVE_CHANNEL = CompiledQuery(lambda *, slug: Channel.objects.filter(is_active=True, slug=slug)[:1], slug=str)


def get_channel_or_error(request: HttpRequest, slug: str | None) -> Channel:
    """The channel named by ``slug``, or the default channel when it is omitted
    (Saleor's default-channel behaviour). Shoppers see active channels only;
    operators may use inactive ones. Looked up once per request and slug.
    Raises ``ApiError`` with code ``NOT_FOUND``."""
    slug = slug or settings.DEFAULT_CHANNEL_SLUG
    operator = is_operator(request)
    cache: dict[tuple[str, bool], Channel | None] = request.__dict__.setdefault("_graphql_channels", {})
    if (slug, operator) not in cache:
        cache[(slug, operator)] = (_ANY_CHANNEL if operator else _ACTIVE_CHANNEL).first(slug=slug)
    channel = cache[(slug, operator)]
    if channel is None:
        raise ApiError(_("Không tìm thấy kênh bán có slug '%(slug)s'.") % {"slug": slug}, code=NOT_FOUND)
    return channel
