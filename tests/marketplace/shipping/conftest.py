from __future__ import annotations

import pytest

from tests.factories import SellerFactory, SellerMemberFactory, UserFactory


@pytest.fixture
def owner(db):
    return UserFactory(email="chu.vuon@example.vn")


@pytest.fixture
def seller(owner):
    """An approved cooperative in Thái Nguyên ("19") with ``owner`` as its owner."""
    member = SellerMemberFactory(user=owner, seller=SellerFactory(name="HTX Chè La Bằng", slug="htx-che-la-bang"))
    return member.seller
