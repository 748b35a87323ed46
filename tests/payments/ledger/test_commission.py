"""Commission rates: which one applies, who may change them, the audit trail;
and who may see a seller's balance and statement."""

from __future__ import annotations

import pytest

from marketplace.seller.errors import SellerError
from payments.ledger.commission import rates_for, set_category_rate, set_seller_override
from payments.ledger.errors import LedgerError
from payments.ledger.models import CommissionRate, LedgerAudit, SellerCommissionOverride
from payments.ledger.selectors import get_seller_balance_for_user, seller_lines_for_user
from tests.factories import CategoryFactory
from tests.payments.ledger.actions import pay, place
from tests.payments.ledger.conftest import DEFAULT_RATE_BPS


@pytest.fixture
def tree(db):
    food = CategoryFactory(name="Thực phẩm", slug="thuc-pham")
    dried = CategoryFactory(name="Đồ khô", slug="do-kho", parent=food)
    return food, dried


def test_the_nearest_rate_wins(tree, seller_a, seller_b, operator):
    food, dried = tree
    assert rates_for(seller_id=seller_a.pk, category_ids={dried.pk, None}) == {
        dried.pk: DEFAULT_RATE_BPS,
        None: DEFAULT_RATE_BPS,
    }
    set_category_rate(actor=operator, category=food, rate_bps=700)
    assert rates_for(seller_id=seller_a.pk, category_ids={dried.pk})[dried.pk] == 700  # the parent's rate
    set_category_rate(actor=operator, category=dried, rate_bps=600)
    assert rates_for(seller_id=seller_a.pk, category_ids={dried.pk})[dried.pk] == 600
    set_seller_override(actor=operator, seller=seller_a, category=None, rate_bps=300)
    assert rates_for(seller_id=seller_a.pk, category_ids={dried.pk, None}) == {dried.pk: 300, None: 300}
    set_seller_override(actor=operator, seller=seller_a, category=food, rate_bps=200)
    assert rates_for(seller_id=seller_a.pk, category_ids={dried.pk})[dried.pk] == 200
    # Another seller still pays the category's rate.
    assert rates_for(seller_id=seller_b.pk, category_ids={dried.pk})[dried.pk] == 600


def test_each_change_is_audited_and_removal_falls_back(tree, seller_a, operator):
    food, _ = tree
    set_category_rate(actor=operator, category=food, rate_bps=700)
    set_category_rate(actor=operator, category=food, rate_bps=650)
    set_category_rate(actor=operator, category=food, rate_bps=650)  # no change, no audit row
    set_category_rate(actor=operator, category=food, rate_bps=None)
    assert not CommissionRate.objects.exists()
    rows = list(
        LedgerAudit.objects.filter(action="commission.category").order_by("pk").values_list("actor", "old", "new")
    )
    assert rows == [
        (operator.pk, {"rate_bps": None}, {"rate_bps": 700}),
        (operator.pk, {"rate_bps": 700}, {"rate_bps": 650}),
        (operator.pk, {"rate_bps": 650}, {"rate_bps": None}),
    ]


@pytest.mark.parametrize("rate", [-1, 10_001, 5.5, "500", True])
def test_a_rate_is_whole_basis_points(tree, operator, rate):
    food, _ = tree
    with pytest.raises(LedgerError) as exc:
        set_category_rate(actor=operator, category=food, rate_bps=rate)
    assert (exc.value.code, exc.value.field) == ("INVALID_RATE", "rate_bps")
    assert not CommissionRate.objects.exists() and not LedgerAudit.objects.exists()


def test_only_operators_change_rates(tree, seller_a, owner_a, stranger):
    food, _ = tree
    for user in (owner_a, stranger, None):
        with pytest.raises(LedgerError) as exc:
            set_category_rate(actor=user, category=food, rate_bps=0)
        assert exc.value.code == "PERMISSION_DENIED"
        with pytest.raises(LedgerError) as exc:
            set_seller_override(actor=user, seller=seller_a, category=None, rate_bps=0)
        assert exc.value.code == "PERMISSION_DENIED"
    assert not CommissionRate.objects.exists() and not SellerCommissionOverride.objects.exists()
    assert not LedgerAudit.objects.exists()


def test_the_rate_in_force_when_paid_stays_on_the_entry(channel, tea, seller_a, operator):
    order = place(channel, [(tea, 1)], gateway="pay_later")
    pay(order)
    before = get_seller_balance_for_user(user=operator, seller_id=seller_a.pk).pending
    set_seller_override(actor=operator, seller=seller_a, category=None, rate_bps=0)
    assert get_seller_balance_for_user(user=operator, seller_id=seller_a.pk).pending == before


def test_sellers_see_only_their_own_balance_and_statement(channel, tea, squid, seller_a, seller_b, owner_a, stranger):
    pay(place(channel, [(tea, 1), (squid, 1)], gateway="pay_later"))
    own = get_seller_balance_for_user(user=owner_a)
    assert own.seller_id == seller_a.pk and own.pending > 0
    page = seller_lines_for_user(user=owner_a)
    assert {line.account.seller_id for line in page.object_list} == {seller_a.pk}
    for user, seller_id in ((owner_a, seller_b.pk), (stranger, seller_a.pk), (stranger, None), (None, None)):
        with pytest.raises(SellerError) as exc:
            get_seller_balance_for_user(user=user, seller_id=seller_id)
        assert exc.value.code == "NOT_FOUND"
        with pytest.raises(SellerError):
            seller_lines_for_user(user=user, seller_id=seller_id)


def test_a_statement_page_has_a_fixed_query_budget(channel, tea, owner_a, django_assert_num_queries):
    for _ in range(3):
        pay(place(channel, [(tea, 1)], gateway="pay_later"))
    # membership + count + the page's lines with their entries, accounts and sub-orders
    with django_assert_num_queries(3):
        page = seller_lines_for_user(user=owner_a, per_page=2)
        rows = [(line.amount, line.entry.kind, line.entry.seller_order.number) for line in page.object_list]
    assert len(rows) == 2 and page.paginator.count == 3
