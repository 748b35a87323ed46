"""Parsed and validated documents are kept per query text: the same
document with other variables runs without being checked again, and the
answers are exactly those of a fresh check."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.graphql import views
from marketplace.graphql.schema import schema

pytestmark = pytest.mark.django_db

QUERY = "query($slug: String!) { channel(slug: $slug) { slug name } }"


@pytest.fixture(autouse=True)
def empty_cache():
    views._cached_check.cache_clear()
    yield
    views._cached_check.cache_clear()


def test_a_document_is_checked_once_and_answers_each_request_with_its_own_variables(api, channel):
    first = api.post(QUERY, {"slug": channel.slug}).json()
    second = api.post(QUERY, {"slug": "khong-co"}).json()
    assert first["data"]["channel"]["slug"] == channel.slug
    assert second["data"]["channel"] is None
    info = views._cached_check.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_an_invalid_document_keeps_its_errors_every_time(api):
    for _ in range(2):
        response = api.post("{ channel(slug: 1) { nope } }")
        assert response.status_code == 400
        messages = [error["message"] for error in response.json()["errors"]]
        assert any("nope" in message for message in messages)
    syntax = api.post("{ channel(")
    assert syntax.status_code == 400
    assert syntax.json()["errors"][0]["extensions"]["exception"]["code"] == "GRAPHQL_ERROR"


def test_a_changed_shape_limit_applies_to_a_document_checked_before(api, channel, settings):
    query = "query($slug: String!) { channel(slug: $slug) { slug name currencyCode } }"
    assert "errors" not in api.post(query, {"slug": channel.slug}).json()
    settings.GRAPHQL_MAX_FIELDS = 2
    refused = api.post(query, {"slug": "khac"}).json()["errors"][0]["message"]
    assert refused == "Query asks for 4 fields; the limit is 2."


def test_a_mutation_sent_by_get_is_refused_even_when_its_document_is_cached(api):
    mutation = 'mutation { tokenCreate(email: "a@example.vn", password: "x") { token } }'
    api.post(mutation)  # checked and kept
    response = Client().get("/graphql/", {"query": mutation}, HTTP_ACCEPT="application/json")
    assert response.status_code == 405


def test_a_very_long_document_is_checked_but_not_kept():
    long_query = "{ channels { slug } }" + " " * views.MAX_CACHED_QUERY_LENGTH
    document, errors = views.checked_document(schema.graphql_schema, long_query)
    assert document is not None and errors == ()
    assert views._cached_check.cache_info().currsize == 0
