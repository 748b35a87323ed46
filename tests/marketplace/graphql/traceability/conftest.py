"""People, sellers, variants and batches for the traceability API tests:
everyone of the permission matrix with an API client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from graphene.relay import Node

from marketplace.account.jwt import create_access_token
from marketplace.seller.models import SellerKind, SellerRole
from tests.factories import (
    OperatorFactory,
    ProductFactory,
    ProductVariantFactory,
    SellerFactory,
    SellerMemberFactory,
    UserFactory,
)
from tests.marketplace.graphql.conftest import ApiClient
from tests.traceability.helpers import make_batch


def global_id(type_name: str, pk: object) -> str:
    return Node.to_global_id(type_name, pk)


def api_for(user) -> ApiClient:
    return ApiClient(token=create_access_token(user)) if user is not None else ApiClient()


def mutate(client: ApiClient, query: str, variables: dict[str, Any], name: str) -> dict[str, Any]:
    """The payload of mutation ``name``, which must have returned no errors."""
    payload = client.execute(query, variables)[name]
    assert payload["errors"] == [], payload["errors"]
    return payload


def error_codes(client: ApiClient, query: str, variables: dict[str, Any], name: str) -> list[tuple[str, str]]:
    """``(code, field)`` of each error mutation ``name`` returned."""
    payload = client.execute(query, variables)[name]
    return [(error["code"], error["field"]) for error in payload["errors"]]


@dataclass
class Cast:
    anonymous: ApiClient
    shopper: ApiClient
    owner_a: ApiClient
    staff_a: ApiClient
    owner_b: ApiClient
    operator: ApiClient
    seller_a: Any
    seller_b: Any
    variant_a: Any
    variant_b: Any
    users: dict[str, Any]

    def client(self, who: str) -> ApiClient:
        return getattr(self, who)


@pytest.fixture
def cast(db, channel) -> Cast:
    shopper = UserFactory(email="khach.hang@example.vn")
    owner_a = UserFactory(email="chu.a@example.vn")
    staff_a = UserFactory(email="nhan.vien.a@example.vn")
    owner_b = UserFactory(email="chu.b@example.vn")
    operator = OperatorFactory(email="can.bo@ocop.example.vn")
    seller_a = SellerFactory(name="HTX Chè Tân Cương", kind=SellerKind.COOPERATIVE, street_address="Xóm Nam Thái")
    seller_b = SellerFactory(name="Hộ bà Lan mật ong", kind=SellerKind.HOUSEHOLD)
    SellerMemberFactory(seller=seller_a, user=owner_a)
    SellerMemberFactory(seller=seller_a, user=staff_a, role=SellerRole.STAFF)
    SellerMemberFactory(seller=seller_b, user=owner_b)
    variant_a = ProductVariantFactory(
        product=ProductFactory(seller=seller_a, name="Chè búp Tân Cương đặc biệt"), name="Gói 200 g"
    )
    honey = ProductFactory(seller=seller_b, name="Mật ong bạc hà")
    variant_b = ProductVariantFactory(product=honey, name="Chai 500 ml")
    return Cast(
        anonymous=api_for(None),
        shopper=api_for(shopper),
        owner_a=api_for(owner_a),
        staff_a=api_for(staff_a),
        owner_b=api_for(owner_b),
        operator=api_for(operator),
        seller_a=seller_a,
        seller_b=seller_b,
        variant_a=variant_a,
        variant_b=variant_b,
        users={"shopper": shopper, "owner_a": owner_a, "staff_a": staff_a, "owner_b": owner_b, "operator": operator},
    )


@pytest.fixture
def batch_a(cast):
    return make_batch(cast.seller_a, cast.users["owner_a"], cast.variant_a, lot_code="TC-2025-07")


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what a request queued after commit (stamp generation), as the
    in-process task runner does."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run
