"""Operator admin for the catalogue. Moderation goes through services (an
audit row and an email each time): ``status`` and ``moderation_reason`` are
read-only here and change only by the "unlist"/"relist" actions, whose
reason is typed in the box beside the action menu."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.product.errors import ProductError
from marketplace.product.models import (
    Category,
    OcopCertificate,
    Product,
    ProductMedia,
    ProductModerationEvent,
    ProductType,
    ProductVariant,
)
from marketplace.product.moderation import relist_product, unlist_product


class ModerationActionForm(ActionForm):
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=2000)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ProductVariantInline(ReadOnlyInline):
    # Read-only: SKUs, prices and stock change through the services (uniqueness, locks).
    model = ProductVariant
    fk_name = "product"
    fields = ["sku", "name", "weight_grams", "sort_order"]
    readonly_fields = fields


class ProductMediaInline(ReadOnlyInline):
    model = ProductMedia
    fields = ["image", "alt", "sort_order", "width", "height"]
    readonly_fields = fields


class ProductModerationEventInline(ReadOnlyInline):
    model = ProductModerationEvent
    fields = ["created_at", "actor", "action", "from_status", "to_status", "reason"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "seller", "category", "status", "updated_at"]
    list_filter = ["status", "category"]
    search_fields = ["name", "slug", "seller__name", "variants__sku"]
    list_select_related = ["seller", "category"]
    readonly_fields = [
        "slug",
        "status",
        "moderation_reason",
        "default_variant",
        "rating",
        "search_document",
        "cache_version",
        "created_at",
        "updated_at",
    ]
    exclude = ["search_vector"]
    raw_id_fields = ["seller", "ocop_certificate", "origin_province", "origin_commune"]
    inlines = [ProductVariantInline, ProductMediaInline, ProductModerationEventInline]
    action_form = ModerationActionForm
    actions = ["unlist_selected", "relist_selected"]

    def _moderate(self, request: HttpRequest, queryset: QuerySet[Product], apply: object, done: str) -> None:
        changed = 0
        for product in queryset.order_by("pk"):
            try:
                apply(product)  # type: ignore[operator]
            except ProductError as error:
                self.message_user(request, f"{product.name}: {error.message}", level=messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(request, done % {"count": changed}, level=messages.SUCCESS)

    @admin.action(description=_("Gỡ sản phẩm đã chọn (ghi lý do vào ô bên cạnh)"))
    def unlist_selected(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        reason = request.POST.get("reason", "")
        self._moderate(
            request,
            queryset,
            lambda product: unlist_product(product=product, operator=request.user, reason=reason),
            str(_("Đã gỡ %(count)s sản phẩm.")),
        )

    @admin.action(description=_("Cho bán lại sản phẩm đã chọn"))
    def relist_selected(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        note = request.POST.get("reason", "")
        self._moderate(
            request,
            queryset,
            lambda product: relist_product(product=product, operator=request.user, note=note),
            str(_("Đã cho bán lại %(count)s sản phẩm.")),
        )


@admin.register(ProductModerationEvent)
class ProductModerationEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "product", "action", "from_status", "to_status", "actor"]
    list_filter = ["action"]
    search_fields = ["product__name", "reason"]
    raw_id_fields = ["product", "actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "sort_order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["parent"]


@admin.register(ProductType)
class ProductTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "has_variants", "is_shipping_required"]
    search_fields = ["name", "slug"]


@admin.register(OcopCertificate)
class OcopCertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "issuing_body", "seller", "star_rating", "decision_date", "expires_on", "revoked"]
    list_filter = ["star_rating", "product_group", "revoked"]
    search_fields = ["number", "issuing_body", "seller__name"]
    readonly_fields = ["expires_on", "created_at", "updated_at"]
    raw_id_fields = ["seller"]
