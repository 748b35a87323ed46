"""A seller's team through the API: an owner invites by email, the invited
shopper joins with the link's token, gets the private view, and can leave."""

from __future__ import annotations

import pytest

from marketplace.seller.models import Seller, SellerInvitation, SellerMember
from tests.marketplace.graphql.seller.conftest import global_id

pytestmark = pytest.mark.django_db

INVITE = """
mutation($id: ID!, $email: String) {
  sellerMemberInvite(sellerId: $id, email: $email, role: STAFF) {
    invitation { id email role isOpen url }
    errors { field code message }
  }
}
"""
ACCEPT = """
mutation($token: String!) {
  sellerInvitationAccept(token: $token) { member { role user { email } } seller { name status } errors { code } }
}
"""
REMOVE = """
mutation($id: ID!, $user: ID!) { sellerMemberRemove(sellerId: $id, userId: $user) { errors { code message } } }
"""


def test_an_invited_shopper_joins_sees_the_application_and_leaves(cast):
    seller_id = global_id("Seller", cast.seller_a.pk)
    shopper = cast.users["shopper"]

    invited = cast.owner_a.execute(INVITE, {"id": seller_id, "email": shopper.email})["sellerMemberInvite"]
    token = SellerInvitation.objects.get(email=shopper.email).token
    joined = cast.shopper.execute(ACCEPT, {"token": token})["sellerInvitationAccept"]
    sellers = cast.shopper.execute("{ mySellers { name status } }")["mySellers"]
    left = cast.shopper.execute(REMOVE, {"id": seller_id, "user": global_id("User", shopper.pk)})["sellerMemberRemove"]

    assert invited["errors"] == [] and invited["invitation"]["isOpen"] is True
    assert token in invited["invitation"]["url"]
    assert joined == {
        "member": {"role": "STAFF", "user": {"email": shopper.email}},
        "seller": {"name": "HTX Chè Tân Cương", "status": "DRAFT"},
        "errors": [],
    }
    assert sellers == [{"name": "HTX Chè Tân Cương", "status": "DRAFT"}]
    assert left["errors"] == []
    assert not SellerMember.objects.filter(seller=cast.seller_a, user=shopper).exists()


def test_an_invitation_works_once_and_only_for_its_email(cast):
    cast.owner_a.execute(INVITE, {"id": global_id("Seller", cast.seller_a.pk), "email": "nguoi.khac@example.vn"})
    token = SellerInvitation.objects.get().token

    wrong_person = cast.shopper.execute(ACCEPT, {"token": token})["sellerInvitationAccept"]
    made_up = cast.shopper.execute(ACCEPT, {"token": "khong-co-that"})["sellerInvitationAccept"]

    assert [e["code"] for e in wrong_person["errors"]] == ["INVITATION_CONTACT_MISMATCH"]
    assert [e["code"] for e in made_up["errors"]] == ["INVALID_INVITATION"]
    assert SellerMember.objects.filter(seller=cast.seller_a).count() == 2


def test_the_last_owner_cannot_leave(cast):
    owner = cast.users["owner_a"]

    data = cast.owner_a.execute(
        REMOVE, {"id": global_id("Seller", cast.seller_a.pk), "user": global_id("User", owner.pk)}
    )["sellerMemberRemove"]

    assert [e["code"] for e in data["errors"]] == ["LAST_OWNER"]
    assert data["errors"][0]["message"] == "Cơ sở phải có ít nhất một chủ cơ sở."
    assert SellerMember.objects.filter(seller=cast.seller_a, user=owner).exists()


def test_an_owner_revokes_an_invitation_and_an_outsider_cannot(cast):
    cast.owner_a.execute(INVITE, {"id": global_id("Seller", cast.seller_a.pk), "email": "ban@example.vn"})
    invitation = SellerInvitation.objects.get()
    revoke = "mutation($id: ID!) { sellerInvitationRevoke(id: $id) { invitation { isOpen } errors { code } } }"
    variables = {"id": global_id("SellerInvitation", invitation.pk)}

    outsider = cast.owner_b.execute(revoke, variables)["sellerInvitationRevoke"]
    owner = cast.owner_a.execute(revoke, variables)["sellerInvitationRevoke"]

    assert [e["code"] for e in outsider["errors"]] == ["NOT_FOUND"]
    assert owner == {"invitation": {"isOpen": False}, "errors": []}


def test_registering_a_seller_needs_an_account(cast):
    before = Seller.objects.count()

    data = cast.anonymous.execute(
        'mutation { sellerRegister(input: {name: "Hộ bà Năm", kind: HOUSEHOLD}) { seller { id } errors { code } } }'
    )["sellerRegister"]

    assert data == {"seller": None, "errors": [{"code": "PERMISSION_DENIED"}]}
    assert Seller.objects.count() == before
