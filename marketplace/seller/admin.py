"""Operator admin for sellers. Status changes are not editable here: the
workflow goes through ``services`` (the audit trail shows as a read-only
inline), so the admin can never move a seller without a transition row."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from marketplace.seller.models import (
    ProducerMember,
    Seller,
    SellerDocument,
    SellerInvitation,
    SellerMember,
    SellerTransition,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SellerTransitionInline(ReadOnlyInline):
    model = SellerTransition
    fields = ["created_at", "actor", "action", "from_status", "to_status", "reason", "field_reasons"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]


class SellerDocumentInline(ReadOnlyInline):
    model = SellerDocument
    fk_name = "seller"
    fields = ["kind", "original_filename", "content_type", "size", "expires_on", "status", "is_current", "uploaded_at"]
    readonly_fields = fields


class SellerMemberInline(ReadOnlyInline):
    # Read-only: members change through services (which keep at least one owner).
    model = SellerMember
    fields = ["user", "role", "created_at"]
    readonly_fields = fields


class ProducerMemberInline(admin.TabularInline):
    model = ProducerMember
    extra = 0
    raw_id_fields = ["commune"]


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "province", "created_at"]
    list_filter = ["status", "kind", "province"]
    search_fields = ["name", "slug", "tax_code", "phone", "email"]
    readonly_fields = ["status", "cache_version", "created_at", "updated_at"]
    raw_id_fields = ["commune"]
    inlines = [SellerMemberInline, ProducerMemberInline, SellerDocumentInline, SellerTransitionInline]


@admin.register(SellerTransition)
class SellerTransitionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "seller", "action", "from_status", "to_status", "actor"]
    list_filter = ["action", "to_status"]
    search_fields = ["seller__name"]
    raw_id_fields = ["seller", "actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SellerDocument)
class SellerDocumentAdmin(admin.ModelAdmin):
    list_display = ["seller", "kind", "status", "expires_on", "is_current", "uploaded_at"]
    list_filter = ["kind", "status", "is_current"]
    search_fields = ["seller__name", "original_filename"]
    # The file has no URL (private storage): it is served by the permission-checked
    # document view; verdicts go through services.review_document.
    exclude = ["file"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SellerInvitation)
class SellerInvitationAdmin(admin.ModelAdmin):
    list_display = ["seller", "email", "phone", "role", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["seller__name", "email", "phone"]
    exclude = ["token"]
    raw_id_fields = ["seller", "invited_by", "accepted_by"]


@admin.register(ProducerMember)
class ProducerMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "seller", "phone", "commune"]
    search_fields = ["name", "seller__name", "phone"]
    raw_id_fields = ["seller", "commune"]
