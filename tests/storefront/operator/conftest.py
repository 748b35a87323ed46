"""Fixtures of the operator page tests: the seller onboarding fixtures (imported
from the seller domain tests) and signed-in clients."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.seller import services
from marketplace.seller.models import (
    Seller,
    SellerAction,
    SellerDocument,
    SellerDocumentKind,
    SellerRole,
    SellerStatus,
    SellerTransition,
)
from tests.factories import SellerFactory, SellerMemberFactory, UserFactory, commune_of
from tests.factories import province as tests_province
from tests.marketplace.seller import conftest as seller_fixtures

# The seller domain tests' fixtures, shared rather than copied.
private_media = seller_fixtures.private_media
owner = seller_fixtures.owner
operator = seller_fixtures.operator
draft_seller = seller_fixtures.draft_seller
ready_seller = seller_fixtures.ready_seller
seller_in_review = seller_fixtures.seller_in_review


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def operator_client(operator) -> Client:
    return signed_in(operator)


@pytest.fixture
def submitted_seller(ready_seller, owner) -> Seller:
    services.submit_application(seller=ready_seller, actor=owner)
    return ready_seller


@pytest.fixture
def approved_seller(seller_in_review, operator) -> Seller:
    services.approve_seller(seller=seller_in_review, actor=operator)
    return seller_in_review


@pytest.fixture
def seller_staff(ready_seller):
    """A staff member of the seller (not its owner)."""
    return SellerMemberFactory(
        seller=ready_seller, user=UserFactory(email="nhan.vien@example.vn"), role=SellerRole.STAFF
    ).user


@pytest.fixture
def shopper(db):
    return UserFactory(email="khach.mua@example.vn")


def waiting_seller(
    name: str, *, days: float, status: str = "submitted", province: str = "19", documents: int = 2
) -> Seller:
    """A seller whose application was submitted ``days`` ago and waits in the
    queue, with ``documents`` current documents (rows only: the queue never
    opens the files)."""
    seller = SellerFactory(name=name, status=status, province=tests_province(province), commune=commune_of(province))
    submitted = SellerTransition.objects.create(
        seller=seller, action=SellerAction.SUBMIT, from_status=SellerStatus.DRAFT, to_status=SellerStatus.SUBMITTED
    )
    SellerTransition.objects.filter(pk=submitted.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
    for kind in list(SellerDocumentKind)[:documents]:
        SellerDocument.objects.create(
            seller=seller, kind=kind, file=f"sellers/{seller.pk}/{kind}.png", content_type="image/png", size=100
        )
    return seller
