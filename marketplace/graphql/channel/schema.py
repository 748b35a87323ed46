from __future__ import annotations

import graphene

from marketplace.channel.models import Channel as ChannelModel
from marketplace.graphql.channel.types import Channel
from marketplace.graphql.core.context import is_operator
from marketplace.graphql.core.ids import from_global_id_or_error, require_one_of


class ChannelQueries(graphene.ObjectType):
    channel = graphene.Field(
        Channel,
        id=graphene.ID(description="ID of the channel."),
        slug=graphene.String(description="Slug of the channel."),
        description="Look up a channel by ID or slug.",
    )
    channels = graphene.List(graphene.NonNull(Channel), description="List of channels (active ones for shoppers).")

    @staticmethod
    def resolve_channel(root: None, info: graphene.ResolveInfo, id: str | None = None, slug: str | None = None):
        require_one_of(id=id, slug=slug)
        channels = (
            ChannelModel.objects.all() if is_operator(info.context) else ChannelModel.objects.filter(is_active=True)
        )
        if id is not None:
            return channels.filter(pk=from_global_id_or_error(id, "Channel")).first()
        return channels.filter(slug=slug).first()

    @staticmethod
    def resolve_channels(root: None, info: graphene.ResolveInfo) -> list[ChannelModel]:
        channels = (
            ChannelModel.objects.all() if is_operator(info.context) else ChannelModel.objects.filter(is_active=True)
        )
        return list(channels.order_by("slug"))
