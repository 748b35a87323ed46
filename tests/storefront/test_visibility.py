"""Hidden products: 404 on their own page and absent from every list."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from marketplace.product.models import ProductChannelListing, ProductStatus
from marketplace.product.services import reindex_products
from marketplace.seller.models import SellerStatus
from tests.factories import CategoryFactory, OcopCertificateFactory, ProductFactory, SellerFactory, publish

pytestmark = pytest.mark.django_db


def unpublish(product):
    ProductChannelListing.objects.filter(product=product).update(is_published=False)


def publish_next_week(product):
    ProductChannelListing.objects.filter(product=product).update(
        published_at=timezone.now() + datetime.timedelta(days=7)
    )


def suspend_seller(product):
    product.seller.status = SellerStatus.SUSPENDED
    product.seller.save()


def unlist_by_operator(product):
    product.status = ProductStatus.UNLISTED_BY_OPERATOR
    product.save()


def remove_prices(product):
    for variant in product.variants.all():
        variant.channel_listings.all().delete()


@pytest.mark.parametrize("hide", [unpublish, publish_next_week, suspend_seller, unlist_by_operator, remove_prices])
def test_hidden_products_are_404_and_absent_from_lists(client, channel, hide):
    category = CategoryFactory(slug="mat-ong")
    seller = SellerFactory(slug="htx-ong")
    certificate = OcopCertificateFactory(seller=seller, star_rating=5)
    hidden = publish(
        ProductFactory(
            name="Mật ong ẩn", slug="mat-ong-an", category=category, seller=seller, ocop_certificate=certificate
        ),
        channel,
    )
    shown = publish(
        ProductFactory(name="Mật ong hiện", category=category, ocop_certificate=OcopCertificateFactory()), channel
    )
    reindex_products(product_ids=[hidden.pk, shown.pk])
    hide(hidden)

    assert client.get("/san-pham/mat-ong-an/").status_code == 404
    for path in ("/", "/danh-muc/mat-ong/", "/tim-kiem/?q=mat+ong", "/tim-kiem/"):
        page = client.get(path).content.decode()
        assert shown.name in page, path
        assert hidden.name not in page, path
    seller_page = client.get("/nguoi-ban/htx-ong/")
    if hide is suspend_seller:
        assert seller_page.status_code == 404
    else:
        assert hidden.name not in seller_page.content.decode()


def test_a_product_hidden_from_lists_still_has_its_own_page(client, channel):
    product = publish(
        ProductFactory(name="Chè riêng", slug="che-rieng", ocop_certificate=OcopCertificateFactory()), channel
    )
    ProductChannelListing.objects.filter(product=product).update(visible_in_listings=False)

    assert client.get("/san-pham/che-rieng/").status_code == 200
    assert product.name not in client.get(f"/danh-muc/{product.category.slug}/").content.decode()
    assert product.name not in client.get("/").content.decode()


@pytest.mark.parametrize("status", [SellerStatus.DRAFT, SellerStatus.IN_REVIEW, SellerStatus.REJECTED])
def test_sellers_not_yet_approved_have_no_public_page(client, channel, status):
    SellerFactory(slug="htx-moi", status=status)

    assert client.get("/nguoi-ban/htx-moi/").status_code == 404
