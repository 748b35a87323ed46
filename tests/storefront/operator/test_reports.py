"""The operators' money reports (/quan-ly/bao-cao/): only operators get in;
commission by week, month, category and seller adds up to the ledger's
commission account, also in the CSV files (BOM, exact figures); payout runs
and payouts as the ledger recorded them; odd input is refused with a
message; list pages keep their query budgets whatever the number of
entries."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.warehouse.models import Stock
from payments.ledger.models import AccountKind as K
from payments.ledger.models import JournalLine, Payout, PayoutMethod, PayoutRun, SellerPayoutAccount, SubOrderLedger
from tests.factories import SellerFactory
from tests.payments import statement_books as sb
from tests.payments.ledger.actions import deliver, pay, place, refund
from tests.storefront.operator.conftest import signed_in

pytestmark = pytest.mark.django_db

_ledger_settings = sb._ledger_settings
owner_a, owner_b, seller_a, seller_b = sb.owner_a, sb.owner_b, sb.seller_a, sb.seller_b
product_a, product_b, tea, squid = sb.product_a, sb.product_b, sb.tea, sb.squid
shopper, stranger, operator = sb.shopper, sb.stranger, sb.operator
tea_category, tea_in_category, paid_order, books = sb.tea_category, sb.tea_in_category, sb.paid_order, sb.books

REPORT = "/quan-ly/bao-cao/"
CSV = "/quan-ly/bao-cao/hoa-hong.csv"
RUNS = "/quan-ly/bao-cao/chi-tra/"
# session + user + commission rows (2) + ledger total
BY_PERIOD = 5
# session + user + booked per category (SQL) + category names + taken back + ledger total
BY_CATEGORY = 6
# session + user + commission per seller + sales per seller + sellers + ledger total
BY_SELLER = 6
# session + user + count + one page of runs (with who started them)
RUN_LIST = 4


@pytest.fixture
def op(operator) -> Client:
    return signed_in(operator)


def ledger_commission() -> int:
    lines = JournalLine.objects.filter(account__kind=K.COMMISSION_REVENUE)
    return -sum(lines.values_list("amount", flat=True))


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def tea_commission(units: int) -> int:
    return units * sb.TEA_PRICE * sb.TEA_RATE_BPS // 10_000


SQUID_COMMISSION = sb.SQUID_PRICE * sb.DEFAULT_RATE_BPS // 10_000


# --- who gets in -----------------------------------------------------------------------


@pytest.mark.parametrize("path", [REPORT, CSV, RUNS, "/quan-ly/bao-cao/chi-tra.csv"])
def test_only_operators_get_in(books, client, owner_a, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=")
    assert signed_in(owner_a).get(path).status_code == 404


def test_a_runs_pages_are_for_operators_and_unknown_runs_are_not_found(books, op, owner_a):
    run = books["run"]
    for suffix in ["/", ".csv"]:
        assert signed_in(owner_a).get(f"{RUNS}{run.pk}{suffix}").status_code == 404
        assert op.get(f"{RUNS}{run.pk + 1000}{suffix}").status_code == 404
        assert op.get(f"{RUNS}{run.pk}{suffix}").status_code == 200


# --- commission ------------------------------------------------------------------------


def test_commission_by_seller_matches_the_ledger(books, op, seller_a, seller_b):
    rows = read_csv(op.get(CSV, {"xem": "nguoi-ban"}))
    assert rows[0] == [
        "Người bán",
        "Mã số thuế",
        "Số đơn",
        "Doanh số (đồng)",
        "Hoa hồng ghi nhận (đồng)",
        "Hoa hồng hoàn lại (đồng)",
        "Hoa hồng thực (đồng)",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    paid, cod = books["paid_order"], books["cod_order"]
    sales_a = paid.seller_orders.get(seller=seller_a).total_amount + cod.total_amount
    sales_b = paid.seller_orders.get(seller=seller_b).total_amount
    assert by_name[seller_a.name][2:] == ["2", str(sales_a), str(tea_commission(3)), "0", str(tea_commission(3))]
    assert by_name[seller_b.name][2:] == ["1", str(sales_b), str(SQUID_COMMISSION), "0", str(SQUID_COMMISSION)]
    assert sum(int(row[6]) for row in rows[1:]) == ledger_commission() == tea_commission(3) + SQUID_COMMISSION


def test_commission_by_category_and_refunds_spanning_sellers_still_add_up(books, op, seller_b):
    refund(books["paid_order"], 50_000)  # no sub-order named: shared by both sellers
    page = op.get(REPORT, {"xem": "danh-muc"}).content.decode()
    rows = read_csv(op.get(CSV, {"xem": "danh-muc"}))
    assert rows[0] == ["Danh mục", "Doanh số hàng hóa (đồng)", "Hoa hồng (đồng)"]
    by_name = {row[0]: row[1:] for row in rows[1:]}
    squid_category = seller_b.products.get().category.name
    assert by_name["Chè"] == [str(3 * sb.TEA_PRICE), str(tea_commission(3))]
    assert by_name[squid_category] == [str(sb.SQUID_PRICE), str(SQUID_COMMISSION)]
    taken_back = int(by_name["Hoàn tiền / hủy / trả hàng (không phân bổ được)"][1])
    assert taken_back < 0
    booked = tea_commission(3) + SQUID_COMMISSION
    assert sum(int(row[2]) for row in rows[1:]) == ledger_commission() == booked + taken_back
    # The seller view puts that refund on its own row too, and the page shows the ledger's total.
    seller_rows = read_csv(op.get(CSV, {"xem": "nguoi-ban"}))
    assert sum(int(row[6]) for row in seller_rows[1:]) == ledger_commission()
    assert f'<td class="num" id="total">{ledger_commission():,}'.replace(",", ".") in page


def test_commission_by_week_and_month(books, op):
    today = timezone.localdate()
    for view, period in [("tuan", today - datetime.timedelta(days=today.weekday())), ("thang", today.replace(day=1))]:
        rows = read_csv(op.get(CSV, {"xem": view}))
        assert rows[0] == ["Kỳ bắt đầu ngày", "Số đơn", "Doanh số (đồng)", "Hoa hồng (đồng)"]
        paid, cod = books["paid_order"], books["cod_order"]
        assert rows[1:] == [
            [period.isoformat(), "3", str(paid.total_amount + cod.total_amount), str(ledger_commission())]
        ]


def test_a_range_before_the_sales_is_empty(books, op):
    rows = read_csv(op.get(CSV, {"xem": "nguoi-ban", "tu": "2020-01-01", "den": "2020-12-31"}))
    assert rows[1:] == []
    page = op.get(REPORT, {"tu": "2020-01-01", "den": "2020-12-31"}).content.decode()
    assert "Không có số liệu trong khoảng thời gian này." in page


@pytest.mark.parametrize(
    "query, message",
    [
        ({"tu": "2026-05-02", "den": "2026-05-01"}, "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."),
        ({"tu": "2019-01-01", "den": "2026-01-01"}, "Mỗi báo cáo xem tối đa 3 năm."),
        ({"tu": "hôm qua"}, "Nhập một ngày hợp lệ"),
        ({"xem": "tat-ca"}, "lựa chọn khả thi"),
    ],
)
def test_odd_filters_are_refused_with_a_message(books, op, query, message):
    page = op.get(REPORT, query)
    assert page.status_code == 400 and message in page.content.decode()
    assert 'id="report"' not in page.content.decode()
    csv_response = op.get(CSV, query)
    assert csv_response.status_code == 400 and message in csv_response.content.decode()


def test_a_name_that_looks_like_a_formula_is_kept_as_text(books, op, seller_b):
    seller_b.name = '=HYPERLINK("http://x")'
    seller_b.save(update_fields=["name"])
    rows = read_csv(op.get(CSV, {"xem": "nguoi-ban"}))
    assert '\'=HYPERLINK("http://x")' in [row[0] for row in rows]


# --- payouts ---------------------------------------------------------------------------


def test_payout_runs_and_their_payouts_match_the_ledger(books, op, seller_a):
    run: PayoutRun = books["run"]
    payout = Payout.objects.get(run=run)
    assert payout.seller_id == seller_a.pk and payout.amount > 0
    runs = read_csv(op.get("/quan-ly/bao-cao/chi-tra.csv"))
    assert [row[0] for row in runs[1:]] == [run.period.isoformat()]
    assert runs[1][4:] == ["1", str(payout.amount)]
    rows = read_csv(op.get(f"{RUNS}{run.pk}.csv"))
    assert rows[0][0] == "Người bán" and rows[0][6] == "Số tiền chi (đồng)"
    assert rows[1:] == [
        [
            seller_a.name,
            seller_a.tax_code,
            "Chuyển khoản ngân hàng",
            "Trong tệp chuyển khoản",
            str(payout.available),
            str(payout.netted),
            str(payout.amount),
            "",
            "",
        ]
    ]
    paid_out = -sum(JournalLine.objects.filter(account__kind=K.PAYOUTS_SENT).values_list("amount", flat=True))
    assert payout.amount == paid_out
    page = op.get(f"{RUNS}{run.pk}/").content.decode()
    assert seller_a.name in page and f"{payout.amount:,}".replace(",", ".") in page


# --- query budgets ---------------------------------------------------------------------


@pytest.fixture(params=[1, 12], ids=["1 order", "12 orders"])
def many_sales(request, channel, tea_in_category, squid):
    Stock.objects.filter(product_variant__in=[tea_in_category, squid]).update(quantity=100)
    for _ in range(request.param):
        pay(place(channel, [(tea_in_category, 1), (squid, 1)], gateway="pay_later"))
    return request.param


@pytest.mark.parametrize(
    "view, budget", [("tuan", BY_PERIOD), ("thang", BY_PERIOD), ("danh-muc", BY_CATEGORY), ("nguoi-ban", BY_SELLER)]
)
def test_reports_keep_their_query_budgets(many_sales, operator, view, budget, django_assert_num_queries):
    client = signed_in(operator)
    with django_assert_num_queries(budget):
        page = client.get(REPORT, {"xem": view})
    assert page.status_code == 200
    with django_assert_num_queries(budget - 1):  # no ledger total under the table
        rows = read_csv(client.get(CSV, {"xem": view}))
    assert len(rows) > 1


@pytest.mark.parametrize("runs", [1, 8])
def test_the_run_list_keeps_its_query_budget(db, operator, runs, django_assert_num_queries):
    monday = datetime.date(2026, 1, 5)
    for n in range(runs):
        PayoutRun.objects.create(period=monday + datetime.timedelta(weeks=n), payout_count=n, total_amount=n * 1000)
    client = signed_in(operator)
    with django_assert_num_queries(RUN_LIST):
        page = client.get(RUNS).content.decode()
    assert len(re.findall(rf'<a href="{RUNS}[0-9]+/">', page)) == runs


# session + user + the run + its payouts with their sellers
RUN_PAGE = 4


@pytest.mark.parametrize("sellers", [1, 9])
def test_a_runs_page_and_file_keep_their_query_budget(db, operator, sellers, django_assert_num_queries):
    run = PayoutRun.objects.create(period=datetime.date(2026, 1, 5))
    for n in range(sellers):
        seller = SellerFactory(name=f"Hợp tác xã số {n}", slug=f"htx-so-{n}", tax_code=f"01000000{n:02d}")
        Payout.objects.create(
            run=run, seller=seller, method="bank", status="in_file", amount=1000 + n, available=1000 + n
        )
    client = signed_in(operator)
    with django_assert_num_queries(RUN_PAGE):
        page = client.get(f"{RUNS}{run.pk}/").content.decode()
    assert page.count("Hợp tác xã số") == sellers
    with django_assert_num_queries(RUN_PAGE):
        rows = read_csv(client.get(f"{RUNS}{run.pk}.csv"))
    assert [row[0] for row in rows[1:]] == [f"Hợp tác xã số {n}" for n in range(sellers)]
    assert [int(row[6]) for row in rows[1:]] == [1000 + n for n in range(sellers)]


# --- "Chạy chi trả tuần này" -----------------------------------------------------------

RUN_NOW = "/quan-ly/bao-cao/chi-tra/chay/"


def test_running_this_weeks_payouts_asks_first_then_pays_once(paid_order, seller_a, owner_a, op, operator):
    SellerPayoutAccount.objects.create(
        seller=seller_a, method=PayoutMethod.BANK, bank_bin="970436", account_number="0011001234567", holder_name="A"
    )
    sub_a = paid_order.seller_orders.get(seller=seller_a)
    deliver(sub_a, owner_a)
    SubOrderLedger.objects.filter(pk=sub_a.pk).update(release_due_at=timezone.now() - datetime.timedelta(minutes=1))
    page = op.get(RUNS).content.decode()
    assert f'href="{RUN_NOW}"' in page
    confirm = op.get(RUN_NOW)
    assert confirm.status_code == 200 and 'name="csrfmiddlewaretoken"' in confirm.content.decode()
    assert PayoutRun.objects.count() == 0  # asking changes nothing
    assert "Xác nhận chạy chi trả" in confirm.content.decode()

    response = op.post(RUN_NOW)
    run = PayoutRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/quan-ly/bao-cao/chi-tra/{run.pk}/"
    payout = Payout.objects.get(run=run)
    assert (payout.seller_id, run.started_by) == (seller_a.pk, operator)
    assert payout.amount > 0

    # A second click in the same week: the confirmation says a run exists; nobody is paid twice.
    assert 'id="existing"' in op.get(RUN_NOW).content.decode()
    again = op.post(RUN_NOW)
    assert again["Location"] == response["Location"]
    assert Payout.objects.count() == 1 and PayoutRun.objects.get().total_amount == payout.amount


def test_only_operators_run_payouts_and_only_with_the_csrf_token(owner_a, shopper, operator):
    for user in (owner_a, shopper):
        client = signed_in(user)
        assert client.get(RUN_NOW).status_code == 404
        assert client.post(RUN_NOW).status_code == 404
    assert Client().post(RUN_NOW).status_code == 302  # to the sign-in page
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(operator)
    assert strict.post(RUN_NOW).status_code == 403
    assert PayoutRun.objects.count() == 0
