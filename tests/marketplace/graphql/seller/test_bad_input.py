"""Bad input through the seller API: each a coded error with a Vietnamese
message, and nothing changes — hostile files, wrong prices and quantities,
duplicate SKUs, illegal workflow steps."""

from __future__ import annotations

import json

import pytest

from marketplace.product import services as catalogue
from marketplace.product.models import Product, ProductMedia, ProductVariant, ProductVariantChannelListing
from marketplace.seller import services
from marketplace.seller.models import Seller, SellerDocument, SellerTransition
from marketplace.warehouse.models import Stock
from tests.factories import CategoryFactory
from tests.marketplace.graphql.seller.conftest import approve, global_id
from tests.marketplace.seller.files import (
    PHP_SHELL,
    clean_pdf,
    pdf_with_compression_bomb,
    pdf_with_javascript_in_object_stream,
    pdf_with_open_action_javascript,
    png_bomb,
    upload,
)

pytestmark = pytest.mark.django_db

DOCUMENT = """
mutation($s: ID!, $f: Upload!) {
  sellerDocumentUpload(sellerId: $s, kind: CITIZEN_ID, file: $f) { document { id } errors { field code message } }
}
"""
MEDIA = """
mutation($p: ID!, $f: Upload!) {
  productMediaCreate(input: {product: $p, image: $f}) { media { id } errors { field code message } }
}
"""


def catalogue_rows() -> tuple:
    return (
        sorted(Product.objects.values_list("pk", "name")),
        sorted(ProductVariant.objects.values_list("pk", "sku", "name")),
        sorted(ProductVariantChannelListing.objects.values_list("variant_id", "price_amount")),
        sorted(Stock.objects.values_list("product_variant_id", "quantity")),
        ProductMedia.objects.count(),
    )


@pytest.fixture
def listing(cast, channel):
    """Seller A approved, with one product."""
    approve(cast.seller_a, cast.users["owner_a"], cast.users["operator"])
    category = CategoryFactory(name="Chè", slug="che")
    product = catalogue.create_product(
        seller=cast.seller_a, actor=cast.users["owner_a"], name="Chè búp", category=category, price=80_000, sku="CHE-1"
    )
    return product


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (PHP_SHELL, "cccd.jpg", "UNSUPPORTED_FILE_TYPE"),
        (b"", "trong.png", "EMPTY_FILE"),
        (pdf_with_open_action_javascript(), "giay-to.pdf", "UNSAFE_PDF"),
        (pdf_with_javascript_in_object_stream(), "giay-to.pdf", "UNSAFE_PDF"),
        (pdf_with_compression_bomb(), "giay-to.pdf", "DECOMPRESSION_BOMB"),
        (png_bomb(), "anh.png", "IMAGE_TOO_LARGE"),
    ],
)
def test_a_hostile_document_is_refused_and_nothing_is_stored(cast, settings, content, name, code):
    before = SellerDocument.objects.count()
    files_before = sorted(settings.PRIVATE_MEDIA_ROOT.rglob("*"))

    data = cast.owner_a.upload_data(
        DOCUMENT,
        {"s": global_id("Seller", cast.seller_a.pk), "f": None},
        {"variables.f": upload(content, name, "image/jpeg")},
    )

    errors = data["sellerDocumentUpload"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("file", code)]
    assert errors[0]["message"] and errors[0]["message"] != code  # words, not a code
    assert SellerDocument.objects.count() == before
    assert sorted(settings.PRIVATE_MEDIA_ROOT.rglob("*")) == files_before


def test_a_document_too_large_is_refused(cast, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1000
    before = SellerDocument.objects.count()

    data = cast.owner_a.upload_data(
        DOCUMENT,
        {"s": global_id("Seller", cast.seller_a.pk), "f": None},
        {"variables.f": upload(clean_pdf() + b"%" * 2000, "lon.pdf", "application/pdf")},
    )

    assert [e["code"] for e in data["sellerDocumentUpload"]["errors"]] == ["FILE_TOO_LARGE"]
    assert SellerDocument.objects.count() == before


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (PHP_SHELL, "anh.jpg", "UNSUPPORTED_FILE_TYPE"),
        (clean_pdf(), "anh.jpg", "UNSUPPORTED_FILE_TYPE"),
        (png_bomb(), "anh.png", "IMAGE_TOO_LARGE"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "hong.png", "INVALID_IMAGE"),
    ],
)
def test_a_hostile_product_image_is_refused(cast, listing, content, name, code):
    before = catalogue_rows()

    data = cast.owner_a.upload_data(
        MEDIA, {"p": global_id("Product", listing.pk), "f": None}, {"variables.f": upload(content, name, "image/jpeg")}
    )

    assert [e["code"] for e in data["productMediaCreate"]["errors"]] == [code]
    assert catalogue_rows() == before


