"""Joining as a seller through the pages: sign-up, the dashboard's checklist
and decisions, the profile (province then commune), submitting."""

from __future__ import annotations

import re

import pytest

from marketplace.account.models import User
from marketplace.geography.models import Commune
from marketplace.seller import services
from marketplace.seller.models import Seller, SellerMember, SellerRole, SellerStatus
from tests.factories import SellerMemberFactory, UserFactory, commune_of
from tests.storefront.seller_centre.conftest import client_for, field_errors, flash

pytestmark = pytest.mark.django_db
CENTRE = "/kenh-nguoi-ban/"


def test_a_visitor_signs_up_as_a_seller_on_one_screen(client):
    page = client.get(f"{CENTRE}dang-ky/").content.decode()
    assert 'name="email"' in page and 'name="password"' in page and 'name="kind"' in page

    response = client.post(
        f"{CENTRE}dang-ky/",
        {"email": "Lan@Example.vn", "password": "Che-xanh-2025", "name": "Hộ bà Lan", "kind": "household"},
    )

    assert response.status_code == 302 and response["Location"] == CENTRE
    user = User.objects.get(email="lan@example.vn")
    member = SellerMember.objects.select_related("seller").get(user=user)
    assert (member.role, member.seller.name, member.seller.status) == (SellerRole.OWNER, "Hộ bà Lan", "draft")
    dashboard = client.get(CENTRE).content.decode()  # signed in by the sign-up
    assert "Hộ bà Lan" in dashboard and "Bản nháp" in dashboard
    assert "Đã tạo cơ sở “Hộ bà Lan”. Bước tiếp theo: hoàn thiện hồ sơ." in flash(dashboard)


def test_sign_up_errors_are_vietnamese_and_nothing_is_created(client):
    UserFactory(email="da-co@example.vn")
    data = {"email": "da-co@example.vn", "password": "abc", "name": "", "kind": "farm"}

    page = client.post(f"{CENTRE}dang-ky/", data).content.decode()

    assert field_errors(page, "name") == ["Vui lòng nhập tên cơ sở."]
    assert field_errors(page, "kind") == ["Lựa chọn không hợp lệ, vui lòng chọn lại."]
    data.update(name="HTX Mới", kind="cooperative")
    page = client.post(f"{CENTRE}dang-ky/", data).content.decode()
    assert field_errors(page, "password")[0] == "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."
    data.update(password="Che-xanh-2025")
    page = client.post(f"{CENTRE}dang-ky/", data).content.decode()
    assert field_errors(page, "email") == ["Email này đã được đăng ký. Bạn có thể đăng nhập."]
    assert User.objects.count() == 1 and not Seller.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_signed_in_shopper_gives_only_the_name_and_kind(shopper):
    client = client_for(shopper)
    page = client.get(f"{CENTRE}dang-ky/").content.decode()
    assert 'name="email"' not in page and 'name="name"' in page

    response = client.post(f"{CENTRE}dang-ky/", {"name": "HTX Mật ong", "kind": "cooperative"})

    assert response.status_code == 302
    assert SellerMember.objects.get(user=shopper).seller.name == "HTX Mật ong"


def test_the_dashboard_lists_what_is_missing_and_where_to_fix_it(draft_seller, farmer):
    page = client_for(farmer).get(CENTRE).content.decode()

    assert "Còn 6 mục bắt buộc chưa xong." in page  # 4 profile fields + ID card + household registration
    assert 'href="/kenh-nguoi-ban/ho-so/#id_phone"' in page
    assert 'href="/kenh-nguoi-ban/giay-to/#citizen_id"' in page
    assert 'href="/kenh-nguoi-ban/giay-to/#household_registration"' in page
    assert re.search(r"<button class=\"primary wide\" disabled[^>]*>Gửi hồ sơ xét duyệt</button>", page)


def test_submitting_an_incomplete_application_says_what_is_missing(draft_seller, farmer):
    client = client_for(farmer)

    response = client.post(f"{CENTRE}gui-ho-so/", follow=True)

    (message,) = flash(response.content.decode())
    assert message.startswith("Hồ sơ còn thiếu: Số điện thoại, Tỉnh/thành phố")
    draft_seller.refresh_from_db()
    assert draft_seller.status == SellerStatus.DRAFT


def test_a_complete_application_is_submitted(ready_seller, farmer, mailoutbox, django_capture_on_commit_callbacks):
    client = client_for(farmer)
    page = client.get(CENTRE).content.decode()
    assert "Đã đủ các mục bắt buộc." in page
    assert '<button class="primary wide">Gửi hồ sơ xét duyệt</button>' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{CENTRE}gui-ho-so/", follow=True)

    ready_seller.refresh_from_db()
    assert ready_seller.status == SellerStatus.SUBMITTED
    page = response.content.decode()
    assert "Đã gửi hồ sơ. Ban quản lý sẽ xét duyệt và báo kết quả qua email." in flash(page)
    assert "Hồ sơ đã được gửi và đang chờ xét duyệt." in page
    assert "http://127.0.0.1:8000/kenh-nguoi-ban/" in mailoutbox[0].body  # the email links the dashboard


def test_requested_changes_show_their_reasons_where_the_seller_fixes_them(seller_in_review, farmer, operator):
    services.request_changes(
        seller=seller_in_review,
        actor=operator,
        field_reasons={"phone": "Số này không liên lạc được", "citizen_id": "Ảnh bị mờ"},
        reason="Vui lòng bổ sung",
    )
    client = client_for(farmer)

    dashboard = client.get(CENTRE).content.decode()
    profile = client.get(f"{CENTRE}ho-so/").content.decode()
    documents = client.get(f"{CENTRE}giay-to/").content.decode()

    assert "Cần bổ sung" in dashboard and "Vui lòng bổ sung" in dashboard
    assert "<strong>Số điện thoại:</strong> Số này không liên lạc được" in dashboard
    assert "Ban quản lý yêu cầu: Số này không liên lạc được" in profile
    assert "Cần thay vì: Ảnh bị mờ" in documents


