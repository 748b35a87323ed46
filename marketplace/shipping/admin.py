"""Read-only admin view of shipping methods: sellers edit theirs in the seller
centre, through ``services``, which keeps zones and bands consistent."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from marketplace.shipping.models import ShippingMethod, ShippingZone, WeightBand


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ShippingZoneInline(ReadOnlyMixin, admin.TabularInline):
    model = ShippingZone
    extra = 0
    fields = ("is_rest_of_country", "fee")


class WeightBandInline(ReadOnlyMixin, admin.TabularInline):
    model = WeightBand
    extra = 0


@admin.register(ShippingMethod)
class ShippingMethodAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "seller", "kind", "is_active", "sort_order")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "seller__name")
    inlines = [ShippingZoneInline, WeightBandInline]
