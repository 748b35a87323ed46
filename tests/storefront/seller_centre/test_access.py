"""Who reaches what, from the outside: anonymous visitors, a shopper, seller
A's owner and staff, seller B and an operator, over every centre page."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.product.models import OcopCertificate, Product
from marketplace.seller.models import SellerDocument
from marketplace.warehouse.models import Stock, Warehouse
from tests.factories import OcopCertificateFactory
from tests.marketplace.seller import files
from tests.storefront.conftest import jpeg
from tests.storefront.seller_centre.conftest import client_for

pytestmark = pytest.mark.django_db
SELLER_PAGES = [
    "/kenh-nguoi-ban/ho-so/",
    "/kenh-nguoi-ban/giay-to/",
    "/kenh-nguoi-ban/nhom/",
    "/kenh-nguoi-ban/thanh-vien-san-xuat/",
    "/kenh-nguoi-ban/san-pham/",
    "/kenh-nguoi-ban/san-pham/moi/",
    "/kenh-nguoi-ban/san-pham/nhap/",
    "/kenh-nguoi-ban/kho/",
]
NOT_A_SELLER = "Bạn chưa có cơ sở bán hàng"


@pytest.fixture
def a_objects(product_a, seller_a, owner_a):
    """Every kind of object seller A has, by id."""
    certificate = OcopCertificateFactory(seller=seller_a)
    document = SellerDocument.objects.create(
        seller=seller_a, kind="citizen_id", content_type="image/png", size=3, uploaded_by=owner_a
    )
    document.file.save("cccd.png", files.upload(files.png_bytes(), "cccd.png"))
    return {
        "product": product_a,
        "variant": product_a.variants.get(),
        "media": product_a.media.get(),
        "warehouse": Warehouse.objects.get(seller=seller_a),
        "certificate": certificate,
        "document": document,
    }


def object_pages(objects) -> list[str]:
    product, variant = objects["product"].pk, objects["variant"].pk
    return [
        f"/kenh-nguoi-ban/san-pham/{product}/",
        f"/kenh-nguoi-ban/san-pham/{product}/chung-nhan-ocop/",
        f"/kenh-nguoi-ban/san-pham/{product}/phan-loai/moi/",
        f"/kenh-nguoi-ban/phan-loai/{variant}/",
        f"/kenh-nguoi-ban/tai-lieu/{objects['document'].pk}/",
    ]


def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, a_objects):
    for path in ["/kenh-nguoi-ban/", *SELLER_PAGES, *object_pages(a_objects)]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"/dang-nhap/?next={path}", path


def test_a_shopper_is_offered_to_register_and_sees_no_data(shopper, a_objects):
    client = client_for(shopper)

    dashboard = client.get("/kenh-nguoi-ban/")
    assert dashboard.status_code == 200 and NOT_A_SELLER in dashboard.content.decode()
    assert 'href="/kenh-nguoi-ban/dang-ky/"' in dashboard.content.decode()
    for path in SELLER_PAGES:
        response = client.get(path)
        assert response.status_code == 403 and NOT_A_SELLER in response.content.decode(), path
    for path in object_pages(a_objects):
        assert client.get(path).status_code == 404, path
    assert client.post("/kenh-nguoi-ban/san-pham/moi/", {"name": "x"}).status_code == 403


def test_an_operator_reads_documents_but_does_not_work_in_a_sellers_centre(operator, a_objects):
    client = client_for(operator)

    assert NOT_A_SELLER in client.get("/kenh-nguoi-ban/").content.decode()
    assert client.get(f"/kenh-nguoi-ban/tai-lieu/{a_objects['document'].pk}/").status_code == 200
    assert client.get(f"/kenh-nguoi-ban/san-pham/{a_objects['product'].pk}/").status_code == 404


def test_seller_a_staff_work_on_products(staff_a, a_objects):
    client = client_for(staff_a)

    for path in ["/kenh-nguoi-ban/", *SELLER_PAGES, *object_pages(a_objects)]:
        assert client.get(path).status_code == 200, path


def test_seller_b_cannot_read_seller_a_objects(owner_b, seller_b, a_objects):
    client = client_for(owner_b)

    for path in object_pages(a_objects):
        assert client.get(path).status_code == 404, path
    assert "Chè búp Tân Cương" not in client.get("/kenh-nguoi-ban/san-pham/").content.decode()


def test_seller_b_cannot_change_seller_a_objects(owner_b, seller_b, product_b, a_objects):
    client = client_for(owner_b)
    product, variant, media = a_objects["product"], a_objects["variant"], a_objects["media"]
    own_variant = product_b.variants.get()
    posts = [
        (f"/kenh-nguoi-ban/san-pham/{product.pk}/", {"name": "Bị đổi", "category": product.category_id}),
        (f"/kenh-nguoi-ban/san-pham/{product.pk}/dang-ban/", {"action": "publish"}),
        (f"/kenh-nguoi-ban/san-pham/{product.pk}/xoa/", {}),
        (f"/kenh-nguoi-ban/san-pham/{product.pk}/anh/", {"photos": [files.upload(jpeg().getvalue(), "a.jpg")]}),
        (f"/kenh-nguoi-ban/san-pham/{product.pk}/chung-nhan-ocop/", {"action": "attach", "certificate": ""}),
        (f"/kenh-nguoi-ban/san-pham/{product.pk}/phan-loai/moi/", {"name": "x", "sku": "B-X", "price": "1"}),
        (f"/kenh-nguoi-ban/anh/{media.pk}/", {"action": "delete"}),
        (f"/kenh-nguoi-ban/phan-loai/{variant.pk}/", {"action": "save", "name": "x", "sku": "B-Y", "price": "1"}),
        (f"/kenh-nguoi-ban/phan-loai/{variant.pk}/", {"action": "stock", f"kho-{a_objects['warehouse'].pk}": "0"}),
        (f"/kenh-nguoi-ban/phan-loai/{variant.pk}/xoa/", {}),
        # Seller A's warehouse and certificate used on seller B's own objects:
        (f"/kenh-nguoi-ban/phan-loai/{own_variant.pk}/", {"action": "stock", f"kho-{a_objects['warehouse'].pk}": "99"}),
        (
            f"/kenh-nguoi-ban/san-pham/{product_b.pk}/chung-nhan-ocop/",
            {"action": "attach", "certificate": a_objects["certificate"].pk},
        ),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 404, path

    product.refresh_from_db()
    assert product.name == "Chè búp Tân Cương" and product.media.count() == 1 and product.variants.count() == 1
    assert Stock.objects.get(product_variant=variant).quantity == 10
    assert not Stock.objects.filter(product_variant=own_variant, warehouse=a_objects["warehouse"]).exists()
    product_b.refresh_from_db()
    assert product_b.ocop_certificate is None
    assert Product.objects.count() == 2 and OcopCertificate.objects.count() == 1


def test_centre_pages_are_never_cached(client_a, a_objects):
    for path in ["/kenh-nguoi-ban/", *SELLER_PAGES, *object_pages(a_objects)]:
        assert client_a.get(path)["Cache-Control"] == "private, no-store", path


def test_forms_need_the_csrf_token(owner_a, seller_a, category, channel):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner_a)

    response = client.post("/kenh-nguoi-ban/ho-so/", {"name": "Đổi tên"})

    assert response.status_code == 403
    seller_a.refresh_from_db()
    assert seller_a.name == "HTX Chè Tân Cương"
