from __future__ import annotations

import pytest

from marketplace.seller import services
from marketplace.seller.models import Seller, SellerKind, SellerStatus
from tests.factories import OperatorFactory, UserFactory
from tests.marketplace.seller.steps import complete_profile, upload_required_documents


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Documents go to a private folder of the test's own; fast password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def owner(db):
    return UserFactory(email="chu.co.so@example.vn", first_name="Bình", last_name="Trần")


@pytest.fixture
def operator(db):
    return OperatorFactory(email="can.bo@ocop.example.vn")


@pytest.fixture
def draft_seller(owner) -> Seller:
    return services.register_seller(user=owner, name="HTX Chè Tân Cương", kind=SellerKind.COOPERATIVE)


@pytest.fixture
def ready_seller(draft_seller, owner) -> Seller:
    """A draft whose checklist is complete: ready to submit."""
    complete_profile(draft_seller, owner)
    upload_required_documents(draft_seller, owner)
    return draft_seller


@pytest.fixture
def seller_in_review(ready_seller, owner, operator) -> Seller:
    services.submit_application(seller=ready_seller, actor=owner)
    services.start_review(seller=ready_seller, actor=operator)
    assert ready_seller.status == SellerStatus.IN_REVIEW
    return ready_seller
