"""Snapshots of the catalogue, to assert that a refused change changed nothing."""

from __future__ import annotations

from django.db.models import Sum

from marketplace.product.models import (
    OcopCertificate,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductModerationEvent,
    ProductVariant,
    ProductVariantChannelListing,
)
from marketplace.warehouse.models import Stock, Warehouse


def catalogue_state() -> dict[str, object]:
    return {
        "products": sorted(Product.objects.values_list("pk", "name", "status", "category_id", "ocop_certificate_id")),
        "variants": sorted(ProductVariant.objects.values_list("pk", "sku", "name", "product_id")),
        "prices": sorted(ProductVariantChannelListing.objects.values_list("variant_id", "price_amount")),
        "listings": sorted(ProductChannelListing.objects.values_list("product_id", "is_published")),
        "stock": sorted(Stock.objects.values_list("product_variant_id", "warehouse_id", "quantity")),
        "stock_total": Stock.objects.aggregate(t=Sum("quantity"))["t"],
        "warehouses": Warehouse.objects.count(),
        "media": sorted(ProductMedia.objects.values_list("pk", "sort_order")),
        "certificates": OcopCertificate.objects.count(),
        "moderation": ProductModerationEvent.objects.count(),
    }
