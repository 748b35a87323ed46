"""Operator admin for orders: read only. Every change goes through
``marketplace.order.services`` (which writes the audit trail shown here), so
the admin can never move an order without an event row."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from marketplace.order.models import Order, OrderEvent, OrderLine, SellerOrder


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SellerOrderInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SellerOrder
    extra = 0
    fields = ["number", "seller", "status", "shipping_method_name", "total_amount", "carrier", "tracking_number"]
    readonly_fields = fields


class OrderLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ["seller_order", "product_name", "variant_name", "product_sku", "quantity", "unit_price_amount"]
    readonly_fields = fields


class OrderEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = ["created_at", "seller_order", "actor", "action", "from_status", "to_status", "note"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]


@admin.register(Order)
class OrderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "status", "charge_status", "user_email", "total_amount", "payment_gateway", "created_at"]
    list_filter = ["status", "charge_status", "payment_gateway"]
    search_fields = ["number", "user_email"]
    inlines = [SellerOrderInline, OrderLineInline, OrderEventInline]
