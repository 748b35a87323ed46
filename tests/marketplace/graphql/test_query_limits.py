"""A query's shape is limited before it runs: nesting depth and the number
of fields (fragments expanded, aliases counted); introspection is free."""

from __future__ import annotations

import pytest
from graphql import get_introspection_query

from marketplace.graphql.schema import schema
from tests.factories import ProductFactory, publish

pytestmark = pytest.mark.django_db


def nested(depth: int) -> str:
    """``categories → children → children …`` nested to ``depth`` fields in all."""
    inner = "name"
    for _ in range(depth - 4):
        inner = f"parent {{ {inner} }}"
    return f"{{ categories(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"


def test_a_query_nested_past_the_limit_is_refused_before_it_runs(api, settings, django_assert_num_queries):
    settings.GRAPHQL_MAX_DEPTH = 8
    with django_assert_num_queries(0):
        response = api.post(nested(9))
    errors = response.json()["errors"]
    assert response.status_code == 400
    assert errors[0]["message"] == "Query is nested 9 levels deep; the limit is 8."
    assert errors[0]["extensions"]["exception"]["code"] == "GRAPHQL_ERROR"
    assert "errors" not in api.post(nested(8)).json()


def test_depth_counts_through_fragments(api, settings):
    settings.GRAPHQL_MAX_DEPTH = 5
    query = """
      query { categories(first: 1) { edges { node { ...Deep } } } }
      fragment Deep on Category { parent { parent { name } } }
    """
    assert "6 levels deep" in api.post(query).json()["errors"][0]["message"]


def test_aliases_count_towards_the_field_limit(api, channel, settings):
    publish(ProductFactory(), channel)
    settings.GRAPHQL_MAX_FIELDS = 50
    many = " ".join(f"p{i}: products(first: 1) {{ totalCount }}" for i in range(30))
    response = api.post(f"{{ {many} }}")
    assert response.json()["errors"][0]["message"] == "Query asks for 60 fields; the limit is 50."
    few = " ".join(f"p{i}: products(first: 1) {{ totalCount }}" for i in range(25))
    assert "errors" not in api.post(f"{{ {few} }}").json()


def test_unknown_and_cyclic_fragments_get_the_standard_errors(api):
    unknown = api.post("{ categories(first: 1) { edges { node { ...Missing } } } }").json()["errors"]
    assert unknown[0]["message"] == "Unknown fragment 'Missing'."
    cyclic = api.post(
        """
        query { categories(first: 1) { edges { node { ...A } } } }
        fragment A on Category { parent { ...B } }
        fragment B on Category { parent { ...A } }
        """
    ).json()["errors"]
    assert any("Cannot spread fragment 'A' within itself" in e["message"] for e in cyclic)


def test_introspection_is_not_limited(api, settings):
    settings.GRAPHQL_MAX_DEPTH = 3
    settings.GRAPHQL_MAX_FIELDS = 10
    data = api.execute(get_introspection_query(descriptions=False))
    assert data["__schema"]["queryType"]["name"] == "Query"
    assert schema.graphql_schema.get_type("Query") is not None
