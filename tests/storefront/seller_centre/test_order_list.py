"""The seller centre's order list (tabs by status, newest first, 20 a page),
the dashboard's "new orders" figure, and the query budgets of the list, the
sub-order page and the packing slip, whatever the number of orders and lines."""

from __future__ import annotations

import re

import pytest

from marketplace.checkout import services as checkout_services
from marketplace.order.services import cancel_seller_order, mark_packed, mark_shipped
from marketplace.warehouse.models import Stock
from tests.factories import ProductFactory, publish
from tests.marketplace.checkout import helpers
from tests.marketplace.checkout.helpers import ready_checkout
from tests.storefront.seller_centre.conftest import client_for

pytestmark = pytest.mark.django_db

owner_a, owner_b, seller_a, seller_b = helpers.owner_a, helpers.owner_b, helpers.seller_a, helpers.seller_b
product_a, product_b, tea, squid = helpers.product_a, helpers.product_b, helpers.tea, helpers.squid
shopper = helpers.shopper

# session + user + the user's seller + the tab counts + the page's count + one
# page of sub-orders (order, address, commune, province joined) + their lines
ORDER_LIST = 7
# session + user + the user's seller + the sub-order (seller membership checked)
# + the order with its address + the lines + the events with their actors
ORDER_PAGE = 7
# the same first four + the seller's place + the buyer view's two
PACKING_SLIP = 7
LIST = "/kenh-nguoi-ban/don-hang/"


def numbers(page: str) -> list[str]:
    return re.findall(r'<span class="onum">([^<]+)</span>', page)


def tab_counts(page: str) -> dict[str, int]:
    found = re.findall(
        r'href="/kenh-nguoi-ban/don-hang/(?:\?status=([a-z]+))?"[^>]*>[^<]+<span class="n">(\d+)</span>', page
    )
    return {status: int(count) for status, count in found}


@pytest.fixture
def goods(seller_a, channel, tea, squid):
    """Seller A's tea and four more of its products (plenty of each, and of B's squid)."""
    Stock.objects.filter(product_variant__in=[tea, squid]).update(quantity=500)
    more = [
        publish(ProductFactory(seller=seller_a, name=f"Mật ong hoa nhãn {n}"), channel, price=50_000, stock=500)
        for n in range(4)
    ]
    return [tea, *(product.default_variant for product in more)]


def place(channel, shopper, lines):
    checkout = ready_checkout(channel, lines, user=shopper, email=shopper.email)
    return checkout_services.complete_checkout(checkout=checkout, user=shopper)


@pytest.fixture(params=[3, 22], ids=["3 orders", "22 orders"])
def orders(request, channel, shopper, goods, squid):
    """Orders of seller A with one to five lines each (some with seller B too)."""
    made = []
    for n in range(request.param):
        lines = [(variant, 1) for variant in goods[: 1 + n % len(goods)]]
        if n % 4 == 0:
            lines.append((squid, 1))
        made.append(place(channel, shopper, lines))
    return made


def test_the_list_shows_newest_first_and_keeps_its_query_budget(orders, seller_a, owner_a, django_assert_num_queries):
    client = client_for(owner_a)
    with django_assert_num_queries(ORDER_LIST):
        page = client.get(LIST).content.decode()

    newest_first = [o.seller_orders.get(seller=seller_a).number for o in reversed(orders)]
    assert numbers(page) == newest_first[:20]
    assert tab_counts(page)[""] == len(orders) and tab_counts(page)["confirmed"] == len(orders)
    assert "khach.quen@example.vn" not in page and "Chả mực" not in page
    if len(orders) > 20:
        with django_assert_num_queries(ORDER_LIST):
            second = client.get(f"{LIST}?page=2").content.decode()
        assert numbers(second) == newest_first[20:]
        assert client.get(f"{LIST}?page=3").status_code == 404


def test_tabs_filter_by_status(channel, shopper, seller_a, owner_a, tea):
    subs = [place(channel, shopper, [(tea, 1)]).seller_orders.get() for _ in range(4)]
    mark_packed(seller_order=subs[1], actor=owner_a)
    mark_packed(seller_order=subs[2], actor=owner_a)
    mark_shipped(seller_order=subs[2], actor=owner_a, carrier="GHN", tracking_number="GHN1")
    cancel_seller_order(seller_order=subs[3], actor=owner_a, reason="Hết hàng")
    client = client_for(owner_a)

    page = client.get(LIST).content.decode()
    counts = tab_counts(page)
    assert (counts[""], counts["confirmed"], counts["packed"], counts["shipped"], counts["cancelled"]) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert counts["unconfirmed"] == counts["delivered"] == counts["returned"] == 0
    assert numbers(client.get(f"{LIST}?status=shipped").content.decode()) == [subs[2].number]
    assert numbers(client.get(f"{LIST}?status=cancelled").content.decode()) == [subs[3].number]
    empty = client.get(f"{LIST}?status=delivered").content.decode()
    assert numbers(empty) == [] and "Không có đơn hàng nào ở trạng thái này." in empty
    for bad in ("?status=lost", "?page=x", "?page=0", "?page=99"):
        assert client.get(f"{LIST}{bad}").status_code == 404, bad


def test_the_dashboard_counts_orders_to_confirm_or_pack(channel, shopper, seller_a, owner_a, tea):
    subs = [place(channel, shopper, [(tea, 1)]).seller_orders.get() for _ in range(3)]
    client = client_for(owner_a)
    assert "3 đơn hàng mới cần xử lý" in client.get("/kenh-nguoi-ban/").content.decode()
    mark_packed(seller_order=subs[0], actor=owner_a)
    page = client.get("/kenh-nguoi-ban/").content.decode()
    assert re.search(r'id="new-orders" href="/kenh-nguoi-ban/don-hang/">2 đơn hàng mới cần xử lý', page)


@pytest.mark.parametrize("line_count", [1, 5], ids=["1 line", "5 lines"])
def test_the_sub_order_page_and_slip_keep_their_query_budgets(
    line_count, channel, shopper, goods, owner_a, django_assert_num_queries
):
    order = place(channel, shopper, [(variant, 2) for variant in goods[:line_count]])
    sub = order.seller_orders.get()
    mark_packed(seller_order=sub, actor=owner_a)
    mark_shipped(seller_order=sub, actor=owner_a, carrier="GHN", tracking_number="GHN1")
    client = client_for(owner_a)

    with django_assert_num_queries(ORDER_PAGE):
        page = client.get(f"/kenh-nguoi-ban/don-hang/{sub.pk}/").content.decode()
    assert page.count('<tr class="line">') == line_count and page.count('<li class="event">') == 2
    with django_assert_num_queries(PACKING_SLIP):
        slip = client.get(f"/kenh-nguoi-ban/don-hang/{sub.pk}/phieu-dong-goi.pdf")
    assert slip["Content-Type"] == "application/pdf"
