"""The GS1-Conformant resolver at the Digital Link paths: redirects, link
types, RFC 9264 linksets, HEAD/OPTIONS/CORS, bad syntax and unknown items."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from tests.traceability import test_verification_page as page_tests
from traceability.models import Stamp

# The verification page's fixtures: a cooperative's full record and fresh rate-limit windows.
story = page_tests.story
_fresh_limits = page_tests._fresh_limits

LINKSET = "application/linkset+json"
VOC = "https://gs1.org/voc/"


@pytest.fixture
def stamp_path(story, printed_stamps) -> str:
    stamp = Stamp.objects.select_related("trade_item").get(pk=printed_stamps[0].pk)
    return f"/01/{stamp.trade_item.gtin}/10/{stamp.lot_code}/21/{stamp.serial}"


@pytest.fixture
def gtin(story) -> str:
    return story.variant.trade_item.gtin


def test_a_scan_is_redirected_to_the_verification_page_with_its_query_kept(client, stamp_path):
    response = client.get(stamp_path + "?17=261231&utm_source=tem")

    assert response.status_code == 307
    assert response["Location"] == f"http://testserver/xac-thuc{stamp_path}?17=261231&utm_source=tem"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert f'<http://testserver{stamp_path}?linkType=linkset>; rel="linkset"' in response["Link"]
    assert f'type="{LINKSET}"' in response["Link"]
    # The resolver does not log the scan; the page it leads to does.
    assert "Đã quét 1 lần" in client.get(response["Location"]).content.decode()


def test_each_link_type_leads_to_its_resource(client, story, stamp_path):
    slug = story.variant.product.slug

    pip = client.get(stamp_path, {"linkType": "gs1:pip"})
    trace = client.get(stamp_path, {"linkType": "gs1:traceability"})
    certificate = client.get(stamp_path, {"linkType": "https://gs1.org/voc/certificationInfo"})
    other = client.get(stamp_path, {"linkType": "gs1:recipeInfo"})

    assert pip.status_code == 307 and pip["Location"] == f"http://testserver/san-pham/{slug}/"
    assert trace.status_code == 307 and trace["Location"] == f"http://testserver/truy-xuat{stamp_path}"
    assert certificate["Location"] == f"http://testserver/truy-xuat{stamp_path}#ocop"
    # A link type the item does not have falls back to the default link.
    assert other.status_code == 307 and other["Location"].startswith("http://testserver/xac-thuc/01/")

    history = client.get(trace["Location"]).content.decode()
    assert "Lịch sử lô hàng" in history and "Thu hoạch" in history and "Đóng gói" in history
    assert 'id="ocop"' in history and "Sản phẩm OCOP 4 sao" in history


def test_linkset_by_parameter_and_by_accept_header(client, story, stamp_path, settings):
    settings.PUBLIC_URL = "https://cho-ocop.vn"
    by_parameter = client.get(stamp_path, {"linkType": "linkset"})
    by_accept = client.get(stamp_path, HTTP_ACCEPT=LINKSET)

    for response in (by_parameter, by_accept):
        assert response.status_code == 200
        assert response["Content-Type"] == LINKSET
        assert response["Access-Control-Allow-Origin"] == "*"
        (context,) = json.loads(response.content)["linkset"]
        assert context["anchor"] == f"https://cho-ocop.vn{stamp_path}"
        assert context[f"{VOC}pip"][0]["href"] == f"http://testserver/san-pham/{story.variant.product.slug}/"
        assert context[f"{VOC}pip"][0]["hreflang"] == ["vi", "en"]
        assert context[f"{VOC}defaultLink"][0]["href"] == f"http://testserver/xac-thuc{stamp_path}"
        assert context[f"{VOC}traceability"][0]["href"] == f"http://testserver/truy-xuat{stamp_path}"
        assert context[f"{VOC}certificationInfo"][0]["href"].endswith("#ocop")
        assert all(link[0]["title"] for key, link in context.items() if key != "anchor")


def test_a_gtin_alone_leads_to_the_product_page(client, story, gtin):
    response = client.get(f"/01/{gtin}")
    assert response.status_code == 307
    assert response["Location"] == f"http://testserver/san-pham/{story.variant.product.slug}/"
    (context,) = json.loads(client.get(f"/01/{gtin}", {"linkType": "linkset"}).content)["linkset"]
    assert f"{VOC}traceability" not in context  # a product, not a lot


def test_head_and_options_work_with_cors(client, stamp_path):
    head = client.head(stamp_path)
    assert head.status_code == 307 and head["Location"].startswith("http://testserver/xac-thuc/")
    assert head.content == b""

    preflight = client.options(stamp_path, HTTP_ORIGIN="https://app.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "Accept" in preflight["Access-Control-Allow-Headers"]
    assert "GET" in preflight["Allow"]
    assert client.post(stamp_path).status_code == 405


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/01/09521234543213/15/261231", "query string"),  # AI 15 is a data attribute, not a qualifier
        ("/01/09521234543213/21/ABC/10/LOT1", "out of order"),
        ("/00/106141412345678908/10/LOT1", "takes no qualifiers"),  # an SSCC with qualifiers
        ("/01/09521234543213/10", "odd number"),
        ("/01/12345678", "check digit"),
        ("/01/1234567890123", "check digit"),
    ],
)
def test_bad_syntax_is_a_400_with_the_reason(client, db, path, reason):
    page = client.get(path)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Mã không hợp lệ" in html and reason in html

    api = client.get(path, HTTP_ACCEPT="application/json")
    assert api.status_code == 400
    assert api.json()["code"] == "INVALID_DIGITAL_LINK" and reason in api.json()["message"]
    assert api["Access-Control-Allow-Origin"] == "*"


def test_unknown_items_are_404(client, story, gtin, printed_stamps):
    for path in (
        f"/01/{gtin}/21/ZZZZZZZZZZZZZZZZ",
        f"/01/{gtin}/10/NO-SUCH-LOT",
        f"/01/09521234543213/21/{printed_stamps[0].serial}",  # a valid GTIN that is not ours
        "/01/09521234543213",
        "/00/106141412345678908",  # a valid SSCC: we resolve no logistic units
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Không tìm thấy mã này" in response.content.decode()
    assert client.get(f"/01/{gtin}/21/ZZZZZZZZZZZZZZZZ", HTTP_ACCEPT=LINKSET).status_code == 404


def test_the_resolver_description_is_served(client, settings):
    settings.PUBLIC_URL = "https://cho-ocop.vn"
    response = client.get("/.well-known/gs1resolver")
    assert response.status_code == 200
    body = response.json()
    assert body["resolverRoot"] == "https://cho-ocop.vn"
    assert body["supportedPrimaryKeys"] == ["01"]
    assert body["supportedLinkType"][0]["prefix"] == "gs1:"
    assert "gs1:traceability" in body["linkTypes"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_resolver_answer_costs_one_query_and_logs_no_scan(client, stamp_path, django_assert_num_queries):
    cache.clear()
    with django_assert_num_queries(1):
        assert client.get(stamp_path).status_code == 307
    assert Stamp.objects.get(serial=stamp_path.rsplit("/", 1)[1]).scans.count() == 0
