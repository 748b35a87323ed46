"""The seller centre's "Truy xuất" pages: batches, events, GTIN, stamp jobs,
printing, activation, voiding, recall and EPCIS export, from the outside."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.utils import timezone

from marketplace.product.models import ProductVariant
from tests.storefront.seller_centre.conftest import client_for, field_errors, flash, form_errors
from traceability import services as trace
from traceability.models import Batch, BatchStatus, EpcisEvent, EventKind, Stamp, StampJob, StampStatus

pytestmark = pytest.mark.django_db

CENTRE = "/kenh-nguoi-ban/truy-xuat/"


@pytest.fixture
def variant_a(product_a) -> ProductVariant:
    return product_a.variants.get()


@pytest.fixture
def variant_b(product_b) -> ProductVariant:
    return product_b.variants.get()


def new_batch(seller, actor, variant, lot="CHE-01", **extra) -> Batch:
    today = timezone.localdate()
    extra.setdefault("harvest_start", today - datetime.timedelta(days=3))
    extra.setdefault("production_date", today - datetime.timedelta(days=1))
    extra.setdefault("expiry_date", today + datetime.timedelta(days=300))
    return trace.create_batch(seller=seller, actor=actor, variant=variant, lot_code=lot, quantity="120", **extra)


@pytest.fixture
def batch_a(seller_a, owner_a, variant_a) -> Batch:
    return new_batch(seller_a, owner_a, variant_a)


@pytest.fixture
def job_a(client_a, batch_a, django_capture_on_commit_callbacks) -> StampJob:
    """30 stamps asked for through the page; the background task runs at commit."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(f"{CENTRE}lo/{batch_a.pk}/tao-tem/", {"count": "30"})
    job = StampJob.objects.get(batch=batch_a)
    assert response.status_code == 302 and response["Location"] == f"{CENTRE}dot-tem/{job.pk}/"
    return job


def print_labels(client, job, count=10, label_format="L7651"):
    return client.post(f"{CENTRE}dot-tem/{job.pk}/in/", {"label_format": label_format, "count": str(count)})


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- batches -------------------------------------------------------------------------


def test_the_tab_lists_the_sellers_batches_with_their_stamp_counts(client_a, batch_a, seller_b, owner_b, variant_b):
    new_batch(seller_b, owner_b, variant_b, lot="MAT-ONG-9")
    page = client_a.get(CENTRE).content.decode()
    assert 'aria-current="page">Truy xuất</a>' in page
    assert "Lô CHE-01" in page and "Chè búp Tân Cương" in page and "Đang lưu hành" in page
    assert "0/0 tem đã kích hoạt" in page
    assert "MAT-ONG-9" not in page


def test_a_cooperative_creates_a_batch_with_its_origin_and_producer(client_a, seller_a, variant_a):
    producer = seller_a.producers.create(name="Hộ bà Nguyễn Thị Mai")
    form = client_a.get(f"{CENTRE}lo-moi/").content.decode()
    assert "chữ cái không dấu" in form and "Thành viên sản xuất" in form
    response = client_a.post(
        f"{CENTRE}lo-moi/",
        {
            "variant": variant_a.pk,
            "lot_code": "CHE-2025-06",
            "harvest_start": "2025-06-01",
            "harvest_end": "2025-06-03",
            "production_date": "2025-06-04",
            "expiry_date": "2026-06-04",
            "quantity": "1250.5",
            "unit": "kg",
            "farm_plot": "Vườn chè đội 3",
            "producer": producer.pk,
            "applied_standards": "VietGAP",
        },
    )
    assert response.status_code == 302, re.findall(r"class=\"error\"[^>]*>([^<]+)", response.content.decode())
    batch = Batch.objects.get(lot_code="CHE-2025-06")
    assert response.status_code == 302 and response["Location"] == f"{CENTRE}lo/{batch.pk}/"
    assert (batch.seller, batch.variant, batch.producer) == (seller_a, variant_a, producer)
    assert batch.harvest_end == datetime.date(2025, 6, 3) and batch.farm_plot == "Vườn chè đội 3"
    assert "Đã tạo lô CHE-2025-06." in flash(client_a.get(response["Location"]).content.decode())


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"lot_code": "Lô 1"}, "lot_code", "Mã lô phải có từ 1 đến 20 ký tự"),
        ({"expiry_date": "2025-01-01"}, "expiry_date", "Hạn sử dụng phải sau ngày sản xuất."),
        ({"lot_code": ""}, "lot_code", "Vui lòng nhập mã lô."),
    ],
)
def test_bad_batch_input_is_refused_in_vietnamese(client_a, variant_a, changes, field, message):
    data = {"variant": variant_a.pk, "lot_code": "CHE-01", "production_date": "2025-06-04", **changes}
    response = client_a.post(f"{CENTRE}lo-moi/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert any(error.startswith(message) for error in field_errors(page, field)), re.findall(
        r"class=\"error\"[^>]*>([^<]+)", page
    )
    assert not Batch.objects.exists()


