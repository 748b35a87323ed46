"""Operators moderate products from Django admin through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from marketplace.product import services
from marketplace.product.models import ProductModerationEvent, ProductStatus


@pytest.fixture
def product(seller, owner, category):
    return services.create_product(seller=seller, actor=owner, name="Chè búp", category=category, price=90_000)


def act(client, action, product, reason=""):
    return client.post(
        reverse("admin:product_product_changelist"),
        {"action": action, "_selected_action": [product.pk], "reason": reason},
        follow=True,
    )


def test_unlist_and_relist_actions_use_the_services(admin_client, admin_user, product, mailoutbox):
    page = act(admin_client, "unlist_selected", product, reason="Nhãn sai thông tin.")
    assert "Đã gỡ 1 sản phẩm." in page.content.decode()
    product.refresh_from_db()
    assert (product.status, product.moderation_reason) == (ProductStatus.UNLISTED_BY_OPERATOR, "Nhãn sai thông tin.")
    event = ProductModerationEvent.objects.get()
    assert (event.actor, event.action) == (admin_user, "unlist")

    act(admin_client, "relist_selected", product)
    product.refresh_from_db()
    assert product.status == ProductStatus.ACTIVE
    assert ProductModerationEvent.objects.count() == 2


def test_unlist_without_reason_is_refused_with_a_message(admin_client, product):
    page = act(admin_client, "unlist_selected", product)
    assert "Vui lòng ghi rõ lý do gỡ sản phẩm." in page.content.decode()
    product.refresh_from_db()
    assert product.status == ProductStatus.ACTIVE
    assert not ProductModerationEvent.objects.exists()


def test_status_is_read_only_and_the_audit_trail_cannot_be_edited(admin_client, product, operator):
    services.unlist_product(product=product, operator=operator, reason="Sai danh mục.")
    html = admin_client.get(reverse("admin:product_product_change", args=[product.pk])).content.decode()
    assert 'name="status"' not in html and "Sai danh mục." in html
    event = ProductModerationEvent.objects.get()
    refused = admin_client.post(
        reverse("admin:product_productmoderationevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert refused.status_code == 403


@pytest.mark.parametrize("model", ["product", "category", "producttype", "ocopcertificate", "productmoderationevent"])
def test_every_catalogue_model_has_an_admin_list(admin_client, product, model):
    assert admin_client.get(reverse(f"admin:product_{model}_changelist")).status_code == 200
