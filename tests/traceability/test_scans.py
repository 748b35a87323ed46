"""Scans of stamps: counted, first scan remembered, copies flagged, and no
personal data kept."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from traceability import services
from traceability.models import ScanLog, Stamp
from traceability.scans import SUSPICIOUS_BY_COUNT, SUSPICIOUS_BY_PROVINCES


@pytest.fixture
def stamp(seller, owner, batch, printed_stamps):
    services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=[printed_stamps[0].serial])
    return Stamp.objects.get(pk=printed_stamps[0].pk)


def scan(stamp, province="01", device="phone-1", **kwargs):
    return services.record_scan(stamp=stamp, province=province, device_key=device, **kwargs)


def test_scans_are_counted_and_the_first_one_remembered(stamp):
    first = scan(stamp, province="19", now=timezone.now() - datetime.timedelta(hours=5))
    assert (first.count, first.first_province_name, first.suspicious) == (1, "Tỉnh Thái Nguyên", False)
    later = scan(stamp, province="01")
    assert later.count == 2
    assert later.first_scanned_at == first.first_scanned_at
    assert (later.first_province_code, later.first_province_name) == ("19", "Tỉnh Thái Nguyên")
    assert (later.window_count, later.window_provinces) == (2, 2)


def test_a_scan_costs_one_query_and_the_flag_one_more(stamp, django_assert_num_queries):
    scan(stamp)  # warms the process's province list
    with django_assert_num_queries(1):  # the INSERT and every count in one statement
        scan(stamp)
    scan(stamp, province="79")
    with django_assert_num_queries(2):  # the scan that raises the flag
        assert scan(stamp, province="92").suspicious


def test_too_many_scans_in_the_window_flag_the_stamp(stamp, settings):
    assert settings.SCAN_MAX_PER_WINDOW == 20 and settings.SCAN_WINDOW_HOURS == 72
    results = [scan(stamp, device=f"phone-{i}") for i in range(21)]
    assert not any(result.suspicious for result in results[:20])
    assert results[20].suspicious and results[20].reason == SUSPICIOUS_BY_COUNT
    assert results[20].reason_text
    stamp.refresh_from_db()
    assert stamp.suspicious_since is not None and stamp.suspicious_reason == SUSPICIOUS_BY_COUNT
    # The flag stays: a quiet scan later still warns.
    later = scan(stamp, now=timezone.now() + datetime.timedelta(days=30))
    assert later.suspicious and later.window_count == 1


def test_scans_from_too_many_provinces_flag_the_stamp(stamp):
    assert not scan(stamp, province="01").suspicious
    assert not scan(stamp, province="01").suspicious
    assert not scan(stamp, province="79").suspicious
    assert not scan(stamp, province=None).suspicious  # unknown place: not a new province
    third = scan(stamp, province="48")
    assert third.suspicious and third.reason == SUSPICIOUS_BY_PROVINCES


def test_old_scans_fall_out_of_the_window(stamp):
    now = timezone.now()
    for days, province in ((9, "01"), (6, "79"), (3.5, "48")):
        assert not scan(stamp, province=province, now=now - datetime.timedelta(days=days)).suspicious
    assert not scan(stamp, province="92", now=now).suspicious  # 2 provinces within 72 h
    assert scan(stamp, now=now).count == 5


def test_batch_codes_are_counted_but_never_flagged(batch):
    for province in ("01", "79", "48", "92"):
        result = services.record_scan(batch=batch, province=province, device_key="x")
    assert (result.count, result.suspicious) == (4, False)


def test_no_personal_data_is_stored(stamp):
    request = RequestFactory().get(
        "/01/x", REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14; SM-A155F)"
    )
    key = services.device_key_for_request(request)
    scan(stamp, device=key)
    log = ScanLog.objects.get()
    stored = " ".join(str(value) for value in ScanLog.objects.values().get().values())
    assert "203.0.113" not in stored and "Android" not in stored
    assert {f.name for f in ScanLog._meta.get_fields()} == {
        "id",
        "stamp",
        "batch",
        "scanned_at",
        "province",
        "device_key",
    }
    assert len(log.device_key) == 16 and int(log.device_key, 16) >= 0
    # The same phone gets the same key; another phone another one.
    assert services.device_key(ip="203.0.113.77", user_agent="Mozilla/5.0 (Linux; Android 14; SM-A155F)") == key
    assert services.device_key(ip="203.0.113.78", user_agent="Mozilla/5.0 (Linux; Android 14; SM-A155F)") != key


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("01", "01"),
        ("1", "01"),
        ("Hà Nội", "01"),
        ("ha noi", "01"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("Thanh Hoá", "38"),
        ("Tỉnh Thanh Hóa", "38"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_the_province_comes_from_the_configured_header(db, header, code):
    request = RequestFactory().get("/", HTTP_X_CLIENT_REGION=header)
    assert services.province_from_request(request) == code


def test_the_location_header_is_configurable(db, settings):
    settings.SCAN_LOCATION_HEADER = "CF-Region"
    assert services.province_from_request(RequestFactory().get("/", HTTP_CF_REGION="Đà Nẵng")) == "48"
    assert services.province_from_request(RequestFactory().get("/", HTTP_X_CLIENT_REGION="Đà Nẵng")) is None


@pytest.mark.django_db(transaction=True)
def test_scans_outside_a_transaction_commit_alone_and_survive_a_new_connection(stamp):
    """The page's path: each scan commits on its own without waiting for the
    disk, which must not leak into the connection's later transactions; a
    new connection runs it as well."""
    from django.db import connection

    assert scan(stamp).count == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    connection.close()
    assert scan(stamp, province="79").count == 2
    assert ScanLog.objects.filter(stamp=stamp).count() == 2
