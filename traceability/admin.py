"""Admin views of traceability data: read-mostly. Changes go through the
services (seller centre, GraphQL); the admin is for looking things up."""

from __future__ import annotations

from django.contrib import admin

from traceability.models import Batch, EpcisEvent, ScanLog, Stamp, StampEvent, StampJob, TradeItem


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TradeItem)
class TradeItemAdmin(ReadOnlyAdmin):
    list_display = ("gtin", "variant", "is_internal", "created_at")
    search_fields = ("gtin", "variant__sku", "variant__product__name")
    list_select_related = ("variant__product",)


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = ("lot_code", "variant", "seller", "status", "production_date", "expiry_date", "created_at")
    list_filter = ("status",)
    search_fields = ("lot_code", "variant__sku", "variant__product__name", "seller__name")
    list_select_related = ("variant__product", "seller")


@admin.register(StampJob)
class StampJobAdmin(ReadOnlyAdmin):
    list_display = ("pk", "seller", "trade_item", "batch", "requested", "done", "state", "created_at")
    list_filter = ("state",)
    list_select_related = ("seller", "trade_item", "batch")


@admin.register(Stamp)
class StampAdmin(ReadOnlyAdmin):
    list_display = ("serial", "trade_item", "lot_code", "status", "batch", "suspicious_since", "generated_at")
    list_filter = ("status",)
    search_fields = ("serial", "trade_item__gtin")
    list_select_related = ("trade_item", "batch")
    show_full_result_count = False


@admin.register(StampEvent)
class StampEventAdmin(ReadOnlyAdmin):
    list_display = ("stamp", "action", "from_status", "to_status", "actor", "at")
    list_filter = ("action",)
    search_fields = ("stamp__serial",)
    list_select_related = ("stamp", "actor")
    show_full_result_count = False


@admin.register(EpcisEvent)
class EpcisEventAdmin(ReadOnlyAdmin):
    list_display = ("event_time", "kind", "event_type", "biz_step", "batch", "seller", "epc_count")
    list_filter = ("kind",)
    search_fields = ("event_id", "batch__lot_code")
    list_select_related = ("batch", "seller")


@admin.register(ScanLog)
class ScanLogAdmin(ReadOnlyAdmin):
    list_display = ("scanned_at", "stamp", "batch", "province", "device_key")
    list_select_related = ("stamp", "batch", "province")
    show_full_result_count = False
