"""The verification page serves what is the same for every scan of a stamp
from the cache, logs and counts every scan all the same, and shows any change
of the stamp, its batch or its product on the next view. The cache is the
real local-memory one; changes are committed (on-commit callbacks run) as
they would be in production."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from tests.factories import OcopCertificateFactory
from tests.traceability.helpers import make_batch
from traceability import services
from traceability.models import EventKind, ScanLog, Stamp
from traceability.scans import resolve_province


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(seller, owner, variant, printed_stamps, django_capture_on_commit_callbacks):
    """A batch with harvest and packing recorded, a valid 4-star OCOP
    certificate, stamps 0–7 activated and 8–9 printed only."""
    certificate = OcopCertificateFactory(seller=seller, star_rating=4)
    variant.product.ocop_certificate = certificate
    variant.product.save()
    batch = printed_stamps[0].job.batch
    start = timezone.now() - datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_event(batch=batch, actor=owner, kind=EventKind.HARVEST, when=start)
        services.record_event(batch=batch, actor=owner, kind=EventKind.PACKING, when=start + datetime.timedelta(days=1))
        services.activate_stamps(
            seller=seller, actor=owner, batch=batch, serials=[s.serial for s in printed_stamps[:8]]
        )
    return batch


def page_path(stamp: Stamp) -> str:
    stamp = Stamp.objects.select_related("trade_item").get(pk=stamp.pk)
    return f"/xac-thuc/01/{stamp.trade_item.gtin}/10/{stamp.lot_code}/21/{stamp.serial}"


@pytest.fixture
def view(client, django_capture_on_commit_callbacks):
    """view(path) -> the page's text, the request committed as in production
    (so a miss stores its answer)."""

    def run(path: str, region: str = "01") -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(path, HTTP_X_CLIENT_REGION=region)
        assert response.status_code == 200
        return response.content.decode()

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed(change, *args, **kwargs): run a change and its commit."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def test_a_second_view_comes_from_the_cache_and_still_logs_its_scan(
    story, printed_stamps, view, django_assert_num_queries
):
    path = page_path(printed_stamps[0])
    resolve_province("01")  # the process's province list, loaded once
    with django_assert_num_queries(5):  # a miss: 4 reads, the scan logged and counted
        first = view(path)
    assert "Tem chính hãng" in first and "Đã quét 1 lần" in first
    with django_assert_num_queries(1):  # from the cache: the scan logged and counted, one statement
        second = view(path, region="19")
    assert "Tem chính hãng" in second and "Đã quét 2 lần" in second
    assert "Thu hoạch" in second and "Đóng gói" in second  # the timeline, from the cache
    assert "Sản phẩm OCOP 4 sao" in second
    with django_assert_num_queries(1):
        third = view(path, region="19")
    assert "Đã quét 3 lần" in third
    assert ScanLog.objects.filter(stamp=printed_stamps[0]).count() == 3


def test_another_stamp_is_not_served_another_stamps_answer(story, printed_stamps, view):
    view(page_path(printed_stamps[0]))
    other = view(page_path(printed_stamps[8]))  # printed, not activated
    assert "Tem chưa được kích hoạt" in other
    assert printed_stamps[8].serial in other and printed_stamps[0].serial not in other


def test_activation_shows_on_the_next_view(story, seller, owner, printed_stamps, view, committed):
    path = page_path(printed_stamps[8])
    assert "Tem chưa được kích hoạt" in view(path)
    committed(services.activate_stamps, seller=seller, actor=owner, batch=story, serials=[printed_stamps[8].serial])
    assert "Tem chính hãng" in view(path)


def test_a_voided_stamp_shows_on_the_next_view(story, seller, owner, printed_stamps, view, committed):
    path = page_path(printed_stamps[0])
    assert "Tem chính hãng" in view(path)
    committed(services.void_stamps, seller=seller, actor=owner, serials=[printed_stamps[0].serial], reason="Rách")
    page = view(path)
    assert "Tem đã bị hủy" in page and "Tem chính hãng" not in page


def test_a_recall_shows_on_the_next_view_of_every_stamp(story, owner, printed_stamps, view, committed):
    paths = [page_path(stamp) for stamp in printed_stamps[:3]]
    for path in paths:
        assert "Tem chính hãng" in view(path)
    committed(services.recall_batch, batch=story, actor=owner, reason="Phát hiện nấm mốc")
    for path in paths:
        page = view(path)
        assert "THU HỒI" in page and "Phát hiện nấm mốc" in page


def test_a_recorded_event_shows_on_the_next_view(story, owner, printed_stamps, view, committed):
    path = page_path(printed_stamps[0])
    assert "Xuất hàng" not in view(path)
    committed(services.record_event, batch=story, actor=owner, kind=EventKind.SHIPPING, order_reference="DH-1")
    assert "Xuất hàng" in view(path)


def test_a_renamed_product_shows_on_the_next_view(story, variant, printed_stamps, view, committed):
    path = page_path(printed_stamps[0])
    assert "Chè búp Tân Cương đặc biệt" in view(path)
    product = variant.product
    product.name = "Chè móc câu Tân Cương"

    committed(product.save)

    page = view(path)
    assert "Chè móc câu Tân Cương" in page and "Chè búp Tân Cương đặc biệt" not in page


def test_a_revoked_certificate_loses_its_badge_on_the_next_view(story, variant, printed_stamps, view, committed):
    path = page_path(printed_stamps[0])
    assert "Sản phẩm OCOP 4 sao" in view(path)
    certificate = variant.product.ocop_certificate
    certificate.revoked = True

    committed(certificate.save)

    assert "Sản phẩm OCOP 4 sao" not in view(path)


def test_an_uncommitted_answer_is_never_stored(story, printed_stamps, client, view, django_assert_num_queries):
    path = page_path(printed_stamps[0])
    resolve_province("01")
    client.get(path)  # inside a transaction that is never committed
    with django_assert_num_queries(5):  # read from the database again
        view(path)


def test_a_copied_stamp_stays_suspicious_once_flagged(story, printed_stamps, view, settings):
    settings.SCAN_MAX_PROVINCES = 2
    path = page_path(printed_stamps[0])
    assert "Tem chính hãng" in view(path, region="19")
    assert "Tem chính hãng" in view(path, region="01")
    assert "Cảnh báo: tem bị quét bất thường" in view(path, region="79")
    # Later scans from one place still say so: the cached answer was replaced.
    assert "Cảnh báo: tem bị quét bất thường" in view(path, region="79")


def test_a_batch_code_is_cached_and_its_scans_counted(story, view, django_assert_num_queries):
    path = f"/xac-thuc/01/{story.variant.trade_item.gtin}/10/{story.lot_code}"
    resolve_province("01")
    assert "Đã quét" not in view(path)  # the page counts stamps' scans, not batch codes'
    with django_assert_num_queries(1):
        page = view(path)
    assert "Mã lô" in page and "Đóng gói" in page
    assert ScanLog.objects.filter(batch=story).count() == 2


def test_a_new_stamp_of_a_cached_batch_costs_one_query(
    story, owner, printed_stamps, view, committed, django_assert_num_queries
):
    resolve_province("01")
    view(page_path(printed_stamps[0]))  # stores the batch's part
    path = page_path(printed_stamps[1])
    with django_assert_num_queries(1):  # the stamp's row read, its scan logged and counted
        page = view(path)
    assert "Tem chính hãng" in page and printed_stamps[1].serial in page
    assert "Thu hoạch" in page and "Sản phẩm OCOP 4 sao" in page
    # The batch's part is not served once the batch changes.
    committed(services.recall_batch, batch=story, actor=owner, reason="Phát hiện nấm mốc")
    other = view(page_path(printed_stamps[2]))
    assert "THU HỒI" in other and "Phát hiện nấm mốc" in other and printed_stamps[2].serial in other


def test_a_stamp_served_from_its_batchs_part_shows_its_own_serial_and_trace_code(story, printed_stamps, view):
    first, second = printed_stamps[0].serial, printed_stamps[1].serial
    view(page_path(printed_stamps[0]))  # stores the batch's part
    view(page_path(printed_stamps[2]))  # a page composed from it
    composed = view(page_path(printed_stamps[1]))
    assert f"Số sê-ri: {second}" in composed and f"/21/{second}" in composed
    assert first not in composed
    cache.clear()  # the same page read from the database says the same
    fresh = view(page_path(printed_stamps[1]))
    assert fresh.split("<h2>", 1)[1] == composed.split("<h2>", 1)[1]


def test_a_page_composed_from_the_cache_is_the_page_rendered_in_full(seller, owner, variant, generate, client, view):
    """The same bytes but for the scan line, in both languages, also where the
    lot code needs escaping in HTML and in the language switch's address."""
    batch = make_batch(seller, owner, variant, lot_code="L&1<2>'")
    job = generate(seller, owner, variant, 3, batch=batch)
    services.claim_stamps_for_printing(seller=seller, actor=owner, count=3, job=job)
    stamps = list(Stamp.objects.filter(job=job).order_by("pk"))
    services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=[stamp.serial for stamp in stamps])
    scan_line = re.compile(r'<p class="scans">[^<]*</p>')
    for language, scanned in (("vi", "Đã quét 1 lần"), ("en", "Scanned 3 times")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        cache.clear()
        view(page_path(stamps[0]))  # stores the batch's part
        composed = view(page_path(stamps[1]))
        cache.clear()
        full = view(page_path(stamps[1]))  # read from the database, rendered in full
        assert scanned in composed
        assert f'<html lang="{language}">' in composed and "L&amp;1&lt;2&gt;&#x27;" in composed
        assert stamps[1].serial in composed and stamps[0].serial not in composed
        assert scan_line.sub("", composed) == scan_line.sub("", full)
