"""What a seller's members and the operators see of an application: the
checklist, the documents, the audit trail and the latest decision."""

from __future__ import annotations

import datetime
from typing import Any

import graphene
from django.urls import NoReverseMatch, reverse
from graphene import relay

from marketplace.graphql.account.types import User
from marketplace.graphql.core.enums import enum_value
from marketplace.graphql.core.types import ModelObjectType
from marketplace.graphql.seller.enums import (
    SellerActionEnum,
    SellerDocumentKindEnum,
    SellerDocumentStatusEnum,
    SellerStatusEnum,
)
from marketplace.seller import models
from marketplace.seller.errors import SellerError as DomainSellerError
from marketplace.seller.permissions import get_document_for_user, is_operator
from marketplace.seller.selectors import REVIEW_KEY_LABELS


def document_path(document_id: int) -> str:
    """The seller centre's protected page for a document (member or operator
    only); documents never have a public media URL."""
    try:
        return reverse("seller_centre:document", kwargs={"document_id": document_id})
    except NoReverseMatch:
        return f"/kenh-nguoi-ban/tai-lieu/{document_id}/"


class SellerDocument(ModelObjectType):
    kind = graphene.Field(SellerDocumentKindEnum, required=True)
    kind_label = graphene.String(required=True, description="The kind in words, in the request's language.")
    status = graphene.Field(SellerDocumentStatusEnum, required=True)
    expires_on = graphene.Date(description="Last day of validity, when the document has one.")
    is_expired = graphene.Boolean(required=True)
    url = graphene.String(
        required=True, description="The protected page serving the file to the seller's members and operators."
    )
    review_note = graphene.String(required=True, description="The operator's note, e.g. why it must be replaced.")
    content_type = graphene.String(required=True, description="Type found in the content (PDF, JPEG, PNG, WebP).")
    size = graphene.Int(required=True, description="Size in bytes.")
    original_filename = graphene.String(required=True)
    uploaded_at = graphene.DateTime(required=True)
    reviewed_at = graphene.DateTime()
    is_current = graphene.Boolean(required=True, description="False once a newer file of the same kind replaced it.")

    class Meta:
        description = "A file proving who a seller is or what it may sell. Private: members and operators only."
        interfaces = (relay.Node,)
        model = models.SellerDocument

    @staticmethod
    def resolve_kind(root: models.SellerDocument, info: graphene.ResolveInfo) -> str:
        return enum_value(root.kind)

    @staticmethod
    def resolve_status(root: models.SellerDocument, info: graphene.ResolveInfo) -> str:
        return enum_value(root.status)

    @staticmethod
    def resolve_kind_label(root: models.SellerDocument, info: graphene.ResolveInfo) -> str:
        return str(models.SellerDocumentKind(root.kind).label)

    @staticmethod
    def resolve_is_expired(root: models.SellerDocument, info: graphene.ResolveInfo) -> bool:
        return root.is_expired()

    @staticmethod
    def resolve_url(root: models.SellerDocument, info: graphene.ResolveInfo) -> str:
        return info.context.build_absolute_uri(document_path(root.pk))

    @classmethod
    def get_node(cls, info: graphene.ResolveInfo, pk: int) -> models.SellerDocument | None:
        try:
            return get_document_for_user(user=info.context.user, document_id=pk)
        except DomainSellerError:
            return None


class SellerFieldReason(graphene.ObjectType):
    field = graphene.String(required=True, description="A profile field or a document kind, e.g. `citizen_id`.")
    label = graphene.String(required=True, description="The field or document in words.")
    message = graphene.String(required=True, description="What the operator asks for.")

    class Meta:
        description = "An operator's reason about one field or document of an application."


def field_reasons(reasons: dict[str, str] | None) -> list[SellerFieldReason]:
    return [
        SellerFieldReason(field=key, label=str(REVIEW_KEY_LABELS.get(key, key)), message=text)
        for key, text in (reasons or {}).items()
    ]


class SellerTransition(ModelObjectType):
    action = graphene.Field(SellerActionEnum, required=True)
    from_status = graphene.Field(SellerStatusEnum, required=True)
    to_status = graphene.Field(SellerStatusEnum, required=True)
    reason = graphene.String(required=True)
    field_reasons = graphene.List(graphene.NonNull(SellerFieldReason), required=True)
    actor = graphene.Field(User, description="Who took the step: shown to operators, and to the actor themself.")
    created_at = graphene.DateTime(required=True)

    class Meta:
        description = "One step of a seller's onboarding history (the audit trail)."
        model = models.SellerTransition

    @staticmethod
    def resolve_action(root: models.SellerTransition, info: graphene.ResolveInfo) -> str:
        return enum_value(root.action)

    @staticmethod
    def resolve_from_status(root: models.SellerTransition, info: graphene.ResolveInfo) -> str:
        return enum_value(root.from_status)

    @staticmethod
    def resolve_to_status(root: models.SellerTransition, info: graphene.ResolveInfo) -> str:
        return enum_value(root.to_status)

    @staticmethod
    def resolve_field_reasons(root: models.SellerTransition, info: graphene.ResolveInfo) -> list[SellerFieldReason]:
        return field_reasons(root.field_reasons)

    @staticmethod
    def resolve_actor(root: models.SellerTransition, info: graphene.ResolveInfo) -> Any:
        user = info.context.user
        if root.actor_id is None or not (is_operator(user) or root.actor_id == user.pk):
            return None
        return root.actor


class SellerChecklistItem(graphene.ObjectType):
    key = graphene.String(required=True, description="A profile field or a document kind, e.g. `tax_code`.")
    label = graphene.String(required=True)
    done = graphene.Boolean(required=True)
    required = graphene.Boolean(required=True, description="Needed before the application can be submitted.")
    reason = graphene.String(required=True, description="The operator's reason, when changes were requested.")

    class Meta:
        description = "One thing an application needs, and whether it is there."

    @staticmethod
    def resolve_reason(root: Any, info: graphene.ResolveInfo) -> str:
        return root.reason_if_changes_requested


class SellerNotice(graphene.ObjectType):
    status = graphene.Field(SellerStatusEnum, required=True)
    status_label = graphene.String(required=True)
    message = graphene.String(required=True, description="What the status means for the seller, in words.")
    reason = graphene.String(required=True, description="The reason given with the latest decision.")
    field_reasons = graphene.List(graphene.NonNull(SellerFieldReason), required=True)
    decided_at = graphene.DateTime()

    class Meta:
        description = "The latest decision about an application, as the seller's dashboard shows it."

    @staticmethod
    def resolve_status(root: Any, info: graphene.ResolveInfo) -> str:
        return enum_value(root.status)

    @staticmethod
    def resolve_field_reasons(root: Any, info: graphene.ResolveInfo) -> list[SellerFieldReason]:
        return [SellerFieldReason(field=key, label=label, message=text) for key, label, text in root.field_reasons]

    @staticmethod
    def resolve_decided_at(root: Any, info: graphene.ResolveInfo) -> datetime.datetime | None:
        return root.decided_at
