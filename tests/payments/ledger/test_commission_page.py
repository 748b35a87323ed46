"""The operators' commission page /quan-ly/hoa-hong/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from payments.ledger.models import CommissionRate, LedgerAudit, SellerCommissionOverride
from tests.factories import CategoryFactory

URL = "/quan-ly/hoa-hong/"


@pytest.fixture
def categories(db):
    return [CategoryFactory(name=f"Danh mục {i}", slug=f"dm-{i}") for i in range(5)]


def test_the_url(db):
    assert reverse("operator:commission") == URL


def test_operators_see_rates_in_fixed_queries(client, operator, categories, seller_a, django_assert_num_queries):
    CommissionRate.objects.create(category=categories[0], rate_bps=650)
    SellerCommissionOverride.objects.create(seller=seller_a, category=None, rate_bps=300)
    client.force_login(operator)
    # session + user, categories, overrides, changes, the form's seller and category choices
    with django_assert_num_queries(7):
        response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="6.5"' in page or 'value="6,5"' in page
    assert seller_a.name in page and "Mọi danh mục" in page


def test_an_operator_sets_a_category_rate_and_it_is_audited(client, operator, categories):
    client.force_login(operator)
    response = client.post(URL, {"action": "category", "category": categories[1].pk, "rate": "7,5"})
    assert response.status_code == 302
    assert CommissionRate.objects.get(category=categories[1]).rate_bps == 750
    assert LedgerAudit.objects.get().actor == operator
    client.post(URL, {"action": "category", "category": categories[1].pk, "rate": ""})
    assert not CommissionRate.objects.exists()


def test_an_operator_sets_and_removes_a_seller_rate(client, operator, categories, seller_a):
    client.force_login(operator)
    response = client.post(
        URL, {"action": "override", "seller": seller_a.pk, "category": categories[0].pk, "rate": "2"}
    )
    assert response.status_code == 302
    override = SellerCommissionOverride.objects.get()
    assert (override.seller, override.category, override.rate_bps) == (seller_a, categories[0], 200)
    client.post(URL, {"action": "remove", "override": override.pk})
    assert not SellerCommissionOverride.objects.exists()
    assert LedgerAudit.objects.count() == 2


@pytest.mark.parametrize("rate", ["101", "-1", "abc", "1.234"])
def test_a_bad_rate_is_refused_with_a_message(client, operator, categories, rate):
    client.force_login(operator)
    response = client.post(URL, {"action": "category", "category": categories[0].pk, "rate": rate})
    assert response.status_code == 400
    assert "Chưa lưu" in response.content.decode()
    assert not CommissionRate.objects.exists() and not LedgerAudit.objects.exists()


def test_an_unknown_override_is_refused(client, operator, categories):
    client.force_login(operator)
    response = client.post(URL, {"action": "remove", "override": 999_999})
    assert response.status_code == 400


def test_sellers_and_strangers_get_404_and_anonymous_users_sign_in(client, owner_a, stranger, categories):
    for user in (owner_a, stranger):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, {"action": "category", "category": categories[0].pk, "rate": "1"}).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302
    assert not CommissionRate.objects.exists()


def test_the_form_needs_the_csrf_token(operator, categories):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    response = client.post(URL, {"action": "category", "category": categories[0].pk, "rate": "1"})
    assert response.status_code == 403
    assert not CommissionRate.objects.exists()
