"""The verification page against the real Redis server the site runs with
(127.0.0.1:6379, started on every machine): cached answers, the per-client
rate limit and invalidation all go through it, the rate limit counted in the
same round trip that reads the cache. Keys live under a prefix of their own
and are deleted afterwards."""

from __future__ import annotations

import datetime
import uuid

import pytest
import redis
from django.core.cache import caches
from django.utils import timezone

from traceability import services, verification_cache
from traceability.cache import redis_client
from traceability.models import EventKind, ScanLog, Stamp
from traceability.scans import resolve_province

REDIS_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture(autouse=True)
def redis_cache(settings):
    prefix = f"test-trace-{uuid.uuid4().hex}"
    backend = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}}
    verification_cache._PARTS.clear()
    yield
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)
    verification_cache._PARTS.clear()


@pytest.fixture
def stamps(seller, owner, printed_stamps, django_capture_on_commit_callbacks):
    """A batch with harvest and packing recorded, stamps 0–7 activated."""
    batch = printed_stamps[0].job.batch
    start = timezone.now() - datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_event(batch=batch, actor=owner, kind=EventKind.HARVEST, when=start)
        services.record_event(batch=batch, actor=owner, kind=EventKind.PACKING, when=start + datetime.timedelta(days=1))
        serials = [stamp.serial for stamp in printed_stamps[:8]]
        services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=serials)
    return printed_stamps


def page_path(stamp: Stamp) -> str:
    stamp = Stamp.objects.select_related("trade_item").get(pk=stamp.pk)
    return f"/xac-thuc/01/{stamp.trade_item.gtin}/10/{stamp.lot_code}/21/{stamp.serial}"


@pytest.fixture
def view(client, django_capture_on_commit_callbacks):
    """view(path, address) -> the response, its request committed as in production."""

    def run(path: str, address: str = "203.0.113.7"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(path, HTTP_X_CLIENT_REGION="01", REMOTE_ADDR=address)

    return run


def test_the_cache_is_the_redis_server_on_one_reused_client(db):
    backend = caches["default"]
    client = redis_client(backend)
    assert client is not None and redis_client(backend) is client
    assert client.ping()


def test_answers_come_from_redis_and_every_scan_is_logged(stamps, view, django_assert_num_queries):
    resolve_province("01")
    assert "Đã quét 1 lần" in view(page_path(stamps[0])).content.decode()  # a miss: stores both parts
    verification_cache._PARTS.clear()  # the batch's part must come back from Redis, not from this process
    path = page_path(stamps[1])
    with django_assert_num_queries(1):  # the stamp's row read, its scan logged and counted
        page = view(path).content.decode()
    assert "Tem chính hãng" in page and stamps[1].serial in page and "Đóng gói" in page
    with django_assert_num_queries(1):  # both parts cached: the scan only
        again = view(path).content.decode()
    assert "Đã quét 2 lần" in again
    assert ScanLog.objects.filter(stamp=stamps[1]).count() == 2


def test_a_recall_reaches_the_next_view_through_redis(stamps, owner, view, django_capture_on_commit_callbacks):
    assert "Tem chính hãng" in view(page_path(stamps[0])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.recall_batch(batch=stamps[0].job.batch, actor=owner, reason="Phát hiện nấm mốc")
    page = view(page_path(stamps[2])).content.decode()
    assert "THU HỒI" in page and "Phát hiện nấm mốc" in page


def test_the_rate_limit_counts_every_lookup_and_a_refused_one_logs_nothing(stamps, view, settings):
    settings.STAMP_LOOKUPS_PER_MINUTE = 3
    path = page_path(stamps[0])
    assert view(path).status_code == 200
    assert view("/xac-thuc/01/12345/21/X").status_code == 400  # a malformed link counts too
    assert view(path).status_code == 200
    refused = view(path)
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert "quá nhiều" in refused.content.decode()
    assert view(page_path(stamps[1])).status_code == 429
    assert ScanLog.objects.count() == 2  # the two pages shown, nothing for the refused ones
    assert view(path, address="198.51.100.2").status_code == 200  # another client
