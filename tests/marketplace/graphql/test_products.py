"""Products through the API as a storefront sees them: which ones, at what
price, in which language, found how."""

from __future__ import annotations

import base64
import datetime
import io
import json

import pytest
from django.utils import timezone
from PIL import Image

from marketplace.product.models import ProductChannelListing, ProductStatus
from marketplace.product.services import add_product_media, reindex_products, translate_product
from marketplace.seller.models import SellerStatus
from tests.factories import (
    CategoryFactory,
    ChannelFactory,
    OcopCertificateFactory,
    ProductFactory,
    ProductVariantFactory,
    SellerFactory,
    publish,
)

pytestmark = pytest.mark.django_db

PRODUCT_NAMES = """
query Names($channel: String, $filter: ProductFilterInput, $search: String, $sortBy: ProductOrder) {
  products(first: 50, channel: $channel, filter: $filter, search: $search, sortBy: $sortBy) {
    totalCount
    edges { node { name } }
  }
}
"""


def names(api, **variables) -> list[str]:
    data = api.execute(PRODUCT_NAMES, variables)
    return [edge["node"]["name"] for edge in data["products"]["edges"]]


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def png_upload(size: int = 800) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (30, 120, 60)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


# --- visibility -------------------------------------------------------------


def test_shoppers_see_only_published_products_of_approved_sellers(api, channel):
    publish(ProductFactory(name="Chè Tân Cương"), channel)
    publish(ProductFactory(name="Sắp mở bán"), channel, published_at=timezone.now() + datetime.timedelta(days=2))
    unpublished = publish(ProductFactory(name="Chưa đăng"), channel)
    ProductChannelListing.objects.filter(product=unpublished).update(is_published=False)
    publish(ProductFactory(name="Cơ sở bị khóa", seller=SellerFactory(status=SellerStatus.SUSPENDED)), channel)
    publish(ProductFactory(name="Bị gỡ", status=ProductStatus.UNLISTED_BY_OPERATOR), channel)
    ProductFactory(name="Không có giá")  # never listed nor priced

    assert names(api) == ["Chè Tân Cương"]


def test_products_hidden_from_lists_are_still_reachable_by_slug(api, channel):
    product = publish(ProductFactory(name="Quà biếu", slug="qua-bieu"), channel)
    ProductChannelListing.objects.filter(product=product).update(visible_in_listings=False)

    assert names(api) == []
    assert api.execute('{ product(slug: "qua-bieu") { name } }')["product"] == {"name": "Quà biếu"}


def test_future_and_unpublished_products_are_null_by_slug_for_shoppers(api, channel):
    publish(ProductFactory(slug="sap-mo"), channel, published_at=timezone.now() + datetime.timedelta(hours=1))
    draft = publish(ProductFactory(slug="nhap"), channel)
    ProductChannelListing.objects.filter(product=draft).update(is_published=False)

    assert api.execute('{ product(slug: "sap-mo") { name } }')["product"] is None
    assert api.execute('{ product(slug: "nhap") { name } }')["product"] is None


def test_operators_also_see_unpublished_products(operator_api, api, channel):
    publish(ProductFactory(name="Đã đăng"), channel)
    draft = publish(ProductFactory(name="Bản nháp", slug="ban-nhap"), channel)
    ProductChannelListing.objects.filter(product=draft).update(is_published=False)

    assert sorted(names(operator_api)) == ["Bản nháp", "Đã đăng"]
    assert operator_api.execute('{ product(slug: "ban-nhap") { name } }')["product"] == {"name": "Bản nháp"}
    assert names(api) == ["Đã đăng"]


def test_each_channel_shows_its_own_products_and_the_default_is_used_when_omitted(api, channel):
    export = ChannelFactory(slug="xuat-khau", name="Xuất khẩu", currency_code="USD")
    publish(ProductFactory(name="Trong nước"), channel)
    publish(ProductFactory(name="Hàng xuất khẩu"), export, price=12)

    assert names(api) == ["Trong nước"]
    assert names(api, channel="xuat-khau") == ["Hàng xuất khẩu"]


# --- prices, stock, availability --------------------------------------------


