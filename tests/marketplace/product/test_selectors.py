"""Reads for the seller centre: the product list in a fixed number of queries."""

from __future__ import annotations

import io

from PIL import Image

from marketplace.product import services
from marketplace.product.selectors import (
    seller_certificates,
    seller_product_detail,
    seller_products,
    seller_warehouses,
)
from marketplace.warehouse.models import Stock
from tests.factories import OcopCertificateFactory


def photo() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "green").save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def make_products(seller, owner, category, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        product = services.create_product(
            seller=seller, actor=owner, name=f"Chè {i}", category=category, price=100_000 + i, stock=3
        )
        services.create_variant(product=product, actor=owner, sku=f"V-{i}", name="Gói lớn", price=50_000 + i)
        services.add_product_media(product=product, upload=photo(), actor=owner)


def read_list(seller) -> list:
    return [
        (p.name, p.variant_count, p.total_stock, p.min_price, p.is_published, p.is_live, len(p.cover))
        + tuple(t.size for t in p.cover[0].thumbnails.all())
        for p in seller_products(seller=seller)
    ]


def test_the_list_shows_what_a_seller_needs(seller, owner, category, other_seller, other_owner, operator):
    make_products(seller, owner, category, 2)
    services.create_product(
        seller=other_seller, actor=other_owner, name="Không phải của tôi", category=category, price=1
    )
    first, second = seller_products(seller=seller).order_by("name")
    Stock.objects.filter(product_variant=first.default_variant).update(quantity_allocated=1)
    services.publish_product(product=first, actor=owner)
    services.publish_product(product=second, actor=owner)
    services.unlist_product(product=second, operator=operator, reason="Ảnh mờ.")

    rows = {p.name: p for p in seller_products(seller=seller)}

    assert set(rows) == {"Chè 0", "Chè 1"}
    one = rows["Chè 0"]
    assert (one.variant_count, one.total_stock, one.available_stock, one.min_price) == (2, 3, 2, 50_000)
    assert (one.is_published, one.is_live, one.status) == (True, True, "active")
    two = rows["Chè 1"]
    assert (two.is_published, two.is_live, two.moderation_reason) == (True, False, "Ảnh mờ.")
    assert [t.size for t in one.cover[0].thumbnails.all()] == [160, 320, 640]


def test_the_list_costs_the_same_queries_for_2_or_12_products(
    seller, owner, category, channel, django_assert_num_queries
):
    make_products(seller, owner, category, 2)
    with django_assert_num_queries(4):  # channel, products, covers, thumbnails
        assert len(read_list(seller)) == 2
    make_products(seller, owner, category, 10, start=2)
    with django_assert_num_queries(4):
        assert len(read_list(seller)) == 12
    with django_assert_num_queries(3):  # the channel given
        assert len(list(seller_products(seller=seller, channel=channel))[0].cover) == 1


def test_detail_certificates_and_warehouses(seller, owner, category, django_assert_num_queries):
    make_products(seller, owner, category, 1)
    product = seller_products(seller=seller).get()
    services.create_warehouse(seller=seller, actor=owner, name="Kho phụ")
    old = OcopCertificateFactory(seller=seller, decision_date="2024-01-01")
    new = OcopCertificateFactory(seller=seller, decision_date="2025-06-01")
    OcopCertificateFactory()  # another seller's

    with django_assert_num_queries(8):
        detail = seller_product_detail(product=product)
        variants = list(detail.variants.all())
        summary = [
            (v.sku, [c.price_amount for c in v.channel_listings.all()], [s.warehouse.name for s in v.stocks.all()])
            for v in variants
        ]
        images = [m.thumbnails.all()[0].size for m in detail.media.all()]
        _ = (detail.category.name, [lst.channel.slug for lst in detail.channel_listings.all()])
        _ = list(detail.moderation_events.all())
    assert summary[1] == ("V-0", [50_000], [])
    assert summary[0][2] == ["Kho chính"] and images == [160]
    assert list(seller_certificates(seller=seller)) == [new, old]
    assert [w.name for w in seller_warehouses(seller=seller)] == ["Kho chính", "Kho phụ"]
