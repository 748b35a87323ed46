"""The seller centre's balance and statement page (/kenh-nguoi-ban/so-du/):
a seller sees its own balances, lines and weekly chart and never another
seller's; entry ids of others are 404; the page costs the same number of
queries for 2 paid orders as for 25."""

from __future__ import annotations

import re

import pytest

from marketplace.warehouse.models import Stock
from payments.ledger.models import EntryKind, JournalEntry
from payments.ledger.selectors import seller_balance, seller_lines
from tests.payments import statement_books
from tests.payments.ledger.actions import pay, place
from tests.storefront.seller_centre.conftest import client_for

pytestmark = pytest.mark.django_db

_ledger_settings = statement_books._ledger_settings
owner_a, owner_b, seller_a, seller_b = (
    statement_books.owner_a,
    statement_books.owner_b,
    statement_books.seller_a,
    statement_books.seller_b,
)
product_a, product_b, tea, squid = (
    statement_books.product_a,
    statement_books.product_b,
    statement_books.tea,
    statement_books.squid,
)
shopper, stranger, operator = statement_books.shopper, statement_books.stranger, statement_books.operator
tea_category, tea_in_category = statement_books.tea_category, statement_books.tea_in_category
paid_order, books = statement_books.paid_order, statement_books.books

URL = "/kenh-nguoi-ban/so-du/"
BARS = 'class="rect reactive tooltip-trigger"'
# session + user + the user's seller + balance sums + paid out + count + one page
# of lines (entry, account, sub-order joined) + chart sales + chart payouts
STATEMENT_PAGE = 9


def entry_url(entry_id: int) -> str:
    return f"{URL}but-toan/{entry_id}/"


def amount_of(page: str, element_id: str) -> str:
    found = re.search(rf'<span class="amount" id="{element_id}">([^<]+)</span>', page)
    return found.group(1) if found else ""


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + "\xa0₫"


def line_count(page: str) -> int:
    return len(re.findall(r'<span class="what">', page))


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={URL}"


def test_a_user_with_no_seller_sees_no_figures(books, stranger):
    response = client_for(stranger).get(URL)
    assert response.status_code == 403
    assert 'id="balance"' not in response.content.decode()


def test_the_seller_sees_its_own_balances(books, seller_a, owner_a):
    balance = seller_balance(seller=seller_a)
    assert balance.paid_out > 0 and balance.cod_owed == 0  # the run netted the COD commission
    page = client_for(owner_a).get(URL).content.decode()
    assert amount_of(page, "pending") == vnd(balance.pending)
    assert amount_of(page, "available") == vnd(balance.available)
    assert amount_of(page, "paid-out") == vnd(balance.paid_out)
    assert amount_of(page, "payable") == vnd(balance.payable)


def test_seller_b_sees_only_its_own_part(books, seller_a, seller_b, owner_b):
    paid_order = books["paid_order"]
    sub_a, sub_b = paid_order.seller_orders.get(seller=seller_a), paid_order.seller_orders.get(seller=seller_b)
    page = client_for(owner_b).get(URL).content.decode()
    balance = seller_balance(seller=seller_b)
    expected_b = SQUID = statement_books.SQUID_PRICE + statement_books.SHIPPING_B
    commission_b = statement_books.SQUID_PRICE * statement_books.DEFAULT_RATE_BPS // 10_000
    assert balance.pending == expected_b - commission_b == SQUID - commission_b
    assert amount_of(page, "pending") == vnd(balance.pending)
    assert amount_of(page, "paid-out") == vnd(0)
    assert sub_b.number in page
    assert sub_a.number not in page and books["cod_order"].number not in page
    assert vnd(seller_balance(seller=seller_a).paid_out) not in page
    assert line_count(page) == seller_lines(seller=seller_b).count() == 1


def test_the_statement_lists_each_line_signed_for_the_seller(books, seller_a, owner_a):
    page = client_for(owner_a).get(URL).content.decode()
    lines = list(seller_lines(seller=seller_a))
    assert line_count(page) == len(lines) > 3
    shown = re.findall(r'<span class="amt (?:plus|minus)">([^<]+)</span>', page)
    assert shown == [("+" if -line.amount > 0 else "") + vnd(-line.amount) for line in lines]
    payout = JournalEntry.objects.get(kind=EntryKind.PAYOUT)
    assert entry_url(payout.pk) in page


