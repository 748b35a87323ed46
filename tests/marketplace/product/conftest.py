from __future__ import annotations

import pytest

from marketplace.product.models import Category
from marketplace.seller.models import SellerRole, SellerStatus
from tests.factories import (
    CategoryFactory,
    OperatorFactory,
    SellerFactory,
    SellerMemberFactory,
    UserFactory,
)


@pytest.fixture
def owner(db):
    return UserFactory(email="chu.htx@example.vn")


@pytest.fixture
def staff(db):
    return UserFactory(email="nhan.vien@example.vn")


@pytest.fixture
def seller(channel, owner, staff):
    """An approved cooperative with an owner and a staff member (and the default channel)."""
    seller = SellerFactory(name="HTX Chè Tân Cương", slug="htx-che-tan-cuong", status=SellerStatus.APPROVED)
    SellerMemberFactory(seller=seller, user=owner, role=SellerRole.OWNER)
    SellerMemberFactory(seller=seller, user=staff, role=SellerRole.STAFF)
    return seller


@pytest.fixture
def other_owner(db):
    return UserFactory(email="chu.khac@example.vn")


@pytest.fixture
def other_seller(channel, other_owner):
    seller = SellerFactory(name="Hộ Nguyễn Văn B", slug="ho-nguyen-van-b", status=SellerStatus.APPROVED)
    SellerMemberFactory(seller=seller, user=other_owner, role=SellerRole.OWNER)
    return seller


@pytest.fixture
def operator(db):
    return OperatorFactory(email="can.bo@ocop.example.vn")


@pytest.fixture
def shopper(db):
    return UserFactory(email="khach@example.vn")


@pytest.fixture
def category(db) -> Category:
    return CategoryFactory(name="Chè và trà", slug="che-va-tra")
