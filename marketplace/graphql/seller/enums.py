"""Enums of the seller area, built from the models' choices."""

from __future__ import annotations

from marketplace.graphql.core.enums import enum_from_choices
from marketplace.seller import models

SellerKindEnum = enum_from_choices(
    "SellerKindEnum", models.SellerKind, "Kind of seller: farmer household, cooperative (HTX) or enterprise."
)
SellerStatusEnum = enum_from_choices(
    "SellerStatusEnum", models.SellerStatus, "Where a seller stands in the onboarding workflow."
)
SellerActionEnum = enum_from_choices("SellerActionEnum", models.SellerAction, "A step of the onboarding workflow.")
SellerDocumentKindEnum = enum_from_choices(
    "SellerDocumentKindEnum", models.SellerDocumentKind, "Kind of document a seller provides."
)
SellerDocumentStatusEnum = enum_from_choices(
    "SellerDocumentStatusEnum", models.SellerDocumentStatus, "An operator's verdict on a seller document."
)
SellerRoleEnum = enum_from_choices("SellerRoleEnum", models.SellerRole, "Role of a user in a seller.")
