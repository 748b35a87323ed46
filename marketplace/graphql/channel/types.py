from __future__ import annotations

import graphene
from graphene import relay

from marketplace.channel import models
from marketplace.graphql.core.context import is_operator
from marketplace.graphql.core.types import CountryDisplay, ModelObjectType


class Channel(ModelObjectType):
    name = graphene.String(required=True, description="Name of the channel.")
    slug = graphene.String(required=True, description="Slug of the channel.")
    currency_code = graphene.String(required=True, description="A currency that is assigned to the channel.")
    default_country = graphene.Field(
        CountryDisplay, required=True, description="Default country for the channel (the shop's country)."
    )
    is_active = graphene.Boolean(required=True, description="Whether the channel is active.")

    class Meta:
        description = "Represents a channel: its currency, country and which products it shows at what price."
        interfaces = (relay.Node,)
        model = models.Channel

    @staticmethod
    def resolve_default_country(root: models.Channel, info: graphene.ResolveInfo) -> CountryDisplay:
        return CountryDisplay(code=root.default_country)

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.Channel | None:
        channels = (
            models.Channel.objects.all() if is_operator(info.context) else models.Channel.objects.filter(is_active=True)
        )
        return channels.filter(pk=pk).first()
