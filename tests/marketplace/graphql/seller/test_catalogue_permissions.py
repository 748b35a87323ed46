"""Seller-scoped catalogue mutations from the outside, for everyone in the
matrix. Seller A's products, variants, prices, stock and images change only
by A's members; anyone else gets ``NOT_FOUND`` and nothing changes. Only an
approved seller publishes; a suspended seller's products leave the shop."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from marketplace.product import services as catalogue
from marketplace.product.models import (
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductVariant,
    ProductVariantChannelListing,
)
from marketplace.warehouse.models import Stock, Warehouse
from tests.factories import CategoryFactory, OcopCertificateFactory
from tests.marketplace.graphql.seller.conftest import approve, global_id
from tests.marketplace.seller.files import jpeg_bytes, upload

pytestmark = pytest.mark.django_db

OUTSIDERS = ["anonymous", "shopper", "owner_b", "operator"]
MEMBERS = ["owner_a", "staff_a"]


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), "green").save(buffer, "PNG")
    buffer.seek(0)
    return buffer


@pytest.fixture
def shop(cast, channel):
    """Both sellers approved, each with a product of two variants and two photos."""
    operator = cast.users["operator"]
    category = CategoryFactory(name="Đặc sản", slug="dac-san")
    objects = {}
    for key, seller, owner in (
        ("a", cast.seller_a, cast.users["owner_a"]),
        ("b", cast.seller_b, cast.users["owner_b"]),
    ):
        approve(seller, owner, operator)
        product = catalogue.create_product(
            seller=seller, actor=owner, name=f"Sản phẩm {key}", category=category, price=100_000, stock=5
        )
        second = catalogue.create_variant(product=product, actor=owner, sku=f"SKU-{key}-2", name="Hộp", price=150_000)
        media = [catalogue.add_product_media(product=product, upload=_png(), actor=owner) for _ in range(2)]
        objects[key] = {
            "product": product,
            "variant": product.default_variant,
            "second": second,
            "media": media,
            "warehouse": Warehouse.objects.get(seller=seller),
        }
    return objects


def catalogue_snapshot() -> tuple:
    """Every catalogue row a refused mutation could have touched."""
    return (
        sorted(Product.objects.values_list("pk", "name", "status", "category_id", "ocop_certificate_id")),
        sorted(ProductVariant.objects.values_list("pk", "sku", "name", "weight_grams")),
        sorted(ProductVariantChannelListing.objects.values_list("variant_id", "channel_id", "price_amount")),
        sorted(ProductChannelListing.objects.values_list("product_id", "channel_id", "is_published")),
        sorted(Stock.objects.values_list("product_variant_id", "warehouse_id", "quantity")),
        sorted(ProductMedia.objects.values_list("pk", "product_id", "sort_order")),
    )


def ids(shop, channel, key: str = "a") -> dict[str, str]:
    objects = shop[key]
    return {
        "product": global_id("Product", objects["product"].pk),
        "variant": global_id("ProductVariant", objects["variant"].pk),
        "second": global_id("ProductVariant", objects["second"].pk),
        "media0": global_id("ProductMedia", objects["media"][0].pk),
        "media1": global_id("ProductMedia", objects["media"][1].pk),
        "warehouse": global_id("Warehouse", objects["warehouse"].pk),
        "channel": global_id("Channel", channel.pk),
    }


MUTATIONS = {
    "productUpdate": (
        'mutation($v: ID!) { productUpdate(id: $v, input: {name: "Đổi tên"}) { product { name } errors { code } } }',
        "product",
    ),
    "productDelete": ("mutation($v: ID!) { productDelete(id: $v) { product { id } errors { code } } }", "product"),
    "productVariantCreate": (
        'mutation($v: ID!) { productVariantCreate(input: {product: $v, sku: "MOI-1", name: "Gói nhỏ", price: 1000}) '
        "{ productVariant { sku } errors { code } } }",
        "product",
    ),
    "productVariantUpdate": (
        'mutation($v: ID!) { productVariantUpdate(id: $v, input: {name: "Đổi"}) { productVariant { name } '
        "errors { code } } }",
        "variant",
    ),
    "productVariantDelete": (
        "mutation($v: ID!) { productVariantDelete(id: $v) { productVariant { id } errors { code } } }",
        "second",
    ),
    "productVariantChannelListingUpdate": (
        "mutation($v: ID!, $c: ID!) { productVariantChannelListingUpdate(id: $v, input: [{channelId: $c, price: 1}]) "
        "{ variant { id } errors { code } } }",
        "variant",
    ),
    "productChannelListingUpdate": (
        "mutation($v: ID!, $c: ID!) { productChannelListingUpdate(id: $v, input: {updateChannels: "
        "[{channelId: $c, isPublished: true}]}) { product { id } errors { code } } }",
        "product",
    ),
    "productVariantStocksUpdate": (
        "mutation($v: ID!, $w: ID!) { productVariantStocksUpdate(variantId: $v, "
        "stocks: [{warehouse: $w, quantity: 99}]) { stocks { quantity } errors { code } } }",
        "variant",
    ),
    "productMediaReorder": (
        "mutation($v: ID!, $m0: ID!, $m1: ID!) { productMediaReorder(productId: $v, mediaIds: [$m1, $m0]) "
        "{ media { id } errors { code } } }",
        "product",
    ),
    "productMediaDelete": (
        "mutation($v: ID!) { productMediaDelete(id: $v) { media { id } errors { code } } }",
        "media0",
    ),
}


def _run(api, name: str, shop, channel):
    query, target = MUTATIONS[name]
    a = ids(shop, channel)
    variables = {"v": a[target], "c": a["channel"], "w": a["warehouse"], "m0": a["media0"], "m1": a["media1"]}
    used = {key: value for key, value in variables.items() if f"${key}" in query}
    return api.execute(query, used)[name]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("name", MUTATIONS)
def test_outsiders_cannot_change_a_sellers_catalogue(cast, shop, channel, who, name):
    before = catalogue_snapshot()

    payload = _run(getattr(cast, who), name, shop, channel)

    assert [error["code"] for error in payload["errors"]] == ["NOT_FOUND"]
    assert catalogue_snapshot() == before


@pytest.mark.parametrize("who", MEMBERS)
@pytest.mark.parametrize("name", MUTATIONS)
def test_the_sellers_owner_and_staff_can(cast, shop, channel, who, name):
    before = catalogue_snapshot()

    payload = _run(getattr(cast, who), name, shop, channel)

    assert payload["errors"] == []
    assert catalogue_snapshot() != before


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_add_a_photo_to_a_sellers_product(cast, shop, channel, who):
    before = catalogue_snapshot()

    data = getattr(cast, who).upload_data(
        "mutation($p: ID!, $f: Upload!) { productMediaCreate(input: {product: $p, image: $f}) "
        "{ media { id } errors { code } } }",
        {"p": ids(shop, channel)["product"], "f": None},
        {"variables.f": upload(jpeg_bytes(), "anh.jpg", "image/jpeg")},
    )

    assert [error["code"] for error in data["productMediaCreate"]["errors"]] == ["NOT_FOUND"]
    assert catalogue_snapshot() == before


def test_a_seller_cannot_reach_another_sellers_warehouse_or_certificate_from_its_own_product(cast, shop, channel):
    b = ids(shop, channel, "b")
    a_warehouse = ids(shop, channel, "a")["warehouse"]
    a_certificate = OcopCertificateFactory(seller=cast.seller_a)
    before = catalogue_snapshot()

    stock = cast.owner_b.execute(
        "mutation($v: ID!, $w: ID!) { productVariantStocksUpdate(variantId: $v, stocks: [{warehouse: $w, "
        "quantity: 1}]) { errors { code } } }",
        {"v": b["variant"], "w": a_warehouse},
    )["productVariantStocksUpdate"]
    certificate = cast.owner_b.execute(
        "mutation($p: ID!, $c: ID!) { productUpdate(id: $p, input: {ocopCertificate: $c}) { errors { code } } }",
        {"p": b["product"], "c": global_id("OcopCertificate", a_certificate.pk)},
    )["productUpdate"]
    product = cast.owner_b.execute(
        'mutation($s: ID!, $c: ID!) { productCreate(input: {seller: $s, name: "Lấn sân", category: $c, '
        "price: 1000}) { errors { code } } }",
        {"s": global_id("Seller", cast.seller_a.pk), "c": global_id("Category", shop["a"]["product"].category_id)},
    )["productCreate"]

    assert [e["code"] for e in stock["errors"] + certificate["errors"] + product["errors"]] == ["NOT_FOUND"] * 3
    assert catalogue_snapshot() == before


OWN_PRODUCTS = "query($id: ID!) { seller(id: $id) { products(first: 10) { edges { node { name } } } } }"


@pytest.mark.parametrize("who", OUTSIDERS + MEMBERS)
def test_unpublished_products_are_listed_for_the_sellers_members_and_operators_only(cast, shop, channel, who):
    catalogue.publish_product(product=shop["a"]["product"], actor=cast.users["owner_a"])
    catalogue.create_product(
        seller=cast.seller_a,
        actor=cast.users["owner_a"],
        name="Bản nháp",
        category=shop["a"]["product"].category,
        price=1000,
    )

    data = getattr(cast, who).execute(OWN_PRODUCTS, {"id": global_id("Seller", cast.seller_a.pk)})

    names = sorted(edge["node"]["name"] for edge in data["seller"]["products"]["edges"])
    insiders = who in MEMBERS or who == "operator"
    assert names == (["Bản nháp", "Sản phẩm a"] if insiders else ["Sản phẩm a"])


PUBLISH = (
    "mutation($p: ID!, $c: ID!) { productChannelListingUpdate(id: $p, input: {updateChannels: "
    "[{channelId: $c, isPublished: true}]}) { errors { code message } } }"
)
SHOP = "{ products(first: 10) { edges { node { name } } } }"


def test_an_unapproved_seller_cannot_publish(cast, channel):
    owner = cast.users["owner_a"]  # seller A is still a draft here
    product = catalogue.create_product(
        seller=cast.seller_a, actor=owner, name="Chè chưa duyệt", category=CategoryFactory(), price=50_000
    )
    before = catalogue_snapshot()

    payload = cast.owner_a.execute(
        PUBLISH, {"p": global_id("Product", product.pk), "c": global_id("Channel", channel.pk)}
    )["productChannelListingUpdate"]

    assert [e["code"] for e in payload["errors"]] == ["SELLER_NOT_APPROVED"]
    assert payload["errors"][0]["message"] == "Cơ sở chưa được duyệt nên chưa thể đăng bán."
    assert catalogue_snapshot() == before


def test_a_suspended_sellers_products_leave_the_shop_and_cannot_be_republished(
    cast, shop, channel, django_capture_on_commit_callbacks
):
    a = ids(shop, channel)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            cast.owner_a.execute(PUBLISH, {"p": a["product"], "c": a["channel"]})["productChannelListingUpdate"][
                "errors"
            ]
            == []
        )
    assert [e["node"]["name"] for e in cast.anonymous.execute(SHOP)["products"]["edges"]] == ["Sản phẩm a"]

    with django_capture_on_commit_callbacks(execute=True):
        suspended = cast.operator.execute(
            'mutation($id: ID!) { sellerSuspend(id: $id, reason: "Hàng giả") { seller { status } errors { code } } }',
            {"id": global_id("Seller", cast.seller_a.pk)},
        )["sellerSuspend"]
    again = cast.owner_a.execute(PUBLISH, {"p": a["product"], "c": a["channel"]})["productChannelListingUpdate"]

    assert suspended == {"seller": {"status": "SUSPENDED"}, "errors": []}
    assert cast.anonymous.execute(SHOP)["products"]["edges"] == []
    assert [e["code"] for e in again["errors"]] == ["SELLER_NOT_APPROVED"]


UNLIST = 'mutation($id: ID!) { productUnlist(id: $id, reason: "Ảnh sai") { product { id } errors { code } } }'


@pytest.mark.parametrize("who", ["anonymous", "shopper", "owner_a", "staff_a", "owner_b"])
def test_only_operators_unlist(cast, shop, channel, who):
    before = catalogue_snapshot()

    payload = getattr(cast, who).execute(UNLIST, {"id": ids(shop, channel)["product"]})["productUnlist"]

    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    assert catalogue_snapshot() == before


def test_an_unlisted_product_cannot_be_republished_by_its_seller_until_relisted(cast, shop, channel):
    a = ids(shop, channel)

    unlisted = cast.operator.execute(UNLIST, {"id": a["product"]})["productUnlist"]
    refused = cast.owner_a.execute(PUBLISH, {"p": a["product"], "c": a["channel"]})["productChannelListingUpdate"]
    relisted = cast.operator.execute(
        "mutation($id: ID!) { productRelist(id: $id) { errors { code } } }", {"id": a["product"]}
    )["productRelist"]
    published = cast.owner_a.execute(PUBLISH, {"p": a["product"], "c": a["channel"]})["productChannelListingUpdate"]

    assert unlisted["errors"] == []
    assert [e["code"] for e in refused["errors"]] == ["PRODUCT_UNLISTED_BY_OPERATOR"]
    assert "Ảnh sai" in refused["errors"][0]["message"]
    assert relisted["errors"] == [] and published["errors"] == []