def test_another_sellers_variant_cannot_be_chosen(client_a, variant_b):
    response = client_a.post(f"{CENTRE}lo-moi/", {"variant": variant_b.pk, "lot_code": "CHE-01"})
    assert field_errors(response.content.decode(), "variant") == ["Lựa chọn không hợp lệ, vui lòng chọn lại."]
    assert not Batch.objects.exists()


# --- one batch -----------------------------------------------------------------------


def test_the_batch_page_shows_its_qr_code_buttons_and_timeline(client_a, batch_a, owner_a):
    trace.record_event(batch=batch_a, actor=owner_a, kind=EventKind.HARVEST, place="Vườn chè đội 3")
    page = client_a.get(f"{CENTRE}lo/{batch_a.pk}/").content.decode()
    for button in ("Thu hoạch", "Sơ chế/Chế biến", "Đóng gói", "Giao hàng", "Nhận hàng", "Kiểm tra"):
        assert f">{button}</button>" in page
    assert '<svg class="qr"' in page and "không chứng minh từng gói là hàng thật" in page
    assert "/10/CHE-01" in page
    assert "Vườn chè đội 3" in page
    assert "Đang dùng mã nội bộ" in page


def test_recording_an_event_takes_one_tap(client_a, batch_a):
    response = client_a.post(f"{CENTRE}lo/{batch_a.pk}/su-kien/", {"kind": "packing"})
    assert response.status_code == 302
    event = EpcisEvent.objects.get(batch=batch_a)
    assert (event.kind, event.biz_step) == (EventKind.PACKING, "packing")
    assert "Đã ghi nhận: Đóng gói." in flash(client_a.get(response["Location"]).content.decode())


def test_an_event_in_the_future_is_refused(client_a, batch_a):
    later = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client_a.post(f"{CENTRE}lo/{batch_a.pk}/su-kien/", {"kind": "harvest", "when": later})
    assert response.status_code == 400
    assert field_errors(response.content.decode(), "when") == ["Thời gian không được ở tương lai."]
    assert not EpcisEvent.objects.exists()


def test_the_gtin_is_set_checked_and_given_back(client_a, batch_a):
    bad = client_a.post(f"{CENTRE}lo/{batch_a.pk}/ma-gtin/", {"gtin": "8934567890121"})
    assert bad.status_code == 400
    assert "chữ số kiểm tra" in field_errors(bad.content.decode(), "gtin")[0]
    good = client_a.post(f"{CENTRE}lo/{batch_a.pk}/ma-gtin/", {"gtin": "8934567890120"})
    assert good.status_code == 302
    assert batch_a.variant.trade_item.__class__.objects.get(variant=batch_a.variant).gtin == "08934567890120"
    client_a.post(f"{CENTRE}lo/{batch_a.pk}/ma-gtin/", {"gtin": "", "internal": "1"})
    assert "Đang dùng mã nội bộ" in client_a.get(f"{CENTRE}lo/{batch_a.pk}/").content.decode()


@pytest.mark.parametrize("count", ["0", "100001"])
def test_a_stamp_count_outside_the_limits_is_refused(client_a, batch_a, count):
    response = client_a.post(f"{CENTRE}lo/{batch_a.pk}/tao-tem/", {"count": count})
    assert response.status_code == 400
    assert field_errors(response.content.decode(), "count") == ["Số tem mỗi lần tạo phải từ 1 đến 100.000."]
    assert not StampJob.objects.exists()


# --- stamps ---------------------------------------------------------------------------