def test_prices_are_whole_dong_with_saleor_money_shapes(api, channel):
    publish(ProductFactory(slug="mat-ong"), channel, price=185_000, variants=3)

    product = api.execute(
        """{ product(slug: "mat-ong") {
          pricing { onSale priceRange { start { gross { amount currency } net { amount } tax { amount } }
                                        stop { gross { amount currency } } } }
          variants { pricing { price { gross { amount } currency } } }
        } }"""
    )["product"]

    price_range = product["pricing"]["priceRange"]
    start, stop = price_range["start"]["gross"]["amount"], price_range["stop"]["gross"]["amount"]
    assert (start, stop) == (185_000, 205_000)
    assert float(start).is_integer() and float(stop).is_integer()
    assert price_range["start"]["gross"]["currency"] == "VND"
    assert price_range["start"]["net"]["amount"] == 185_000  # prices include VAT; no breakdown is kept
    assert price_range["start"]["tax"]["amount"] == 0
    assert product["pricing"]["onSale"] is False
    assert [v["pricing"]["price"]["gross"]["amount"] for v in product["variants"]] == [185_000, 195_000, 205_000]


def test_stock_and_availability_follow_the_channel(api, channel):
    publish(ProductFactory(slug="het-hang"), channel, stock=0)
    publish(ProductFactory(slug="con-hang"), channel, stock=7)

    query = '{ product(slug: "%s") { isAvailable isAvailableForPurchase variants { quantityAvailable } } }'
    assert api.execute(query % "con-hang")["product"] == {
        "isAvailable": True,
        "isAvailableForPurchase": True,
        "variants": [{"quantityAvailable": 7}],
    }
    assert api.execute(query % "het-hang")["product"]["isAvailable"] is False


# --- translations and descriptions ------------------------------------------


def test_translation_by_language_code(api, channel):
    product = publish(ProductFactory(slug="nuoc-mam", name="Nước mắm Phú Quốc"), channel)
    translate_product(product=product, language_code="en", name="Phu Quoc fish sauce")

    query = '{ product(slug: "nuoc-mam") { name translation(languageCode: %s) { name language { code } } } }'
    assert api.execute(query % "EN")["product"] == {
        "name": "Nước mắm Phú Quốc",
        "translation": {"name": "Phu Quoc fish sauce", "language": {"code": "EN"}},
    }
    assert api.execute(query % "EN_US")["product"]["translation"]["name"] == "Phu Quoc fish sauce"
    assert api.execute(query % "FR")["product"]["translation"] is None


def test_description_is_editorjs_json_built_from_paragraphs(api, channel):
    publish(ProductFactory(slug="che", description="Chè búp <ngon>.\n\nSao tay\ntruyền thống."), channel)

    description = json.loads(api.execute('{ product(slug: "che") { description } }')["product"]["description"])

    assert [block["type"] for block in description["blocks"]] == ["paragraph", "paragraph"]
    assert description["blocks"][0]["data"]["text"] == "Chè búp &lt;ngon&gt;."
    assert description["blocks"][1]["data"]["text"] == "Sao tay<br>truyền thống."


# --- search, filters, sorting -----------------------------------------------


def test_search_without_diacritics_finds_vietnamese_names(api, channel):
    sauce = publish(ProductFactory(name="Nước mắm Phú Quốc 40 độ đạm"), channel)
    tea = publish(ProductFactory(name="Chè búp Tân Cương"), channel)
    reindex_products(product_ids=[sauce.pk, tea.pk])

    assert names(api, search="nuoc mam") == ["Nước mắm Phú Quốc 40 độ đạm"]
    assert names(api, filter={"search": "che bup"}) == ["Chè búp Tân Cương"]
    assert names(api, search="nuoc mam", sortBy={"field": "RANK", "direction": "DESC"}) == [
        "Nước mắm Phú Quốc 40 độ đạm"
    ]


