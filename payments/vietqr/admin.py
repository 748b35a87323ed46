"""Read-only admin views of VietQR's rows (changes go through the operators'
pages and ``payments.vietqr.services``)."""

from __future__ import annotations

from django.contrib import admin

from marketplace.order.admin import ReadOnlyAdminMixin
from payments.vietqr.models import BankCredit, StatementUpload, TransferReview, VietQRTransfer


@admin.register(VietQRTransfer)
class VietQRTransferAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "transaction", "expires_at", "expired_at", "created_at"]
    search_fields = ["reference"]


@admin.register(BankCredit)
class BankCreditAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["bank_reference", "amount", "reference", "outcome", "source", "booked_at"]
    list_filter = ["outcome", "source"]
    search_fields = ["bank_reference", "reference", "description"]


@admin.register(StatementUpload)
class StatementUploadAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["file_name", "uploaded_by", "row_count", "matched_count", "queued_count", "created_at"]


@admin.register(TransferReview)
class TransferReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["credit", "reason", "status", "decided_by", "decided_at"]
    list_filter = ["status", "reason"]