def test_the_job_page_shows_progress_and_the_json_endpoint_answers(client_a, job_a):
    page = client_a.get(f"{CENTRE}dot-tem/{job_a.pk}/").content.decode()
    assert "Đã tạo xong 30 tem." in page and "30 chưa in" in page
    progress = client_a.get(f"{CENTRE}dot-tem/{job_a.pk}/tien-do/").json()
    assert progress == {"state": "done", "requested": 30, "done": 30, "percent": 100, "finished": True}


def test_printing_twice_never_prints_the_same_serial(client_a, job_a):
    first = print_labels(client_a, job_a, count=10)
    second = print_labels(client_a, job_a, count=10, label_format="zpl-50x30-203")
    assert first["Content-Type"] == "application/pdf" and body(first).startswith(b"%PDF")
    assert "attachment" in first["Content-Disposition"]
    zpl = body(second).decode("ascii")
    assert zpl.count("^XA") >= 10
    printed = Stamp.objects.filter(job=job_a, status=StampStatus.PRINTED)
    assert printed.count() == 20
    by_print = {}
    for stamp in printed:
        by_print.setdefault(stamp.serial in zpl, []).append(stamp.serial)
    assert len(by_print[True]) == 10 and len(by_print[False]) == 10  # disjoint halves
    assert all(stamp.lot_code == "CHE-01" for stamp in printed)


def test_printing_more_than_is_left_prints_what_is_left_then_refuses(client_a, job_a):
    assert body(print_labels(client_a, job_a, count=100)).startswith(b"%PDF")
    response = print_labels(client_a, job_a, count=5)
    assert response.status_code == 400
    assert "Không còn tem nào chưa in trong đợt này." in response.content.decode()


def test_activating_all_printed_stamps_binds_them_to_the_batch(client_a, job_a, batch_a):
    print_labels(client_a, job_a, count=12)
    response = client_a.post(f"{CENTRE}dot-tem/{job_a.pk}/kich-hoat/", {})
    assert response.status_code == 302
    assert Stamp.objects.filter(batch=batch_a, status=StampStatus.ACTIVATED).count() == 12
    assert "12/30 tem đã kích hoạt" in client_a.get(CENTRE).content.decode()
    again = client_a.post(f"{CENTRE}dot-tem/{job_a.pk}/kich-hoat/", {})
    assert "Chưa có tem đã in nào để kích hoạt." in form_errors(again.content.decode())


def test_a_range_with_unprinted_stamps_is_refused_whole(client_a, job_a):
    print_labels(client_a, job_a, count=5)
    response = client_a.post(f"{CENTRE}dot-tem/{job_a.pk}/kich-hoat/", {"first": "1", "last": "8"})
    assert response.status_code == 400
    assert "Chỉ kích hoạt được tem đã in" in response.content.decode()
    assert not Stamp.objects.filter(status=StampStatus.ACTIVATED).exists()


def test_voiding_needs_a_reason_and_voids_the_named_stamps(client_a, job_a):
    print_labels(client_a, job_a, count=3)
    serial = Stamp.objects.filter(job=job_a, status=StampStatus.PRINTED).first().serial
    refused = client_a.post(f"{CENTRE}dot-tem/{job_a.pk}/huy-tem/", {"serials": serial, "reason": ""})
    assert field_errors(refused.content.decode(), "reason") == ["Vui lòng nhập lý do."]
    done = client_a.post(f"{CENTRE}dot-tem/{job_a.pk}/huy-tem/", {"serials": serial, "reason": "Tem bị rách"})
    assert done.status_code == 302
    assert Stamp.objects.get(serial=serial).status == StampStatus.VOIDED


def test_recalling_needs_a_reason_and_a_confirmation(client_a, batch_a):
    url = f"{CENTRE}lo/{batch_a.pk}/thu-hoi/"
    unconfirmed = client_a.post(url, {"reason": "Nhiễm nấm mốc"})
    assert field_errors(unconfirmed.content.decode(), "confirm") == ["Vui lòng đánh dấu xác nhận."]
    assert client_a.post(url, {"reason": "Nhiễm nấm mốc", "confirm": "on"}).status_code == 302
    batch_a.refresh_from_db()
    assert batch_a.status == BatchStatus.RECALLED and batch_a.recall_reason == "Nhiễm nấm mốc"
    page = client_a.get(f"{CENTRE}lo/{batch_a.pk}/").content.decode()
    assert "Lô hàng đã bị thu hồi." in page and "Nhiễm nấm mốc" in page


