"""A seller lists, edits and removes products and their variants."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.product import services
from marketplace.product.models import Product, ProductChannelListing, ProductVariant
from marketplace.product.services import ProductError
from marketplace.warehouse.models import Stock, Warehouse
from tests.factories import CategoryFactory, OcopCertificateFactory, commune_of, province
from tests.marketplace.product.helpers import catalogue_state


def quick_product(seller, owner, category, **kwargs) -> Product:
    defaults = {"name": "Chè búp Tân Cương", "category": category, "price": 120_000, "stock": 15}
    return services.create_product(seller=seller, actor=owner, **{**defaults, **kwargs})


def test_one_screen_listing_fills_in_every_default(seller, owner, category, channel):
    product = quick_product(seller, owner, category)

    assert product.slug == "che-bup-tan-cuong"
    assert product.product_type.name == "Sản phẩm chung"
    assert product.origin_province == seller.province and product.origin_commune == seller.commune
    variant = product.default_variant
    assert variant.sku == "HTX-CHE-TAN-CUONG-0001"
    assert variant.channel_listings.get(channel=channel).price_amount == 120_000
    warehouse = Warehouse.objects.get(seller=seller)
    assert warehouse.name == "Kho chính" and channel in warehouse.channels.all()
    assert Stock.objects.get(product_variant=variant, warehouse=warehouse).quantity == 15
    listing = ProductChannelListing.objects.get(product=product, channel=channel)
    assert listing.is_published is False and listing.discounted_price_amount == 120_000
    # Found by the search without diacritics, once published.
    assert "che bup tan cuong" in Product.objects.get(pk=product.pk).search_document


def test_second_product_with_the_same_name_gets_its_own_slug_and_sku(seller, owner, category):
    first = quick_product(seller, owner, category)
    second = quick_product(seller, owner, category)
    assert first.slug != second.slug
    assert second.default_variant.sku == "HTX-CHE-TAN-CUONG-0002"
    assert Warehouse.objects.filter(seller=seller).count() == 1


def test_listing_with_every_optional_field(seller, owner, category):
    certificate = OcopCertificateFactory(seller=seller)
    warehouse = services.create_warehouse(seller=seller, actor=owner, name="Kho Hà Nội", province=province("01"))
    product = quick_product(
        seller,
        owner,
        category,
        sku="CHE-200",
        description="Chè sao tay.",
        weight_grams=200,
        variant_name="Gói 200 g",
        ocop_certificate=certificate,
        origin_province=province("19"),
        origin_commune=commune_of("19"),
        warehouse=warehouse,
    )
    assert product.default_variant.sku == "CHE-200" and product.default_variant.name == "Gói 200 g"
    assert product.ocop_certificate == certificate and product.weight_grams == 200
    assert Stock.objects.get(product_variant=product.default_variant).warehouse == warehouse


@pytest.mark.parametrize(
    "bad_price", [-1, 1.5, "abc", 10**12, "1,5", "1.5", "12.50", "-1.000", None, True, Decimal("10.5"), "1e5"]
)
def test_bad_price_is_refused_and_nothing_is_created(seller, owner, category, bad_price):
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        quick_product(seller, owner, category, price=bad_price)
    assert exc.value.code == "INVALID_PRICE" and exc.value.field == "price"
    assert catalogue_state() == before


def test_price_messages_are_vietnamese(seller, owner, category):
    with pytest.raises(ProductError) as exc:
        quick_product(seller, owner, category, price=-1)
    assert exc.value.message == "Giá không được âm."
    with pytest.raises(ProductError) as exc:
        quick_product(seller, owner, category, price=1.5)
    assert "số đồng nguyên" in exc.value.message


def test_whole_prices_in_other_shapes_are_accepted(seller, owner, category, channel):
    for price in ("85000", 85_000.0, Decimal("85000"), "85.000", "85,000 đ", " 85 000₫ "):
        product = quick_product(seller, owner, category, price=price)
        assert product.default_variant.channel_listings.get().price_amount == 85_000


@pytest.mark.parametrize("bad_stock", [-3, 2.5, "mười"])
def test_bad_stock_is_refused(seller, owner, category, bad_stock):
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        quick_product(seller, owner, category, stock=bad_stock)
    assert exc.value.code == "INVALID_QUANTITY"
    assert catalogue_state() == before


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"name": "   "}, "REQUIRED", "name"),
        ({"name": "x" * 251}, "INVALID", "name"),
        ({"category": None}, "REQUIRED", "category"),
        ({"weight_grams": -5}, "INVALID", "weight_grams"),
        ({"sku": "A" * 65}, "INVALID", "sku"),
    ],
)
def test_bad_fields_are_refused(seller, owner, category, kwargs, code, field):
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        quick_product(seller, owner, kwargs.pop("category", category), **kwargs)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert catalogue_state() == before


def test_origin_commune_must_be_in_the_origin_province(seller, owner, category):
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        quick_product(seller, owner, category, origin_province=province("01"), origin_commune=commune_of("19"))
    assert (exc.value.code, exc.value.field) == ("INVALID", "origin_commune")
    assert catalogue_state() == before


def test_duplicate_sku_same_seller_and_other_seller(seller, owner, category, other_seller, other_owner):
    quick_product(seller, owner, category, sku="CHE-01")
    before = catalogue_state()
    for who, actor in ((seller, owner), (other_seller, other_owner)):
        with pytest.raises(ProductError) as exc:
            quick_product(who, actor, category, sku="che-01")
        assert (exc.value.code, exc.value.field) == ("UNIQUE", "sku")
        assert "CHE-01" not in exc.value.message or "đã được dùng" in exc.value.message
    assert catalogue_state() == before


def test_another_sellers_warehouse_or_certificate_is_not_found(seller, owner, category, other_seller, other_owner):
    foreign_warehouse = services.create_warehouse(seller=other_seller, actor=other_owner, name="Kho B")
    foreign_certificate = OcopCertificateFactory(seller=other_seller)
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        quick_product(seller, owner, category, warehouse=foreign_warehouse)
    assert (exc.value.code, exc.value.field) == ("NOT_FOUND", "warehouse")
    with pytest.raises(ProductError) as exc:
        quick_product(seller, owner, category, ocop_certificate=foreign_certificate)
    assert (exc.value.code, exc.value.field) == ("NOT_FOUND", "ocop_certificate")
    assert catalogue_state() == before


def test_update_product_keeps_the_slug(seller, owner, category):
    product = quick_product(seller, owner, category)
    other_category = CategoryFactory(name="Đặc sản", slug="dac-san")
    services.update_product(
        product=product,
        actor=owner,
        name="Chè móc câu Tân Cương",
        description="Búp nhỏ, móc câu.",
        category=other_category,
        weight_grams=500,
        seo_title="Chè móc câu",
    )
    product.refresh_from_db()
    assert product.name == "Chè móc câu Tân Cương" and product.slug == "che-bup-tan-cuong"
    assert product.category == other_category and product.weight_grams == 500
    assert "che moc cau" in product.search_document


def test_update_product_refuses_bad_input_and_changes_nothing(seller, owner, category):
    product = quick_product(seller, owner, category)
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        services.update_product(product=product, actor=owner, name="Mới", category=None)
    assert (exc.value.code, exc.value.field) == ("REQUIRED", "category")
    with pytest.raises(ProductError) as exc:
        services.update_product(
            product=product, actor=owner, origin_province=province("01"), origin_commune=commune_of("19")
        )
    assert (exc.value.code, exc.value.field) == ("INVALID", "origin_commune")
    with pytest.raises(TypeError):
        services.update_product(product=product, actor=owner, slug="doi-dia-chi")
    assert catalogue_state() == before


def test_delete_product_removes_everything_of_it(seller, owner, category):
    product = quick_product(seller, owner, category)
    variant_id = product.default_variant_id
    services.delete_product(product=product, actor=owner)
    assert not Product.objects.filter(pk=product.pk).exists()
    assert not Stock.objects.filter(product_variant_id=variant_id).exists()


def test_variants_create_update_delete(seller, owner, category, channel):
    product = quick_product(seller, owner, category, variant_name="Gói 200 g")
    warehouse = Warehouse.objects.get(seller=seller)
    big = services.create_variant(
        product=product, actor=owner, sku="CHE-500", name="Gói 500 g", price=250_000, stocks=[(warehouse, 4)]
    )
    assert big.sort_order == 1 and big.stocks.get().quantity == 4
    assert ProductChannelListing.objects.get(product=product).discounted_price_amount == 120_000

    services.update_variant(variant=big, actor=owner, sku="CHE-0500", name="Hộp 500 g", price=99_000)
    big.refresh_from_db()
    assert (big.sku, big.name) == ("CHE-0500", "Hộp 500 g")
    assert big.channel_listings.get(channel=channel).price_amount == 99_000
    assert ProductChannelListing.objects.get(product=product).discounted_price_amount == 99_000

    services.delete_variant(variant=product.default_variant, actor=owner)
    product.refresh_from_db()
    assert product.default_variant == big
    assert ProductChannelListing.objects.get(product=product).discounted_price_amount == 99_000


def test_variant_errors_change_nothing(seller, owner, category):
    product = quick_product(seller, owner, category, sku="CHE-1")
    quick_product(seller, owner, category, sku="CHE-2")
    before = catalogue_state()
    cases = [
        (lambda: services.create_variant(product=product, actor=owner, sku="CHE-2", name="Gói", price=1), "UNIQUE"),
        (lambda: services.create_variant(product=product, actor=owner, sku="CHE-3", name="", price=1), "REQUIRED"),
        (
            lambda: services.create_variant(product=product, actor=owner, sku="CHE-3", name="Gói", price=-1),
            "INVALID_PRICE",
        ),
        (
            lambda: services.create_variant(
                product=product, actor=owner, sku="CHE-3", name="Gói", price=1, stocks=[(None, 1)]
            ),
            "NOT_FOUND",
        ),
        (lambda: services.update_variant(variant=product.default_variant, actor=owner, sku="CHE-2"), "UNIQUE"),
        (lambda: services.update_variant(variant=product.default_variant, actor=owner, price="abc"), "INVALID_PRICE"),
        (lambda: services.delete_variant(variant=product.default_variant, actor=owner), "CANNOT_DELETE_LAST_VARIANT"),
    ]
    for call, code in cases:
        with pytest.raises(ProductError) as exc:
            call()
        assert exc.value.code == code
        assert catalogue_state() == before
    assert ProductVariant.objects.filter(product=product).count() == 1
