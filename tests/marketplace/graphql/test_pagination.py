"""Cursor pagination, the same for every list."""

from __future__ import annotations

import pytest

from tests.factories import ProductFactory, publish

pytestmark = pytest.mark.django_db

PAGE = """
query Page($first: Int, $last: Int, $after: String, $before: String, $sortBy: ProductOrder) {
  products(first: $first, last: $last, after: $after, before: $before, sortBy: $sortBy) {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


@pytest.fixture
def seven_products(channel):
    for index in range(7):
        publish(ProductFactory(name=f"Sản phẩm {index}", slug=f"san-pham-{index}"), channel, price=10_000 * (7 - index))


def page(api, **variables):
    return api.execute(PAGE, variables)["products"]


def page_names(connection) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


def test_forward_pages_follow_end_cursor_until_the_last_page(api, seven_products):
    first = page(api, first=3)
    second = page(api, first=3, after=first["pageInfo"]["endCursor"])
    third = page(api, first=3, after=second["pageInfo"]["endCursor"])

    assert page_names(first) == ["Sản phẩm 0", "Sản phẩm 1", "Sản phẩm 2"]
    assert page_names(second) == ["Sản phẩm 3", "Sản phẩm 4", "Sản phẩm 5"]
    assert page_names(third) == ["Sản phẩm 6"]
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    assert second["pageInfo"]["hasNextPage"] is True and second["pageInfo"]["hasPreviousPage"] is True
    assert third["pageInfo"]["hasNextPage"] is False
    assert {first["totalCount"], second["totalCount"], third["totalCount"]} == {7}
    assert first["pageInfo"]["startCursor"] == first["edges"][0]["cursor"]
    assert first["pageInfo"]["endCursor"] == first["edges"][-1]["cursor"]


def test_backward_pages_with_last_and_before(api, seven_products):
    last = page(api, last=3)
    before = page(api, last=3, before=last["pageInfo"]["startCursor"])
    start = page(api, last=3, before=before["pageInfo"]["startCursor"])

    assert page_names(last) == ["Sản phẩm 4", "Sản phẩm 5", "Sản phẩm 6"]
    assert page_names(before) == ["Sản phẩm 1", "Sản phẩm 2", "Sản phẩm 3"]
    assert page_names(start) == ["Sản phẩm 0"]
    assert last["pageInfo"]["hasPreviousPage"] is True and last["pageInfo"]["hasNextPage"] is False
    assert before["pageInfo"]["hasNextPage"] is True
    assert start["pageInfo"]["hasPreviousPage"] is False


def test_cursors_follow_the_requested_sort_order(api, seven_products):
    by_price = {"field": "PRICE", "direction": "ASC"}
    first = page(api, first=4, sortBy=by_price)
    rest = page(api, first=4, after=first["pageInfo"]["endCursor"], sortBy=by_price)

    assert page_names(first) == ["Sản phẩm 6", "Sản phẩm 5", "Sản phẩm 4", "Sản phẩm 3"]
    assert page_names(rest) == ["Sản phẩm 2", "Sản phẩm 1", "Sản phẩm 0"]


def test_equal_sort_values_never_repeat_or_skip_rows_across_pages(api, channel):
    for index in range(5):
        publish(ProductFactory(name="Cùng tên", slug=f"cung-ten-{index}"), channel, price=50_000)
    by_name = {"field": "NAME", "direction": "DESC"}

    seen, cursor = [], None
    while True:
        connection = page(api, first=2, after=cursor, sortBy=by_name)
        seen += [edge["cursor"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        cursor = connection["pageInfo"]["endCursor"]

    assert len(seen) == len(set(seen)) == 5


def test_page_size_up_to_100_is_served(api, channel):
    for index in range(3):
        publish(ProductFactory(slug=f"sp-{index}"), channel)

    connection = page(api, first=100)

    assert len(connection["edges"]) == 3 and connection["totalCount"] == 3


def test_first_zero_returns_no_rows_but_tells_there_are_more(api, seven_products):
    connection = page(api, first=0)

    assert connection["edges"] == [] and connection["pageInfo"]["hasNextPage"] is True


def walk(api, sort_by, direction_of_travel="forward", size=2) -> list[str]:
    """Every product name, page by page, following cursors."""
    names, cursor = [], None
    while True:
        if direction_of_travel == "forward":
            connection = page(api, first=size, after=cursor, sortBy=sort_by)
            names += page_names(connection)
            if not connection["pageInfo"]["hasNextPage"]:
                return names
            cursor = connection["pageInfo"]["endCursor"]
        else:
            connection = page(api, last=size, before=cursor, sortBy=sort_by)
            names = page_names(connection) + names
            if not connection["pageInfo"]["hasPreviousPage"]:
                return names
            cursor = connection["pageInfo"]["startCursor"]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("travel", ["forward", "backward"])
def test_sorting_by_a_nullable_value_pages_through_every_product_once(api, channel, direction, travel):
    ratings = {"A": 4.5, "B": None, "C": 3.0, "D": None, "E": 4.5, "F": 1.0}
    for name, rating in ratings.items():
        publish(ProductFactory(name=name, slug=f"sp-{name.lower()}", rating=rating), channel)
    rated = sorted((r, f"sp-{n.lower()}", n) for n, r in ratings.items() if r is not None)
    unrated = sorted((f"sp-{n.lower()}", n) for n, r in ratings.items() if r is None)
    # PostgreSQL puts NULLs last ascending and first descending.
    expected = [n for *_, n in rated] + [n for _, n in unrated]
    if direction == "DESC":
        expected.reverse()

    assert walk(api, {"field": "RATING", "direction": direction}, travel) == expected


@pytest.mark.parametrize("field", ["CREATED_AT", "PUBLISHED_AT", "LAST_MODIFIED_AT", "MINIMAL_PRICE", "TYPE"])
def test_every_sort_field_pages_through_every_product_once(api, seven_products, field):
    ascending = walk(api, {"field": field, "direction": "ASC"}, size=3)
    descending = walk(api, {"field": field, "direction": "DESC"}, size=3)

    assert sorted(ascending) == [f"Sản phẩm {i}" for i in range(7)]
    assert descending == ascending[::-1]
