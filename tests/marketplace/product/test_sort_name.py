"""``Product.sort_name``, the name as listings sort it, is worked out by the
database (a generated column) exactly as ``search_normalize`` works it out in
Python, for every marked letter of Vietnamese in both cases."""

from __future__ import annotations

import pytest

from marketplace.core.text import MARKED_LETTERS, search_normalize
from marketplace.product.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_the_database_sorts_names_as_python_normalises_them():
    names = [
        "Đặc sản Ớt hiểm ẤM ÁP",
        "Nước mắm Phú Quốc",
        "BÁNH TRÁNG TRẢNG BÀNG",
        MARKED_LETTERS,  # every marked letter, lower and upper case
    ]
    for name in names:
        ProductFactory(name=name)

    stored = dict(Product.objects.filter(name__in=names).values_list("name", "sort_name"))

    assert stored == {name: search_normalize(name) for name in names}
