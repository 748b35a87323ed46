"""Operator admin for the books: read only. Entries are posted only by
``payments.ledger.posting`` and payout runs; rates change on the operators'
commission page (audited)."""

from __future__ import annotations

from django.contrib import admin

from marketplace.order.admin import ReadOnlyAdminMixin
from payments.ledger.models import JournalEntry, JournalLine, LedgerAudit, Payout, PayoutRun


class JournalLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = JournalLine
    extra = 0
    fields = ["account", "amount"]
    readonly_fields = fields


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "idempotency_key", "order", "seller_order", "memo"]
    list_filter = ["kind"]
    search_fields = ["idempotency_key", "order__number", "seller_order__number"]
    list_select_related = ["order", "seller_order"]
    inlines = [JournalLineInline]


class PayoutInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Payout
    extra = 0
    fields = ["seller", "method", "status", "amount", "available", "netted", "reference", "message"]
    readonly_fields = fields


@admin.register(PayoutRun)
class PayoutRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["period", "status", "payout_count", "total_amount", "started_by", "finished_at"]
    inlines = [PayoutInline]


@admin.register(LedgerAudit)
class LedgerAuditAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "seller", "category", "old", "new"]
    list_filter = ["action"]
