from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from marketplace.account.jwt import create_access_token
from tests.factories import OperatorFactory, UserFactory

API_PATH = "/graphql/"


class ApiClient:
    """Posts GraphQL documents the way a storefront does (JSON over POST)."""

    def __init__(self, token: str | None = None, **headers: str) -> None:
        self.client = Client(**headers)
        self.token = token

    def post(self, query: str, variables: dict[str, Any] | None = None, **extra: str):
        headers = dict(extra)
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        body = json.dumps({"query": query, "variables": variables or {}})
        return self.client.post(API_PATH, body, content_type="application/json", **headers)

    def execute(self, query: str, variables: dict[str, Any] | None = None, **extra: str) -> dict[str, Any]:
        """The response JSON of a request that must succeed without errors."""
        response = self.post(query, variables, **extra)
        content = response.json()
        assert response.status_code == 200, content
        assert "errors" not in content, content["errors"]
        return content["data"]

    def error_codes(self, query: str, variables: dict[str, Any] | None = None, **extra: str) -> tuple[int, list[str]]:
        response = self.post(query, variables, **extra)
        content = response.json()
        return response.status_code, [e["extensions"]["exception"]["code"] for e in content.get("errors", [])]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Login throttling and catalogue generations live in the (process-local) cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(db) -> ApiClient:
    return ApiClient()


@pytest.fixture
def shopper(db):
    return UserFactory(email="khach@example.vn")


@pytest.fixture
def shopper_api(shopper) -> ApiClient:
    return ApiClient(token=create_access_token(shopper))


@pytest.fixture
def operator(db):
    return OperatorFactory(email="van-hanh@example.vn")


@pytest.fixture
def operator_api(operator) -> ApiClient:
    return ApiClient(token=create_access_token(operator))
