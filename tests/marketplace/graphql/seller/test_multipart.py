"""Uploads by the GraphQL multipart request spec: a malformed request is a
clean coded error (never a 500) and stores nothing; a session is honoured
only with a valid CSRF token, as for JSON requests."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from marketplace.seller.models import SellerDocument
from tests.marketplace.graphql.conftest import API_PATH
from tests.marketplace.graphql.seller.conftest import global_id, multipart_data
from tests.marketplace.seller.files import png_bytes, upload

pytestmark = pytest.mark.django_db

UPLOAD = """
mutation Upload($sellerId: ID!, $file: Upload!) {
  sellerDocumentUpload(sellerId: $sellerId, kind: CITIZEN_ID, file: $file) {
    document { kind status }
    errors { field code message }
  }
}
"""


def _codes(response) -> list[str]:
    return [error["extensions"]["exception"]["code"] for error in response.json()["errors"]]


def _variables(cast) -> dict:
    return {"sellerId": global_id("Seller", cast.seller_a.pk), "file": None}


def _post(cast, data: dict):
    return cast.owner_a.client.post(API_PATH, data=data, HTTP_AUTHORIZATION=f"Bearer {cast.owner_a.token}")


def test_a_file_sent_by_the_spec_reaches_the_mutation(cast):
    before = SellerDocument.objects.filter(seller=cast.seller_a).count()

    data = cast.owner_a.upload_data(
        UPLOAD, _variables(cast), {"variables.file": upload(png_bytes(), "cccd.png", "image/png")}
    )

    assert data["sellerDocumentUpload"] == {"document": {"kind": "CITIZEN_ID", "status": "PENDING"}, "errors": []}
    assert SellerDocument.objects.filter(seller=cast.seller_a).count() == before + 1


def _good_form(cast) -> dict:
    return multipart_data(UPLOAD, _variables(cast), {"variables.file": upload(png_bytes(), "a.png", "image/png")})


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda form: form.pop("operations"), "REQUIRED"),
        (lambda form: form.update(operations="{not json"), "INVALID"),
        (lambda form: form.update(operations='"a string"'), "INVALID"),
        (lambda form: form.update(operations=json.dumps([{"query": UPLOAD}])), "INVALID"),  # batches
        (lambda form: form.update(map="[not json"), "INVALID"),
        (lambda form: form.update(map=json.dumps({"0": "variables.file"})), "INVALID"),  # not a list
        (lambda form: form.update(map=json.dumps(["variables.file"])), "INVALID"),
        (lambda form: form.update(map=json.dumps({"0": ["variables.nothing"]})), "INVALID"),
        (lambda form: form.update(map=json.dumps({"0": ["variables.file.deeper"]})), "INVALID"),
        (lambda form: form.update(map=json.dumps({"0": ["query"]})), "INVALID"),
        (lambda form: form.update(map=json.dumps({"7": ["variables.file"]})), "REQUIRED"),  # no such file
        (lambda form: form.update(map="[" * 100_000), "INVALID"),  # too deep to parse
    ],
)
def test_a_malformed_multipart_request_is_a_coded_400(cast, change, code):
    before = SellerDocument.objects.count()
    form = _good_form(cast)
    change(form)

    response = _post(cast, form)

    assert response.status_code == 400
    assert _codes(response) == [code]
    assert SellerDocument.objects.count() == before


def test_a_file_variable_left_empty_fails_validation(cast):
    form = _good_form(cast)
    form["map"] = json.dumps({})

    response = _post(cast, form)

    assert response.status_code == 400
    assert _codes(response) == ["GRAPHQL_ERROR"]


def test_a_body_over_the_limit_is_refused_before_it_is_read(cast, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    big = upload(png_bytes((400, 400), "white") + b"\x00" * 30_000, "big.png", "image/png")
    before = SellerDocument.objects.count()

    response = cast.owner_a.upload(UPLOAD, _variables(cast), {"variables.file": big})

    assert response.status_code == 413
    assert _codes(response) == ["FILE_TOO_LARGE"]
    assert SellerDocument.objects.count() == before


def test_a_broken_multipart_body_is_a_coded_400(cast):
    response = cast.owner_a.client.post(
        API_PATH,
        b'--xyz\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}',
        content_type="multipart/form-data",  # no boundary
        HTTP_AUTHORIZATION=f"Bearer {cast.owner_a.token}",
    )

    assert response.status_code == 400
    assert _codes(response) == ["INVALID"]


def test_an_upload_cannot_come_inside_a_json_request(cast):
    status, codes = cast.owner_a.error_codes(UPLOAD, {**_variables(cast), "file": "/etc/passwd"})

    assert (status, codes) == (400, ["GRAPHQL_ERROR"])


def test_an_upload_cannot_be_written_in_the_query(cast):
    query = UPLOAD.replace("$file: Upload!", "").replace("file: $file", 'file: "x"')

    status, codes = cast.owner_a.error_codes(query, {"sellerId": global_id("Seller", cast.seller_a.pk)})

    assert (status, codes) == (400, ["GRAPHQL_ERROR"])


CSRF_TOKEN = "k" * 32


def _session_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = CSRF_TOKEN
    return client


def test_a_session_upload_without_the_csrf_token_acts_as_anonymous(cast):
    client = _session_client(cast.users["owner_a"])
    before = SellerDocument.objects.count()

    response = client.post(API_PATH, data=_good_form(cast))

    assert response.status_code == 200
    assert response.json()["data"]["sellerDocumentUpload"]["errors"][0]["code"] == "NOT_FOUND"
    assert SellerDocument.objects.count() == before


def test_a_session_upload_with_the_csrf_token_is_the_signed_in_member(cast):
    client = _session_client(cast.users["owner_a"])

    response = client.post(API_PATH, data=_good_form(cast), HTTP_X_CSRFTOKEN=CSRF_TOKEN)

    assert response.status_code == 200
    assert response.json()["data"]["sellerDocumentUpload"]["errors"] == []
