"""Writes a checked import in bulk: a 2,000-row file takes a few dozen
queries, not tens of thousands (one service call per row was ~20 ms a row,
too slow for a web request).

Only ``imports.apply_product_import`` calls this, inside its transaction,
with rows its preview found error-free. The rows get the same defaults as
``catalogue.create_product`` (generic product type, origin from the seller's
address, the seller's main warehouse, an unpublished listing in the default
channel); stock rows are locked in primary-key order as in
``inventory.update_variant_stocks``. Anything that changed since the preview
(a SKU taken meanwhile, units allocated meanwhile) raises ``ProductError``
and the caller's transaction rolls everything back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.core.text import vietnamese_slugify
from marketplace.product.cache import catalog_changed
from marketplace.product.catalogue import generic_product_type, reindex_products
from marketplace.product.errors import ProductError
from marketplace.product.inventory import default_warehouse
from marketplace.product.listing import default_channel
from marketplace.product.models import (
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)
from marketplace.seller.models import Seller
from marketplace.warehouse.models import Stock

if TYPE_CHECKING:
    from marketplace.product.imports import ImportRow

# What a row of an import does.
CREATE, UPDATE, SKIP = "create", "update", "skip"


def allocate_product_slugs(names: list[str]) -> list[str]:
    """A free, distinct slug for each name (``che-bup``, ``che-bup-2``, ...)."""
    bases = [vietnamese_slugify(name)[:200].strip("-") or "san-pham" for name in names]
    clashing = set(Product.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    taken: set[str] = set(clashing)
    for base in clashing:
        taken |= set(Product.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def write_import(*, rows: list[ImportRow], seller: Seller, actor: User | None) -> list[int]:
    """Create and update what ``rows`` plan; returns the products touched."""
    channel = default_channel()
    creates = [row for row in rows if row.action == CREATE]
    updates = [row for row in rows if row.action == UPDATE]
    needs_main = any(row.plan["warehouse"] is None for row in creates) or any(
        row.plan["warehouse"] is None and row.plan["stock"] is not None for row in updates
    )
    main_warehouse = default_warehouse(seller=seller, actor=actor) if needs_main else None
    now = timezone.now()

    # New products, then their variants (and variants added to existing products).
    new_rows = [row for row in creates if row.plan["kind"] == "product"]
    product_type = generic_product_type() if new_rows else None
    slugs = allocate_product_slugs([row.plan["name"] for row in new_rows])
    new_products = [
        Product(
            seller=seller,
            product_type=product_type,
            category=row.plan["category"],
            name=row.plan["name"],
            slug=slug,
            description=row.plan.get("description", ""),
            origin_province_id=seller.province_id,
            origin_commune_id=seller.commune_id,
        )
        for row, slug in zip(new_rows, slugs, strict=True)
    ]
    try:
        with transaction.atomic():
            Product.objects.bulk_create(new_products)
    except IntegrityError as exc:  # a slug taken by another request meanwhile
        raise ProductError("INVALID", _("Có thay đổi cùng lúc; vui lòng nhập lại tệp."), field="file") from exc
    groups: dict[str, Product] = {}
    for row, product in zip(new_rows, new_products, strict=True):
        row.plan["product"] = product
        if row.plan.get("group"):
            groups[row.plan["group"]] = product
    for row in creates:
        if "product" not in row.plan:
            row.plan["product"] = groups[row.plan["group"]]

    existing_ids = {row.plan["product"].pk for row in creates} - {p.pk for p in new_products}
    next_order: dict[int, int] = dict(
        ProductVariant.objects.filter(product_id__in=existing_ids)
        .values("product_id")
        .annotate(m=Max("sort_order"))
        .values_list("product_id", "m")
    )
    new_variants = []
    for row in creates:
        plan, product = row.plan, row.plan["product"]
        order = next_order.get(product.pk, -1) + 1
        next_order[product.pk] = order
        if plan["kind"] == "product":
            name = plan.get("variant_name", "")
        else:
            name = plan.get("variant_name") or plan.get("name") or plan["sku"]
        plan["variant"] = ProductVariant(product=product, sku=plan["sku"], name=name, sort_order=order)
        new_variants.append(plan["variant"])
    try:
        with transaction.atomic():
            ProductVariant.objects.bulk_create(new_variants)
    except IntegrityError as exc:  # a SKU taken by another request since the preview
        raise ProductError(
            "UNIQUE", _("Một số mã SKU vừa được dùng ở nơi khác; hãy xem trước tệp lại."), field="file"
        ) from exc
    for row in new_rows:
        row.plan["product"].default_variant = row.plan["variant"]
    Product.objects.bulk_update([row.plan["product"] for row in new_rows], ["default_variant"])

    # Listings (unpublished) and prices in the channel.
    created_product_ids = {row.plan["product"].pk for row in creates}
    ProductChannelListing.objects.bulk_create(
        [
            ProductChannelListing(product_id=pk, channel=channel, is_published=False, currency=channel.currency_code)
            for pk in sorted(created_product_ids | {row.plan["variant"].product_id for row in updates})
        ],
        ignore_conflicts=True,
    )
    prices = {row.plan["variant"].pk: row.plan["price"] for row in creates}
    for row in updates:
        if "price" in row.plan["variant_changes"]:
            prices[row.plan["variant"].pk] = row.plan["variant_changes"]["price"]
    _set_prices(prices, channel=channel)

    # Product and variant fields changed by update rows.
    changed_products: dict[int, Product] = {}
    changed_variants: list[ProductVariant] = []
    for row in updates:
        variant: ProductVariant = row.plan["variant"]
        if row.plan["product_changes"]:
            product = changed_products.setdefault(variant.product_id, variant.product)
            for key, value in row.plan["product_changes"].items():
                setattr(product, key, value)
            product.updated_at = now
        if "name" in row.plan["variant_changes"]:
            variant.name = row.plan["variant_changes"]["name"]
            variant.updated_at = now
            changed_variants.append(variant)
    Product.objects.bulk_update(list(changed_products.values()), ["name", "description", "category", "updated_at"])
    ProductVariant.objects.bulk_update(changed_variants, ["name", "updated_at"])

    # Stock: every new variant gets a row (0 if not given), as create_product does.
    stock: dict[tuple[int, int], int] = {}
    for row in creates:
        warehouse = row.plan["warehouse"] or main_warehouse
        stock[(row.plan["variant"].pk, warehouse.pk)] = row.plan["stock"] or 0
    for row in updates:
        if row.plan["stock"] is not None:
            warehouse = row.plan["warehouse"] or main_warehouse
            stock[(row.plan["variant"].pk, warehouse.pk)] = row.plan["stock"]
    _set_stock(stock)

    touched = sorted(created_product_ids | {row.plan["variant"].product_id for row in updates})
    _refresh_cheapest(touched, channel=channel)
    reindex_products(product_ids=touched)
    catalog_changed()
    return touched


def _set_prices(prices: dict[int, int], *, channel: Any) -> None:
    if not prices:
        return
    existing = {
        listing.variant_id: listing
        for listing in ProductVariantChannelListing.objects.filter(channel=channel, variant_id__in=list(prices))
    }
    for variant_id, listing in existing.items():
        listing.price_amount = prices[variant_id]
    ProductVariantChannelListing.objects.bulk_update(list(existing.values()), ["price_amount"])
    ProductVariantChannelListing.objects.bulk_create(
        [
            ProductVariantChannelListing(
                variant_id=variant_id, channel=channel, price_amount=amount, currency=channel.currency_code
            )
            for variant_id, amount in prices.items()
            if variant_id not in existing
        ]
    )


def _set_stock(quantities: dict[tuple[int, int], int]) -> None:
    """Set (variant, warehouse) quantities under row locks in pk order;
    ``INSUFFICIENT_STOCK`` if one is below the units allocated to orders."""
    if not quantities:
        return
    Stock.objects.bulk_create(
        [
            Stock(product_variant_id=variant_id, warehouse_id=warehouse_id, quantity=0)
            for variant_id, warehouse_id in sorted(quantities, key=lambda key: (key[1], key[0]))
        ],
        ignore_conflicts=True,
    )
    candidates = Stock.objects.select_for_update(of=("self",)).filter(
        product_variant_id__in={variant_id for variant_id, _w in quantities},
        warehouse_id__in={warehouse_id for _v, warehouse_id in quantities},
    )
    rows = [row for row in candidates.order_by("pk") if (row.product_variant_id, row.warehouse_id) in quantities]
    for row in rows:
        row.quantity = quantities[(row.product_variant_id, row.warehouse_id)]
        if row.quantity < row.quantity_allocated:
            raise ProductError(
                "INSUFFICIENT_STOCK",
                _("Đơn hàng vừa giữ thêm hàng; hãy xem trước tệp lại."),
                field="file",
            )
    Stock.objects.bulk_update(rows, ["quantity"], batch_size=500)


def _refresh_cheapest(product_ids: list[int], *, channel: Any) -> None:
    cheapest = (
        ProductVariantChannelListing.objects.filter(channel=channel, variant__product_id=OuterRef("product_id"))
        .order_by()
        .values("variant__product_id")
        .annotate(m=Min("price_amount"))
        .values("m")
    )
    ProductChannelListing.objects.filter(channel=channel, product_id__in=product_ids).update(
        discounted_price_amount=Subquery(cheapest)
    )
