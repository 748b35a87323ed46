"""The seller's balance and statement ("Số dư"): what the marketplace owes it
(waiting for the return window, payable at the next weekly run), what it has
been paid, a chart of the last weeks' sales and payouts, and every ledger
line on its accounts, newest first, 20 a page; one entry's page shows its
lines and, for a sale, the commission of each product line.

The seller is the one the user works for (``seller_page``); figures come
from ``payments.ledger`` (selectors and reports) for that seller only, so
another seller's entry id is a 404."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from marketplace.order.models import OrderLine
from marketplace.seller.models import Seller
from payments.ledger.models import JournalEntry
from payments.ledger.reports import seller_amount, statement_entry_for_seller, weekly_activity
from payments.ledger.selectors import seller_balance, seller_lines
from storefront.seller_centre.access import centre_context, object_page, seller_page
from storefront.seller_centre.statement_chart import weekly_chart

SECTION = "statements"
PAGE_SIZE = 20
CHART_WEEKS = 12


def in_statements_tab(request: HttpRequest, seller: Seller) -> None:
    centre_context(request, seller)
    request.centre_section = SECTION


def _page(request: HttpRequest, rows: object) -> Page:
    raw = request.GET.get("page") or "1"
    if not raw.isdigit() or len(raw) > 6:
        raise Http404("malformed page number")
    try:
        page = Paginator(rows, PAGE_SIZE).page(int(raw))
    except EmptyPage as exc:
        raise Http404("page out of range") from exc
    page.object_list = [(line, seller_amount(line)) for line in page.object_list]
    return page


@require_safe
@seller_page
def statement(request: HttpRequest, seller: Seller) -> HttpResponse:
    """Balance, weekly chart and one page of statement lines, in a fixed
    number of queries whatever the number of lines."""
    in_statements_tab(request, seller)
    page = _page(request, seller_lines(seller=seller))
    weeks = weekly_activity(seller=seller, weeks=CHART_WEEKS)
    context = {
        "balance": seller_balance(seller=seller),
        "page": page,
        "weeks": weeks,
        "chart": weekly_chart(weeks),
        "totals": {"sales": sum(w.sales for w in weeks), "payouts": sum(w.payouts for w in weeks)},
    }
    return render(request, "seller_centre/statements/statement.html", context)


def _commission_items(entry: JournalEntry) -> list[dict]:
    """A sale's rates snapshot, each product line with its name (one query)."""
    snapshot = [item for item in (entry.data or {}).get("lines", []) if isinstance(item, dict)]
    if not snapshot or entry.seller_order_id is None:
        return []
    names = {
        str(pk): name
        for pk, name in OrderLine.objects.filter(
            seller_order_id=entry.seller_order_id, pk__in=[item.get("line") for item in snapshot]
        ).values_list("pk", "product_name")
    }
    return [
        {**item, "name": names.get(str(item.get("line")), ""), "rate_percent": item.get("rate_bps", 0) / 100}
        for item in snapshot
    ]


@require_safe
@object_page
def entry_detail(request: HttpRequest, entry_id: int, seller: Seller) -> HttpResponse:
    """One entry of the seller's statement: its lines on the seller's
    accounts and, for a sale, each product line's commission rate."""
    in_statements_tab(request, seller)
    try:
        entry, lines = statement_entry_for_seller(seller=seller, entry_id=entry_id)
    except JournalEntry.DoesNotExist as exc:
        raise Http404("no such entry for this seller") from exc
    items = _commission_items(entry)
    context = {
        "entry": entry,
        "lines": [(line, seller_amount(line)) for line in lines],
        "items": items,
        "net": sum(seller_amount(line) for line in lines),
    }
    return render(request, "seller_centre/statements/entry.html", context)
