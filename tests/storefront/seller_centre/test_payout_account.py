"""The seller's payout account page (/kenh-nguoi-ban/tai-khoan-nhan-tien/):
the owner sets a bank account (bank from the list, number, holder's name
stored in capitals without diacritics), audited and shown masked; a Stripe
account set by an operator is shown, not editable; staff see but cannot
change; bad input changes nothing; a seller never sees another's account."""

from __future__ import annotations

import pytest
from django.test import Client

from payments.ledger.models import LedgerAudit, PayoutMethod, SellerPayoutAccount
from payments.ledger.services import set_payout_account
from tests.storefront.seller_centre.conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/kenh-nguoi-ban/tai-khoan-nhan-tien/"
GOOD = {"bank_bin": "970405", "account_number": "1500 2055 12345", "holder_name": "Hợp tác xã Chè Đồng Hỷ"}


def test_the_owner_sets_a_bank_account_shown_masked_and_audited(owner_a, seller_a):
    client = client_for(owner_a)
    page = client.get(URL).content.decode()
    assert 'id="bank-form"' in page and "Agribank" in page
    assert f'href="{URL}"' in client.get("/kenh-nguoi-ban/so-du/").content.decode()  # linked from the statement

    response = client.post(URL, GOOD)

    assert response.status_code == 302 and response["Location"] == URL
    account = SellerPayoutAccount.objects.get(seller=seller_a)
    assert (account.method, account.bank_bin, account.account_number) == (
        PayoutMethod.BANK,
        "970405",
        "150020551234" + "5",
    )
    assert account.holder_name == "HOP TAC XA CHE DONG HY"
    audit = LedgerAudit.objects.get(action="payout_account", seller=seller_a)
    assert audit.actor == owner_a and audit.new["account_number"] == "…2345"
    page = client.get(URL).content.decode()
    assert "•••• 2345" in page and "150020551234" not in page and "HOP TAC XA CHE DONG HY" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("bank_bin", "123456"), ("account_number", "12ab"), ("account_number", "1" * 25), ("holder_name", "   ")],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(owner_a, seller_a, field, value):
    response = client_for(owner_a).post(URL, {**GOOD, field: value})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not SellerPayoutAccount.objects.exists() and not LedgerAudit.objects.exists()


def test_staff_see_the_account_but_cannot_change_it(owner_a, staff_a, seller_a):
    set_payout_account(actor=owner_a, seller=seller_a, method="bank", **{**GOOD, "account_number": "150020551234"})
    client = client_for(staff_a)
    page = client.get(URL).content.decode()
    assert "•••• 1234" in page and 'id="bank-form"' not in page and 'id="owner-only"' in page
    response = client.post(URL, {**GOOD, "account_number": "999999999"})
    assert response.status_code == 403
    assert SellerPayoutAccount.objects.get(seller=seller_a).account_number == "150020551234"
    assert LedgerAudit.objects.count() == 1


def test_a_stripe_account_set_by_an_operator_is_shown_not_edited(owner_a, seller_a, operator):
    set_payout_account(actor=operator, seller=seller_a, method="stripe", stripe_account_id="acct_1Nv0FGQ9RKHgCVdK")
    page = client_for(owner_a).get(URL).content.decode()
    assert 'id="stripe-account">acct_1Nv0FGQ9RKHgCVdK<' in page and 'id="bank-form"' not in page


def test_each_seller_sees_only_its_own_account(owner_a, seller_a, owner_b, seller_b, shopper):
    set_payout_account(actor=owner_a, seller=seller_a, method="bank", **GOOD)
    page = client_for(owner_b).get(URL).content.decode()
    assert "2345" not in page and "HOP TAC XA" not in page
    client_for(owner_b).post(URL, {**GOOD, "account_number": "888888888"})
    assert SellerPayoutAccount.objects.get(seller=seller_a).account_number == "150020551234" + "5"
    assert client_for(shopper).get(URL).status_code == 403  # not a seller member
    assert Client().get(URL).status_code == 302  # to the sign-in page


def test_the_form_needs_the_csrf_token(owner_a, seller_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner_a)
    assert client.post(URL, GOOD).status_code == 403
    assert not SellerPayoutAccount.objects.exists()


def test_the_page_keeps_its_query_budget(owner_a, seller_a, django_assert_num_queries):
    set_payout_account(actor=owner_a, seller=seller_a, method="bank", **GOOD)
    client = client_for(owner_a)
    client.get(URL)
    # session + user + the user's seller + membership + payout account
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200
