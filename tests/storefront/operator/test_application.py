"""One seller's application as the operator reads it: the data beside the
documents, only the decisions its status allows, and the audit trail."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from marketplace.seller import services
from marketplace.seller.models import SellerDocument, SellerDocumentKind, SellerKind
from tests.marketplace.seller.files import png_bytes, upload
from tests.marketplace.seller.steps import complete_profile, upload_required_documents

pytestmark = pytest.mark.django_db


def page(client, seller) -> str:
    response = client.get(f"/quan-ly/ho-so/{seller.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def offered_actions(html: str) -> list[str]:
    decisions = html.split('id="h-decide"')[1].split('id="h-trail"')[0]
    return re.findall(r'<input type="hidden" name="action" value="([a-z_]+)">', decisions)


def test_profile_and_documents_side_by_side(operator_client, submitted_seller):
    html = page(operator_client, submitted_seller)
    data, viewer = html.split('<section class="viewer')
    assert "HTX Chè Tân Cương" in data and "Hợp tác xã" in data
    assert "+84912345678" in data or "0912 345 678" in data
    assert "Xóm Hồng Thái 2" in data and "Tỉnh Thái Nguyên" in data and "4600123456" in data
    assert "chu.co.so@example.vn" in data and "Chủ cơ sở" in data
    assert "Căn cước công dân của người đại diện" in viewer
    assert "Giấy chứng nhận đăng ký doanh nghiệp/hợp tác xã" in viewer
    assert "Chờ kiểm tra" in viewer
    assert re.search(r"chờ (dưới 1 giờ|\d+ giờ)", data)


def test_documents_expired_or_expiring_within_30_days_are_flagged(operator_client, owner, draft_seller):
    today = timezone.localdate()
    for kind, days in [
        (SellerDocumentKind.OCOP_CERTIFICATE, 10),
        (SellerDocumentKind.FOOD_SAFETY_CERTIFICATE, 200),
        (SellerDocumentKind.CITIZEN_ID, 5),
    ]:
        services.upload_seller_document(
            seller=draft_seller,
            actor=owner,
            kind=kind,
            upload=upload(png_bytes(), "giay.png"),
            expires_on=today + datetime.timedelta(days=days),
        )
    SellerDocument.objects.filter(kind=SellerDocumentKind.CITIZEN_ID).update(
        expires_on=today - datetime.timedelta(days=1)
    )
    html = page(operator_client, draft_seller)
    assert '<span class="badge exp-soon">Sắp hết hạn: còn 10 ngày</span>' in html
    assert '<span class="badge exp-expired">Đã hết hạn</span>' in html
    assert '<span class="badge">Còn hiệu lực</span>' in html
    # The cooperative has not sent its registration yet.
    assert "Chưa nộp: Giấy chứng nhận đăng ký doanh nghiệp/hợp tác xã" in html


@pytest.mark.parametrize(
    ("fixture", "actions"),
    [
        ("draft_seller", []),
        ("submitted_seller", ["start_review"]),
        ("seller_in_review", ["request_changes", "approve", "reject"]),
        ("approved_seller", ["suspend"]),
    ],
)
def test_only_the_decisions_the_status_allows_are_offered(request, operator_client, fixture, actions):
    seller = request.getfixturevalue(fixture)
    html = page(operator_client, seller)
    assert offered_actions(html) == actions
    if not actions:
        assert "Không có quyết định nào cho hồ sơ ở trạng thái này." in html


def test_a_suspended_seller_can_be_reinstated(operator_client, operator, approved_seller):
    services.suspend_seller(seller=approved_seller, actor=operator, reason="Kiểm tra chất lượng.")
    assert offered_actions(page(operator_client, approved_seller)) == ["reinstate"]


def test_request_changes_offers_a_box_per_field_and_document(operator_client, seller_in_review):
    html = page(operator_client, seller_in_review)
    for name in ["reason_name", "reason_phone", "reason_tax_code", "reason_producers", "reason_citizen_id"]:
        assert f'name="{name}"' in html
    assert 'name="reason_business_registration"' in html
    # A cooperative has no household registration to fix.
    assert 'name="reason_household_registration"' not in html


def test_a_household_is_not_asked_about_producers(operator_client, owner, operator):
    seller = services.register_seller(user=owner, name="Hộ ông Sáu", kind=SellerKind.HOUSEHOLD)
    complete_profile(seller, owner)
    upload_required_documents(seller, owner)
    services.submit_application(seller=seller, actor=owner)
    services.start_review(seller=seller, actor=operator)
    html = page(operator_client, seller)
    assert 'name="reason_producers"' not in html
    assert 'name="reason_household_registration"' in html
    assert 'name="reason_business_registration"' not in html


def test_the_audit_trail_is_newest_first_with_who_and_why(operator_client, operator, seller_in_review):
    services.request_changes(
        seller=seller_in_review, actor=operator, field_reasons={"tax_code": "Mã số thuế sai."}, reason="Sửa giúp."
    )
    html = page(operator_client, seller_in_review)
    trail = html.split('id="h-trail"')[1]
    steps = re.findall(r"<strong>([^<]+)</strong>: ([^<]+?) → ([^<\n]+)", trail)
    assert steps == [
        ("Yêu cầu bổ sung", "Đang xét duyệt", "Cần bổ sung"),
        ("Bắt đầu xét duyệt", "Đã gửi", "Đang xét duyệt"),
        ("Gửi hồ sơ", "Bản nháp", "Đã gửi"),
    ]
    assert "can.bo@ocop.example.vn" in trail and "chu.co.so@example.vn" in trail
    assert "Lý do: Sửa giúp." in trail
    assert "<strong>Mã số thuế</strong>: Mã số thuế sai." in trail


def test_unknown_seller_is_not_found(operator_client):
    assert operator_client.get("/quan-ly/ho-so/999999/").status_code == 404


def add_history(seller, owner, operator, rounds: int) -> None:
    """``rounds`` of changes requested and resubmitted, each replacing a document."""
    for n in range(rounds):
        services.request_changes(seller=seller, actor=operator, field_reasons={"citizen_id": f"Lần {n}"})
        services.upload_seller_document(
            seller=seller, actor=owner, kind=SellerDocumentKind.CITIZEN_ID, upload=upload(png_bytes(), "cccd.png")
        )
        services.submit_application(seller=seller, actor=owner)
        services.start_review(seller=seller, actor=operator)


@pytest.mark.parametrize("rounds", [0, 5])
def test_the_application_page_takes_a_fixed_number_of_queries(
    operator_client, owner, operator, seller_in_review, django_assert_num_queries, rounds
):
    add_history(seller_in_review, owner, operator, rounds)
    # session, user, seller, members, documents, transitions, producers
    with django_assert_num_queries(7):
        html = page(operator_client, seller_in_review)
    assert html.count("<strong>Gửi hồ sơ</strong>") == rounds + 1
