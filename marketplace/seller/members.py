"""Who works for a seller: user members (owner, staff) and their invitations,
and a cooperative's member producers.

Every seller keeps at least one owner: the services that could remove the last
one refuse (``LAST_OWNER``) while holding the seller's row lock."""

from __future__ import annotations

import datetime
import secrets
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.geography.models import Commune
from marketplace.seller.emails import send_invitation_email
from marketplace.seller.errors import SellerError
from marketplace.seller.models import (
    ProducerMember,
    Seller,
    SellerInvitation,
    SellerKind,
    SellerMember,
    SellerRole,
)
from marketplace.seller.onboarding import lock_seller
from marketplace.seller.permissions import require_member
from marketplace.seller.validation import normalize_email, normalize_phone

INVITATION_TTL = datetime.timedelta(days=7)


def invite_member(
    *, seller: Seller, actor: User, email: str | None = None, phone: str | None = None, role: str = SellerRole.STAFF
) -> SellerInvitation:
    """The owner invites someone by email or by phone (exactly one). Inviting a
    contact that already has an open invitation renews it (new link, new
    expiry). An email invitation is mailed on commit; for a phone invitation the
    owner shares ``emails.invitation_url(invitation)``.

    Raises ``NOT_FOUND`` / ``PERMISSION_DENIED`` (not the owner), ``REQUIRED``,
    ``INVALID_EMAIL``, ``INVALID_PHONE``, ``INVALID`` (role) or
    ``ALREADY_MEMBER`` (an email that already belongs to a member)."""
    if role not in SellerRole.values:
        raise SellerError("INVALID", _("Vai trò không hợp lệ."), field="role")
    email, phone = (email or "").strip(), (phone or "").strip()
    if bool(email) == bool(phone):
        raise SellerError("REQUIRED", _("Nhập email hoặc số điện thoại của người được mời."), field="email")
    email = normalize_email(email) if email else ""
    phone = normalize_phone(phone) if phone else ""
    with transaction.atomic():
        locked = lock_seller(seller)
        require_member(user=actor, seller=locked, roles=[SellerRole.OWNER])
        if email and SellerMember.objects.filter(seller=locked, user__email__iexact=email).exists():
            raise SellerError("ALREADY_MEMBER", _("Người này đã là thành viên của cơ sở."), field="email")
        open_ones = SellerInvitation.objects.filter(seller=locked, accepted_at__isnull=True, revoked_at__isnull=True)
        invitation = open_ones.filter(email=email, phone=phone).first() or SellerInvitation(
            seller=locked, email=email, phone=phone
        )
        invitation.role = role
        invitation.invited_by = actor
        invitation.token = secrets.token_urlsafe(32)
        invitation.expires_at = timezone.now() + INVITATION_TTL
        invitation.save()
        transaction.on_commit(partial(send_invitation_email, invitation_id=invitation.pk))
    return invitation


