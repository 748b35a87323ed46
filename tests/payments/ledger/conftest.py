"""Ledger tests: two sellers with their own products and categories, the COD
and PayLater gateways, and every journal entry checked for balance by the
database at the end of each statement (the constraint trigger is deferred
to commit in production; tests roll back, so they make it immediate).
The sellers, owners, operator and shopper come from tests/payments/conftest.py."""

from __future__ import annotations

import pytest
from django.db import connection

from payments.ledger.models import CommissionRate, PayoutMethod, SellerPayoutAccount
from tests.factories import CategoryFactory, ProductFactory, publish

GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "tests.payments.gateways.PayLater"]
TEA_PRICE = 120_000
SQUID_PRICE = 85_000
TEA_RATE_BPS = 800  # the tea category's commission
DEFAULT_RATE_BPS = 500


@pytest.fixture(autouse=True)
def _ledger_settings(settings):
    settings.PAYMENT_GATEWAYS = GATEWAYS
    settings.LEDGER_DEFAULT_COMMISSION_BPS = DEFAULT_RATE_BPS
    settings.LEDGER_RETURN_WINDOW_DAYS = 7


@pytest.fixture(autouse=True)
def _balanced_at_each_statement(db):
    # Within the test's transaction (a no-op for transactional tests, which commit).
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ledger_journalline_balanced IMMEDIATE")


@pytest.fixture
def tea_category(db):
    return CategoryFactory(name="Chè", slug="che")


@pytest.fixture
def tea(seller_a, channel, tea_category):
    CommissionRate.objects.create(category=tea_category, rate_bps=TEA_RATE_BPS)
    product = ProductFactory(seller=seller_a, name="Chè búp Tân Cương", category=tea_category)
    return publish(product, channel, price=TEA_PRICE, stock=1000).default_variant


@pytest.fixture
def squid(seller_b, channel):
    product = ProductFactory(seller=seller_b, name="Chả mực Hạ Long")
    return publish(product, channel, price=SQUID_PRICE, stock=1000).default_variant


@pytest.fixture
def bank_accounts(seller_a, seller_b):
    SellerPayoutAccount.objects.create(
        seller=seller_a,
        method=PayoutMethod.BANK,
        bank_bin="970436",
        account_number="0011001234567",
        holder_name="HTX Chè Tân Cương",
    )
    SellerPayoutAccount.objects.create(
        seller=seller_b,
        method=PayoutMethod.BANK,
        bank_bin="970415",
        account_number="108001234567",
        holder_name="Nguyễn Văn Đức",
    )
