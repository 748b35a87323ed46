"""The operator home: what is waiting, in figures, with links."""

from __future__ import annotations

import pytest

from marketplace.product.models import ProductStatus
from marketplace.seller.models import SellerStatus
from tests.factories import ProductFactory, SellerFactory
from tests.storefront.operator.conftest import waiting_seller

pytestmark = pytest.mark.django_db


def figure(html: str, label: str) -> str:
    before = html.split(label)[0]
    return before.rsplit("<strong>", 1)[1].split("</strong>")[0]


def test_home_counts_what_waits_for_operators(operator_client):
    waiting_seller("Chờ một", days=1)
    waiting_seller("Chờ hai", days=2, status=SellerStatus.IN_REVIEW)
    SellerFactory(status=SellerStatus.SUSPENDED)
    SellerFactory(status=SellerStatus.APPROVED)
    ProductFactory(status=ProductStatus.UNLISTED_BY_OPERATOR)
    ProductFactory()

    html = operator_client.get("/quan-ly/").content.decode()

    assert figure(html, "hồ sơ đang chờ xét duyệt") == "2"
    assert figure(html, "cơ sở bị tạm khóa") == "1"
    assert figure(html, "sản phẩm bị gỡ") == "1"
    assert 'href="/quan-ly/ho-so/"' in html and 'href="/quan-ly/san-pham/?status=unlisted"' in html
    assert 'href="/admin/"' in html


def test_home_in_english(operator_client):
    operator_client.cookies["django_language"] = "en"
    response = operator_client.get("/quan-ly/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
