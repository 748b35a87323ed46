"""Owners invite staff by email or phone; a cooperative lists its producers."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from marketplace.seller import services
from marketplace.seller.emails import invitation_url
from marketplace.seller.errors import SellerError
from marketplace.seller.models import ProducerMember, SellerInvitation, SellerKind, SellerMember, SellerRole
from tests.factories import SellerMemberFactory, UserFactory, commune_of

pytestmark = pytest.mark.django_db


def code_of(call, **kwargs) -> str:
    with pytest.raises(SellerError) as excinfo:
        call(**kwargs)
    return excinfo.value.code


def test_invite_by_email_sends_a_link_that_the_invitee_accepts(
    draft_seller, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(seller=draft_seller, actor=owner, email=" Lan.Nguyen@Example.VN ")
    assert invitation.email == "lan.nguyen@example.vn"
    assert invitation.role == SellerRole.STAFF
    assert len(invitation.token) >= 40
    (mail,) = mailoutbox
    assert mail.to == ["lan.nguyen@example.vn"]
    assert "Lời mời tham gia HTX Chè Tân Cương" in mail.subject
    assert invitation_url(invitation) in mail.body
    assert "Trần Bình mời bạn" in mail.body

    lan = UserFactory(email="lan.nguyen@example.vn")
    member = services.accept_invitation(token=invitation.token, user=lan)
    assert (member.seller, member.user, member.role) == (draft_seller, lan, SellerRole.STAFF)
    invitation.refresh_from_db()
    assert invitation.accepted_by == lan and invitation.accepted_at is not None
    # A link works once.
    assert code_of(services.accept_invitation, token=invitation.token, user=lan) == "INVALID_INVITATION"


def test_invite_by_phone_is_normalised_to_e164(draft_seller, owner, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(seller=draft_seller, actor=owner, phone="0912 345 678", role="owner")
    assert invitation.phone == "+84912345678"
    assert mailoutbox == []  # the owner shares the link by SMS or Zalo
    again = services.invite_member(seller=draft_seller, actor=owner, phone="+84 912-345-678")
    assert again.pk == invitation.pk  # the same open invitation, renewed
    assert again.token != invitation.token
    assert SellerInvitation.objects.filter(seller=draft_seller).count() == 1

    farmer = UserFactory(phone="0912345678")
    member = services.accept_invitation(token=again.token, user=farmer)
    assert member.role == SellerRole.STAFF
    assert code_of(services.accept_invitation, token=invitation.token, user=UserFactory()) == "INVALID_INVITATION"


def test_a_bad_contact_is_refused(draft_seller, owner):
    assert code_of(services.invite_member, seller=draft_seller, actor=owner, phone="12345") == "INVALID_PHONE"
    invite = services.invite_member
    assert code_of(invite, seller=draft_seller, actor=owner, email="khong-phai-email") == "INVALID_EMAIL"
    assert code_of(services.invite_member, seller=draft_seller, actor=owner) == "REQUIRED"
    assert (
        code_of(services.invite_member, seller=draft_seller, actor=owner, email="a@example.vn", phone="0912345678")
        == "REQUIRED"
    )
    assert code_of(services.invite_member, seller=draft_seller, actor=owner, email=owner.email) == "ALREADY_MEMBER"
    assert not SellerInvitation.objects.exists()


def test_only_the_owner_invites(draft_seller):
    staff = SellerMemberFactory(seller=draft_seller, role=SellerRole.STAFF).user
    invite = services.invite_member
    assert code_of(invite, seller=draft_seller, actor=staff, email="x@example.vn") == "PERMISSION_DENIED"
    assert code_of(invite, seller=draft_seller, actor=UserFactory(), email="x@example.vn") == "NOT_FOUND"


def test_an_email_invitation_is_for_that_email_only(draft_seller, owner):
    invitation = services.invite_member(seller=draft_seller, actor=owner, email="lan@example.vn")
    code = code_of(services.accept_invitation, token=invitation.token, user=UserFactory(email="ke.la@example.vn"))
    assert code == "INVITATION_CONTACT_MISMATCH"
    assert not SellerMember.objects.filter(seller=draft_seller, role=SellerRole.STAFF).exists()


def test_expired_and_revoked_invitations_do_not_work(draft_seller, owner):
    expired = services.invite_member(seller=draft_seller, actor=owner, email="cham@example.vn")
    SellerInvitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    user = UserFactory(email="cham@example.vn")
    assert code_of(services.accept_invitation, token=expired.token, user=user) == "INVALID_INVITATION"
    revoked = services.invite_member(seller=draft_seller, actor=owner, email="cham@example.vn")  # renewed
    services.revoke_invitation(invitation=revoked, actor=owner)
    assert code_of(services.accept_invitation, token=revoked.token, user=user) == "INVALID_INVITATION"
    assert code_of(services.accept_invitation, token="doan-bua", user=user) == "INVALID_INVITATION"
    assert SellerMember.objects.filter(seller=draft_seller).count() == 1


def test_a_seller_always_keeps_an_owner(draft_seller, owner):
    staff = SellerMemberFactory(seller=draft_seller, role=SellerRole.STAFF).user
    assert code_of(services.remove_member, seller=draft_seller, actor=owner, user=owner) == "LAST_OWNER"
    assert (
        code_of(services.set_member_role, seller=draft_seller, actor=owner, user=owner, role=SellerRole.STAFF)
        == "LAST_OWNER"
    )
    assert code_of(services.remove_member, seller=draft_seller, actor=staff, user=owner) == "PERMISSION_DENIED"
    services.set_member_role(seller=draft_seller, actor=owner, user=staff, role=SellerRole.OWNER)
    services.remove_member(seller=draft_seller, actor=staff, user=owner)
    assert list(SellerMember.objects.filter(seller=draft_seller).values_list("user", "role")) == [
        (staff.pk, SellerRole.OWNER)
    ]


def test_a_staff_member_may_leave(draft_seller):
    staff = SellerMemberFactory(seller=draft_seller, role=SellerRole.STAFF).user
    services.remove_member(seller=draft_seller, actor=staff, user=staff)
    assert not SellerMember.objects.filter(seller=draft_seller, user=staff).exists()


def test_a_cooperative_lists_its_member_producers(draft_seller, owner):
    producer = services.add_producer_member(
        seller=draft_seller,
        actor=owner,
        name="  Hộ ông  Lường Văn Tám ",
        phone="0987 654 321",
        commune=commune_of("19"),
        notes="2 ha chè Kim Tuyên",
    )
    assert (producer.name, producer.phone) == ("Hộ ông Lường Văn Tám", "+84987654321")
    services.update_producer_member(producer=producer, actor=owner, name="Hộ ông Lường Văn Tám", phone="")
    producer.refresh_from_db()
    assert producer.phone == "" and producer.commune is None
    assert code_of(services.add_producer_member, seller=draft_seller, actor=owner, name=" ") == "REQUIRED"
    assert code_of(services.add_producer_member, seller=draft_seller, actor=UserFactory(), name="X") == "NOT_FOUND"
    services.remove_producer_member(producer=producer, actor=owner)
    assert not ProducerMember.objects.exists()


def test_only_cooperatives_have_producers(owner):
    household = services.register_seller(user=owner, name="Hộ bà Sáu", kind=SellerKind.HOUSEHOLD)
    code = code_of(services.add_producer_member, seller=household, actor=owner, name="Con gái bà Sáu")
    assert code == "NOT_A_COOPERATIVE"
