"""GTINs of variants and the internal identifiers of variants without one."""

from __future__ import annotations

import pytest

from tests.factories import ProductVariantFactory
from traceability import services
from traceability.errors import TraceError
from traceability.gs1.gtin import normalize_gtin
from traceability.models import StampStatus, TradeItem


def test_a_variant_without_gtin_gets_a_stable_internal_code(variant):
    first = services.trade_item_for(variant)
    again = services.trade_item_for(variant)
    assert first.pk == again.pk
    assert first.is_internal
    assert first.gtin == "0" + "29" + f"{variant.pk:010d}" + first.gtin[-1]
    # Still a syntactically valid GTIN-13 (stored as 14 digits), so its
    # Digital Link parses like any other.
    assert normalize_gtin(first.gtin[1:]) == first.gtin


def test_a_vietnamese_gtin_13_is_stored_as_14_digits(owner, variant):
    item = services.set_variant_gtin(variant=variant, actor=owner, gtin="8931234567897")
    assert (item.gtin, item.is_internal) == ("08931234567897", False)
    assert item.gtin.startswith("0893")
    assert services.trade_item_for(variant).gtin == "08931234567897"


@pytest.mark.parametrize("gtin", ["40170725", "012345678905", "09521234543213"])
def test_gs1_example_gtins_are_accepted(owner, variant, gtin):
    assert services.set_variant_gtin(variant=variant, actor=owner, gtin=gtin).gtin == normalize_gtin(gtin)


@pytest.mark.parametrize(
    ("gtin", "reason"),
    [
        ("8931234567890", "chữ số kiểm tra (chữ số cuối) phải là 7, không phải 0"),
        ("12345678", "phải là 0, không phải 8"),
        ("893123", "phải có 8, 12, 13 hoặc 14 chữ số, không phải 6"),
        ("89312345678AB", "chỉ gồm chữ số"),
        ("2900000000018", "nội bộ"),
    ],
)
def test_an_invalid_gtin_is_refused_with_the_reason(owner, variant, gtin, reason):
    with pytest.raises(TraceError) as err:
        services.set_variant_gtin(variant=variant, actor=owner, gtin=gtin)
    assert err.value.code == "INVALID_GTIN"
    assert err.value.field == "gtin"
    assert reason in err.value.message
    assert not TradeItem.objects.exists()


def test_a_gtin_belongs_to_one_variant(owner, variant):
    services.set_variant_gtin(variant=variant, actor=owner, gtin="8931234567897")
    other = ProductVariantFactory(product=variant.product, name="Hộp 500 g")
    with pytest.raises(TraceError) as err:
        services.set_variant_gtin(variant=other, actor=owner, gtin="08931234567897")
    assert err.value.code == "UNIQUE"


def test_clearing_the_gtin_goes_back_to_the_internal_code(owner, variant):
    services.set_variant_gtin(variant=variant, actor=owner, gtin="8931234567897")
    item = services.set_variant_gtin(variant=variant, actor=owner, gtin="")
    assert item.is_internal and item.gtin.startswith("029")


def test_the_gtin_is_locked_once_stamps_are_printed(seller, owner, variant, generate):
    job = generate(seller, owner, variant, 3)
    # Generated but unprinted stamps do not hold the identifier back.
    services.set_variant_gtin(variant=variant, actor=owner, gtin="8931234567897")
    services.claim_stamps_for_printing(seller=seller, actor=owner, count=1, job=job)
    with pytest.raises(TraceError) as err:
        services.set_variant_gtin(variant=variant, actor=owner, gtin="40170725")
    assert err.value.code == "GTIN_IN_USE"
    assert TradeItem.objects.get(variant=variant).gtin == "08931234567897"
    assert variant.trade_item.stamps.filter(status=StampStatus.PRINTED).count() == 1
