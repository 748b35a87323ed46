"""What a shopper is told when scanning a stamp or a batch code."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from marketplace.product.models import ProductMedia
from marketplace.seller.models import ProducerMember
from tests.factories import OcopCertificateFactory, ProductVariantFactory, commune_of
from tests.traceability.helpers import make_batch
from traceability import services
from traceability.gs1.digital_link import InvalidDigitalLink
from traceability.models import EventKind, Stamp
from traceability.selectors import batch_code_uri, product_traceability, stamp_uri
from traceability.verification import Verdict, verification_for_uri

STEM = "https://cho-ocop.vn"


def uri_of(stamp: Stamp) -> str:
    return stamp_uri(Stamp.objects.select_related("trade_item").get(pk=stamp.pk), stem=STEM)


def add_photo(product) -> ProductMedia:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (30, 120, 40)).save(buffer, format="PNG")
    media = ProductMedia(product=product)
    media.image.save("che.png", ContentFile(buffer.getvalue(), name="che.png"), save=True)
    return media


@pytest.fixture
def story(seller, owner, variant, printed_stamps):
    """A cooperative's full record: producer, OCOP certificate, photo, a batch
    with harvest, processing and packing, and activated stamps."""
    seller.street_address = "Xóm Nam Thái"
    seller.save()
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


def test_a_genuine_stamp_shows_the_ten_required_items(story, printed_stamps):
    stamp = printed_stamps[0]
    verification = services.scan_uri(uri=uri_of(stamp), province="19", device_key="phone-1")

    assert verification.verdict == Verdict.GENUINE
    assert not verification.is_warning
    items = {item.key: item for item in verification.required_items()}
    assert list(items) == [
        "product_name",
        "image",
        "producer_name",
        "producer_address",
        "production_stages",
        "production_time",
        "trace_code",
        "brand_and_serial",
        "shelf_life",
        "applied_standards",
    ]
    assert all(item.value for item in items.values())
    assert items["product_name"].value == "Chè búp Tân Cương đặc biệt — Gói 200 g"
    assert items["image"].value.startswith("/media/products/") or items["image"].value.startswith("/media/")
    assert items["producer_name"].value == "HTX Chè Tân Cương"
    assert items["producer_address"].value.startswith("Xóm Nam Thái, ")
    assert items["producer_address"].value.endswith("Tỉnh Thái Nguyên")
    stages = items["production_stages"].value
    assert [stage.split(":")[0] for stage in stages] == ["Thu hoạch", "Sơ chế, chế biến", "Đóng gói"]
    assert "Vườn chè đội 3, thửa 12" in stages[0]
    assert items["production_time"].value.startswith("Thu hoạch: ")
    assert f"/10/LOT-2025-01/21/{stamp.serial}" in items["trace_code"].value
    assert "mã nội bộ" in items["trace_code"].value  # the variant has no GTIN of its own
    assert stamp.serial in items["brand_and_serial"].value
    assert items["shelf_life"].value == story.expiry_date.strftime("%d/%m/%Y")
    assert items["applied_standards"].value == "VietGAP, TCVN 5.2.2"
    assert verification.ocop_certificate is not None and verification.ocop_certificate.star_rating == 4
    assert verification.member_producer.startswith("Hộ ông Nguyễn Văn Chè")
    assert verification.product_slug == story.variant.product.slug
    # "Đã quét 1 lần, lần đầu lúc … tại Thái Nguyên"
    assert verification.scan.count == 1
    assert verification.scan.first_province_name == "Tỉnh Thái Nguyên"


def test_missing_optional_items_read_khong_co(seller, owner, variant, generate):
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
        farm_plot="",
    )
    job = generate(seller, owner, variant, 1, batch=bare)
    services.claim_stamps_for_printing(seller=seller, actor=owner, count=1, job=job)
    stamp = Stamp.objects.get(job=job)
    services.activate_stamps(seller=seller, actor=owner, batch=bare, serials=[stamp.serial])
    items = {item.key: item for item in verification_for_uri(uri_of(stamp)).required_items()}
    for key in ("image", "production_stages", "production_time", "shelf_life", "applied_standards"):
        assert items[key].value is None
        assert items[key].display == "không có"
    assert items["product_name"].display == "Chè búp Tân Cương đặc biệt — Gói 200 g"


def test_verification_takes_a_fixed_number_of_queries(story, owner, printed_stamps, django_assert_num_queries):
    uri = uri_of(printed_stamps[0])
    with django_assert_num_queries(4):
        verification_for_uri(uri)
    for _ in range(5):
        services.record_event(batch=story, actor=owner, kind=EventKind.SHIPPING, order_reference="DH-1")
    story.certificates.add(OcopCertificateFactory(seller=story.seller), OcopCertificateFactory(seller=story.seller))
    with django_assert_num_queries(4):
        verification_for_uri(uri)
    services.scan_uri(uri=uri, province="01", device_key="warm-up")
    with django_assert_num_queries(5):  # the page view: four reads, the scan logged and counted
        services.scan_uri(uri=uri, province="01", device_key="k")


def test_stamps_not_activated_or_voided_get_their_own_warning(story, seller, owner, printed_stamps):
    printed_only = printed_stamps[9]
    assert verification_for_uri(uri_of(printed_only)).verdict == Verdict.NOT_ACTIVATED
    services.void_stamps(seller=seller, actor=owner, serials=[printed_stamps[1].serial], reason="Rách")
    voided = verification_for_uri(uri_of(printed_stamps[1]))
    assert voided.verdict == Verdict.VOIDED and voided.is_warning
    assert "hủy" in voided.message


def test_unknown_codes_are_warned_about(story, printed_stamps):
    gtin = story.variant.trade_item.gtin
    for uri in (
        f"{STEM}/01/{gtin}/21/ZZZZZZZZZZZZZZZZ",  # a serial we never issued
        f"{STEM}/01/{gtin}/10/OTHER-LOT/21/{printed_stamps[0].serial}",  # our serial under another lot
        f"{STEM}/01/{gtin}/10/NO-SUCH-LOT",
        f"{STEM}/01/09521234543213/21/{printed_stamps[0].serial}",  # not our GTIN
        f"{STEM}/01/{gtin}",  # the product, not a package
    ):
        verification = verification_for_uri(uri)
        assert verification.verdict == Verdict.UNKNOWN, uri
        assert verification.stamp is None and verification.batch is None
        assert services.scan_uri(uri=uri, province=None, device_key="k").scan is None  # nothing to log


def test_bad_syntax_is_an_error_for_the_resolver(db):
    with pytest.raises(InvalidDigitalLink) as err:
        verification_for_uri(f"{STEM}/01/09521234543213/15/261231")
    assert err.value.code == "INVALID_DIGITAL_LINK"


def test_a_batch_code_proves_origin_but_not_authenticity(story):
    uri = batch_code_uri(story, stem=STEM)
    assert uri == f"{STEM}/01/{story.variant.trade_item.gtin}/10/LOT-2025-01"
    verification = services.scan_uri(uri=uri, province="01", device_key="k")
    assert verification.verdict == Verdict.BATCH_ONLY
    assert "không chứng minh" in verification.message
    assert len(verification.stages) == 3
    assert verification.scan.count == 1 and not verification.scan.suspicious


def test_a_recall_flips_every_stamp_of_the_batch_at_once(story, owner, printed_stamps):
    uris = [uri_of(stamp) for stamp in printed_stamps[:8]]
    assert {verification_for_uri(uri).verdict for uri in uris} == {Verdict.GENUINE}

    services.recall_batch(batch=story, actor=owner, reason="Phát hiện nấm mốc trong lô")

    verifications = [verification_for_uri(uri) for uri in uris]
    assert {v.verdict for v in verifications} == {Verdict.RECALLED}
    assert {v.recall_reason for v in verifications} == {"Phát hiện nấm mốc trong lô"}
    assert verifications[0].stages[-1].label == "Thu hồi lô hàng"
    assert verification_for_uri(batch_code_uri(story, stem=STEM)).verdict == Verdict.RECALLED
    # Stamps still waiting to be activated are not part of the lot yet.
    assert verification_for_uri(uri_of(printed_stamps[9])).verdict == Verdict.NOT_ACTIVATED


def test_a_stamp_scanned_in_too_many_places_turns_suspicious(story, printed_stamps):
    uri = uri_of(printed_stamps[0])
    answers = [services.scan_uri(uri=uri, province=p, device_key=p).verdict for p in ("19", "01", "79")]
    assert answers == [Verdict.GENUINE, Verdict.GENUINE, Verdict.SUSPICIOUS]
    again = verification_for_uri(uri)
    assert again.verdict == Verdict.SUSPICIOUS and "bất thường" in again.message


def test_the_ocop_badge_shows_only_while_the_certificate_is_valid(story, printed_stamps):
    certificate = story.variant.product.ocop_certificate
    certificate.revoked = True
    certificate.save()
    assert verification_for_uri(uri_of(printed_stamps[0])).ocop_certificate is None
    certificate.revoked = False
    certificate.decision_date = timezone.localdate() - datetime.timedelta(days=4 * 365)
    certificate.save()
    assert verification_for_uri(uri_of(printed_stamps[0])).ocop_certificate is None


def test_a_real_gtin_is_not_called_internal(seller, owner, variant, generate):
    boxed = ProductVariantFactory(product=variant.product, name="Hộp quà 500 g")
    services.set_variant_gtin(variant=boxed, actor=owner, gtin="8931234567897")
    other = make_batch(seller, owner, boxed, lot_code="GTIN-LOT")
    job = generate(seller, owner, boxed, 1, batch=other)
    services.claim_stamps_for_printing(seller=seller, actor=owner, count=1, job=job)
    stamp = Stamp.objects.get(job=job)
    services.activate_stamps(seller=seller, actor=owner, batch=other, serials=[stamp.serial])
    verification = verification_for_uri(uri_of(stamp))
    assert "/01/08931234567897/" in verification.trace_code
    assert not verification.is_internal_code
    assert "mã nội bộ" not in dict((i.key, i.value) for i in verification.required_items())["trace_code"]


def test_the_product_page_shows_recent_batch_histories(story, owner, django_assert_num_queries):
    product = story.variant.product
    with django_assert_num_queries(2):
        histories = product_traceability(product)
    assert [h.batch for h in histories] == [story]
    assert [stage.kind for stage in histories[0].stages] == ["harvest", "processing", "packing"]
    assert histories[0].uri.endswith("/10/LOT-2025-01")
    # A batch without recorded events is not shown.
    make_batch(story.seller, owner, story.variant, lot_code="EMPTY")
    assert len(product_traceability(product)) == 1


def test_english_visitors_read_english(story, printed_stamps):
    from django.utils import translation

    from traceability.errors import TraceError

    with translation.override("en"):
        verification = verification_for_uri(uri_of(printed_stamps[0]))
        assert verification.message.startswith("Genuine stamp")
        items = verification.required_items()
        assert [item.label for item in items][:2] == ["Product name", "Product image"]
        assert verification.stages[0].label == "Harvest"
        assert TraceError("BATCH_RECALLED").message == "The batch has been recalled."
    assert TraceError("BATCH_RECALLED").message == "Lô hàng đã bị thu hồi."