def test_the_profile_without_javascript_asks_the_province_then_the_commune(draft_seller, farmer):
    client = client_for(farmer)
    commune = commune_of("22")

    step = client.post(f"{CENTRE}ho-so/", {"name": "Hộ bà Lan", "province": "22", "choose_province": "1"})

    page = step.content.decode()
    assert f'<option value="{commune.code}">{commune.name}</option>' in page
    assert page.count("<option value=") == 2 + 34 + Commune.objects.filter(province_id="22").count()  # + 2 blanks
    draft_seller.refresh_from_db()
    assert draft_seller.province_id is None  # choosing the province saves nothing

    saved = client.post(
        f"{CENTRE}ho-so/",
        {
            "name": "Hộ bà Lan",
            "phone": "0912 345 678",
            "province": "22",
            "commune": commune.code,
            "street_address": "Thôn 1",
        },
    )

    assert saved.status_code == 302 and saved["Location"] == CENTRE
    draft_seller.refresh_from_db()
    assert (draft_seller.province_id, draft_seller.commune_id, draft_seller.phone) == (
        "22",
        commune.code,
        "+84912345678",
    )


def test_communes_of_a_province_for_the_profile_script(farmer, draft_seller, client):
    response = client_for(farmer).get(f"{CENTRE}xa-phuong/?tinh=22")

    communes = response.json()["communes"]
    assert len(communes) == Commune.objects.filter(province_id="22").count() > 0
    assert {"code": commune_of("22").code, "name": commune_of("22").name} in communes
    assert client_for(farmer).get(f"{CENTRE}xa-phuong/?tinh=abc").status_code == 400
    assert client.get(f"{CENTRE}xa-phuong/?tinh=22").status_code == 302  # signed-in only


def test_profile_errors_are_shown_beside_their_fields_and_nothing_changes(draft_seller, farmer):
    page = (
        client_for(farmer)
        .post(
            f"{CENTRE}ho-so/",
            {"name": "Hộ bà Lan", "phone": "123", "email": "khong-phai-email", "tax_code": "12", "province": "22"},
        )
        .content.decode()
    )

    assert field_errors(page, "phone") == ["Số điện thoại không hợp lệ."]
    assert field_errors(page, "email") == ["Email không hợp lệ."]
    assert field_errors(page, "tax_code")[0].startswith("Mã số thuế gồm 10 chữ số")
    draft_seller.refresh_from_db()
    assert (draft_seller.phone, draft_seller.province_id) == ("", None)


def test_a_commune_of_another_province_is_refused(draft_seller, farmer):
    page = (
        client_for(farmer)
        .post(f"{CENTRE}ho-so/", {"name": "Hộ bà Lan", "province": "22", "commune": commune_of("19").code})
        .content.decode()
    )
    assert field_errors(page, "commune") == ["Xã/phường này không thuộc tỉnh đã chọn; vui lòng chọn lại."]


def test_the_profile_is_locked_while_under_review(seller_in_review, farmer):
    client = client_for(farmer)
    page = client.get(f"{CENTRE}ho-so/").content.decode()
    assert "Hồ sơ đang được xét duyệt hoặc đã khóa nên tạm thời không sửa được." in page
    assert 'name="phone"' in page and "disabled" in page

    page = client.post(f"{CENTRE}ho-so/", {"name": "Tên khác", "phone": "0987654321"}).content.decode()

    assert "Không thể sửa hồ sơ ở trạng thái hiện tại." in page
    seller_in_review.refresh_from_db()
    assert seller_in_review.name == "Hộ bà Lan"


def test_an_approved_seller_sees_the_new_product_shortcut_and_stats(client_a, product_a):
    page = client_a.get(CENTRE).content.decode()

    assert '<a class="primary wide" href="/kenh-nguoi-ban/san-pham/moi/">Đăng sản phẩm mới</a>' in page
    assert "<strong>1</strong> sản phẩm" in page
    assert "Cơ sở đã được duyệt và có thể đăng bán sản phẩm." in page
    assert "Gửi hồ sơ xét duyệt" not in page


def test_a_suspended_seller_sees_why_on_every_page(seller_a, owner_a, operator, client_a):
    services.suspend_seller(seller=seller_a, actor=operator, reason="Giấy an toàn thực phẩm hết hạn")

    for path in (CENTRE, f"{CENTRE}san-pham/", f"{CENTRE}ho-so/"):
        page = client_a.get(path).content.decode()
        assert "Cơ sở đang bị tạm khóa: sản phẩm không hiển thị trên sàn." in page, path
        assert "Lý do: Giấy an toàn thực phẩm hết hạn" in page, path


def test_a_member_of_two_sellers_switches_between_them(seller_a, owner_a, seller_b):
    SellerMemberFactory(seller=seller_b, user=owner_a, role=SellerRole.STAFF)
    client = client_for(owner_a)
    assert "HTX Chè Tân Cương" in client.get(CENTRE).content.decode()

    client.post(f"{CENTRE}chon-co-so/", {"seller": seller_b.pk})

    page = client.get(CENTRE).content.decode()
    assert '<p class="seller-name">Hộ Mật ong Bắc Kạn</p>' in page
    other = UserFactory(email="khac@example.vn")
    assert client_for(other).post(f"{CENTRE}chon-co-so/", {"seller": seller_b.pk}).status_code == 404
