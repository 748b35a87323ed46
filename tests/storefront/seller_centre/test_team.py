"""The team through the pages: invitations by email or phone, accepting
one, removing members (owner only), and a cooperative's producers."""

from __future__ import annotations

import re

import pytest

from marketplace.seller import services
from marketplace.seller.models import ProducerMember, SellerInvitation, SellerMember, SellerRole
from tests.factories import UserFactory
from tests.storefront.seller_centre.conftest import client_for, field_errors, flash, form_errors

pytestmark = pytest.mark.django_db
TEAM = "/kenh-nguoi-ban/nhom/"


def test_the_owner_invites_by_email_and_the_invitee_joins(
    seller_a, client_a, mailoutbox, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(TEAM, {"contact": "Moi@Example.vn", "role": "staff"}, follow=True)

    assert "Đã gửi lời mời tới moi@example.vn." in flash(response.content.decode())
    (mail,) = mailoutbox
    link = re.search(r"http://127\.0\.0\.1:8000(/kenh-nguoi-ban/loi-moi/[^/\s]+/)", mail.body).group(1)
    # Not signed in: the page says from whom, and the sign-in comes back here.
    page = client.get(link).content.decode()
    assert "HTX Chè Tân Cương" in page and f'href="/dang-nhap/?next={link}"' in page
    anonymous = client.post(link)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/dang-nhap/?next=")

    invitee = UserFactory(email="moi@example.vn")
    response = client_for(invitee).post(link, follow=True)

    assert SellerMember.objects.get(user=invitee).role == SellerRole.STAFF
    assert "Bạn đã tham gia HTX Chè Tân Cương." in flash(response.content.decode())
    assert client.get(link).status_code == 404  # used


def test_a_phone_invitation_gives_a_link_to_share(seller_a, client_a):
    page = client_a.post(TEAM, {"contact": "0912 345 678", "role": "staff"}, follow=True).content.decode()

    invitation = SellerInvitation.objects.get(seller=seller_a)
    assert invitation.phone == "+84912345678"
    assert f'value="http://127.0.0.1:8000/kenh-nguoi-ban/loi-moi/{invitation.token}/"' in page
    assert "Hãy gửi đường dẫn bên dưới qua tin nhắn SMS hoặc Zalo." in flash(page)[0]


def test_a_bad_contact_is_refused_beside_the_field(seller_a, client_a):
    page = client_a.post(TEAM, {"contact": "123", "role": "staff"}).content.decode()

    assert field_errors(page, "contact") == ["Số điện thoại không hợp lệ."]
    assert not SellerInvitation.objects.exists()


def test_staff_cannot_invite_or_remove(seller_a, staff_a, owner_a):
    client = client_for(staff_a)
    page = client.get(TEAM).content.decode()
    assert "Chỉ chủ cơ sở mới mời hoặc xóa thành viên được." in page

    page = client.post(TEAM, {"contact": "ai@example.vn", "role": "owner"}).content.decode()
    removed = client.post(f"{TEAM}thanh-vien/{owner_a.pk}/xoa/", follow=True).content.decode()

    assert form_errors(page) == ["Chỉ chủ cơ sở mới được làm việc này."]
    assert "Chỉ chủ cơ sở mới được làm việc này." in flash(removed)
    assert not SellerInvitation.objects.exists()
    assert SellerMember.objects.filter(seller=seller_a).count() == 2


def test_the_owner_revokes_an_invitation_and_removes_a_member(seller_a, owner_a, staff_a, client_a, seller_b, owner_b):
    invitation = services.invite_member(seller=seller_a, actor=owner_a, email="x@example.vn")
    other = services.invite_member(seller=seller_b, actor=owner_b, email="y@example.vn")

    client_a.post(f"{TEAM}loi-moi/{invitation.pk}/thu-hoi/")
    client_a.post(f"{TEAM}thanh-vien/{staff_a.pk}/xoa/")

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not SellerMember.objects.filter(user=staff_a).exists()
    # Seller B's invitation and member are not reachable from seller A's pages.
    assert client_a.post(f"{TEAM}loi-moi/{other.pk}/thu-hoi/").status_code == 404
    assert client_a.post(f"{TEAM}thanh-vien/{owner_b.pk}/xoa/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None and SellerMember.objects.filter(user=owner_b).exists()


def test_an_invitation_for_another_email_or_a_bad_token(seller_a, owner_a, shopper):
    invitation = services.invite_member(seller=seller_a, actor=owner_a, email="dung-nguoi@example.vn")
    url = f"/kenh-nguoi-ban/loi-moi/{invitation.token}/"

    page = client_for(shopper).post(url).content.decode()

    assert "Lời mời này gửi tới dung-nguoi@example.vn; hãy đăng nhập bằng tài khoản có email đó." in page
    assert not SellerMember.objects.filter(user=shopper).exists()
    bad = client_for(shopper).get("/kenh-nguoi-ban/loi-moi/khong-co/")
    assert bad.status_code == 404 and "Lời mời không tồn tại, đã được dùng hoặc đã hết hạn." in bad.content.decode()


def test_a_cooperative_keeps_a_list_of_its_producers(seller_a, client_a, draft_seller, farmer):
    page = client_a.post(
        "/kenh-nguoi-ban/thanh-vien-san-xuat/", {"name": "Hộ ông Tư", "phone": "0912345678"}, follow=True
    ).content.decode()

    producer = ProducerMember.objects.get(seller=seller_a)
    assert "Hộ ông Tư" in page and producer.phone == "+84912345678"
    empty = client_a.post("/kenh-nguoi-ban/thanh-vien-san-xuat/", {"name": " "}).content.decode()
    assert field_errors(empty, "name") == ["Vui lòng nhập tên thành viên."]
    # A household has no producers; another seller cannot remove this one.
    household = client_for(farmer).get("/kenh-nguoi-ban/thanh-vien-san-xuat/").content.decode()
    assert "Chỉ hợp tác xã mới có danh sách thành viên sản xuất." in household
    assert client_for(farmer).post(f"/kenh-nguoi-ban/thanh-vien-san-xuat/{producer.pk}/xoa/").status_code == 404

    client_a.post(f"/kenh-nguoi-ban/thanh-vien-san-xuat/{producer.pk}/xoa/")

    assert not ProducerMember.objects.exists()
