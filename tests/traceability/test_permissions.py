"""A seller's members reach its batches, jobs, events and stamps; another
seller (or anyone else) is told they do not exist."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import OperatorFactory, SellerMemberFactory, UserFactory
from traceability import permissions, services
from traceability.errors import TraceError
from traceability.models import EpcisEvent, EventKind, Stamp


@pytest.fixture
def records(seller, owner, batch, printed_stamps):
    event = services.record_event(batch=batch, actor=owner, kind=EventKind.HARVEST)
    return {"batch": batch, "job": printed_stamps[0].job, "event": event, "stamps": printed_stamps}


def test_members_reach_their_sellers_records(seller, owner, records):
    staff = UserFactory()
    SellerMemberFactory(seller=seller, user=staff, role="staff")
    for user in (owner, staff):
        assert permissions.get_batch_for_user(user=user, batch_id=records["batch"].pk) == records["batch"]
        assert permissions.get_batch_for_user(user=user, batch_id=str(records["batch"].pk)) == records["batch"]
        assert permissions.get_batch_by_lot_for_user(user=user, lot_code="LOT-2025-01") == records["batch"]
        assert permissions.get_stamp_job_for_user(user=user, job_id=records["job"].pk) == records["job"]
        assert permissions.get_event_for_user(user=user, event_id=records["event"].pk) == records["event"]
        serials = [s.serial for s in records["stamps"][:3]]
        assert set(permissions.get_stamps_for_user(user=user, serials=serials)) == set(records["stamps"][:3])
        ids = [s.pk for s in records["stamps"]]
        assert permissions.get_stamps_for_user(user=user, seller_id=seller.pk, stamp_ids=ids).count() == 10
        assert list(permissions.batches_for_user(user)) == [records["batch"]]


@pytest.mark.parametrize("who", ["other_seller", "anonymous", "operator", "inactive_member"])
def test_everyone_else_is_told_not_found(seller, records, other_owner, other_seller, who):
    if who == "other_seller":
        user = other_owner
    elif who == "anonymous":
        user = AnonymousUser()
    elif who == "operator":
        user = OperatorFactory()
    else:
        user = UserFactory(is_active=False)
        SellerMemberFactory(seller=seller, user=user)
    fetches = [
        lambda: permissions.get_batch_for_user(user=user, batch_id=records["batch"].pk),
        lambda: permissions.get_batch_by_lot_for_user(user=user, lot_code="LOT-2025-01"),
        lambda: permissions.get_stamp_job_for_user(user=user, job_id=records["job"].pk),
        lambda: permissions.get_event_for_user(user=user, event_id=records["event"].pk),
        lambda: permissions.get_stamps_for_user(user=user, serials=[records["stamps"][0].serial]),
        lambda: permissions.get_stamps_for_user(user=user, stamp_ids=[records["stamps"][0].pk]),
        lambda: permissions.get_stamps_for_user(user=user, seller_id=seller.pk),
    ]
    for fetch in fetches:
        with pytest.raises(TraceError) as err:
            fetch()
        assert err.value.code == "NOT_FOUND"
    assert not permissions.batches_for_user(user).exists()


def test_ids_that_are_not_ids_are_not_found(owner, records):
    for bad in (None, "", "abc", -1, 0, True, 2**70, "1; drop table"):
        with pytest.raises(TraceError):
            permissions.get_batch_for_user(user=owner, batch_id=bad)


def test_one_foreign_stamp_in_a_list_fails_the_whole_list(owner, records, other_seller, other_owner, generate):
    from tests.factories import ProductFactory, ProductVariantFactory

    foreign_variant = ProductVariantFactory(product=ProductFactory(seller=other_seller))
    foreign = Stamp.objects.get(job=generate(other_seller, other_owner, foreign_variant, 1))
    with pytest.raises(TraceError) as err:
        permissions.get_stamps_for_user(user=owner, serials=[records["stamps"][0].serial, foreign.serial])
    assert err.value.details["serials"] == [foreign.serial]
    with pytest.raises(TraceError):
        permissions.get_stamps_for_user(user=owner, stamp_ids=[records["stamps"][0].pk, foreign.pk])


def test_operators_read_any_batch_through_their_own_fetcher(records, owner):
    operator = OperatorFactory()
    assert permissions.get_batch_for_operator(user=operator, batch_id=records["batch"].pk) == records["batch"]
    with pytest.raises(TraceError):
        permissions.get_batch_for_operator(user=owner, batch_id=records["batch"].pk)


def test_another_seller_cannot_record_events_or_recall(records, other_owner):
    with pytest.raises(TraceError) as err:
        services.record_event(batch=records["batch"], actor=other_owner, kind=EventKind.PACKING)
    assert err.value.code == "NOT_FOUND"
    with pytest.raises(TraceError) as err:
        services.update_batch(batch=records["batch"], actor=other_owner, notes="x")
    assert err.value.code == "NOT_FOUND"
    assert EpcisEvent.objects.filter(kind=EventKind.PACKING).count() == 0
