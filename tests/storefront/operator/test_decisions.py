"""Operators' decisions on an application, taken through the page: each is
recorded with its reason, tells the seller by email once committed, and an
illegal one changes nothing."""

from __future__ import annotations

import pytest

from marketplace.product.selectors import visible_products
from marketplace.seller.models import (
    SellerAction,
    SellerDocument,
    SellerDocumentKind,
    SellerDocumentStatus,
    SellerRole,
    SellerStatus,
    SellerTransition,
)
from marketplace.seller.selectors import onboarding_checklist, seller_notice
from tests.factories import OperatorFactory, ProductFactory, SellerFactory, SellerMemberFactory, publish
from tests.storefront.operator.conftest import signed_in

pytestmark = pytest.mark.django_db


def url(seller) -> str:
    return f"/quan-ly/ho-so/{seller.pk}/"


def last(seller) -> SellerTransition:
    return SellerTransition.objects.filter(seller=seller).order_by("-created_at", "-pk").first()


def status_of(seller) -> str:
    seller.refresh_from_db()
    return seller.status


def test_start_review_from_the_queue(operator_client, operator, submitted_seller):
    response = operator_client.post(url(submitted_seller), {"action": "start_review"}, follow=True)
    assert response.redirect_chain[-1][0] == url(submitted_seller)
    assert "Đã nhận xét duyệt hồ sơ." in response.content.decode()
    assert status_of(submitted_seller) == SellerStatus.IN_REVIEW
    assert last(submitted_seller).actor == operator


def test_approve_records_the_step_and_emails_the_seller(
    operator_client, operator, seller_in_review, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(url(seller_in_review), {"action": "approve", "reason": "Hồ sơ đầy đủ."})
    assert response.status_code == 302
    assert status_of(seller_in_review) == SellerStatus.APPROVED
    step = last(seller_in_review)
    assert (step.action, step.from_status, step.to_status, step.actor, step.reason) == (
        SellerAction.APPROVE,
        SellerStatus.IN_REVIEW,
        SellerStatus.APPROVED,
        operator,
        "Hồ sơ đầy đủ.",
    )
    assert [mail.to for mail in mailoutbox] == [["chu.co.so@example.vn"]]
    assert "được duyệt" in mailoutbox[0].subject
    page = operator_client.get(url(seller_in_review)).content.decode()
    assert "Đã duyệt cơ sở." in page


def test_reject_needs_a_reason_then_records_it(
    operator_client, seller_in_review, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refused = operator_client.post(url(seller_in_review), {"action": "reject", "reason": "   "})
    assert refused.status_code == 400
    assert "Vui lòng ghi rõ lý do." in refused.content.decode()
    assert status_of(seller_in_review) == SellerStatus.IN_REVIEW
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(url(seller_in_review), {"action": "reject", "reason": "Không phải sản phẩm OCOP."})
    assert status_of(seller_in_review) == SellerStatus.REJECTED
    assert last(seller_in_review).reason == "Không phải sản phẩm OCOP."
    assert "không được duyệt" in mailoutbox[0].subject
    assert "Không phải sản phẩm OCOP." in mailoutbox[0].body


def test_request_changes_with_a_reason_per_field_reaches_the_sellers_checklist(
    operator_client, owner, seller_in_review, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            url(seller_in_review),
            {
                "action": "request_changes",
                "reason_phone": "Số điện thoại không liên lạc được.",
                "reason_citizen_id": "Ảnh căn cước bị mờ, chụp lại giúp.",
                "reason_tax_code": "",
                "reason": "Cảm ơn cơ sở.",
            },
        )
    assert response.status_code == 302
    assert status_of(seller_in_review) == SellerStatus.CHANGES_REQUESTED
    step = last(seller_in_review)
    assert step.field_reasons == {
        "phone": "Số điện thoại không liên lạc được.",
        "citizen_id": "Ảnh căn cước bị mờ, chụp lại giúp.",
    }
    assert step.reason == "Cảm ơn cơ sở."
    reasons = {item.key: item.reason_if_changes_requested for item in onboarding_checklist(seller_in_review)}
    assert reasons["phone"] == "Số điện thoại không liên lạc được."
    assert reasons["citizen_id"] == "Ảnh căn cước bị mờ, chụp lại giúp."
    assert reasons["tax_code"] == ""
    dashboard = signed_in(owner).get("/kenh-nguoi-ban/").content.decode()
    assert "Ảnh căn cước bị mờ, chụp lại giúp." in dashboard
    assert "Số điện thoại không liên lạc được." in dashboard
    citizen_id = SellerDocument.objects.get(
        seller=seller_in_review, kind=SellerDocumentKind.CITIZEN_ID, is_current=True
    )
    assert citizen_id.status == SellerDocumentStatus.NEEDS_REPLACEMENT
    assert "Ảnh căn cước bị mờ" in mailoutbox[0].body
    # The trail on the page names each field with its reason.
    page = operator_client.get(url(seller_in_review)).content.decode()
    assert "<strong>Số điện thoại</strong>: Số điện thoại không liên lạc được." in page


def test_request_changes_without_any_reason_is_refused(operator_client, seller_in_review, mailoutbox):
    response = operator_client.post(url(seller_in_review), {"action": "request_changes", "reason_phone": "  "})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng ghi lý do cho ít nhất một mục cần bổ sung." in html
    assert "<details open>" in html  # the form stays open with what was typed
    assert status_of(seller_in_review) == SellerStatus.IN_REVIEW
    assert SellerTransition.objects.filter(seller=seller_in_review).count() == 2


def test_suspend_hides_the_products_and_reinstate_brings_them_back(
    operator_client, approved_seller, channel, mailoutbox, django_capture_on_commit_callbacks
):
    product = publish(ProductFactory(seller=approved_seller), channel)
    assert product in visible_products(channel)

    with django_capture_on_commit_callbacks(execute=True):
        refused = operator_client.post(url(approved_seller), {"action": "suspend", "reason": ""})
    assert refused.status_code == 400 and "Vui lòng ghi rõ lý do." in refused.content.decode()
    assert status_of(approved_seller) == SellerStatus.APPROVED

    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(url(approved_seller), {"action": "suspend", "reason": "Khách phản ánh hàng giả."})
    assert status_of(approved_seller) == SellerStatus.SUSPENDED
    assert product not in visible_products(channel)
    assert seller_notice(approved_seller).reason == "Khách phản ánh hàng giả."

    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(url(approved_seller), {"action": "reinstate", "reason": ""})
    assert status_of(approved_seller) == SellerStatus.APPROVED
    assert product in visible_products(channel)
    assert ["tạm khóa" in mail.subject for mail in mailoutbox] == [True, False]
    assert "mở khóa" in mailoutbox[1].subject


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("approve", {}),
        ("reject", {"reason": "Không đạt."}),
        ("request_changes", {"reason_phone": "Sai số."}),
        ("suspend", {"reason": "Thử khóa."}),
        ("reinstate", {}),
    ],
)
def test_an_action_the_status_does_not_allow_is_refused_in_vietnamese(
    operator_client, submitted_seller, mailoutbox, django_capture_on_commit_callbacks, action, data
):
    """A submitted application must first be taken for review: a decision
    POSTed anyway (the page does not offer it) changes nothing."""
    before = SellerTransition.objects.filter(seller=submitted_seller).count()
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(url(submitted_seller), {"action": action, **data})
    html = response.content.decode()
    assert response.status_code == 409
    assert "khi hồ sơ đang ở trạng thái “Đã gửi”" in html
    assert status_of(submitted_seller) == SellerStatus.SUBMITTED
    assert SellerTransition.objects.filter(seller=submitted_seller).count() == before
    assert mailoutbox == []


