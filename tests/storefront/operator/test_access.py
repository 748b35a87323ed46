"""Who may open the operators' pages: operators only. Anyone not signed in is
sent to sign in; shoppers, sellers and their staff get the ordinary 404 page,
as if the pages did not exist."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.seller.models import SellerDocument, SellerStatus, SellerTransition
from tests.storefront.operator.conftest import signed_in

pytestmark = pytest.mark.django_db

NON_OPERATORS = ["shopper", "owner", "seller_staff"]


@pytest.fixture
def pages(submitted_seller) -> list[str]:
    document = SellerDocument.objects.filter(seller=submitted_seller).first()
    return [
        "/quan-ly/",
        "/quan-ly/ho-so/",
        "/quan-ly/ho-so/?status=submitted",
        f"/quan-ly/ho-so/{submitted_seller.pk}/",
        "/quan-ly/nguoi-ban/",
        f"/quan-ly/tai-lieu/{document.pk}/",
    ]


def test_operator_opens_every_page_uncached(operator_client, pages):
    for url in pages:
        response = operator_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_anonymous_is_sent_to_sign_in_and_back(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/dang-nhap/?next=" + url.replace("?", "%3F").replace("=", "%3D"), url


@pytest.mark.parametrize("who", NON_OPERATORS)
def test_signed_in_non_operators_get_not_found(request, pages, who):
    client = signed_in(request.getfixturevalue(who))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 404, (who, url)
        assert "Không tìm thấy trang này" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", *NON_OPERATORS])
def test_non_operators_cannot_decide(request, submitted_seller, who):
    client = Client() if who == "anonymous" else signed_in(request.getfixturevalue(who))
    response = client.post(f"/quan-ly/ho-so/{submitted_seller.pk}/", {"action": "start_review"})
    assert response.status_code in (302, 404)
    submitted_seller.refresh_from_db()
    assert submitted_seller.status == SellerStatus.SUBMITTED
    assert not SellerTransition.objects.filter(seller=submitted_seller, action="start_review").exists()


def test_an_inactive_operator_is_treated_as_signed_out(operator, pages):
    client = signed_in(operator)
    operator.is_active = False
    operator.save()
    assert client.get(pages[0]).status_code == 302


def test_a_decision_without_the_csrf_token_is_refused(operator, submitted_seller):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    response = client.post(f"/quan-ly/ho-so/{submitted_seller.pk}/", {"action": "start_review"})
    assert response.status_code == 403
    submitted_seller.refresh_from_db()
    assert submitted_seller.status == SellerStatus.SUBMITTED


def test_the_decision_forms_carry_the_csrf_token(operator_client, submitted_seller):
    html = operator_client.get(f"/quan-ly/ho-so/{submitted_seller.pk}/").content.decode()
    assert html.count('<form method="post"') == html.count('name="csrfmiddlewaretoken"')
