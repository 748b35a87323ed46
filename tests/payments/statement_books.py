"""Books for the statement, report and e-invoice tests, written through the
services the shop really calls (checkout, verified provider events, the
order workflow, the payout run): sellers A (tea, 8 % commission on its
category) and B (squid, the 5 % default), a shopper, an operator.

``paid_order``: a two-seller order paid online in full. ``books``: that
order, a COD order of seller A collected on delivery, seller A's online part
delivered and released after the return window, and a payout run paying
seller A into its bank account."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from marketplace.order.models import Order
from payments.ledger.models import CommissionRate, PayoutMethod, SellerPayoutAccount
from payments.ledger.payouts import run_payouts
from payments.ledger.posting import release_available
from tests.factories import CategoryFactory
from tests.marketplace.checkout import helpers
from tests.payments.ledger.actions import deliver, pay, place

GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "tests.payments.gateways.PayLater"]
TEA_PRICE, SQUID_PRICE = 120_000, 85_000
TEA_RATE_BPS, DEFAULT_RATE_BPS = 800, 500
SHIPPING_A, SHIPPING_B = helpers.SHIPPING_FEE_A, helpers.SHIPPING_FEE_B

# The checkout helpers' people, sellers and products, shared rather than copied.
owner_a, owner_b, seller_a, seller_b = helpers.owner_a, helpers.owner_b, helpers.seller_a, helpers.seller_b
product_a, product_b, tea, squid = helpers.product_a, helpers.product_b, helpers.tea, helpers.squid
shopper, stranger, operator = helpers.shopper, helpers.stranger, helpers.operator


@pytest.fixture(autouse=True)
def _ledger_settings(settings):
    settings.PAYMENT_GATEWAYS = GATEWAYS
    settings.LEDGER_DEFAULT_COMMISSION_BPS = DEFAULT_RATE_BPS
    settings.LEDGER_RETURN_WINDOW_DAYS = 7


@pytest.fixture
def tea_category(db):
    category = CategoryFactory(name="Chè", slug="che")
    CommissionRate.objects.create(category=category, rate_bps=TEA_RATE_BPS)
    return category


@pytest.fixture
def tea_in_category(tea, tea_category):
    tea.product.category = tea_category
    tea.product.save(update_fields=["category"])
    return tea


@pytest.fixture
def paid_order(channel, tea_in_category, squid) -> Order:
    """2 tea (seller A) and 1 squid (seller B), paid online in full."""
    order = place(channel, [(tea_in_category, 2), (squid, 1)], gateway="pay_later")
    pay(order)
    order.refresh_from_db()
    return order


@pytest.fixture
def books(channel, paid_order, tea_in_category, seller_a, owner_a) -> dict[str, object]:
    cod_order = place(channel, [(tea_in_category, 1)], gateway="cod")
    deliver(cod_order.seller_orders.get(), owner_a, cod=True)
    deliver(paid_order.seller_orders.get(seller=seller_a), owner_a)
    release_available(now=timezone.now() + datetime.timedelta(days=8))
    SellerPayoutAccount.objects.create(
        seller=seller_a,
        method=PayoutMethod.BANK,
        bank_bin="970436",
        account_number="0011001234567",
        holder_name="HTX Chè Tân Cương",
    )
    run = run_payouts(actor=None, by_system=True)
    return {"paid_order": paid_order, "cod_order": cod_order, "run": run}
