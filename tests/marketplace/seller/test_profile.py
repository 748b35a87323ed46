"""The seller's profile: validated, and locked while an operator reviews it."""

from __future__ import annotations

import pytest

from marketplace.seller import services
from marketplace.seller.errors import SellerError, SellerValidationFailed
from marketplace.seller.models import Seller, SellerKind, SellerStatus
from tests.factories import UserFactory, commune_of

pytestmark = pytest.mark.django_db


def errors_of(**fields) -> dict[str, str]:
    seller, actor = fields.pop("seller"), fields.pop("actor")
    with pytest.raises(SellerValidationFailed) as excinfo:
        services.update_seller_profile(seller=seller, actor=actor, **fields)
    return {error.field: error.code for error in excinfo.value.errors}


def test_profile_fields_are_normalised(draft_seller, owner):
    services.update_seller_profile(
        seller=draft_seller,
        actor=owner,
        name="  HTX   Chè  Tân Cương ",
        phone="0243 826 1234",
        email="LienHe@HTX.vn",
        commune=commune_of("19").code,
        tax_code="4600 123 456-001",
    )
    draft_seller.refresh_from_db()
    assert draft_seller.name == "HTX Chè Tân Cương"
    assert draft_seller.phone == "+842438261234"
    assert draft_seller.email == "lienhe@htx.vn"
    assert draft_seller.province_id == "19"  # taken from the commune
    assert draft_seller.tax_code == "4600123456-001"
    assert draft_seller.slug == "htx-che-tan-cuong"  # links keep working after a rename


def test_every_bad_field_is_reported_at_once_and_nothing_changes(draft_seller, owner):
    errors = errors_of(
        seller=draft_seller, actor=owner, name=" ", phone="0123", email="a@", tax_code="12AB", province="99"
    )
    assert errors == {
        "name": "REQUIRED",
        "phone": "INVALID_PHONE",
        "email": "INVALID_EMAIL",
        "tax_code": "INVALID_TAX_CODE",
        "province": "INVALID",
    }
    assert Seller.objects.get(pk=draft_seller.pk).name == "HTX Chè Tân Cương"


def test_the_commune_must_be_in_the_province(draft_seller, owner):
    errors = errors_of(seller=draft_seller, actor=owner, province="19", commune=commune_of("22").code)
    assert errors == {"commune": "COMMUNE_NOT_IN_PROVINCE"}
    services.update_seller_profile(seller=draft_seller, actor=owner, province="19", commune=commune_of("19").code)
    assert errors_of(seller=draft_seller, actor=owner, province="22") == {"commune": "COMMUNE_NOT_IN_PROVINCE"}


def test_the_profile_is_locked_while_under_review(seller_in_review, owner):
    with pytest.raises(SellerError) as excinfo:
        services.update_seller_profile(seller=seller_in_review, actor=owner, phone="0987654321")
    assert excinfo.value.code == "NOT_EDITABLE"
    seller_in_review.refresh_from_db()
    assert seller_in_review.phone == "+84912345678"
    assert seller_in_review.status == SellerStatus.IN_REVIEW


def test_strangers_cannot_edit(draft_seller):
    with pytest.raises(SellerError) as excinfo:
        services.update_seller_profile(seller=draft_seller, actor=UserFactory(), name="Chiếm quyền")
    assert excinfo.value.code == "NOT_FOUND"


def test_registration_validates_too(owner):
    with pytest.raises(SellerError) as excinfo:
        services.register_seller(user=owner, name="Cơ sở", kind="multinational")
    assert excinfo.value.code == "INVALID"
    with pytest.raises(SellerValidationFailed):
        services.register_seller(user=owner, name="Cơ sở", kind=SellerKind.ENTERPRISE, phone="abc")
    assert not Seller.objects.exists()
