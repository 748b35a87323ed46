"""The onboarding workflow, through the services the seller centre and the
operators' pages call."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from marketplace.product.cache import catalog_generation
from marketplace.product.selectors import visible_products
from marketplace.seller import services
from marketplace.seller.errors import SellerError
from marketplace.seller.models import (
    Seller,
    SellerAction,
    SellerDocument,
    SellerDocumentKind,
    SellerDocumentStatus,
    SellerKind,
    SellerMember,
    SellerRole,
    SellerStatus,
    SellerTransition,
)
from marketplace.seller.selectors import onboarding_checklist, seller_notice
from tests.factories import OperatorFactory, ProductFactory, SellerFactory, SellerMemberFactory, UserFactory, publish
from tests.marketplace.seller.steps import complete_profile, upload_required_documents

pytestmark = pytest.mark.django_db


def transitions(seller: Seller) -> list[tuple[str, str, str]]:
    return list(
        SellerTransition.objects.filter(seller=seller)
        .order_by("created_at", "pk")
        .values_list("action", "from_status", "to_status")
    )


def test_registration_creates_a_draft_owned_by_the_user(owner):
    seller = services.register_seller(user=owner, name="Hộ Bà Năm – Mắm tôm Đồng Hới", kind=SellerKind.HOUSEHOLD)
    assert seller.status == SellerStatus.DRAFT
    assert seller.slug == "ho-ba-nam-mam-tom-dong-hoi"
    assert SellerMember.objects.get(seller=seller).role == SellerRole.OWNER
    again = services.register_seller(user=owner, name="Hộ bà Năm - mắm tôm Đồng Hới", kind=SellerKind.HOUSEHOLD)
    assert again.slug == "ho-ba-nam-mam-tom-dong-hoi-2"


def test_the_whole_happy_path_is_recorded_step_by_step(
    ready_seller, owner, operator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(seller=ready_seller, actor=owner)
        services.start_review(seller=ready_seller, actor=operator)
        services.approve_seller(seller=ready_seller, actor=operator)
        services.suspend_seller(seller=ready_seller, actor=operator, reason="Sản phẩm bị phản ánh về chất lượng.")
        services.reinstate_seller(seller=ready_seller, actor=operator)

    ready_seller.refresh_from_db()
    assert ready_seller.status == SellerStatus.APPROVED
    assert transitions(ready_seller) == [
        ("submit", "draft", "submitted"),
        ("start_review", "submitted", "in_review"),
        ("approve", "in_review", "approved"),
        ("suspend", "approved", "suspended"),
        ("reinstate", "suspended", "approved"),
    ]
    audit = SellerTransition.objects.filter(seller=ready_seller).order_by("pk")
    assert [t.actor for t in audit] == [owner, operator, operator, operator, operator]
    assert audit[3].reason == "Sản phẩm bị phản ánh về chất lượng."
    assert all(t.created_at for t in audit)
    # Approval accepts the documents that were waiting for review.
    assert set(SellerDocument.objects.filter(seller=ready_seller).values_list("status", flat=True)) == {
        SellerDocumentStatus.ACCEPTED
    }
    # One email per decision (starting a review is not a decision), to the owner.
    assert len(mailoutbox) == 4
    assert all(mail.to == ["chu.co.so@example.vn"] for mail in mailoutbox)
    assert "đã nhận hồ sơ" in mailoutbox[0].subject
    assert "được duyệt" in mailoutbox[1].subject
    assert "Sản phẩm bị phản ánh về chất lượng." in mailoutbox[2].body
    assert "mở khóa" in mailoutbox[3].subject
    assert mailoutbox[1].alternatives and "<html" in mailoutbox[1].alternatives[0][0]


def test_emails_are_sent_only_after_commit(ready_seller, owner, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit_application(seller=ready_seller, actor=owner)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_changes_requested_keeps_a_reason_per_field_and_document(
    seller_in_review, owner, operator, mailoutbox, django_capture_on_commit_callbacks
):
    reasons = {
        "tax_code": "Mã số thuế không khớp với giấy đăng ký.",
        SellerDocumentKind.CITIZEN_ID: "Ảnh căn cước bị mờ, chụp lại rõ hai mặt.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(seller=seller_in_review, actor=operator, field_reasons=reasons)

    seller_in_review.refresh_from_db()
    assert seller_in_review.status == SellerStatus.CHANGES_REQUESTED
    assert SellerTransition.objects.get(action=SellerAction.REQUEST_CHANGES).field_reasons == reasons
    # The checklist shows each reason next to its item; the blurred ID must be replaced.
    items = {item.key: item for item in onboarding_checklist(seller_in_review)}
    assert items["tax_code"].reason_if_changes_requested == reasons["tax_code"]
    assert items["citizen_id"].reason_if_changes_requested == reasons["citizen_id"]
    assert items["citizen_id"].done is False
    citizen_id = SellerDocument.objects.get(seller=seller_in_review, kind="citizen_id", is_current=True)
    assert citizen_id.status == SellerDocumentStatus.NEEDS_REPLACEMENT
    assert citizen_id.review_note == reasons["citizen_id"]
    # The dashboard and the email say the same.
    notice = seller_notice(seller_in_review)
    assert notice.status == SellerStatus.CHANGES_REQUESTED
    assert ("tax_code", "Mã số thuế", reasons["tax_code"]) in notice.field_reasons
    (mail,) = mailoutbox
    assert "Mã số thuế: Mã số thuế không khớp với giấy đăng ký." in mail.body
    assert "Ảnh căn cước bị mờ" in mail.alternatives[0][0]

    # Until the ID is replaced, the seller cannot resubmit.
    with pytest.raises(SellerError) as excinfo:
        services.submit_application(seller=seller_in_review, actor=owner)
    assert excinfo.value.code == "INCOMPLETE_APPLICATION"
    assert excinfo.value.details["missing"] == ["citizen_id"]
    upload_required_documents(seller_in_review, owner)
    services.update_seller_profile(seller=seller_in_review, actor=owner, tax_code="4600123457")
    services.submit_application(seller=seller_in_review, actor=owner)
    assert seller_in_review.status == SellerStatus.SUBMITTED


def test_request_changes_needs_known_keys_and_reasons(seller_in_review, operator):
    for field_reasons, code in [
        ({}, "REASON_REQUIRED"),
        ({"tax_code": "  "}, "REASON_REQUIRED"),
        ({"favourite_colour": "đỏ"}, "INVALID_REVIEW_KEY"),
    ]:
        with pytest.raises(SellerError) as excinfo:
            services.request_changes(seller=seller_in_review, actor=operator, field_reasons=field_reasons)
        assert excinfo.value.code == code
    seller_in_review.refresh_from_db()
    assert seller_in_review.status == SellerStatus.IN_REVIEW


def test_rejection_and_suspension_need_a_reason(
    seller_in_review, operator, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(SellerError) as excinfo:
        services.reject_seller(seller=seller_in_review, actor=operator, reason="   ")
    assert excinfo.value.code == "REASON_REQUIRED"
    assert SellerTransition.objects.filter(seller=seller_in_review).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_seller(seller=seller_in_review, actor=operator, reason="Sản phẩm không thuộc danh mục OCOP.")
    assert seller_in_review.status == SellerStatus.REJECTED
    (mail,) = mailoutbox
    assert "không được duyệt" in mail.subject
    assert "Sản phẩm không thuộc danh mục OCOP." in mail.body
    assert seller_notice(seller_in_review).reason == "Sản phẩm không thuộc danh mục OCOP."


def test_submit_refuses_an_incomplete_application_and_lists_what_is_missing(draft_seller, owner):
    with pytest.raises(SellerError) as excinfo:
        services.submit_application(seller=draft_seller, actor=owner)
    error = excinfo.value
    assert error.code == "INCOMPLETE_APPLICATION"
    assert error.details["missing"] == [
        "phone",
        "province",
        "commune",
        "street_address",
        "tax_code",
        "citizen_id",
        "business_registration",
    ]
    assert "Số điện thoại" in error.message and "Căn cước công dân" in error.message
    draft_seller.refresh_from_db()
    assert draft_seller.status == SellerStatus.DRAFT
    assert not SellerTransition.objects.exists()


def test_household_needs_household_registration_and_no_tax_code(owner):
    seller = services.register_seller(user=owner, name="Hộ ông Tư", kind=SellerKind.HOUSEHOLD)
    required = [item.key for item in onboarding_checklist(seller) if item.required]
    assert "household_registration" in required and "business_registration" not in required
    assert "tax_code" not in required
    optional = [item.key for item in onboarding_checklist(seller) if not item.required]
    assert optional == ["ocop_certificate", "food_safety_certificate"]
    complete_profile(seller, owner)
    upload_required_documents(seller, owner)
    services.submit_application(seller=seller, actor=owner)
    assert seller.status == SellerStatus.SUBMITTED


# --- every illegal transition ---------------------------------------------------

ARGS = {
    SellerAction.REQUEST_CHANGES: {"field_reasons": {"phone": "Số điện thoại không liên lạc được."}},
    SellerAction.REJECT: {"reason": "Không đạt."},
    SellerAction.SUSPEND: {"reason": "Vi phạm."},
}
SERVICES = {
    SellerAction.SUBMIT: services.submit_application,
    SellerAction.START_REVIEW: services.start_review,
    SellerAction.REQUEST_CHANGES: services.request_changes,
    SellerAction.APPROVE: services.approve_seller,
    SellerAction.REJECT: services.reject_seller,
    SellerAction.SUSPEND: services.suspend_seller,
    SellerAction.REINSTATE: services.reinstate_seller,
}
ILLEGAL = [
    (status, action)
    for status in SellerStatus.values
    for action in SellerAction.values
    if status not in services.TRANSITIONS[action].sources
]


def test_the_table_covers_every_action():
    assert set(SERVICES) == set(services.TRANSITIONS) == set(SellerAction.values)
    assert len(ILLEGAL) == 7 * 7 - 8


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_an_illegal_transition_is_refused_and_changes_nothing(status, action, ready_seller, owner, operator):
    Seller.objects.filter(pk=ready_seller.pk).update(status=status)
    ready_seller.refresh_from_db()
    actor = owner if services.TRANSITIONS[action].actor.value == "member" else operator
    with pytest.raises(SellerError) as excinfo:
        SERVICES[action](seller=ready_seller, actor=actor, **ARGS.get(action, {}))
    assert excinfo.value.code == "INVALID_TRANSITION"
    assert str(SellerStatus(status).label) in excinfo.value.message
    ready_seller.refresh_from_db()
    assert ready_seller.status == status
    assert SellerTransition.objects.filter(seller=ready_seller).count() == 0


# --- who may do what -------------------------------------------------------------


def test_a_staff_member_cannot_approve(seller_in_review):
    staff = SellerMemberFactory(seller=seller_in_review, role=SellerRole.STAFF).user
    with pytest.raises(SellerError) as excinfo:
        services.approve_seller(seller=seller_in_review, actor=staff)
    assert excinfo.value.code == "PERMISSION_DENIED"
    seller_in_review.refresh_from_db()
    assert seller_in_review.status == SellerStatus.IN_REVIEW


def test_a_seller_cannot_approve_itself_even_if_its_owner_is_an_operator(seller_in_review, owner):
    with pytest.raises(SellerError) as excinfo:
        services.approve_seller(seller=seller_in_review, actor=owner)
    assert excinfo.value.code == "PERMISSION_DENIED"
    owner.is_staff = True
    owner.save()
    with pytest.raises(SellerError) as excinfo:
        services.approve_seller(seller=seller_in_review, actor=owner)
    assert excinfo.value.code == "PERMISSION_DENIED"
    assert "mình là thành viên" in excinfo.value.message
    seller_in_review.refresh_from_db()
    assert seller_in_review.status == SellerStatus.IN_REVIEW


def test_an_operator_cannot_submit_for_a_seller(ready_seller, operator):
    with pytest.raises(SellerError) as excinfo:
        services.submit_application(seller=ready_seller, actor=operator)
    assert excinfo.value.code == "NOT_FOUND"
    ready_seller.refresh_from_db()
    assert ready_seller.status == SellerStatus.DRAFT


def test_staff_may_submit_and_strangers_may_not(ready_seller):
    stranger = UserFactory()
    with pytest.raises(SellerError) as excinfo:
        services.submit_application(seller=ready_seller, actor=stranger)
    assert excinfo.value.code == "NOT_FOUND"
    staff = SellerMemberFactory(seller=ready_seller, role=SellerRole.STAFF).user
    services.submit_application(seller=ready_seller, actor=staff)
    assert ready_seller.status == SellerStatus.SUBMITTED


def test_an_inactive_operator_cannot_decide(seller_in_review):
    retired = OperatorFactory(is_active=False)
    with pytest.raises(SellerError) as excinfo:
        services.approve_seller(seller=seller_in_review, actor=retired)
    assert excinfo.value.code == "PERMISSION_DENIED"


# --- the shop ------------------------------------------------------------------


def test_suspension_takes_the_products_off_the_shop_at_once(
    seller_in_review, operator, channel, django_capture_on_commit_callbacks
):
    services.approve_seller(seller=seller_in_review, actor=operator)
    product = publish(ProductFactory(seller=seller_in_review), channel)
    other = publish(ProductFactory(seller=SellerFactory()), channel)
    assert set(visible_products(channel)) == {product, other}

    generation = catalog_generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_seller(seller=seller_in_review, actor=operator, reason="Hàng giả mạo nhãn OCOP.")
    assert set(visible_products(channel)) == {other}
    assert catalog_generation() > generation  # cached shop pages expire

    with django_capture_on_commit_callbacks(execute=True):
        services.reinstate_seller(seller=seller_in_review, actor=operator)
    assert set(visible_products(channel)) == {product, other}


def test_only_approved_sellers_publish(seller_in_review, operator, channel):
    from marketplace.product.services import ProductError, update_product_channel_listing

    product = ProductFactory(seller=seller_in_review)
    with pytest.raises(ProductError):
        update_product_channel_listing(product=product, channel=channel, is_published=True)
    services.approve_seller(seller=seller_in_review, actor=operator)
    product.seller.refresh_from_db()
    update_product_channel_listing(product=product, channel=channel, is_published=True)


def test_allowed_actions_follow_the_table():
    assert services.allowed_actions(SellerStatus.IN_REVIEW) == ["request_changes", "approve", "reject"]
    assert services.allowed_actions(SellerStatus.REJECTED) == []


# --- concurrency -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_operators_approving_at_once_record_one_transition(private_media):
    owner = UserFactory()
    first, second = OperatorFactory(), OperatorFactory()
    seller = services.register_seller(user=owner, name="HTX Song song", kind=SellerKind.COOPERATIVE)
    complete_profile(seller, owner)
    upload_required_documents(seller, owner)
    services.submit_application(seller=seller, actor=owner)
    services.start_review(seller=seller, actor=first)

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(actor) -> None:
        try:
            mine = Seller.objects.get(pk=seller.pk)  # each thread its own copy and connection
            barrier.wait(timeout=10)
            services.approve_seller(seller=mine, actor=actor)
            outcomes.append("approved")
        except SellerError as exc:
            outcomes.append(exc.code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=approve, args=(actor,)) for actor in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["INVALID_TRANSITION", "approved"]
    assert SellerTransition.objects.filter(seller=seller, action=SellerAction.APPROVE).count() == 1
    assert Seller.objects.get(pk=seller.pk).status == SellerStatus.APPROVED
