"""What operators and members read: the review queue, permission fetchers."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from marketplace.seller import services
from marketplace.seller.errors import SellerError
from marketplace.seller.models import SellerKind, SellerRole, SellerStatus, SellerTransition
from marketplace.seller.permissions import get_seller_for_operator, get_seller_for_user, is_operator
from marketplace.seller.selectors import review_queue, seller_notice
from tests.factories import OperatorFactory, SellerMemberFactory, UserFactory
from tests.marketplace.seller.steps import complete_profile, upload_required_documents

pytestmark = pytest.mark.django_db


def submitted_seller(name: str, *, days_ago: int):
    owner = UserFactory()
    seller = services.register_seller(user=owner, name=name, kind=SellerKind.COOPERATIVE)
    complete_profile(seller, owner)
    upload_required_documents(seller, owner)
    services.submit_application(seller=seller, actor=owner)
    SellerTransition.objects.filter(seller=seller).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return seller


def read_queue() -> list[tuple[str, int, str | None, list[str], str]]:
    return [
        (s.name, s.submission_count, s.reviewer_email, [d.kind for d in s.current_documents], s.commune.name)
        for s in review_queue()
    ]


def test_the_queue_shows_the_longest_waiting_first(operator):
    newer = submitted_seller("HTX Mới", days_ago=1)
    older = submitted_seller("HTX Cũ", days_ago=5)
    approved = submitted_seller("HTX Đã duyệt", days_ago=9)
    services.start_review(seller=approved, actor=operator)
    services.approve_seller(seller=approved, actor=operator)
    services.start_review(seller=newer, actor=operator)

    queue = list(review_queue())
    assert [s.name for s in queue] == ["HTX Cũ", "HTX Mới"]
    assert queue[0].submitted_at < queue[1].submitted_at
    assert queue[0].pk == older.pk and queue[1].status == SellerStatus.IN_REVIEW
    assert queue[1].reviewer_email == operator.email
    assert queue[0].reviewer_email is None
    assert [d.kind for d in queue[0].current_documents] == ["business_registration", "citizen_id"]


def test_the_queue_costs_the_same_queries_whatever_its_length(django_assert_num_queries):
    submitted_seller("HTX 1", days_ago=2)
    with django_assert_num_queries(2):
        short = read_queue()
    for i in range(5):
        submitted_seller(f"HTX thêm {i}", days_ago=1)
    with django_assert_num_queries(2):
        long = read_queue()
    assert len(short) == 1 and len(long) == 6


def test_a_user_fetches_only_their_own_seller(draft_seller, owner, operator):
    assert get_seller_for_user(user=owner) == draft_seller
    assert get_seller_for_user(user=owner, seller_id=draft_seller.pk, roles=[SellerRole.OWNER]) == draft_seller
    staff = SellerMemberFactory(seller=draft_seller, role=SellerRole.STAFF).user
    assert get_seller_for_user(user=staff, seller_id=draft_seller.pk) == draft_seller
    for user, roles in [(staff, [SellerRole.OWNER]), (UserFactory(), None), (operator, None), (None, None)]:
        with pytest.raises(SellerError) as excinfo:
            get_seller_for_user(user=user, seller_id=draft_seller.pk, **({"roles": roles} if roles else {}))
        assert excinfo.value.code == "NOT_FOUND"  # the same answer as for an id that does not exist
    with pytest.raises(SellerError) as excinfo:
        get_seller_for_user(user=owner, seller_id=draft_seller.pk + 1000)
    assert excinfo.value.code == "NOT_FOUND"


def test_operators_fetch_any_seller(draft_seller, owner, operator):
    assert is_operator(operator) and not is_operator(owner) and not is_operator(None)
    assert not is_operator(OperatorFactory(is_active=False))
    assert get_seller_for_operator(user=operator, seller_id=draft_seller.pk) == draft_seller
    with pytest.raises(SellerError) as excinfo:
        get_seller_for_operator(user=owner, seller_id=draft_seller.pk)
    assert excinfo.value.code == "NOT_FOUND"


def test_the_dashboard_notice_follows_the_status(draft_seller):
    notice = seller_notice(draft_seller)
    assert notice.status == SellerStatus.DRAFT and notice.decided_at is None
    assert "gửi" in notice.message
