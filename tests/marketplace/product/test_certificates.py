"""A seller records its OCOP certificates and shows one on a product."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from marketplace.product import services
from marketplace.product.models import OcopProductGroup
from marketplace.product.services import ProductError
from tests.factories import OcopCertificateFactory
from tests.marketplace.product.helpers import catalogue_state


def certificate_input(**overrides):
    values = {
        "number": "1234/QĐ-UBND",
        "issuing_body": "UBND tỉnh Thái Nguyên",
        "decision_date": timezone.localdate() - datetime.timedelta(days=30),
        "star_rating": 4,
        "product_group": OcopProductGroup.BEVERAGE,
    }
    return {**values, **overrides}


def test_create_certificate(seller, owner):
    certificate = services.create_ocop_certificate(seller=seller, actor=owner, **certificate_input())
    assert certificate.seller == seller and certificate.star_rating == 4
    assert certificate.expires_on == certificate.computed_expiry()
    assert certificate.shows_badge()


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"number": " "}, "REQUIRED", "number"),
        ({"issuing_body": ""}, "REQUIRED", "issuing_body"),
        ({"star_rating": 0}, "INVALID", "star_rating"),
        ({"star_rating": 6}, "INVALID", "star_rating"),
        ({"star_rating": 3.5}, "INVALID", "star_rating"),
        ({"decision_date": timezone.localdate() + datetime.timedelta(days=1)}, "INVALID", "decision_date"),
        ({"decision_date": None}, "REQUIRED", "decision_date"),
        ({"product_group": "weapons"}, "INVALID", "product_group"),
    ],
)
def test_bad_certificate_input(seller, owner, overrides, code, field):
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        services.create_ocop_certificate(seller=seller, actor=owner, **certificate_input(**overrides))
    assert (exc.value.code, exc.value.field) == (code, field)
    assert catalogue_state() == before


def test_duplicate_number_of_the_same_issuing_body(seller, owner, other_seller, other_owner):
    services.create_ocop_certificate(seller=seller, actor=owner, **certificate_input())
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        services.create_ocop_certificate(seller=other_seller, actor=other_owner, **certificate_input())
    assert (exc.value.code, exc.value.field) == ("UNIQUE", "number")
    assert catalogue_state() == before
    # The same number from another province is another decision.
    services.create_ocop_certificate(
        seller=other_seller, actor=other_owner, **certificate_input(issuing_body="UBND tỉnh Lào Cai")
    )


def test_attach_and_detach(seller, owner, category):
    product = services.create_product(seller=seller, actor=owner, name="Chè", category=category, price=1)
    certificate = services.create_ocop_certificate(seller=seller, actor=owner, **certificate_input())
    services.attach_ocop_certificate(product=product, actor=owner, certificate=certificate)
    product.refresh_from_db()
    assert product.ocop_certificate == certificate
    services.attach_ocop_certificate(product=product, actor=owner, certificate=None)
    product.refresh_from_db()
    assert product.ocop_certificate is None


def test_attach_refuses_another_sellers_or_a_revoked_certificate(seller, owner, category, other_seller):
    product = services.create_product(seller=seller, actor=owner, name="Chè", category=category, price=1)
    foreign = OcopCertificateFactory(seller=other_seller)
    revoked = OcopCertificateFactory(seller=seller, revoked=True)
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        services.attach_ocop_certificate(product=product, actor=owner, certificate=foreign)
    assert (exc.value.code, exc.value.field) == ("NOT_FOUND", "certificate")
    with pytest.raises(ProductError) as exc:
        services.attach_ocop_certificate(product=product, actor=owner, certificate=revoked)
    assert exc.value.code == "INVALID"
    assert catalogue_state() == before