def test_the_chart_has_a_bar_of_sales_and_one_of_payouts_per_week(books, owner_a, seller_a):
    page = client_for(owner_a).get(URL).content.decode()
    chart = page[page.index('<figure class="chart"') : page.index("</figure>")]
    assert chart.count("<svg") == 1 and "<script" not in chart
    assert chart.count(BARS) == 2 * 12
    assert "Doanh số" in chart and "Đã chi trả" in chart and "Tuần bắt đầu ngày" in chart
    # This week's bars carry the exact amounts: both orders of seller A and its payout.
    paid_order, cod_order = books["paid_order"], books["cod_order"]
    sales = paid_order.seller_orders.get(seller=seller_a).total_amount + cod_order.total_amount
    values = re.findall(r'<desc class="value">([^<]+)</desc>', chart)
    assert vnd(sales) in values and vnd(seller_balance(seller=seller_a).paid_out) in values
    assert 'viewBox="0 0 360 300"' in chart


def test_an_entry_page_shows_the_commission_of_each_product(books, seller_a, owner_a):
    sale = JournalEntry.objects.get(kind=EntryKind.SALE, seller_order__seller=seller_a)
    page = client_for(owner_a).get(entry_url(sale.pk)).content.decode()
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">([^<]+)</td><td class=\"num\">([^<]+)</td>", page)
    commission = 2 * statement_books.TEA_PRICE * statement_books.TEA_RATE_BPS // 10_000
    assert rows == [("Chè búp Tân Cương", vnd(2 * statement_books.TEA_PRICE), "8%")]
    assert vnd(commission) in page
    assert sale.seller_order.number in page


def test_another_sellers_entry_is_not_found(books, seller_b, owner_a, owner_b, operator):
    sale_b = JournalEntry.objects.get(kind=EntryKind.SALE, seller_order__seller=seller_b)
    payment = JournalEntry.objects.get(kind=EntryKind.PAYMENT)  # on no seller's account
    assert client_for(owner_b).get(entry_url(sale_b.pk)).status_code == 200
    assert client_for(owner_a).get(entry_url(sale_b.pk)).status_code == 404
    assert client_for(owner_b).get(entry_url(payment.pk)).status_code == 404
    assert client_for(owner_a).get(entry_url(10**9)).status_code == 404
    assert client_for(operator).get(entry_url(sale_b.pk)).status_code == 404  # not a seller member


@pytest.mark.parametrize("page", ["abc", "0", "99", "-1"])
def test_odd_page_numbers_are_not_found(books, owner_a, page):
    assert client_for(owner_a).get(URL, {"page": page}).status_code == 404


def test_only_safe_methods(books, owner_a):
    assert client_for(owner_a).post(URL).status_code == 405


def test_a_new_seller_sees_zeros_and_an_empty_chart(seller_a, owner_a):
    page = client_for(owner_a).get(URL).content.decode()
    assert amount_of(page, "pending") == vnd(0) and amount_of(page, "paid-out") == vnd(0)
    assert line_count(page) == 0 and "Chưa có khoản nào" in page
    assert page.count(BARS) == 2 * 12


@pytest.fixture(params=[2, 22], ids=["2 orders", "22 orders"])
def many_paid(request, channel, tea_in_category):
    Stock.objects.filter(product_variant=tea_in_category).update(quantity=100)
    for _ in range(request.param):
        pay(place(channel, [(tea_in_category, 1)], gateway="pay_later"))
    return request.param


def test_the_statement_keeps_its_query_budget(many_paid, seller_a, owner_a, django_assert_num_queries):
    client = client_for(owner_a)
    client.get(URL)  # the session row exists from here on
    with django_assert_num_queries(STATEMENT_PAGE):
        page = client.get(URL).content.decode()
    assert line_count(page) == min(many_paid, 20)
    if many_paid > 20:
        with django_assert_num_queries(STATEMENT_PAGE):
            second = client.get(URL, {"page": 2}).content.decode()
        assert line_count(second) == many_paid - 20
