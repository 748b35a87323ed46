"""Batches (lots): what a cooperative may record, and what is refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.seller.models import ProducerMember, SellerKind
from tests.factories import OcopCertificateFactory, ProductFactory, ProductVariantFactory, commune_of, province
from tests.traceability.helpers import make_batch
from traceability import services
from traceability.errors import TraceError
from traceability.models import Batch, BatchStatus, Stamp, StampStatus

TODAY = timezone.localdate


def test_a_cooperative_records_a_batch_with_origin_producer_and_certificates(seller, owner, variant):
    producer = ProducerMember.objects.create(seller=seller, name="Hộ ông Nguyễn Văn Chè", commune=commune_of("19"))
    certificate = OcopCertificateFactory(seller=seller)
    batch = make_batch(
        seller,
        owner,
        variant,
        lot_code="TC-2025/06",
        producer=producer,
        certificates=[certificate],
        harvest_end=None,
    )
    batch.refresh_from_db()
    assert batch.lot_code == "TC-2025/06"
    assert batch.quantity == Decimal("120.500")
    assert batch.producer == producer
    assert list(batch.certificates.all()) == [certificate]
    assert batch.harvest_end is None  # a single harvest day
    assert batch.status == BatchStatus.ACTIVE
    assert batch.created_by == owner
    # The variant now has an identifier for its Digital Links.
    assert variant.trade_item.is_internal


def test_the_origin_defaults_to_the_products(seller, owner, variant):
    batch = services.create_batch(seller=seller, actor=owner, variant=variant, lot_code="A1")
    assert (batch.origin_province, batch.origin_commune) == (
        variant.product.origin_province,
        variant.product.origin_commune,
    )


@pytest.mark.parametrize(
    "lot_code",
    ["", "   ", "LÔ-1", "LOT 1", "A" * 21, "LOT#1", "lô chè"],
)
def test_lot_codes_outside_gs1_cset_82_are_refused(seller, owner, variant, lot_code):
    with pytest.raises(TraceError) as err:
        make_batch(seller, owner, variant, lot_code=lot_code)
    assert err.value.code == "INVALID_LOT_CODE"
    assert err.value.field == "lot_code"
    assert not Batch.objects.exists()


@pytest.mark.parametrize("lot_code", ["A", "A" * 20, "2025-06/DOT1", "x.y_z-1", "(L)*+,;:<=>?!%&'\""])
def test_any_cset_82_lot_code_of_1_to_20_characters_is_accepted(seller, owner, variant, lot_code):
    assert make_batch(seller, owner, variant, lot_code=lot_code).lot_code == lot_code


def test_a_lot_code_is_unique_per_variant(seller, owner, variant):
    make_batch(seller, owner, variant, lot_code="L1")
    with pytest.raises(TraceError) as err:
        make_batch(seller, owner, variant, lot_code="L1")
    assert err.value.code == "UNIQUE"
    # Another variant may use the same lot code.
    make_batch(seller, owner, ProductVariantFactory(product=variant.product), lot_code="L1")


def _days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


# Dates are computed when the test runs, not when it is collected: a run that
# crosses midnight in Vietnam must not turn "tomorrow" into "today".
@pytest.mark.parametrize(
    ("make_fields", "field"),
    [
        (lambda: {"harvest_start": _days(-3), "harvest_end": _days(-5)}, "harvest_end"),
        (lambda: {"production_date": _days(-1), "expiry_date": _days(-2)}, "expiry_date"),
        (lambda: {"harvest_start": _days(1), "harvest_end": None}, "harvest_start"),
        (lambda: {"production_date": _days(2)}, "production_date"),
        (lambda: {"production_date": _days(-30)}, "production_date"),
        (lambda: {"harvest_start": datetime.datetime(2025, 1, 1, 8, 0)}, "harvest_start"),
    ],
)
def test_dates_must_make_sense(seller, owner, variant, make_fields, field):
    with pytest.raises(TraceError) as err:
        make_batch(seller, owner, variant, **make_fields())
    assert err.value.code == "INVALID_DATES"
    assert err.value.field == field
    assert not Batch.objects.exists()


@pytest.mark.parametrize(("quantity", "code"), [("-1", "INVALID_QUANTITY"), ("mười", "INVALID_QUANTITY")])
def test_quantity_must_be_a_non_negative_number(seller, owner, variant, quantity, code):
    with pytest.raises(TraceError) as err:
        make_batch(seller, owner, variant, quantity=quantity)
    assert err.value.code == code


def test_quantity_accepts_a_decimal_comma_and_known_units(seller, owner, variant):
    batch = make_batch(seller, owner, variant, quantity="2,5", unit="tan")
    assert (batch.quantity, batch.get_unit_display()) == (Decimal("2.500"), "tấn")
    with pytest.raises(TraceError) as err:
        make_batch(seller, owner, variant, lot_code="L2", unit="thùng")
    assert err.value.code == "INVALID_UNIT"


def test_the_commune_must_lie_in_the_province(seller, owner, variant):
    with pytest.raises(TraceError) as err:
        make_batch(seller, owner, variant, origin_province=province("01"), origin_commune=commune_of("19"))
    assert (err.value.code, err.value.field) == ("INVALID", "origin_commune")


def test_another_sellers_producer_certificate_or_variant_is_not_found(seller, owner, variant, other_seller):
    stranger = ProducerMember.objects.create(seller=other_seller, name="Hộ bà Lê Thị Mắm")
    with pytest.raises(TraceError) as err:
        make_batch(seller, owner, variant, producer=stranger)
    assert (err.value.code, err.value.field) == ("NOT_FOUND", "producer")
    with pytest.raises(TraceError) as err:
        make_batch(seller, owner, variant, certificates=[OcopCertificateFactory(seller=other_seller)])
    assert (err.value.code, err.value.field) == ("NOT_FOUND", "certificates")
    foreign_variant = ProductVariantFactory(product=ProductFactory(seller=other_seller))
    with pytest.raises(TraceError) as err:
        make_batch(seller, owner, foreign_variant)
    assert (err.value.code, err.value.field) == ("NOT_FOUND", "variant")
    assert not Batch.objects.exists()


def test_member_producers_are_for_cooperatives_only(seller, owner, variant):
    producer = ProducerMember.objects.create(seller=seller, name="Hộ ông Chè")
    seller.kind = SellerKind.HOUSEHOLD
    seller.save()
    with pytest.raises(TraceError) as err:
        make_batch(seller, owner, variant, producer=producer)
    assert err.value.code == "NOT_A_COOPERATIVE"


def test_a_non_member_cannot_create_a_batch(seller, variant, other_owner):
    with pytest.raises(TraceError) as err:
        make_batch(seller, other_owner, variant)
    assert err.value.code == "NOT_FOUND"


def test_update_corrects_descriptive_fields_but_not_the_lot_code(seller, owner, batch):
    updated = services.update_batch(batch=batch, actor=owner, applied_standards="VietGAP", quantity="99")
    assert (updated.applied_standards, updated.quantity) == ("VietGAP", Decimal("99.000"))
    with pytest.raises(TraceError) as err:
        services.update_batch(batch=batch, actor=owner, lot_code="NEW")
    assert err.value.code == "INVALID"
    with pytest.raises(TraceError) as err:
        services.update_batch(batch=batch, actor=owner, expiry_date=batch.production_date - datetime.timedelta(days=1))
    assert err.value.code == "INVALID_DATES"
    batch.refresh_from_db()
    assert batch.lot_code == "LOT-2025-01"
    assert batch.expiry_date > batch.production_date


def test_recall_needs_a_reason_and_happens_once(seller, owner, batch, printed_stamps):
    services.activate_stamps(seller=seller, actor=owner, batch=batch, serials=[s.serial for s in printed_stamps])
    with pytest.raises(TraceError) as err:
        services.recall_batch(batch=batch, actor=owner, reason="  ")
    assert err.value.code == "REASON_REQUIRED"

    recalled = services.recall_batch(batch=batch, actor=owner, reason="Phát hiện dư lượng thuốc bảo vệ thực vật")

    assert recalled.status == BatchStatus.RECALLED
    assert recalled.recalled_by == owner and recalled.recalled_at is not None
    # Stamps keep their own status; the recall is read from the batch.
    stamps = Stamp.objects.filter(batch=batch).select_related("batch")
    assert {stamp.status for stamp in stamps} == {StampStatus.ACTIVATED}
    assert {stamp.effective_status for stamp in stamps} == {"recalled"}
    with pytest.raises(TraceError) as err:
        services.recall_batch(batch=batch, actor=owner, reason="Lần nữa")
    assert err.value.code == "INVALID_TRANSITION"
    with pytest.raises(TraceError) as err:
        services.update_batch(batch=batch, actor=owner, notes="sửa")
    assert err.value.code == "BATCH_RECALLED"


def test_an_operator_may_recall_but_another_seller_may_not(batch, other_owner):
    from tests.factories import OperatorFactory

    with pytest.raises(TraceError) as err:
        services.recall_batch(batch=batch, actor=other_owner, reason="Không phải của tôi")
    assert err.value.code == "NOT_FOUND"
    assert services.recall_batch(batch=batch, actor=OperatorFactory(), reason="Quyết định thu hồi của Sở").is_recalled