def test_the_epcis_export_is_a_json_ld_document(client_a, batch_a, owner_a):
    trace.record_event(batch=batch_a, actor=owner_a, kind=EventKind.HARVEST)
    response = client_a.get(f"{CENTRE}lo/{batch_a.pk}/epcis.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    assert document["type"] == "EPCISDocument"
    assert [event["bizStep"] for event in document["epcisBody"]["eventList"]] == ["commissioning"]


# --- who may do what ----------------------------------------------------------------------


def object_urls(batch, job) -> list[tuple[str, str, dict]]:
    return [
        ("get", f"{CENTRE}lo/{batch.pk}/", {}),
        ("get", f"{CENTRE}lo/{batch.pk}/epcis.jsonld", {}),
        ("post", f"{CENTRE}lo/{batch.pk}/su-kien/", {"kind": "harvest"}),
        ("post", f"{CENTRE}lo/{batch.pk}/ma-gtin/", {"gtin": ""}),
        ("post", f"{CENTRE}lo/{batch.pk}/tao-tem/", {"count": "5"}),
        ("post", f"{CENTRE}lo/{batch.pk}/thu-hoi/", {"reason": "x", "confirm": "on"}),
        ("get", f"{CENTRE}dot-tem/{job.pk}/", {}),
        ("get", f"{CENTRE}dot-tem/{job.pk}/tien-do/", {}),
        ("post", f"{CENTRE}dot-tem/{job.pk}/in/", {"label_format": "L7651", "count": "5"}),
        ("post", f"{CENTRE}dot-tem/{job.pk}/kich-hoat/", {}),
        ("post", f"{CENTRE}dot-tem/{job.pk}/huy-tem/", {"serials": "X", "reason": "x"}),
    ]


def test_another_seller_gets_404_and_changes_nothing(job_a, batch_a, owner_b, seller_b):
    client = client_for(owner_b)
    for method, url, data in object_urls(batch_a, job_a):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert Stamp.objects.filter(job=job_a, status=StampStatus.GENERATED).count() == 30
    assert not EpcisEvent.objects.filter(batch=batch_a).exists()
    assert Batch.objects.get(pk=batch_a.pk).status == BatchStatus.ACTIVE
    assert StampJob.objects.count() == 1


def test_anonymous_visitors_go_to_sign_in_and_shoppers_get_the_not_seller_page(job_a, batch_a, shopper):
    anonymous = client_for(None)
    for method, url, data in object_urls(batch_a, job_a):
        response = getattr(anonymous, method)(url, data)
        assert response.status_code == 302 and "?next=" in response["Location"], url
    lister = client_for(shopper).get(CENTRE)
    assert lister.status_code == 403 and "Bạn chưa có cơ sở bán hàng" in lister.content.decode()
    assert client_for(shopper).get(f"{CENTRE}lo/{batch_a.pk}/").status_code == 404


def test_a_staff_member_of_the_seller_may_do_it_all(job_a, batch_a, staff_a):
    client = client_for(staff_a)
    assert client.get(f"{CENTRE}lo/{batch_a.pk}/").status_code == 200
    assert body(print_labels(client, job_a, count=4)).startswith(b"%PDF")
    assert client.post(f"{CENTRE}dot-tem/{job_a.pk}/kich-hoat/", {}).status_code == 302
    assert (
        client.post(f"{CENTRE}lo/{batch_a.pk}/thu-hoi/", {"reason": "Lỗi bao bì", "confirm": "on"}).status_code == 302
    )


# --- query budget -------------------------------------------------------------------------

# session + user + the user's seller + the batches with their stamp counts
BATCH_LIST = 4


@pytest.mark.parametrize("count", [2, 20])
def test_the_batch_list_keeps_its_query_budget(
    client_a, seller_a, owner_a, variant_a, count, django_assert_num_queries
):
    for n in range(count):
        new_batch(seller_a, owner_a, variant_a, lot=f"LO-{n:02d}")
    with django_assert_num_queries(BATCH_LIST):
        page = client_a.get(CENTRE).content.decode()
    assert page.count('<span class="pname">Lô ') == count
