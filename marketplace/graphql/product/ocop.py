"""OCOP certification and origin: what makes this marketplace different."""

from __future__ import annotations

import datetime

import graphene
from django.utils import timezone

from marketplace.graphql.core.enums import enum_from_choices
from marketplace.graphql.core.ids import to_global_id
from marketplace.graphql.geography.types import Commune, Province
from marketplace.product import models

OcopProductGroupEnum = enum_from_choices(
    "OcopProductGroupEnum", models.OcopProductGroup, "The six OCOP product groups (Decision 919/QĐ-TTg)."
)


def _expires_on(certificate: models.OcopCertificate) -> datetime.date:
    if isinstance(certificate.expires_on, datetime.date):
        return certificate.expires_on
    return certificate.computed_expiry()


class OcopCertificate(graphene.ObjectType):
    id = graphene.ID(required=True, description="ID of the certificate, to attach it to a product.")
    number = graphene.String(required=True, description="Number of the OCOP decision.")
    issuing_body = graphene.String(
        required=True, description="Who issued the decision (e.g. a province's people's committee)."
    )
    decision_date = graphene.Date(required=True, description="Date of the decision.")
    star_rating = graphene.Int(required=True, description="OCOP star rank, 1 to 5.")
    product_group = graphene.Field(OcopProductGroupEnum, required=True, description="OCOP product group.")
    expires_on = graphene.Date(required=True, description="Last day of validity (36 months after the decision).")
    is_revoked = graphene.Boolean(required=True, description="Whether the certificate was revoked.")
    is_valid = graphene.Boolean(required=True, description="Not revoked and not expired today.")
    shows_badge = graphene.Boolean(
        required=True, description="Whether the shop shows the OCOP badge: valid and at least three stars."
    )

    class Meta:
        description = "An OCOP certificate (One Commune One Product) carried by a product."

    @classmethod
    def is_type_of(cls, root: object, info: graphene.ResolveInfo) -> bool:
        return isinstance(root, models.OcopCertificate)

    @staticmethod
    def resolve_id(root: models.OcopCertificate, info: graphene.ResolveInfo) -> str:
        return to_global_id("OcopCertificate", root.pk)

    @staticmethod
    def resolve_expires_on(root: models.OcopCertificate, info: graphene.ResolveInfo) -> datetime.date:
        return _expires_on(root)

    @staticmethod
    def resolve_is_revoked(root: models.OcopCertificate, info: graphene.ResolveInfo) -> bool:
        return root.revoked

    @staticmethod
    def resolve_is_valid(root: models.OcopCertificate, info: graphene.ResolveInfo) -> bool:
        return not root.revoked and timezone.localdate() <= _expires_on(root)

    @staticmethod
    def resolve_shows_badge(root: models.OcopCertificate, info: graphene.ResolveInfo) -> bool:
        return root.shows_badge()


class Origin(graphene.ObjectType):
    province = graphene.Field(Province, description="Province or city the product comes from.")
    commune = graphene.Field(Commune, description="Commune, ward or special zone the product comes from.")

    class Meta:
        description = "Where a product is made."
