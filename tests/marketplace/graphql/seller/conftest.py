"""People and sellers for the seller API tests, and multipart uploads as
Saleor's and Apollo's clients send them."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.account.jwt import create_access_token
from marketplace.seller import services
from marketplace.seller.models import Seller, SellerKind, SellerRole, SellerStatus
from tests.factories import UserFactory
from tests.marketplace.graphql.conftest import API_PATH, ApiClient
from tests.marketplace.seller.steps import complete_profile, upload_required_documents


def global_id(type_name: str, pk: object) -> str:
    from graphene.relay import Node

    return Node.to_global_id(type_name, pk)


def _set_path(variables: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")[1:]  # "variables.file" -> ["file"]
    target: Any = variables
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(keys[-1])] = value
    else:
        target[keys[-1]] = value


def multipart_data(query: str, variables: dict[str, Any], files: dict[str, SimpleUploadedFile]) -> dict[str, Any]:
    """The form of a GraphQL multipart request: ``files`` maps a variable path
    (``variables.file``) to the file sent for it."""
    placeholders = copy.deepcopy(variables)
    for path in files:
        _set_path(placeholders, path, None)
    data: dict[str, Any] = {
        "operations": json.dumps({"query": query, "variables": placeholders}),
        "map": json.dumps({str(index): [path] for index, path in enumerate(files)}),
    }
    for index, upload in enumerate(files.values()):
        upload.seek(0)
        data[str(index)] = upload
    return data


class SellerApi(ApiClient):
    """``ApiClient`` that can also send files."""

    def upload(self, query: str, variables: dict[str, Any], files: dict[str, SimpleUploadedFile], **extra: str):
        headers = dict(extra)
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        return self.client.post(API_PATH, data=multipart_data(query, variables, files), **headers)

    def upload_data(self, query: str, variables: dict[str, Any], files: dict[str, SimpleUploadedFile]) -> dict:
        response = self.upload(query, variables, files)
        content = response.json()
        assert response.status_code == 200, content
        assert "errors" not in content, content["errors"]
        return content["data"]


def api_for(user) -> SellerApi:
    return SellerApi(token=create_access_token(user)) if user is not None else SellerApi()


@dataclass
class Cast:
    """Everyone in the permission matrix, each with an API client."""

    anonymous: SellerApi
    shopper: SellerApi
    owner_a: SellerApi
    staff_a: SellerApi
    owner_b: SellerApi
    operator: SellerApi
    seller_a: Seller
    seller_b: Seller
    users: dict[str, Any]


@pytest.fixture
def cast(db, channel) -> Cast:
    from tests.factories import OperatorFactory

    shopper = UserFactory(email="khach.hang@example.vn")
    owner_a = UserFactory(email="chu.a@example.vn")
    staff_a = UserFactory(email="nhan.vien.a@example.vn")
    owner_b = UserFactory(email="chu.b@example.vn")
    operator = OperatorFactory(email="can.bo@ocop.example.vn")
    seller_a = services.register_seller(user=owner_a, name="HTX Chè Tân Cương", kind=SellerKind.COOPERATIVE)
    seller_b = services.register_seller(user=owner_b, name="Hộ bà Lan mật ong", kind=SellerKind.HOUSEHOLD)
    seller_a.members.create(user=staff_a, role=SellerRole.STAFF)
    for seller, owner in ((seller_a, owner_a), (seller_b, owner_b)):
        complete_profile(seller, owner)
        upload_required_documents(seller, owner)
    return Cast(
        anonymous=api_for(None),
        shopper=api_for(shopper),
        owner_a=api_for(owner_a),
        staff_a=api_for(staff_a),
        owner_b=api_for(owner_b),
        operator=api_for(operator),
        seller_a=seller_a,
        seller_b=seller_b,
        users={"shopper": shopper, "owner_a": owner_a, "staff_a": staff_a, "owner_b": owner_b, "operator": operator},
    )


def approve(seller: Seller, owner, operator) -> Seller:
    """Take a seller with a complete application through to approval."""
    services.submit_application(seller=seller, actor=owner)
    services.start_review(seller=seller, actor=operator)
    services.approve_seller(seller=seller, actor=operator)
    assert seller.status == SellerStatus.APPROVED
    return seller
