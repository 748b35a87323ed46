"""Every change to the catalogue, in one import: callers (seller centre pages,
GraphQL mutations, admin actions, commands) use ``from marketplace.product
import services`` and call these. The code lives by concept in
``catalogue`` (products, variants, translations, search), ``listing``
(prices, publication), ``media`` (photos), ``inventory`` (warehouses,
stock), ``certificates`` (OCOP), ``moderation`` (operators' decisions) and
``imports`` (CSV/XLSX).

Every function takes keyword arguments only and raises ``ProductError``
(``marketplace.product.errors``, codes listed there) with nothing changed.
Sellers' services assume the caller fetched the object through
``marketplace.product.permissions`` (the actor is a member of its seller)."""

from marketplace.product.catalogue import (
    create_product,
    create_variant,
    delete_product,
    delete_variant,
    generate_sku,
    generic_product_type,
    reindex_products,
    translate_product,
    update_product,
    update_variant,
)
from marketplace.product.certificates import attach_ocop_certificate, create_ocop_certificate
from marketplace.product.errors import ProductError
from marketplace.product.imports import ImportPreview, apply_product_import, preview_product_import
from marketplace.product.inventory import (
    adjust_variant_stock,
    create_warehouse,
    default_warehouse,
    update_variant_stocks,
)
from marketplace.product.listing import (
    publish_product,
    refresh_listing_price,
    set_variant_price,
    unpublish_product,
    update_product_channel_listing,
)
from marketplace.product.media import (
    MAX_PRODUCT_IMAGES,
    THUMBNAIL_SIZES,
    add_product_media,
    delete_product_media,
    generate_thumbnails,
    reorder_product_media,
    set_product_thumbnail,
)
from marketplace.product.moderation import relist_product, unlist_product
from marketplace.product.validation import MAX_PRICE, validate_price, validate_quantity

__all__ = [
    "MAX_PRICE",
    "MAX_PRODUCT_IMAGES",
    "THUMBNAIL_SIZES",
    "ImportPreview",
    "ProductError",
    "add_product_media",
    "adjust_variant_stock",
    "apply_product_import",
    "attach_ocop_certificate",
    "create_ocop_certificate",
    "create_product",
    "create_variant",
    "create_warehouse",
    "default_warehouse",
    "delete_product",
    "delete_product_media",
    "delete_variant",
    "generate_sku",
    "generate_thumbnails",
    "generic_product_type",
    "preview_product_import",
    "publish_product",
    "refresh_listing_price",
    "reindex_products",
    "relist_product",
    "reorder_product_media",
    "set_product_thumbnail",
    "set_variant_price",
    "translate_product",
    "unlist_product",
    "unpublish_product",
    "update_product",
    "update_product_channel_listing",
    "update_variant",
    "update_variant_stocks",
    "validate_price",
    "validate_quantity",
]