def revoke_invitation(*, invitation: SellerInvitation, actor: User) -> SellerInvitation:
    """The owner withdraws an open invitation; its link stops working."""
    with transaction.atomic():
        locked = lock_seller(invitation.seller)
        require_member(user=actor, seller=locked, roles=[SellerRole.OWNER])
        updated = SellerInvitation.objects.filter(
            pk=invitation.pk, seller=locked, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if not updated:
            raise SellerError("INVALID_INVITATION", _("Lời mời không còn hiệu lực."))
    invitation.refresh_from_db()
    return invitation


def accept_invitation(*, token: str, user: User) -> SellerMember:
    """``user`` joins the seller with the invitation's role.

    An email invitation must be accepted by the account with that email; a
    phone invitation by an account whose phone, if set, is that number (the
    link itself is the proof). Raises ``INVALID_INVITATION`` (unknown, used,
    revoked or expired token), ``INVITATION_CONTACT_MISMATCH`` or
    ``ALREADY_MEMBER``; nothing changes then."""
    if not user.is_authenticated or not user.is_active:
        raise SellerError("PERMISSION_DENIED", _("Vui lòng đăng nhập để nhận lời mời."))
    invalid = SellerError("INVALID_INVITATION", _("Lời mời không tồn tại, đã được dùng hoặc đã hết hạn."))
    if not token:
        raise invalid
    with transaction.atomic():
        invitation = SellerInvitation.objects.filter(token=token).select_related("seller").first()
        if invitation is None:
            raise invalid
        lock_seller(invitation.seller)
        invitation = SellerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open():
            raise invalid
        if invitation.email and invitation.email.lower() != user.email.lower():
            raise SellerError(
                "INVITATION_CONTACT_MISMATCH",
                _("Lời mời này gửi tới %(email)s; hãy đăng nhập bằng tài khoản có email đó.")
                % {"email": invitation.email},
            )
        if invitation.phone and user.phone:
            try:
                user_phone = normalize_phone(user.phone)
            except SellerError:
                user_phone = ""
            if user_phone != invitation.phone:
                raise SellerError(
                    "INVITATION_CONTACT_MISMATCH", _("Lời mời này gửi tới một số điện thoại khác của bạn.")
                )
        if SellerMember.objects.filter(seller_id=invitation.seller_id, user=user).exists():
            raise SellerError("ALREADY_MEMBER", _("Bạn đã là thành viên của cơ sở này."))
        member = SellerMember.objects.create(seller_id=invitation.seller_id, user=user, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return member


def _owner_count(seller: Seller) -> int:
    return SellerMember.objects.filter(seller=seller, role=SellerRole.OWNER).count()


def remove_member(*, seller: Seller, actor: User, user: User) -> None:
    """The owner removes a member, or a member leaves (``actor == user``).
    Raises ``NOT_FOUND``, ``PERMISSION_DENIED`` or ``LAST_OWNER``."""
    with transaction.atomic():
        locked = lock_seller(seller)
        if actor.pk != user.pk:
            require_member(user=actor, seller=locked, roles=[SellerRole.OWNER])
        target = SellerMember.objects.filter(seller=locked, user=user).first()
        if target is None:
            raise SellerError("NOT_FOUND", _("Người này không phải thành viên của cơ sở."))
        if target.role == SellerRole.OWNER and _owner_count(locked) <= 1:
            raise SellerError("LAST_OWNER", _("Cơ sở phải có ít nhất một chủ cơ sở."))
        target.delete()


def set_member_role(*, seller: Seller, actor: User, user: User, role: str) -> SellerMember:
    """The owner changes a member's role. Raises ``INVALID``, ``NOT_FOUND``,
    ``PERMISSION_DENIED`` or ``LAST_OWNER`` (demoting the only owner)."""
    if role not in SellerRole.values:
        raise SellerError("INVALID", _("Vai trò không hợp lệ."), field="role")
    with transaction.atomic():
        locked = lock_seller(seller)
        require_member(user=actor, seller=locked, roles=[SellerRole.OWNER])
        target = SellerMember.objects.filter(seller=locked, user=user).first()
        if target is None:
            raise SellerError("NOT_FOUND", _("Người này không phải thành viên của cơ sở."))
        if target.role == SellerRole.OWNER and role != SellerRole.OWNER and _owner_count(locked) <= 1:
            raise SellerError("LAST_OWNER", _("Cơ sở phải có ít nhất một chủ cơ sở."))
        target.role = role
        target.save(update_fields=["role", "updated_at"])
    return target


# --- a cooperative's member producers ---------------------------------------------


def _clean_producer(name: str, phone: str, notes: str) -> tuple[str, str, str]:
    name = " ".join((name or "").split())
    if not name:
        raise SellerError("REQUIRED", _("Vui lòng nhập tên thành viên."), field="name")
    if len(name) > 200:
        raise SellerError("INVALID", _("Tên dài tối đa 200 ký tự."), field="name")
    return name, normalize_phone(phone) if (phone or "").strip() else "", (notes or "").strip()


def add_producer_member(
    *, seller: Seller, actor: User, name: str, phone: str = "", commune: Commune | None = None, notes: str = ""
) -> ProducerMember:
    """Record a member producer of a cooperative (any member of the seller).
    Raises ``NOT_A_COOPERATIVE``, ``REQUIRED``, ``INVALID`` or ``INVALID_PHONE``."""
    require_member(user=actor, seller=seller)
    if seller.kind != SellerKind.COOPERATIVE:
        raise SellerError("NOT_A_COOPERATIVE", _("Chỉ hợp tác xã mới có danh sách thành viên sản xuất."))
    name, phone, notes = _clean_producer(name, phone, notes)
    return ProducerMember.objects.create(seller=seller, name=name, phone=phone, commune=commune, notes=notes)


def update_producer_member(
    *,
    producer: ProducerMember,
    actor: User,
    name: str,
    phone: str = "",
    commune: Commune | None = None,
    notes: str = "",
) -> ProducerMember:
    require_member(user=actor, seller=producer.seller)
    producer.name, producer.phone, producer.notes = _clean_producer(name, phone, notes)
    producer.commune = commune
    producer.save()
    return producer


def remove_producer_member(*, producer: ProducerMember, actor: User) -> None:
    require_member(user=actor, seller=producer.seller)
    producer.delete()
