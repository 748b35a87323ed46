"""The public verification page a shopper opens by scanning a stamp: the
verdict banner, the ten items of Circular 02/2024/TT-BKHCN, the scan count,
copy detection, recalls, batch codes, rate limits, and the product page's
"Truy xuất nguồn gốc"."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from marketplace.product.models import ProductMedia
from marketplace.seller.models import ProducerMember
from tests.factories import OcopCertificateFactory, commune_of, publish
from tests.traceability.helpers import make_batch
from traceability import services
from traceability.models import EventKind, ScanLog, Stamp

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) phone"}


def page_path(stamp: Stamp) -> str:
    stamp = Stamp.objects.select_related("trade_item").get(pk=stamp.pk)
    return f"/xac-thuc/01/{stamp.trade_item.gtin}/10/{stamp.lot_code}/21/{stamp.serial}"


def batch_path(batch) -> str:
    return f"/01/{batch.variant.trade_item.gtin}/10/{batch.lot_code}"


def add_photo(product) -> ProductMedia:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (30, 120, 40)).save(buffer, format="PNG")
    media = ProductMedia(product=product)
    media.image.save("che.png", ContentFile(buffer.getvalue(), name="che.png"), save=True)
    return media


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # rate-limit windows must not leak from one test into another
    yield
    cache.clear()


@pytest.fixture
def story(seller, owner, variant, printed_stamps):
    """A cooperative's full record: producer, valid OCOP certificate, photo, a
    batch with harvest, processing and packing, and eight activated stamps
    (``printed_stamps[8:]`` stay printed, not activated)."""
    certificate = OcopCertificateFactory(seller=seller, star_rating=4)
    variant.product.ocop_certificate = certificate
    variant.product.save()
    add_photo(variant.product)
    batch = printed_stamps[0].job.batch
    batch.producer = ProducerMember.objects.create(
        seller=seller, name="Hộ ông Nguyễn Văn Chè", commune=commune_of("19")
    )
    batch.save()
    start = timezone.now() - datetime.timedelta(days=18)
    for offset, kind in enumerate((EventKind.HARVEST, EventKind.PROCESSING, EventKind.PACKING)):
        services.record_event(batch=batch, actor=owner, kind=kind, when=start + datetime.timedelta(days=offset))
    services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=[s.serial for s in printed_stamps[:8]])
    return batch


def text_of(response) -> str:
    return response.content.decode()


def test_a_genuine_stamp_shows_the_verdict_the_ten_items_and_the_first_scan(client, story, printed_stamps):
    response = client.get(page_path(printed_stamps[0]), HTTP_X_CLIENT_REGION="Thái Nguyên", **PHONE)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = text_of(response)
    assert "Tem chính hãng" in html
    for label in (
        "Tên sản phẩm",
        "Hình ảnh sản phẩm",
        "Tên cơ sở sản xuất",
        "Địa chỉ cơ sở sản xuất",
        "Công đoạn sản xuất (thời gian, địa điểm)",
        "Thời gian sản xuất",
        "Mã truy vết",
        "Nhãn hiệu, số sê-ri",
        "Hạn sử dụng",
        "Tiêu chuẩn áp dụng",
    ):
        assert label in html, label
    assert "Chè búp Tân Cương đặc biệt — Gói 200 g" in html
    assert "HTX Chè Tân Cương" in html
    assert "VietGAP, TCVN 5.2.2" in html
    assert printed_stamps[0].serial in html
    assert "không có" not in html  # every item is filled
    assert "Đã quét 1 lần, lần đầu lúc" in html and "tại Tỉnh Thái Nguyên" in html
    assert "Sản phẩm OCOP 4 sao" in html
    assert 'id="lich-su"' in html and "Thu hoạch" in html and "Đóng gói" in html
    assert "Mua sản phẩm" in html and f"/san-pham/{story.variant.product.slug}/" in html
    assert "<script" not in html

    second = text_of(client.get(page_path(printed_stamps[0]), **PHONE))
    assert "Đã quét 2 lần" in second
    assert ScanLog.objects.filter(stamp=printed_stamps[0]).count() == 2


def test_missing_optional_items_read_khong_co(client, seller, owner, variant, generate):
    bare = make_batch(
        seller,
        owner,
        variant,
        lot_code="BARE",
        harvest_start=None,
        harvest_end=None,
        production_date=None,
        expiry_date=None,
        applied_standards="",
    )
    job = generate(seller, owner, variant, 1, batch=bare)
    services.claim_stamps_for_printing(seller=seller, actor=owner, count=1, job=job)
    stamp = Stamp.objects.get(job=job)
    services.activate_stamps(seller=seller, actor=owner, batch=bare, serials=[stamp.serial])

    html = text_of(client.get(page_path(stamp)))

    for key in ("image", "production_stages", "production_time", "shelf_life", "applied_standards"):
        assert f'data-item="{key}">không có</dd>' in html, key
    assert "Sản phẩm OCOP" not in html  # no valid certificate, no badge


def test_each_verdict_has_its_banner(client, story, seller, owner, printed_stamps):
    services.void_stamps(seller=seller, actor=owner, serials=[printed_stamps[1].serial], reason="Rách")
    gtin = story.variant.trade_item.gtin

    not_activated = client.get(page_path(printed_stamps[9]))
    voided = client.get(page_path(printed_stamps[1]))
    unknown = client.get(f"/xac-thuc/01/{gtin}/21/ZZZZZZZZZZZZZZZZ")
    batch_code = client.get("/xac-thuc" + batch_path(story))

    assert not_activated.status_code == 200 and "Tem chưa được kích hoạt" in text_of(not_activated)
    assert voided.status_code == 200 and "Tem đã bị hủy" in text_of(voided)
    assert unknown.status_code == 404 and "Không tìm thấy mã này" in text_of(unknown)
    assert batch_code.status_code == 200
    html = text_of(batch_code)
    assert "Mã lô: xác nhận nguồn gốc, không chứng minh hàng thật" in html
    assert "không chứng minh sản phẩm bạn cầm là hàng thật" in html
    assert "Đã quét" not in html  # a batch code is on every package: no per-package count


def test_scans_from_too_many_provinces_flip_the_page_to_a_warning(client, story, printed_stamps, settings):
    settings.SCAN_MAX_PROVINCES = 2
    path = page_path(printed_stamps[0])
    for region in ("Hà Nội", "Thái Nguyên"):
        assert "Tem chính hãng" in text_of(client.get(path, HTTP_X_CLIENT_REGION=region))

    html = text_of(client.get(path, HTTP_X_CLIENT_REGION="Cà Mau"))

    assert "Cảnh báo: tem bị quét bất thường" in html
    assert "ở quá nhiều tỉnh" in html
    assert "Đã quét 3 lần" in html and "tại Thành phố Hà Nội" in html


def test_a_recall_shows_the_notice_on_every_stamp_of_the_batch(client, story, owner, printed_stamps):
    services.recall_batch(batch=story, actor=owner, reason="Phát hiện nấm mốc trong lô")

    for stamp in printed_stamps[:8]:
        html = text_of(client.get(page_path(stamp)))
        assert "THU HỒI" in html and "Phát hiện nấm mốc trong lô" in html
    assert "THU HỒI" in text_of(client.get("/xac-thuc" + batch_path(story)))


def test_malformed_codes_get_a_400_page_not_an_error(client, story):
    gtin = story.variant.trade_item.gtin
    for path in (f"/xac-thuc/01/{gtin}/15/261231", "/xac-thuc/01/12345678", f"/xac-thuc/01/{gtin}/21"):
        response = client.get(path)
        assert response.status_code == 400, path
        assert "Mã không hợp lệ" in text_of(response)


def test_the_page_answers_in_english_when_chosen(client, story, printed_stamps):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(page_path(printed_stamps[0]))
    assert response.status_code == 200
    assert '<html lang="en">' in text_of(response)


def test_the_language_switch_is_a_link_back_to_the_page_and_no_cookie_is_set_per_scan(client, story, printed_stamps):
    path = page_path(printed_stamps[0])
    response = client.get(path)
    html = text_of(response)
    # Nothing per shopper: no form, no CSRF token, no cookie.
    assert "csrfmiddlewaretoken" not in html and "<form" not in html
    assert not response.cookies
    switch = re.search(r'<a href="([^"]+)" lang="en">English</a>', html).group(1).replace("&amp;", "&")
    back = client.get(switch)
    assert back.status_code == 302 and back["Location"] == path
    english = text_of(client.get(back["Location"]))
    assert '<html lang="en">' in english and 'lang="vi">Tiếng Việt</a>' in english


@pytest.mark.parametrize(
    ("query", "location", "language"),
    [
        ("language=en&next=https://evil.example/xac-thuc/", "/", "en"),  # never off the site
        ("language=xx&next=/xac-thuc/01/1", "/xac-thuc/01/1", None),  # unsupported: nothing changes
        ("language=vi", "/", "vi"),
    ],
)
def test_the_language_switch_stays_on_the_site_and_knows_its_languages(db, client, query, location, language):
    response = client.get(f"/xac-thuc/ngon-ngu/?{query}")
    assert response.status_code == 302 and response["Location"] == location
    cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    assert (cookie.value if cookie else None) == language
    assert client.post("/xac-thuc/ngon-ngu/?language=en").status_code == 405


def test_the_page_takes_a_fixed_number_of_queries(client, story, owner, printed_stamps, django_assert_num_queries):
    path = page_path(printed_stamps[0])
    client.get(path)  # warm the province index
    with django_assert_num_queries(5):
        assert client.get(path, HTTP_X_CLIENT_REGION="01").status_code == 200
    for _ in range(5):
        services.record_event(batch=story, actor=owner, kind=EventKind.SHIPPING, order_reference="DH-1")
    with django_assert_num_queries(5):
        assert client.get(path, HTTP_X_CLIENT_REGION="19").status_code == 200


def test_the_61st_lookup_in_a_minute_is_refused_and_other_clients_are_not(client, story, printed_stamps, settings):
    settings.STAMP_LOOKUPS_PER_MINUTE = 60
    path = page_path(printed_stamps[0])
    resolver_path = path.removeprefix("/xac-thuc")
    for i in range(60):
        answer = client.get(path if i % 2 else resolver_path, REMOTE_ADDR="203.0.113.7")
        assert answer.status_code in (200, 307), i

    refused = client.get(path, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "quá nhiều" in text_of(refused)
    assert client.get(resolver_path, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.get(path, REMOTE_ADDR="198.51.100.2").status_code == 200


def test_the_product_page_shows_the_batch_history_only_when_there_is_one(client, channel, story, variant):
    publish(variant.product, channel, price=120_000, stock=5)
    html = text_of(client.get(f"/san-pham/{variant.product.slug}/"))
    assert "Truy xuất nguồn gốc" in html
    assert "LOT-2025-01" in html and "Thu hoạch" in html


def test_no_batch_history_section_without_recorded_events(client, channel, variant, seller, owner):
    make_batch(seller, owner, variant, lot_code="NO-EVENTS")
    publish(variant.product, channel, price=120_000, stock=5)
    html = text_of(client.get(f"/san-pham/{variant.product.slug}/"))
    assert "Truy xuất nguồn gốc" not in html
