"""Every list of provinces and communes people pick from reads in the order
Vietnamese read it ("Đà Nẵng" among the D's), as the shop's address forms do:
the seller's profile, a batch's place of origin, the operator's filters."""

from __future__ import annotations

import pytest

from marketplace.account.addresses import communes_of, provinces
from storefront.operator.forms import QueueFilterForm, SellerFilterForm
from storefront.seller_centre.forms import ProfileForm
from storefront.seller_centre.views.trace_forms import BatchForm
from tests.factories import SellerFactory

pytestmark = pytest.mark.django_db


def codes(field) -> list[str]:
    """The codes a select offers, in order, without its empty choice."""
    return [str(getattr(value, "value", value)) for value, _label in field.choices if value != ""]


def test_province_lists_read_in_vietnamese_order():
    expected = [p.code for p in provinces()]
    lists = {
        "seller profile": ProfileForm(province_code=None).fields["province"],
        "batch origin": BatchForm(seller=SellerFactory()).fields["origin_province"],
        "operator queue": QueueFilterForm().fields["province"],
        "operator sellers": SellerFilterForm().fields["province"],
    }
    for where, field in lists.items():
        assert codes(field) == expected, where


def test_commune_lists_read_in_vietnamese_order():
    seller = SellerFactory()
    expected = [c.code for c in communes_of(seller.province_id)]
    assert len(expected) > 1
    assert codes(ProfileForm(province_code=seller.province_id).fields["commune"]) == expected
    assert codes(BatchForm(seller=seller).fields["origin_commune"]) == expected
