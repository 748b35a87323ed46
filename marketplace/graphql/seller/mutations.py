"""Seller onboarding in Saleor's mutation style: registration, profile,
documents, submission, and the operators' decisions. Each mutation fetches
through ``marketplace.seller.permissions`` (someone else's seller is
``NOT_FOUND``), calls one service and returns the seller."""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext as _
from graphene.utils.str_converters import to_snake_case

from marketplace.graphql.core.descriptions import text_from_editorjs
from marketplace.graphql.core.enums import enum_value
from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.core.upload import Upload
from marketplace.graphql.seller.access import (
    document_for_user,
    forget_memberships,
    seller_for_member,
    seller_for_operator,
)
from marketplace.graphql.seller.enums import SellerDocumentKindEnum, SellerKindEnum
from marketplace.graphql.seller.errors import SellerError
from marketplace.graphql.seller.onboarding_types import SellerDocument
from marketplace.graphql.seller.types import Seller
from marketplace.seller import models, services
from marketplace.seller.errors import SellerError as DomainSellerError

PROFILE_FIELDS = ("name", "description", "phone", "email", "province", "commune", "street_address", "tax_code")


class SellerProfileInput(graphene.InputObjectType):
    name = graphene.String(description="Name of the household, cooperative or enterprise.")
    description = graphene.JSONString(description="About the seller (Editor.js JSON, or a plain JSON string).")
    phone = graphene.String(description="Contact phone; Vietnamese numbers may omit +84.")
    email = graphene.String(description="Contact email.")
    province = graphene.String(description="Province code, e.g. `19` for Thái Nguyên.")
    commune = graphene.String(description="Commune code; it must lie in the province.")
    street_address = graphene.String(description="House number, hamlet, street.")
    tax_code = graphene.String(description="10 digits (branch: -3 more) or 12 digits.")

    class Meta:
        description = "Profile fields of a seller; omitted fields are left as they are."


class SellerRegisterInput(SellerProfileInput):
    name = graphene.String(required=True, description="Name of the household, cooperative or enterprise.")
    kind = graphene.Field(SellerKindEnum, required=True, description="Household, cooperative (HTX) or enterprise.")

    class Meta:
        description = "Fields to register a seller."


def profile_fields(data: Any) -> dict[str, Any]:
    """The profile fields present in ``data``, as the services take them."""
    fields = {key: data[key] for key in PROFILE_FIELDS if key in data}
    if "description" in fields:
        try:
            fields["description"] = text_from_editorjs(fields["description"])
        except ValueError as exc:
            raise DomainSellerError(
                "INVALID", _("Nội dung giới thiệu không đúng định dạng."), field="description"
            ) from exc
    return fields


class SellerRegister(BaseMutation):
    seller = graphene.Field(Seller)

    class Arguments:
        input = SellerRegisterInput(required=True, description="Fields required to register a seller.")

    class Meta:
        description = "Register a seller (draft) with the requester as its owner. Requires sign-in."
        error_type_class = SellerError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, input: Any) -> SellerRegister:
        fields = profile_fields(input)
        name = fields.pop("name")
        seller = services.register_seller(user=info.context.user, name=name, kind=enum_value(input["kind"]), **fields)
        forget_memberships(info.context)
        return cls(seller=seller, errors=[])


class SellerUpdate(BaseMutation):
    seller = graphene.Field(Seller)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the seller.")
        input = SellerProfileInput(required=True, description="Fields to change.")

    class Meta:
        description = "Change a seller's profile (members; not while an operator reviews it)."
        error_type_class = SellerError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, input: Any) -> SellerUpdate:
        seller = seller_for_member(info, id)
        fields = profile_fields(input)
        seller = services.update_seller_profile(seller=seller, actor=info.context.user, **fields)
        return cls(seller=seller, errors=[])


class SellerDocumentUpload(BaseMutation):
    document = graphene.Field(SellerDocument)
    seller = graphene.Field(Seller)

    class Arguments:
        seller_id = graphene.ID(required=True, description="ID of the seller.")
        kind = graphene.Argument(SellerDocumentKindEnum, required=True, description="What the document is.")
        file = Upload(required=True, description="PDF, JPEG, PNG or WebP, checked by its content.")
        expires_on = graphene.Date(description="Last day of validity; required for certificates.")

    class Meta:
        description = (
            "Upload a document (multipart request), replacing the current one of that kind. Members only; the "
            "file is stored privately."
        )
        error_type_class = SellerError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, seller_id: str, kind: Any, file: Any, expires_on: Any = None
    ) -> SellerDocumentUpload:
        seller = seller_for_member(info, seller_id)
        document = services.upload_seller_document(
            seller=seller,
            actor=info.context.user,
            kind=enum_value(kind),
            upload=file,
            expires_on=expires_on,
            filename=file.name,
        )
        return cls(document=document, seller=seller, errors=[])


