"""Categories, sellers, channels and node(id:) as a storefront uses them."""

from __future__ import annotations

import base64

import pytest

from marketplace.seller.models import SellerKind, SellerStatus
from tests.factories import CategoryFactory, ChannelFactory, ProductFactory, SellerFactory, publish

pytestmark = pytest.mark.django_db


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def test_category_products_include_subcategories(api, channel):
    food = CategoryFactory(name="Thực phẩm", slug="thuc-pham")
    honey = CategoryFactory(name="Mật ong", slug="mat-ong", parent=food, level=1)
    publish(ProductFactory(name="Mật ong bạc hà", category=honey), channel)
    publish(ProductFactory(name="Gạo", category=food), channel)
    publish(ProductFactory(name="Khác", category=CategoryFactory(slug="khac")), channel)

    data = api.execute(
        """{ category(slug: "thuc-pham") {
          name level parent { name }
          children(first: 10) { totalCount edges { node { name parent { slug } } } }
          products(first: 10) { totalCount edges { node { name } } }
        } }"""
    )["category"]

    assert data["children"]["edges"] == [{"node": {"name": "Mật ong", "parent": {"slug": "thuc-pham"}}}]
    assert sorted(e["node"]["name"] for e in data["products"]["edges"]) == ["Gạo", "Mật ong bạc hà"]
    assert data["products"]["totalCount"] == 2


def test_categories_by_level_search_and_sort(api, db):
    root = CategoryFactory(name="Đồ uống", slug="do-uong")
    CategoryFactory(name="Chè", slug="che", parent=root, level=1)
    CategoryFactory(name="Mật ong", slug="mat-ong", parent=root, level=1)
    CategoryFactory(name="Thủ công", slug="thu-cong")

    def names(arguments: str) -> list[str]:
        data = api.execute("{ categories(" + arguments + ") { edges { node { name } } } }")
        return [e["node"]["name"] for e in data["categories"]["edges"]]

    assert names("first: 10, level: 1, sortBy: {field: NAME, direction: DESC}") == ["Mật ong", "Chè"]
    assert names('first: 10, filter: {search: "thu cong"}') == ["Thủ công"]
    assert names("first: 1, sortBy: {field: SUBCATEGORY_COUNT, direction: DESC}") == ["Đồ uống"]


def test_sellers_list_only_approved_ones_to_shoppers(api, operator_api, channel):
    approved = SellerFactory(name="HTX Mật ong", slug="htx-mat-ong", kind=SellerKind.COOPERATIVE)
    SellerFactory(name="Đang xét duyệt", status=SellerStatus.IN_REVIEW)
    publish(ProductFactory(name="Mật ong rừng", seller=approved), channel)

    data = api.execute(
        """{ sellers(first: 10) {
          totalCount edges { node { name kind products(first: 5) { edges { node { name } } } } }
        } }"""
    )

    assert data["sellers"]["totalCount"] == 1
    assert data["sellers"]["edges"][0]["node"] == {
        "name": "HTX Mật ong",
        "kind": "COOPERATIVE",
        "products": {"edges": [{"node": {"name": "Mật ong rừng"}}]},
    }
    assert api.execute('{ seller(slug: "htx-mat-ong") { id } }')["seller"] == {"id": gid("Seller", approved.pk)}
    assert operator_api.execute("{ sellers(first: 10) { totalCount } }")["sellers"]["totalCount"] == 2


def test_channels_show_currency_and_country(api, channel):
    ChannelFactory(slug="tam-dung", name="Tạm dừng", is_active=False)

    data = api.execute("{ channels { slug currencyCode isActive defaultCountry { code country } } }")

    assert data["channels"] == [
        {
            "slug": "default-channel",
            "currencyCode": "VND",
            "isActive": True,
            "defaultCountry": {"code": "VN", "country": "Việt Nam"},
        }
    ]
    english = api.execute(
        '{ channel(slug: "default-channel") { defaultCountry { country } } }', HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english["channel"]["defaultCountry"]["country"] == "Vietnam"


def test_node_fetches_any_object_by_global_id_with_the_same_visibility(api, channel):
    product = publish(ProductFactory(name="Nón lá"), channel)
    hidden = ProductFactory(name="Chưa bán")
    category = CategoryFactory(name="Thủ công mỹ nghệ")

    query = "query($id: ID!) { node(id: $id) { __typename id ... on Product { name } ... on Category { name } } }"

    assert api.execute(query, {"id": gid("Product", product.pk)})["node"] == {
        "__typename": "Product",
        "id": gid("Product", product.pk),
        "name": "Nón lá",
    }
    assert api.execute(query, {"id": gid("Category", category.pk)})["node"]["name"] == "Thủ công mỹ nghệ"
    assert api.execute(query, {"id": gid("Product", hidden.pk)})["node"] is None


def test_users_are_visible_by_node_only_to_themselves(api, shopper_api, shopper):
    query = "query($id: ID!) { node(id: $id) { ... on User { email } } }"
    variables = {"id": gid("User", shopper.pk)}

    assert shopper_api.execute(query, variables)["node"] == {"email": shopper.email}
    assert api.execute(query, variables)["node"] is None
