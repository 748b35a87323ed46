"""Operator admin for payment transactions: read only (amounts change only
through ``payments.services``, each with an event)."""

from __future__ import annotations

from django.contrib import admin

from marketplace.order.admin import ReadOnlyAdminMixin
from payments.models import Transaction, TransactionEvent


class TransactionEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TransactionEvent
    extra = 0
    fields = ["created_at", "type", "amount", "seller_order", "actor", "psp_reference", "message"]
    readonly_fields = fields


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["order", "gateway", "charged_amount", "authorized_amount", "refunded_amount", "created_at"]
    list_filter = ["gateway"]
    search_fields = ["order__number", "psp_reference"]
    inlines = [TransactionEventInline]
