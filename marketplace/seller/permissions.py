"""Who may see and do what with a seller. Permission is checked where the
object is fetched: pages and GraphQL resolvers call these fetchers and never
load a seller or a document by id themselves.

A user who may not see an object gets ``NOT_FOUND``, exactly as if it did not
exist, so ids cannot be probed."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.seller.errors import SellerError
from marketplace.seller.models import Seller, SellerDocument, SellerMember, SellerRole

AnyUser = User | AnonymousUser
ALL_ROLES: tuple[str, ...] = (SellerRole.OWNER, SellerRole.STAFF)


def is_operator(user: AnyUser | None) -> bool:
    """Province OCOP office / trading-floor staff: active ``is_staff`` users."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def membership(*, user: AnyUser | None, seller: Seller) -> SellerMember | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return SellerMember.objects.filter(seller=seller, user_id=user.pk).first()


def _not_found() -> SellerError:
    return SellerError("NOT_FOUND", _("Không tìm thấy cơ sở."))


def get_seller_for_user(
    *, user: AnyUser | None, seller_id: int | None = None, roles: Iterable[str] = ALL_ROLES
) -> Seller:
    """The seller ``seller_id`` if ``user`` is a member with one of ``roles``;
    with no ``seller_id``, the user's first seller (oldest membership).

    Raises ``SellerError("NOT_FOUND")`` otherwise, also for operators (they use
    ``get_seller_for_operator``)."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise _not_found()
    memberships = SellerMember.objects.filter(user_id=user.pk, role__in=list(roles)).select_related(
        "seller", "seller__province", "seller__commune"
    )
    if seller_id is not None:
        memberships = memberships.filter(seller_id=seller_id)
    found = memberships.order_by("created_at", "pk").first()
    if found is None:
        raise _not_found()
    return found.seller


def get_seller_for_operator(*, user: AnyUser | None, seller_id: int) -> Seller:
    """Any seller, for an operator. Raises ``SellerError("NOT_FOUND")`` for
    anyone else or an unknown id."""
    if not is_operator(user):
        raise _not_found()
    seller = Seller.objects.select_related("province", "commune").filter(pk=seller_id).first()
    if seller is None:
        raise _not_found()
    return seller


def get_document_for_user(*, user: AnyUser | None, document_id: int) -> SellerDocument:
    """A seller document (current or replaced) for one of its seller's members
    or an operator. Raises ``SellerError("NOT_FOUND")`` for anyone else.

    The caller serves ``document.file`` with ``document.content_type``, as an
    attachment, never from a public URL."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise SellerError("NOT_FOUND", _("Không tìm thấy giấy tờ."))
    documents = SellerDocument.objects.select_related("seller")
    if not is_operator(user):
        documents = documents.filter(seller__members__user_id=user.pk)
    document = documents.filter(pk=document_id).first()
    if document is None:
        raise SellerError("NOT_FOUND", _("Không tìm thấy giấy tờ."))
    return document


def require_member(*, user: AnyUser | None, seller: Seller, roles: Iterable[str] = ALL_ROLES) -> SellerMember:
    """The user's membership of ``seller`` with one of ``roles``.

    Raises ``NOT_FOUND`` for a non-member (existence not revealed) and
    ``PERMISSION_DENIED`` for a member whose role is not enough."""
    found = membership(user=user, seller=seller)
    if found is None:
        raise _not_found()
    if found.role not in set(roles):
        raise SellerError("PERMISSION_DENIED", _("Chỉ chủ cơ sở mới được làm việc này."))
    return found


def require_operator(*, user: AnyUser | None, seller: Seller) -> None:
    """An active operator who is not a member of ``seller`` (nobody reviews
    their own application). Raises ``PERMISSION_DENIED``."""
    if not is_operator(user):
        raise SellerError("PERMISSION_DENIED", _("Chỉ cán bộ quản lý sàn mới được làm việc này."))
    if membership(user=user, seller=seller) is not None:
        raise SellerError("PERMISSION_DENIED", _("Không thể tự xét duyệt cơ sở mà mình là thành viên."))
