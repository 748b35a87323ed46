"""Who may see a seller's private side through the API, and the fetchers
mutations use. Every fetch goes through ``marketplace.seller.permissions``,
so someone else's seller is ``NOT_FOUND`` exactly like a missing one."""

from __future__ import annotations

import graphene
from django.http import HttpRequest

from marketplace.graphql.core.ids import from_global_id_or_error
from marketplace.seller import models
from marketplace.seller.permissions import (
    ALL_ROLES,
    get_document_for_user,
    get_seller_for_operator,
    get_seller_for_user,
    is_operator,
)

_MEMBERSHIPS = "_graphql_seller_memberships"


def memberships(request: HttpRequest) -> dict[int, str]:
    """The requester's role per seller id, read once per request."""
    cache = request.__dict__
    if _MEMBERSHIPS not in cache:
        user = request.user
        if user.is_authenticated and user.is_active:
            rows = models.SellerMember.objects.filter(user_id=user.pk).values_list("seller_id", "role")
            cache[_MEMBERSHIPS] = dict(rows)
        else:
            cache[_MEMBERSHIPS] = {}
    return cache[_MEMBERSHIPS]


def forget_memberships(request: HttpRequest) -> None:
    """After a mutation that changes who belongs to which seller."""
    request.__dict__.pop(_MEMBERSHIPS, None)


def member_role(info: graphene.ResolveInfo, seller_id: int) -> str | None:
    return memberships(info.context).get(seller_id)


def can_see_private(info: graphene.ResolveInfo, seller: models.Seller) -> bool:
    """Members of ``seller`` and operators see its status, documents, history
    and team; everyone else only the public profile."""
    return is_operator(info.context.user) or seller.pk in memberships(info.context)


def seller_for_member(
    info: graphene.ResolveInfo, global_id: str, *, roles: tuple[str, ...] = ALL_ROLES
) -> models.Seller:
    """The seller behind ``global_id`` if the requester is one of its members
    (raises ``SellerError("NOT_FOUND")`` otherwise; ``ApiError`` for a bad ID)."""
    pk = from_global_id_or_error(global_id, "Seller")
    return get_seller_for_user(user=info.context.user, seller_id=pk, roles=roles)


def seller_for_operator(info: graphene.ResolveInfo, global_id: str) -> models.Seller:
    """Any seller, for an operator; ``SellerError("NOT_FOUND")`` for anyone else."""
    return get_seller_for_operator(user=info.context.user, seller_id=from_global_id_or_error(global_id, "Seller"))


def document_for_user(info: graphene.ResolveInfo, global_id: str) -> models.SellerDocument:
    pk = from_global_id_or_error(global_id, "SellerDocument")
    return get_document_for_user(user=info.context.user, document_id=pk)