def test_filters_by_category_tree_price_seller_and_ocop_stars(api, channel):
    drinks = CategoryFactory(name="Đồ uống", slug="do-uong")
    tea = CategoryFactory(name="Chè", slug="che", parent=drinks)
    htx = SellerFactory(name="HTX Thái Nguyên")
    publish(ProductFactory(name="Chè rẻ", category=tea, seller=htx), channel, price=50_000)
    publish(
        ProductFactory(name="Chè 5 sao", category=tea, ocop_certificate=OcopCertificateFactory(star_rating=5)),
        channel,
        price=400_000,
    )
    publish(ProductFactory(name="Mắm", category=CategoryFactory(slug="mam")), channel, price=90_000)

    assert sorted(names(api, filter={"categories": [gid("Category", drinks.pk)]})) == ["Chè 5 sao", "Chè rẻ"]
    assert names(api, filter={"price": {"gte": 60_000, "lte": 100_000}}) == ["Mắm"]
    assert names(api, filter={"sellers": [gid("Seller", htx.pk)]}) == ["Chè rẻ"]
    assert names(api, filter={"ocopStarRating": {"gte": 4}}) == ["Chè 5 sao"]
    assert names(api, filter={"slugs": ["khong-co"]}) == []


def test_sorting_by_price_and_name_in_both_directions(api, channel):
    for name, price in [("Bánh", 30_000), ("Cà phê", 150_000), ("Mật ong", 90_000)]:
        publish(ProductFactory(name=name), channel, price=price)

    assert names(api, sortBy={"field": "PRICE", "direction": "ASC"}) == ["Bánh", "Mật ong", "Cà phê"]
    assert names(api, sortBy={"field": "PRICE", "direction": "DESC"}) == ["Cà phê", "Mật ong", "Bánh"]
    assert names(api, sortBy={"field": "NAME", "direction": "DESC"}) == ["Mật ong", "Cà phê", "Bánh"]


# --- single objects, images, marketplace fields ----------------------------


def test_product_by_id_and_variant_by_sku(api, channel):
    product = publish(ProductFactory(name="Miến dong"), channel)
    variant = ProductVariantFactory(product=product, sku="MIEN-500")
    publish(product, channel)  # prices the new variant too

    by_id = api.execute("query($id: ID) { product(id: $id) { name } }", {"id": gid("Product", product.pk)})
    assert by_id["product"] == {"name": "Miến dong"}
    found = api.execute('{ productVariant(sku: "MIEN-500") { id product { name } } }')["productVariant"]
    assert found == {"id": gid("ProductVariant", variant.pk), "product": {"name": "Miến dong"}}


def test_thumbnail_picks_the_nearest_webp_size_and_urls_are_absolute(api, channel):
    product = publish(ProductFactory(slug="gao-st25"), channel)
    add_product_media(product=product, upload=png_upload(), alt="Gạo ST25")

    product_data = api.execute(
        """{ product(slug: "gao-st25") {
          small: thumbnail(size: 100) { url alt }
          default: thumbnail { url }
          huge: thumbnail(size: 2000, format: WEBP) { url }
          media { url alt type original: url(size: 0) }
        } }"""
    )["product"]

    assert product_data["small"]["url"].startswith("http://testserver/media/thumbnails/")
    assert product_data["small"]["url"].endswith("-160.webp")
    assert product_data["small"]["alt"] == "Gạo ST25"
    assert product_data["default"]["url"].endswith("-320.webp")  # default 256 -> the 320 thumbnail
    assert product_data["huge"]["url"].endswith("-640.webp")  # nothing larger is stored
    assert product_data["media"][0]["type"] == "IMAGE"
    assert product_data["media"][0]["original"].startswith("http://testserver/media/products/gao-st25")


def test_ocop_certificate_origin_and_seller(api, channel):
    certificate = OcopCertificateFactory(star_rating=4, decision_date=datetime.date(2024, 3, 1))
    publish(ProductFactory(slug="che-4-sao", ocop_certificate=certificate), channel)

    product = api.execute(
        """{ product(slug: "che-4-sao") {
          ocop { starRating productGroup decisionDate expiresOn isRevoked isValid showsBadge }
          origin { province { code name } commune { code } }
          seller { name kind province { name } }
        } }"""
    )["product"]

    today = timezone.localdate()
    valid = today <= datetime.date(2027, 3, 1)
    assert product["ocop"] == {
        "starRating": 4,
        "productGroup": "BEVERAGE",
        "decisionDate": "2024-03-01",
        "expiresOn": "2027-03-01",
        "isRevoked": False,
        "isValid": valid,
        "showsBadge": valid,
    }
    assert product["origin"]["province"] == {"code": "19", "name": "Thái Nguyên"}
    assert product["seller"]["kind"] == "COOPERATIVE"
    assert product["seller"]["province"] == {"name": "Thái Nguyên"}
