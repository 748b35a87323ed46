"""Putting products on sale, taking them down, and operators' moderation."""

from __future__ import annotations

import pytest

from marketplace.product import services
from marketplace.product.models import Product, ProductModerationEvent, ProductStatus, ProductVariantChannelListing
from marketplace.product.selectors import visible_products
from marketplace.product.services import ProductError
from marketplace.seller import services as seller_services
from marketplace.seller.models import SellerStatus
from tests.marketplace.product.helpers import catalogue_state


@pytest.fixture
def product(seller, owner, category):
    return services.create_product(seller=seller, actor=owner, name="Chè búp", category=category, price=90_000)


def on_sale(channel) -> set[int]:
    return set(visible_products(channel).values_list("pk", flat=True))


def test_publish_then_unpublish(product, staff, channel):
    assert product.pk not in on_sale(channel)
    listing = services.publish_product(product=product, actor=staff)
    assert listing.is_published and listing.channel == channel
    assert product.pk in on_sale(channel)
    # Publishing again changes nothing.
    assert services.publish_product(product=product, actor=staff).published_at == listing.published_at
    services.unpublish_product(product=product, actor=staff)
    assert product.pk not in on_sale(channel)


def test_a_product_without_a_photo_can_be_published(product, owner, channel):
    assert not product.media.exists()
    services.publish_product(product=product, actor=owner)
    assert product.pk in on_sale(channel)


@pytest.mark.parametrize(
    "status",
    [
        SellerStatus.DRAFT,
        SellerStatus.SUBMITTED,
        SellerStatus.IN_REVIEW,
        SellerStatus.CHANGES_REQUESTED,
        SellerStatus.REJECTED,
        SellerStatus.SUSPENDED,
    ],
)
def test_only_an_approved_seller_publishes(product, owner, seller, status):
    type(seller).objects.filter(pk=seller.pk).update(status=status)
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        services.publish_product(product=product, actor=owner)
    assert exc.value.code == "SELLER_NOT_APPROVED"
    assert ("tạm khóa" in exc.value.message) == (status == SellerStatus.SUSPENDED)
    assert catalogue_state() == before


def test_a_suspended_sellers_products_disappear_at_once(product, owner, seller, operator, channel):
    services.publish_product(product=product, actor=owner)
    seller_services.suspend_seller(seller=seller, actor=operator, reason="Hàng giả mạo nhãn OCOP.")
    assert product.pk not in on_sale(channel)
    with pytest.raises(ProductError) as exc:
        services.publish_product(product=product, actor=owner)
    assert exc.value.code == "SELLER_NOT_APPROVED"
    seller_services.reinstate_seller(seller=seller, actor=operator)
    assert product.pk in on_sale(channel)


def test_publish_needs_a_price_and_a_category(product, owner):
    ProductVariantChannelListing.objects.filter(variant__product=product).delete()
    with pytest.raises(ProductError) as exc:
        services.publish_product(product=product, actor=owner)
    assert (exc.value.code, exc.value.field) == ("PRODUCT_WITHOUT_PRICE", "price")
    Product.objects.filter(pk=product.pk).update(category=None)
    with pytest.raises(ProductError) as exc:
        services.publish_product(product=product, actor=owner)
    assert exc.value.code == "PRODUCT_WITHOUT_CATEGORY"


def test_operator_unlists_and_the_seller_cannot_republish(
    product, owner, operator, channel, mailoutbox, django_capture_on_commit_callbacks
):
    services.publish_product(product=product, actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.unlist_product(product=product, operator=operator, reason="Ảnh không đúng sản phẩm thật.")

    assert (event.actor, event.action, event.from_status, event.to_status) == (
        operator,
        "unlist",
        ProductStatus.ACTIVE,
        ProductStatus.UNLISTED_BY_OPERATOR,
    )
    product.refresh_from_db()
    assert product.status == ProductStatus.UNLISTED_BY_OPERATOR
    assert product.moderation_reason == "Ảnh không đúng sản phẩm thật."
    assert product.pk not in on_sale(channel)

    [mail] = mailoutbox
    assert mail.to == ["chu.htx@example.vn"]
    assert "đã bị gỡ" in mail.subject and "Ảnh không đúng sản phẩm thật." in mail.body

    with pytest.raises(ProductError) as exc:
        services.publish_product(product=product, actor=owner)
    assert exc.value.code == "PRODUCT_UNLISTED_BY_OPERATOR"
    assert "Ảnh không đúng sản phẩm thật." in exc.value.message

    # The seller may still fix the listing.
    services.update_product(product=product, actor=owner, description="Ảnh chụp tại vườn.")

    with django_capture_on_commit_callbacks(execute=True):
        services.relist_product(product=product, operator=operator, note="Đã sửa ảnh.")
    product.refresh_from_db()
    assert (product.status, product.moderation_reason) == (ProductStatus.ACTIVE, "")
    assert product.pk in on_sale(channel)
    assert len(mailoutbox) == 2 and "bán lại" in mailoutbox[1].subject
    assert list(ProductModerationEvent.objects.filter(product=product).values_list("action", flat=True)) == [
        "unlist",
        "relist",
    ]


def test_moderation_refusals_change_nothing(product, owner, operator, shopper):
    before = catalogue_state()
    for who in (owner, shopper, None):
        with pytest.raises(ProductError) as exc:
            services.unlist_product(product=product, operator=who, reason="Lý do")
        assert exc.value.code == "PERMISSION_DENIED"
    with pytest.raises(ProductError) as exc:
        services.unlist_product(product=product, operator=operator, reason="   ")
    assert (exc.value.code, exc.value.field) == ("REASON_REQUIRED", "reason")
    with pytest.raises(ProductError) as exc:
        services.relist_product(product=product, operator=operator)
    assert exc.value.code == "INVALID_TRANSITION"
    assert catalogue_state() == before

    services.unlist_product(product=product, operator=operator, reason="Sai danh mục.")
    with pytest.raises(ProductError) as exc:
        services.unlist_product(product=product, operator=operator, reason="Lần nữa.")
    assert exc.value.code == "INVALID_TRANSITION"
    assert ProductModerationEvent.objects.count() == 1
