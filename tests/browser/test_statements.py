"""Browser test of the seller's balance page on a 360-px phone: after a paid
two-seller order, a delivery, the return window and a payout run, seller A
signs in and reads its balance, the weekly chart (drawn across the screen,
labels at a readable size, a bar per week and series) and its statement;
nothing sticks out sideways; an operator downloads the commission CSV."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from payments.ledger.selectors import seller_balance
from tests.browser.steps import PHONE_WIDTH, seller_screen, shot, sign_in
from tests.payments import statement_books as sb

pytestmark = pytest.mark.django_db(transaction=True)

_ledger_settings = sb._ledger_settings
owner_a, owner_b, seller_a, seller_b = sb.owner_a, sb.owner_b, sb.seller_a, sb.seller_b
product_a, product_b, tea, squid = sb.product_a, sb.product_b, sb.tea, sb.squid
shopper, stranger, operator = sb.shopper, sb.stranger, sb.operator
tea_category, tea_in_category, paid_order, books = sb.tea_category, sb.tea_in_category, sb.paid_order, sb.books
PASSWORD = "Mat-khau-123"


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + "\xa0₫"


def test_a_seller_reads_its_balance_and_chart_on_a_phone(phone, books, seller_a, owner_a):
    page = phone
    sign_in(page, email=owner_a.email, password=PASSWORD)
    page.goto("/kenh-nguoi-ban/so-du/")
    expect(page.get_by_role("heading", name="Số dư và sao kê")).to_be_visible()
    balance = seller_balance(seller=seller_a)
    expect(page.locator("#paid-out")).to_have_text(vnd(balance.paid_out))
    expect(page.locator("#pending")).to_have_text(vnd(balance.pending))

    chart = page.locator("#weekly-chart svg")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and 300 <= box["width"] <= PHONE_WIDTH
    assert chart.locator("rect.rect").count() == 24
    # Axis labels are drawn at 12 px or more on the phone's screen.
    label = chart.locator(".axis.x text").first
    label_box = label.bounding_box()
    assert label_box is not None and label_box["height"] >= 11
    expect(chart.locator(".legends")).to_contain_text("Doanh số")
    page.locator("summary", has_text="Số liệu từng tuần").click()
    expect(page.locator("#weekly-table tbody tr")).to_have_count(12)
    expect(page.locator(".slines li").first).to_be_visible()
    seller_screen(page)
    shot(page, "statement-phone")


def test_an_operator_downloads_the_commission_report(phone, books, operator):
    page = phone
    sign_in(page, email=operator.email, password=PASSWORD)
    page.goto("/quan-ly/bao-cao/?xem=nguoi-ban")
    expect(page.locator("#report")).to_contain_text("HTX Chè Tân Cương")
    with page.expect_download() as download_info:
        page.locator("#csv").click()
    download = download_info.value
    content = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][0] == "Người bán" and {row[0] for row in rows[1:]} >= {"HTX Chè Tân Cương"}