class SellerApplicationSubmit(BaseMutation):
    seller = graphene.Field(Seller)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the seller.")

    class Meta:
        description = "Send the application to the operators (again). Refused until the checklist is complete."
        error_type_class = SellerError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str) -> SellerApplicationSubmit:
        seller = seller_for_member(info, id)
        services.submit_application(seller=seller, actor=info.context.user)
        return cls(seller=seller, errors=[])


# --- operators' decisions ----------------------------------------------------------


class SellerDecision(BaseMutation):
    """An operator's step on one seller: fetch for an operator, call ``decide``."""

    seller = graphene.Field(Seller)

    class Meta:
        abstract = True

    @classmethod
    def decide(cls, seller: models.Seller, info: graphene.ResolveInfo, **data: Any) -> None:
        raise NotImplementedError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, id: str, **data: Any) -> SellerDecision:
        seller = seller_for_operator(info, id)
        cls.decide(seller, info, **data)
        return cls(seller=seller, errors=[])


class SellerReviewStart(SellerDecision):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the seller.")

    class Meta:
        description = "Operators: take a submitted application into review."
        error_type_class = SellerError

    @classmethod
    def decide(cls, seller: models.Seller, info: graphene.ResolveInfo, **data: Any) -> None:
        services.start_review(seller=seller, actor=info.context.user)


class SellerReviewReasonInput(graphene.InputObjectType):
    field = graphene.String(
        required=True,
        description="A profile field (`phone`, `streetAddress`, ...) or a document kind (`CITIZEN_ID`, ...).",
    )
    message = graphene.String(required=True, description="What the seller must change, in plain words.")


def review_key(field: str) -> str:
    """``streetAddress``/``street_address`` and ``CITIZEN_ID``/``citizen_id`` name the same key."""
    return to_snake_case(field.strip()).lower()


class SellerChangesRequest(SellerDecision):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the seller.")
        reasons = graphene.List(
            graphene.NonNull(SellerReviewReasonInput), required=True, description="A reason per field or document."
        )
        note = graphene.String(description="A general note for the seller.")

    class Meta:
        description = "Operators: send an application under review back to the seller, with a reason per item."
        error_type_class = SellerError

    @classmethod
    def decide(
        cls, seller: models.Seller, info: graphene.ResolveInfo, *, reasons: list[Any], note: str | None = None
    ) -> None:
        field_reasons: dict[str, str] = {}
        for item in reasons:
            key = review_key(item["field"])
            if key in field_reasons:
                raise DomainSellerError(
                    "DUPLICATED_INPUT_ITEM",
                    _("Mục “%(field)s” được nêu hai lần.") % {"field": item["field"]},
                    field="reasons",
                )
            field_reasons[key] = item["message"]
        services.request_changes(seller=seller, actor=info.context.user, field_reasons=field_reasons, reason=note or "")


class SellerApprove(SellerDecision):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the seller.")
        note = graphene.String(description="A note kept in the audit trail.")

    class Meta:
        description = "Operators: approve an application under review; the seller may then publish products."
        error_type_class = SellerError

    @classmethod
    def decide(cls, seller: models.Seller, info: graphene.ResolveInfo, *, note: str | None = None) -> None:
        services.approve_seller(seller=seller, actor=info.context.user, reason=note or "")


class SellerReject(SellerDecision):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the seller.")
        reason = graphene.String(required=True, description="Why, shown to the seller.")

    class Meta:
        description = "Operators: refuse an application under review."
        error_type_class = SellerError

    @classmethod
    def decide(cls, seller: models.Seller, info: graphene.ResolveInfo, *, reason: str) -> None:
        services.reject_seller(seller=seller, actor=info.context.user, reason=reason)


class SellerSuspend(SellerDecision):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the seller.")
        reason = graphene.String(required=True, description="Why, shown to the seller.")

    class Meta:
        description = "Operators: suspend an approved seller; its products leave the shop at once."
        error_type_class = SellerError

    @classmethod
    def decide(cls, seller: models.Seller, info: graphene.ResolveInfo, *, reason: str) -> None:
        services.suspend_seller(seller=seller, actor=info.context.user, reason=reason)


class SellerReinstate(SellerDecision):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the seller.")
        note = graphene.String(description="A note kept in the audit trail.")

    class Meta:
        description = "Operators: lift a suspension; the seller's products show again."
        error_type_class = SellerError

    @classmethod
    def decide(cls, seller: models.Seller, info: graphene.ResolveInfo, *, note: str | None = None) -> None:
        services.reinstate_seller(seller=seller, actor=info.context.user, reason=note or "")


class SellerDocumentReview(BaseMutation):
    document = graphene.Field(SellerDocument)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the document.")
        accepted = graphene.Boolean(required=True, description="True: valid; false: the seller must replace it.")
        note = graphene.String(description="Why it must be replaced (required then), shown to the seller.")

    class Meta:
        description = "Operators: the verdict on one current document."
        error_type_class = SellerError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, *, id: str, accepted: bool, note: str | None = None
    ) -> SellerDocumentReview:
        document = document_for_user(info, id)
        document = services.review_document(
            document=document, actor=info.context.user, accepted=accepted, note=note or ""
        )
        return cls(document=document, errors=[])
