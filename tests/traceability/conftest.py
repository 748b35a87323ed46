"""Fixtures of the traceability tests: a cooperative with an owner, one of its
variants, a batch, and helpers that generate and print stamps."""

from __future__ import annotations

import pytest

from tests.factories import ProductFactory, ProductVariantFactory, SellerFactory, SellerMemberFactory, UserFactory
from tests.traceability.helpers import make_batch
from traceability import services
from traceability.models import Stamp, StampJob


@pytest.fixture
def owner(db):
    return UserFactory()


@pytest.fixture
def seller(owner):
    cooperative = SellerFactory(name="HTX Chè Tân Cương", street_address="Xóm Nam Thái")
    SellerMemberFactory(seller=cooperative, user=owner)
    return cooperative


@pytest.fixture
def variant(seller):
    product = ProductFactory(seller=seller, name="Chè búp Tân Cương đặc biệt")
    return ProductVariantFactory(product=product, name="Gói 200 g")


@pytest.fixture
def other_owner(db):
    return UserFactory()


@pytest.fixture
def other_seller(other_owner):
    rival = SellerFactory(name="HTX Nước mắm Cái Rồng")
    SellerMemberFactory(seller=rival, user=other_owner)
    return rival


@pytest.fixture
def batch(seller, owner, variant):
    return make_batch(seller, owner, variant)


@pytest.fixture
def generate(django_capture_on_commit_callbacks):
    """generate(seller, actor, variant, count, batch=None) -> the finished job:
    requests stamps and runs the background task as the commit would."""

    def run(seller, actor, variant, count, batch=None) -> StampJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.request_stamps(seller=seller, actor=actor, variant=variant, count=count, batch=batch)
        job.refresh_from_db()
        return job

    return run


@pytest.fixture
def printed_stamps(seller, owner, variant, batch, generate):
    """Ten stamps generated for ``batch`` and printed."""
    job = generate(seller, owner, variant, 10, batch=batch)
    services.claim_stamps_for_printing(seller=seller, actor=owner, count=10, job=job)
    return list(Stamp.objects.filter(job=job).order_by("pk"))