def test_an_action_operators_do_not_take_is_refused(operator_client, submitted_seller):
    for action in ["submit", "delete", ""]:
        response = operator_client.post(url(submitted_seller), {"action": action})
        assert response.status_code == 400
        assert "Thao tác không hợp lệ." in response.content.decode()
    assert status_of(submitted_seller) == SellerStatus.SUBMITTED


def test_the_second_of_two_operators_approving_at_once_is_told(seller_in_review, operator_client):
    other = signed_in(OperatorFactory(email="can.bo.2@ocop.example.vn"))
    assert operator_client.post(url(seller_in_review), {"action": "approve"}).status_code == 302
    late = other.post(url(seller_in_review), {"action": "approve"})
    assert late.status_code == 409
    assert "Không thể “Duyệt” khi hồ sơ đang ở trạng thái “Đã duyệt”." in late.content.decode()
    assert SellerTransition.objects.filter(seller=seller_in_review, action=SellerAction.APPROVE).count() == 1


def test_an_operator_who_is_a_member_cannot_decide_on_that_seller(seller_in_review):
    insider = OperatorFactory(email="can.bo.kiem.thanh.vien@ocop.example.vn")
    SellerMemberFactory(seller=seller_in_review, user=insider, role=SellerRole.STAFF)
    client = signed_in(insider)

    page = client.get(url(seller_in_review)).content.decode()
    response = client.post(url(seller_in_review), {"action": "approve"})

    assert "Bạn là thành viên của cơ sở này" in page
    assert response.status_code == 403
    assert "Không thể tự xét duyệt cơ sở mà mình là thành viên." in response.content.decode()
    assert status_of(seller_in_review) == SellerStatus.IN_REVIEW


def test_operator_marks_one_document_for_replacement_with_a_note(operator_client, seller_in_review):
    document = SellerDocument.objects.get(seller=seller_in_review, kind=SellerDocumentKind.CITIZEN_ID, is_current=True)
    refused = operator_client.post(
        url(seller_in_review), {"action": "review_document", "document": document.pk, "verdict": "replace", "note": ""}
    )
    assert refused.status_code == 400
    assert "Vui lòng ghi rõ lý do cần thay giấy tờ." in refused.content.decode()

    operator_client.post(
        url(seller_in_review),
        {"action": "review_document", "document": document.pk, "verdict": "replace", "note": "Hết hạn sử dụng."},
    )
    document.refresh_from_db()
    assert (document.status, document.review_note) == (SellerDocumentStatus.NEEDS_REPLACEMENT, "Hết hạn sử dụng.")

    operator_client.post(
        url(seller_in_review), {"action": "review_document", "document": document.pk, "verdict": "accept"}
    )
    document.refresh_from_db()
    assert document.status == SellerDocumentStatus.ACCEPTED


def test_reviewing_another_sellers_document_through_this_page_is_not_found(operator_client, seller_in_review):
    other = SellerFactory()
    foreign = SellerDocument.objects.create(
        seller=other, kind=SellerDocumentKind.CITIZEN_ID, file="x.png", content_type="image/png", size=1
    )
    response = operator_client.post(
        url(seller_in_review), {"action": "review_document", "document": foreign.pk, "verdict": "accept"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == SellerDocumentStatus.PENDING
