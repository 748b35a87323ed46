"""A seller's private lists (documents, audit trail, team), prefetched for a
page of sellers from the fields a query selects, so a list of N sellers
costs the same number of queries whatever N is. Each accessor falls back to
a query of its own when the path was not planned, and keeps the result."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from marketplace.graphql.core.selection import Selection
from marketplace.product.models import OcopCertificate
from marketplace.seller import models
from marketplace.warehouse.models import Warehouse

DOCUMENTS = "api_documents"
TRANSITIONS = "api_transitions"
MEMBERS = "api_members"
INVITATIONS = "api_invitations"
WAREHOUSES = "api_warehouses"
CERTIFICATES = "api_ocop_certificates"
# ``selectors.review_queue`` prefetches the current documents under this name.
QUEUE_DOCUMENTS = "current_documents"


def _current_documents() -> QuerySet[models.SellerDocument]:
    return models.SellerDocument.objects.filter(is_current=True).order_by("kind")


def _transitions() -> QuerySet[models.SellerTransition]:
    return models.SellerTransition.objects.select_related("actor").order_by("created_at", "pk")


def _members() -> QuerySet[models.SellerMember]:
    return models.SellerMember.objects.select_related("user").order_by("created_at", "pk")


def _open_invitations() -> QuerySet[models.SellerInvitation]:
    return models.SellerInvitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-pk")


def _warehouses() -> QuerySet[Warehouse]:
    return Warehouse.objects.select_related("province", "commune").order_by("pk")


def _certificates() -> QuerySet[OcopCertificate]:
    return OcopCertificate.objects.order_by("-decision_date", "-pk")


def plan_sellers(queryset: QuerySet[models.Seller], fields: Selection) -> QuerySet[models.Seller]:
    """Prefetch what ``fields`` (selected under a Seller) will read."""
    lookups: list[Prefetch] = []
    if "documents" in fields and QUEUE_DOCUMENTS not in {
        getattr(lookup, "to_attr", None) for lookup in queryset._prefetch_related_lookups
    }:
        lookups.append(Prefetch("documents", queryset=_current_documents(), to_attr=DOCUMENTS))
    if "transitions" in fields:
        lookups.append(Prefetch("transitions", queryset=_transitions(), to_attr=TRANSITIONS))
    if "members" in fields:
        lookups.append(Prefetch("members", queryset=_members(), to_attr=MEMBERS))
    if "invitations" in fields:
        lookups.append(Prefetch("invitations", queryset=_open_invitations(), to_attr=INVITATIONS))
    if "warehouses" in fields:
        lookups.append(Prefetch("warehouses", queryset=_warehouses(), to_attr=WAREHOUSES))
    if "ocopCertificates" in fields:
        lookups.append(Prefetch("ocop_certificates", queryset=_certificates(), to_attr=CERTIFICATES))
    return queryset.prefetch_related(*lookups) if lookups else queryset


def _cached(seller: models.Seller, attributes: Iterable[str], load: Callable[[], Iterable[Any]]) -> list[Any]:
    for attribute in attributes:
        value = getattr(seller, attribute, None)
        if value is not None:
            return value
    value = list(load())
    setattr(seller, next(iter(attributes)), value)
    return value


def seller_documents(seller: models.Seller) -> list[models.SellerDocument]:
    return _cached(seller, (DOCUMENTS, QUEUE_DOCUMENTS), lambda: _current_documents().filter(seller=seller))


def seller_transitions(seller: models.Seller) -> list[models.SellerTransition]:
    return _cached(seller, (TRANSITIONS,), lambda: _transitions().filter(seller=seller))


def seller_members(seller: models.Seller) -> list[models.SellerMember]:
    return _cached(seller, (MEMBERS,), lambda: _members().filter(seller=seller))


def seller_invitations(seller: models.Seller) -> list[models.SellerInvitation]:
    return _cached(seller, (INVITATIONS,), lambda: _open_invitations().filter(seller=seller))


def seller_warehouses(seller: models.Seller) -> list[Warehouse]:
    return _cached(seller, (WAREHOUSES,), lambda: _warehouses().filter(seller=seller))


def seller_certificates(seller: models.Seller) -> list[OcopCertificate]:
    return _cached(seller, (CERTIFICATES,), lambda: _certificates().filter(seller=seller))
