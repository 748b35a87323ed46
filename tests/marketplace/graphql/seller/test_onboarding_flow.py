"""The whole road from sign-up to a live listing, through the API only: a
cooperative registers, fills in its profile, uploads two documents by a real
multipart request, submits; an operator asks for a clearer ID scan; the
cooperative replaces it and resubmits; the operator approves; the
cooperative lists a product with a price, stock and a photo and publishes
it; an anonymous shopper then finds it in ``products``."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.product.models import Product
from marketplace.seller.models import Seller, SellerDocument, SellerStatus
from tests.factories import CategoryFactory, OperatorFactory, UserFactory, commune_of
from tests.marketplace.graphql.seller.conftest import api_for, global_id
from tests.marketplace.seller.files import jpeg_bytes, png_bytes, scanned_pdf, upload

pytestmark = pytest.mark.django_db

REGISTER = """
mutation($input: SellerRegisterInput!) {
  sellerRegister(input: $input) {
    seller { id name kind status onboardingChecklist { key done required } }
    errors { field code message }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: SellerProfileInput!) {
  sellerUpdate(id: $id, input: $input) {
    seller { phone streetAddress taxCode province { code } commune { code } description }
    errors { field code message }
  }
}
"""
UPLOAD = """
mutation($sellerId: ID!, $kind: SellerDocumentKindEnum!, $file: Upload!, $expiresOn: Date) {
  sellerDocumentUpload(sellerId: $sellerId, kind: $kind, file: $file, expiresOn: $expiresOn) {
    document { id kind status contentType url }
    errors { field code message }
  }
}
"""
SUBMIT = "mutation($id: ID!) { sellerApplicationSubmit(id: $id) { seller { status } errors { code message } } }"
QUEUE = "{ sellerApplications(first: 10) { totalCount edges { node { id name status submittedAt } } } }"
START = "mutation($id: ID!) { sellerReviewStart(id: $id) { seller { status } errors { code } } }"
CHANGES = """
mutation($id: ID!, $reasons: [SellerReviewReasonInput!]!) {
  sellerChangesRequest(id: $id, reasons: $reasons) { seller { status } errors { code message } }
}
"""
APPROVE = "mutation($id: ID!) { sellerApprove(id: $id) { seller { status } errors { code } } }"
DASHBOARD = """
query($id: ID!) {
  seller(id: $id) {
    status
    notice { status message fieldReasons { field label message } }
    onboardingChecklist { key done reason }
    documents { kind status reviewNote }
    transitions { action fromStatus toStatus actor { email } }
    warehouses { id name }
  }
}
"""
PRODUCT_CREATE = """
mutation($input: ProductCreateInput!) {
  productCreate(input: $input) {
    product { id name slug description variants { id sku name } }
    errors { field code message }
  }
}
"""
PRICE = """
mutation($id: ID!, $input: [ProductVariantChannelListingAddInput!]!) {
  productVariantChannelListingUpdate(id: $id, input: $input) {
    variant { pricing { price { gross { amount currency } } } }
    errors { field code message }
  }
}
"""
STOCKS = """
mutation($variantId: ID!, $stocks: [StockInput!]!) {
  productVariantStocksUpdate(variantId: $variantId, stocks: $stocks) {
    stocks { quantity warehouse { name } }
    errors { field code message }
  }
}
"""
MEDIA = """
mutation($input: ProductMediaCreateInput!) {
  productMediaCreate(input: $input) { media { id url alt } errors { field code message } }
}
"""
PUBLISH = """
mutation($id: ID!, $input: ProductChannelListingUpdateInput!) {
  productChannelListingUpdate(id: $id, input: $input) {
    product { isAvailableForPurchase }
    errors { field code message }
  }
}
"""
SHOP = """
{
  products(first: 10) {
    edges { node {
      name
      seller { name }
      thumbnail { url }
      isAvailable
      pricing { priceRange { start { gross { amount currency } } } }
    } }
  }
}
"""


def _ok(payload: dict) -> dict:
    assert payload["errors"] == [], payload["errors"]
    return payload


def test_a_cooperative_goes_from_sign_up_to_a_live_listing(channel, django_capture_on_commit_callbacks):
    owner = UserFactory(email="htx.la.bang@example.vn")
    farmer, operator, shopper = api_for(owner), api_for(OperatorFactory(email="ocop@example.vn")), api_for(None)
    category = CategoryFactory(name="Chè", slug="che")
    commune = commune_of("19")
    next_year = (timezone.localdate() + datetime.timedelta(days=365)).isoformat()

    # 1. Register, then the profile.
    registered = _ok(
        farmer.execute(REGISTER, {"input": {"name": "HTX Chè La Bằng", "kind": "COOPERATIVE"}})["sellerRegister"]
    )
    seller_id = registered["seller"]["id"]
    assert registered["seller"]["status"] == "DRAFT"
    assert not all(item["done"] for item in registered["seller"]["onboardingChecklist"] if item["required"])
    description = {"blocks": [{"type": "paragraph", "data": {"text": "Chè <b>búp</b> La Bằng"}}]}
    profile = _ok(
        farmer.execute(
            UPDATE,
            {
                "id": seller_id,
                "input": {
                    "phone": "0912 345 678",
                    "province": "19",
                    "commune": commune.code,
                    "streetAddress": "Xóm Khe Vai",
                    "taxCode": "4600123456",
                    "description": json.dumps(description),
                },
            },
        )["sellerUpdate"]
    )["seller"]
    assert profile["phone"] == "+84912345678"
    assert profile["commune"] == {"code": commune.code}
    assert Seller.objects.get(name="HTX Chè La Bằng").description == "Chè búp La Bằng"

    # 2. Two documents by multipart upload: an ID photo and a scanned PDF.
    for kind, file in (
        ("CITIZEN_ID", upload(png_bytes(), "cccd.jpg", "image/jpeg")),
        ("BUSINESS_REGISTRATION", upload(scanned_pdf(), "dang-ky.pdf", "application/pdf")),
    ):
        document = _ok(
            farmer.upload_data(
                UPLOAD,
                {"sellerId": seller_id, "kind": kind, "file": None, "expiresOn": next_year},
                {"variables.file": file},
            )["sellerDocumentUpload"]
        )["document"]
        assert document["status"] == "PENDING"
        assert "/kenh-nguoi-ban/tai-lieu/" in document["url"]
    assert {d.content_type for d in SellerDocument.objects.filter(seller__name="HTX Chè La Bằng")} == {
        "image/png",
        "application/pdf",
    }

    # 3. Submit; the operator finds it in the queue and asks for a clearer ID.
    assert _ok(farmer.execute(SUBMIT, {"id": seller_id})["sellerApplicationSubmit"])["seller"]["status"] == "SUBMITTED"
    queue = operator.execute(QUEUE)["sellerApplications"]
    assert [edge["node"]["id"] for edge in queue["edges"]] == [seller_id]
    assert queue["edges"][0]["node"]["submittedAt"] is not None
    assert _ok(operator.execute(START, {"id": seller_id})["sellerReviewStart"])["seller"]["status"] == "IN_REVIEW"
    reasons = [{"field": "CITIZEN_ID", "message": "Ảnh bị mờ, vui lòng chụp lại."}]
    changes = _ok(operator.execute(CHANGES, {"id": seller_id, "reasons": reasons})["sellerChangesRequest"])
    assert changes["seller"]["status"] == "CHANGES_REQUESTED"

    # 4. The cooperative sees why, replaces the photo and resubmits.
    dashboard = farmer.execute(DASHBOARD, {"id": seller_id})["seller"]
    assert dashboard["notice"]["fieldReasons"] == [
        {
            "field": "citizen_id",
            "label": "Căn cước công dân của người đại diện",
            "message": "Ảnh bị mờ, vui lòng chụp lại.",
        }
    ]
    checklist = {item["key"]: item for item in dashboard["onboardingChecklist"]}
    assert checklist["citizen_id"] == {"key": "citizen_id", "done": False, "reason": "Ảnh bị mờ, vui lòng chụp lại."}
    assert {"kind": "CITIZEN_ID", "status": "NEEDS_REPLACEMENT", "reviewNote": "Ảnh bị mờ, vui lòng chụp lại."} in (
        dashboard["documents"]
    )
    _ok(
        farmer.upload_data(
            UPLOAD,
            {"sellerId": seller_id, "kind": "CITIZEN_ID", "file": None, "expiresOn": next_year},
            {"variables.file": upload(jpeg_bytes((800, 600)), "cccd-ro.jpg", "image/jpeg")},
        )["sellerDocumentUpload"]
    )
    assert _ok(farmer.execute(SUBMIT, {"id": seller_id})["sellerApplicationSubmit"])["seller"]["status"] == "SUBMITTED"

    # 5. Approved; the owner is told by email.
    _ok(operator.execute(START, {"id": seller_id})["sellerReviewStart"])
    with django_capture_on_commit_callbacks(execute=True):
        approved = _ok(operator.execute(APPROVE, {"id": seller_id})["sellerApprove"])
    assert approved["seller"]["status"] == "APPROVED"
    assert [message.to for message in mail.outbox][-1] == ["htx.la.bang@example.vn"]
    trail = farmer.execute(DASHBOARD, {"id": seller_id})["seller"]["transitions"]
    assert [t["action"] for t in trail] == [
        "SUBMIT",
        "START_REVIEW",
        "REQUEST_CHANGES",
        "SUBMIT",
        "START_REVIEW",
        "APPROVE",
    ]
    assert trail[0]["actor"] == {"email": "htx.la.bang@example.vn"}
    assert trail[1]["actor"] is None  # the operator's identity stays with the operators

    # 6. A product: created, priced, stocked, photographed, published.
    created = _ok(
        farmer.execute(
            PRODUCT_CREATE,
            {
                "input": {
                    "name": "Chè búp La Bằng",
                    "category": global_id("Category", category.pk),
                    "price": 85000,
                    "variantName": "Gói 200 g",
                    "description": json.dumps("Chè búp hái tay."),
                }
            },
        )["productCreate"]
    )["product"]
    assert created["slug"] == "che-bup-la-bang"
    variant_id = created["variants"][0]["id"]
    channel_id = global_id("Channel", channel.pk)
    priced = _ok(
        farmer.execute(PRICE, {"id": variant_id, "input": [{"channelId": channel_id, "price": "90000"}]})[
            "productVariantChannelListingUpdate"
        ]
    )
    assert priced["variant"]["pricing"]["price"]["gross"] == {"amount": 90000.0, "currency": "VND"}
    warehouse = farmer.execute(DASHBOARD, {"id": seller_id})["seller"]["warehouses"][0]
    stocked = _ok(
        farmer.execute(STOCKS, {"variantId": variant_id, "stocks": [{"warehouse": warehouse["id"], "quantity": 25}]})[
            "productVariantStocksUpdate"
        ]
    )
    assert stocked["stocks"] == [{"quantity": 25, "warehouse": {"name": "Kho chính"}}]
    media = _ok(
        farmer.upload_data(
            MEDIA,
            {"input": {"product": created["id"], "image": None, "alt": "Gói chè"}},
            {"variables.input.image": upload(jpeg_bytes((900, 900)), "goi-che.jpg", "image/jpeg")},
        )["productMediaCreate"]
    )["media"]
    assert media["alt"] == "Gói chè"
    assert shopper.execute(SHOP)["products"]["edges"] == []  # not published yet
    with django_capture_on_commit_callbacks(execute=True):  # publishing expires cached catalogue answers
        published = _ok(
            farmer.execute(
                PUBLISH,
                {"id": created["id"], "input": {"updateChannels": [{"channelId": channel_id, "isPublished": True}]}},
            )["productChannelListingUpdate"]
        )
    assert published["product"]["isAvailableForPurchase"] is True

    # 7. An anonymous shopper finds it.
    edges = shopper.execute(SHOP)["products"]["edges"]
    assert len(edges) == 1
    node = edges[0]["node"]
    assert node["name"] == "Chè búp La Bằng"
    assert node["seller"] == {"name": "HTX Chè La Bằng"}
    assert node["isAvailable"] is True
    assert node["pricing"]["priceRange"]["start"]["gross"] == {"amount": 90000.0, "currency": "VND"}
    assert node["thumbnail"]["url"].endswith(".webp")
    assert Seller.objects.get(pk=Product.objects.get().seller_id).status == SellerStatus.APPROVED