PRICE = """
mutation($v: ID!, $c: ID!, $price: PositiveDecimal!) {
  productVariantChannelListingUpdate(id: $v, input: [{channelId: $c, price: $price}]) {
    errors { field code message }
  }
}
"""


@pytest.mark.parametrize("price", [-1, 12.5, "12.5", "-1", 10**12, "0.001", "NaN"])
def test_a_negative_or_fractional_price_is_refused(cast, listing, channel, price):
    before = catalogue_rows()

    data = cast.owner_a.execute(
        PRICE,
        {
            "v": global_id("ProductVariant", listing.default_variant_id),
            "c": global_id("Channel", channel.pk),
            "price": price,
        },
    )

    errors = data["productVariantChannelListingUpdate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("price", "INVALID_PRICE")]
    assert catalogue_rows() == before


def test_a_price_must_be_a_number(cast, listing, channel):
    status, codes = cast.owner_a.error_codes(
        PRICE,
        {
            "v": global_id("ProductVariant", listing.default_variant_id),
            "c": global_id("Channel", channel.pk),
            "price": "mười nghìn",
        },
    )

    assert (status, codes) == (400, ["GRAPHQL_ERROR"])


CREATE = """
mutation($input: ProductCreateInput!) { productCreate(input: $input) { product { id } errors { field code message } } }
"""


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"price": -1}, "price", "INVALID_PRICE"),
        ({"price": 12.5}, "price", "INVALID_PRICE"),
        ({"price": None}, "price", "REQUIRED"),
        ({"stock": -3}, "stock", "INVALID_QUANTITY"),
        ({"sku": "che-1"}, "sku", "UNIQUE"),  # SKUs are unique whatever their case
        ({"name": "  "}, "name", "REQUIRED"),
        ({"category": None}, "category", "REQUIRED"),
        ({"weight": 12.5}, "weightGrams", "INVALID"),
        ({"description": json.dumps({"blocks": "không phải danh sách"})}, "description", "INVALID"),
        ({"originProvince": "99"}, "originProvince", "INVALID"),
    ],
)
def test_bad_product_input_is_refused(cast, listing, change, field, code):
    before = catalogue_rows()
    good = {"name": "Mật ong", "category": global_id("Category", listing.category_id), "price": 150000}

    data = cast.owner_a.execute(CREATE, {"input": {**good, **change}})

    errors = data["productCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)]
    assert catalogue_rows() == before


def test_a_duplicate_sku_of_another_seller_is_refused_too(cast, listing):
    approve(cast.seller_b, cast.users["owner_b"], cast.users["operator"])
    other = catalogue.create_product(
        seller=cast.seller_b, actor=cast.users["owner_b"], name="Mật ong", category=listing.category, price=1000
    )
    before = catalogue_rows()

    data = cast.owner_b.execute(
        'mutation($p: ID!) { productVariantCreate(input: {product: $p, sku: "CHE-1", name: "Hũ 1 lít", price: 1}) '
        "{ errors { field code } } }",
        {"p": global_id("Product", other.pk)},
    )

    assert data["productVariantCreate"]["errors"] == [{"field": "sku", "code": "UNIQUE"}]
    assert catalogue_rows() == before


def test_a_negative_stock_is_refused(cast, listing):
    warehouse = Stock.objects.get(product_variant_id=listing.default_variant_id).warehouse
    before = catalogue_rows()

    data = cast.owner_a.execute(
        "mutation($v: ID!, $w: ID!) { productVariantStocksUpdate(variantId: $v, stocks: [{warehouse: $w, "
        "quantity: -5}]) { errors { field code message } } }",
        {"v": global_id("ProductVariant", listing.default_variant_id), "w": global_id("Warehouse", warehouse.pk)},
    )

    errors = data["productVariantStocksUpdate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("quantity", "INVALID_QUANTITY")]
    assert errors[0]["message"] == "Số lượng không được âm."
    assert catalogue_rows() == before


def transitions_of(seller: Seller) -> tuple:
    return Seller.objects.get(pk=seller.pk).status, SellerTransition.objects.filter(seller=seller).count()


def test_an_illegal_workflow_step_is_refused(cast):
    before = transitions_of(cast.seller_a)

    data = cast.operator.execute(
        "mutation($id: ID!) { sellerApprove(id: $id) { seller { status } errors { code message } } }",
        {"id": global_id("Seller", cast.seller_a.pk)},
    )

    errors = data["sellerApprove"]["errors"]
    assert [e["code"] for e in errors] == ["INVALID_TRANSITION"]
    assert errors[0]["message"] == "Không thể “Duyệt” khi hồ sơ đang ở trạng thái “Bản nháp”."
    assert transitions_of(cast.seller_a) == before


def test_submitting_twice_is_an_illegal_step(cast):
    submit = "mutation($id: ID!) { sellerApplicationSubmit(id: $id) { errors { code } } }"
    variables = {"id": global_id("Seller", cast.seller_a.pk)}
    cast.owner_a.execute(submit, variables)
    before = transitions_of(cast.seller_a)

    data = cast.owner_a.execute(submit, variables)

    assert [e["code"] for e in data["sellerApplicationSubmit"]["errors"]] == ["INVALID_TRANSITION"]
    assert transitions_of(cast.seller_a) == before


def test_an_incomplete_application_says_what_is_missing(cast):
    seller = services.register_seller(user=cast.users["shopper"], name="Hộ ông Tư", kind="household")
    before = transitions_of(seller)

    data = cast.shopper.execute(
        "mutation($id: ID!) { sellerApplicationSubmit(id: $id) { errors { code message } } }",
        {"id": global_id("Seller", seller.pk)},
    )

    errors = data["sellerApplicationSubmit"]["errors"]
    assert [e["code"] for e in errors] == ["INCOMPLETE_APPLICATION"]
    assert "Số điện thoại" in errors[0]["message"]
    assert transitions_of(seller) == before


@pytest.mark.parametrize(
    ("reasons", "code"),
    [
        ([{"field": "colour", "message": "?"}], "INVALID_REVIEW_KEY"),
        ([{"field": "phone", "message": "a"}, {"field": "PHONE", "message": "b"}], "DUPLICATED_INPUT_ITEM"),
        ([{"field": "phone", "message": "   "}], "REASON_REQUIRED"),
        ([], "REASON_REQUIRED"),
    ],
)
def test_a_changes_request_needs_known_items_with_reasons(cast, reasons, code):
    services.submit_application(seller=cast.seller_a, actor=cast.users["owner_a"])
    services.start_review(seller=cast.seller_a, actor=cast.users["operator"])
    before = transitions_of(cast.seller_a)

    data = cast.operator.execute(
        "mutation($id: ID!, $r: [SellerReviewReasonInput!]!) { sellerChangesRequest(id: $id, reasons: $r) "
        "{ errors { code } } }",
        {"id": global_id("Seller", cast.seller_a.pk), "r": reasons},
    )

    assert [e["code"] for e in data["sellerChangesRequest"]["errors"]] == [code]
    assert transitions_of(cast.seller_a) == before


@pytest.mark.parametrize(
    ("profile", "field", "code"),
    [
        ({"phone": "12345"}, "phone", "INVALID_PHONE"),
        ({"taxCode": "123"}, "taxCode", "INVALID_TAX_CODE"),
        ({"province": "01", "commune": None}, None, None),  # a valid change, for contrast
    ],
)
def test_bad_profile_input_is_refused(cast, profile, field, code):
    before = Seller.objects.filter(pk=cast.seller_a.pk).values_list("phone", "tax_code", "province_id").get()

    data = cast.owner_a.execute(
        "mutation($id: ID!, $input: SellerProfileInput!) { sellerUpdate(id: $id, input: $input) "
        "{ errors { field code } } }",
        {"id": global_id("Seller", cast.seller_a.pk), "input": profile},
    )

    after = Seller.objects.filter(pk=cast.seller_a.pk).values_list("phone", "tax_code", "province_id").get()
    if code is None:
        assert data["sellerUpdate"]["errors"] == [] and after != before
    else:
        assert data["sellerUpdate"]["errors"] == [{"field": field, "code": code}]
        assert after == before
