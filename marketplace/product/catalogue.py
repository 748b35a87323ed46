"""Products and variants as a seller makes and edits them.

``create_product`` is the one-screen listing a farmer fills in on a phone:
name, category, price and stock are enough; everything else has a default
(SKU, slug, origin from the seller's address, a generic product type, the
seller's main warehouse, the default channel). A new product is never
published: that is ``publish_product``'s decision.

Each function checks all its input before writing anything and raises
``ProductError`` with nothing changed."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.channel.models import Channel
from marketplace.core.text import vietnamese_slugify
from marketplace.geography.models import Commune, Province
from marketplace.product.cache import catalog_changed
from marketplace.product.errors import ProductError
from marketplace.product.inventory import _check_warehouse, default_warehouse, update_variant_stocks
from marketplace.product.listing import default_channel, ensure_listing, lock_product, refresh_listing_price
from marketplace.product.models import (
    Category,
    OcopCertificate,
    Product,
    ProductChannelListing,
    ProductTranslation,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from marketplace.product.validation import (
    MAX_DESCRIPTION_LENGTH,
    clean_product_name,
    clean_sku,
    clean_text,
    validate_price,
    validate_quantity,
    validate_weight,
)
from marketplace.search.backends import get_search_backend
from marketplace.seller.models import Seller
from marketplace.warehouse.models import Warehouse

GENERIC_PRODUCT_TYPE = ("san-pham-chung", "Sản phẩm chung")


# --- helpers ------------------------------------------------------------------


def generic_product_type() -> ProductType:
    slug, name = GENERIC_PRODUCT_TYPE
    product_type, _created = ProductType.objects.get_or_create(slug=slug, defaults={"name": name})
    return product_type


def _unique_product_slug(name: str) -> str:
    base = vietnamese_slugify(name)[:200].strip("-") or "san-pham"
    slug, n = base, 1
    while Product.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def generate_sku(seller: Seller) -> str:
    """A free SKU such as ``HTX-CHE-TAN-CUONG-0007``: the seller's slug and a
    sequence number."""
    prefix = seller.slug.upper()[:48].strip("-") or "SP"
    n = ProductVariant.objects.filter(product__seller=seller).count() + 1
    while True:
        sku = f"{prefix}-{n:04d}"
        if not ProductVariant.objects.filter(sku=sku).exists():
            return sku
        n += 1


def _duplicate_sku(sku: str) -> ProductError:
    return ProductError("UNIQUE", _("Mã SKU “%(sku)s” đã được dùng.") % {"sku": sku}, field="sku")


def _check_sku_free(sku: str, *, exclude_variant: ProductVariant | None = None) -> None:
    taken = ProductVariant.objects.filter(sku__iexact=sku)
    if exclude_variant is not None:
        taken = taken.exclude(pk=exclude_variant.pk)
    if taken.exists():
        raise _duplicate_sku(sku)


def _check_category(category: Category | None) -> Category:
    if category is None:
        raise ProductError("REQUIRED", _("Vui lòng chọn danh mục."), field="category")
    return category


def _check_certificate(certificate: OcopCertificate | None, seller_id: int) -> OcopCertificate | None:
    if certificate is not None and certificate.seller_id != seller_id:
        raise ProductError("NOT_FOUND", _("Không tìm thấy giấy chứng nhận OCOP."), field="ocop_certificate")
    return certificate


def _origin(
    province: Province | None, commune: Commune | None, *, default: tuple[Province | None, Commune | None]
) -> tuple[Province | None, Commune | None]:
    """The origin pair, defaulting to ``default`` (the seller's place).
    Raises ``INVALID`` on ``origin_commune`` outside ``province``."""
    if province is None and commune is None:
        return default
    if province is None and commune is not None:
        province = commune.province
    if commune is not None and province is not None and commune.province_id != province.pk:
        raise ProductError(
            "INVALID", _("Xã/phường đã chọn không thuộc tỉnh/thành phố đã chọn."), field="origin_commune"
        )
    return province, commune


def _insert_product(product: Product) -> Product:
    """Save a new product under a unique slug (retrying if taken meanwhile)."""
    for _attempt in range(5):
        product.slug = _unique_product_slug(product.name)
        try:
            with transaction.atomic():
                product.save()
            return product
        except IntegrityError:
            product.pk = None
    raise ProductError("INVALID", _("Không tạo được địa chỉ cho sản phẩm, vui lòng thử lại."), field="name")


def _insert_variant(variant: ProductVariant, *, generated: bool) -> ProductVariant:
    """Save a new variant; a SKU taken meanwhile is ``UNIQUE`` (or, for a
    generated one, replaced by the next free SKU)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                variant.save()
            return variant
        except IntegrityError as exc:
            variant.pk = None
            if not generated:
                raise _duplicate_sku(variant.sku) from exc
            variant.sku = generate_sku(variant.product.seller)
    raise _duplicate_sku(variant.sku)


def _delete_files(*, storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


# --- products -------------------------------------------------------------------


def create_product(
    *,
    seller: Seller,
    actor: User | None,
    name: str,
    category: Category | None,
    price: object,
    stock: object = 0,
    sku: str | None = None,
    description: str = "",
    product_type: ProductType | None = None,
    weight_grams: object = None,
    variant_name: str = "",
    ocop_certificate: OcopCertificate | None = None,
    origin_province: Province | None = None,
    origin_commune: Commune | None = None,
    warehouse: Warehouse | None = None,
    channel: Channel | None = None,
) -> Product:
    """Create an unpublished product with one variant, its price in
    ``channel`` (default channel) and ``stock`` units in ``warehouse`` (the
    seller's first; "Kho chính" is made if it has none).

    Raises ``ProductError``: ``REQUIRED``/``INVALID`` (name, category,
    description, weight, origin), ``INVALID_PRICE``, ``INVALID_QUANTITY``,
    ``UNIQUE`` on ``sku``, ``NOT_FOUND`` (another seller's warehouse or
    certificate, no active channel)."""
    with transaction.atomic():
        product = _create_product(
            seller=seller,
            actor=actor,
            name=name,
            category=category,
            price=price,
            stock=stock,
            sku=sku,
            description=description,
            product_type=product_type,
            weight_grams=weight_grams,
            variant_name=variant_name,
            ocop_certificate=ocop_certificate,
            origin_province=origin_province,
            origin_commune=origin_commune,
            warehouse=warehouse,
            channel=channel,
        )
        reindex_products(product_ids=[product.pk])
    return product


def _create_product(
    *,
    seller: Seller,
    actor: User | None,
    name: str,
    category: Category | None,
    price: object,
    stock: object = 0,
    sku: str | None = None,
    description: str = "",
    product_type: ProductType | None = None,
    weight_grams: object = None,
    variant_name: str = "",
    ocop_certificate: OcopCertificate | None = None,
    origin_province: Province | None = None,
    origin_commune: Commune | None = None,
    warehouse: Warehouse | None = None,
    channel: Channel | None = None,
) -> Product:
    """``create_product`` without the search reindex (the import reindexes once)."""
    name = clean_product_name(name)
    category = _check_category(category)
    amount = validate_price(price)
    quantity = 0 if stock is None or stock == "" else validate_quantity(stock, field="stock")
    generated = sku is None or not str(sku).strip()
    if not generated:
        sku = clean_sku(sku)
        _check_sku_free(sku)
    description = clean_text(description, field="description", limit=MAX_DESCRIPTION_LENGTH)
    variant_name = clean_text(variant_name, field="variant_name", limit=255)
    weight = validate_weight(weight_grams)
    _check_certificate(ocop_certificate, seller.pk)
    if warehouse is not None:
        _check_warehouse(warehouse, seller.pk)
    province, commune = _origin(origin_province, origin_commune, default=(seller.province, seller.commune))
    channel = default_channel(channel)

    product = Product(
        seller=seller,
        product_type=product_type or generic_product_type(),
        category=category,
        name=name,
        description=description,
        weight_grams=weight,
        ocop_certificate=ocop_certificate,
        origin_province=province,
        origin_commune=commune,
    )
    _insert_product(product)
    variant = ProductVariant(
        product=product,
        sku=sku if not generated else generate_sku(seller),
        name=variant_name,
        weight_grams=weight,
    )
    _insert_variant(variant, generated=generated)
    product.default_variant = variant
    product.save(update_fields=["default_variant", "updated_at"])
    ensure_listing(product=product, channel=channel)
    ProductVariantChannelListing.objects.create(
        variant=variant, channel=channel, price_amount=amount, currency=channel.currency_code
    )
    refresh_listing_price(product=product, channel=channel)
    update_variant_stocks(
        variant=variant, actor=actor, stocks=[(warehouse or default_warehouse(seller=seller, actor=actor), quantity)]
    )
    catalog_changed()
    return product


PRODUCT_FIELDS = frozenset(
    {
        "name",
        "description",
        "category",
        "product_type",
        "weight_grams",
        "origin_province",
        "origin_commune",
        "seo_title",
        "seo_description",
    }
)


@transaction.atomic
def update_product(*, product: Product, actor: User | None, **fields: Any) -> Product:
    """Change some of ``PRODUCT_FIELDS``; the slug (the product's address)
    stays. Raises ``REQUIRED``/``INVALID`` per field; ``TypeError`` for a
    field that is not editable."""
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise TypeError(f"not editable product fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    if "name" in fields:
        cleaned["name"] = clean_product_name(fields["name"])
    if "description" in fields:
        cleaned["description"] = clean_text(fields["description"], field="description", limit=MAX_DESCRIPTION_LENGTH)
    if "category" in fields:
        cleaned["category"] = _check_category(fields["category"])
    if "product_type" in fields:
        cleaned["product_type"] = fields["product_type"] or generic_product_type()
    if "weight_grams" in fields:
        cleaned["weight_grams"] = validate_weight(fields["weight_grams"])
    if "seo_title" in fields:
        cleaned["seo_title"] = clean_text(fields["seo_title"], field="seo_title", limit=70)
    if "seo_description" in fields:
        cleaned["seo_description"] = clean_text(fields["seo_description"], field="seo_description", limit=300)
    if "origin_province" in fields or "origin_commune" in fields:
        province = fields.get("origin_province", product.origin_province)
        commune = fields.get("origin_commune", None if "origin_province" in fields else product.origin_commune)
        if province is None and commune is None:
            cleaned["origin_province"] = cleaned["origin_commune"] = None
        else:
            cleaned["origin_province"], cleaned["origin_commune"] = _origin(province, commune, default=(None, None))
    locked = lock_product(product)
    changed = [key for key, value in cleaned.items() if getattr(locked, key) != value]
    for key in changed:
        setattr(locked, key, cleaned[key])
        setattr(product, key, cleaned[key])
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
        reindex_products(product_ids=[locked.pk])
    return product


@transaction.atomic
def delete_product(*, product: Product, actor: User | None) -> None:
    """Delete ``product`` with its variants, prices, stock and images (the
    image files go once the deletion commits)."""
    locked = lock_product(product)
    names: list[str] = []
    storage: Storage | None = None
    for media in locked.media.prefetch_related("thumbnails"):
        storage = media.image.storage
        names += [media.image.name, *(t.image.name for t in media.thumbnails.all())]
    locked.delete()
    if storage is not None:
        transaction.on_commit(partial(_delete_files, storage=storage, names=[n for n in names if n]))
    catalog_changed()


# --- variants ------------------------------------------------------------------


@transaction.atomic
def create_variant(
    *,
    product: Product,
    actor: User | None,
    sku: str,
    name: str,
    price: object,
    weight_grams: object = None,
    stocks: list[tuple[Warehouse, object]] | None = None,
    channel: Channel | None = None,
) -> ProductVariant:
    """Add a variant (a size or packaging) with its price in ``channel`` and,
    optionally, stock per warehouse. Raises ``REQUIRED``/``INVALID`` (sku,
    name, weight), ``UNIQUE`` on ``sku``, ``INVALID_PRICE`` and whatever
    ``update_variant_stocks`` raises."""
    variant = _create_variant(
        product=product, actor=actor, sku=sku, name=name, price=price, weight_grams=weight_grams, channel=channel
    )
    if stocks:
        update_variant_stocks(variant=variant, actor=actor, stocks=stocks)
    reindex_products(product_ids=[product.pk])
    return variant


def _create_variant(
    *,
    product: Product,
    actor: User | None,
    sku: str,
    name: str,
    price: object,
    weight_grams: object = None,
    channel: Channel | None = None,
) -> ProductVariant:
    sku = clean_sku(sku)
    name = " ".join(str(name or "").split())
    if not name:
        raise ProductError("REQUIRED", _("Vui lòng nhập tên phân loại (ví dụ: Gói 500 g)."), field="name")
    if len(name) > 255:
        raise ProductError("INVALID", _("Tên phân loại dài tối đa 255 ký tự."), field="name")
    amount = validate_price(price)
    weight = validate_weight(weight_grams)
    _check_sku_free(sku)
    channel = default_channel(channel)
    locked = lock_product(product)
    last = locked.variants.aggregate(m=Max("sort_order"))["m"]
    variant = ProductVariant(
        product=locked, sku=sku, name=name, weight_grams=weight, sort_order=0 if last is None else last + 1
    )
    _insert_variant(variant, generated=False)
    if locked.default_variant_id is None:
        locked.default_variant = variant
        locked.save(update_fields=["default_variant", "updated_at"])
    ensure_listing(product=locked, channel=channel)
    ProductVariantChannelListing.objects.create(
        variant=variant, channel=channel, price_amount=amount, currency=channel.currency_code
    )
    refresh_listing_price(product=locked, channel=channel)
    catalog_changed()
    variant.product = product
    return variant


VARIANT_FIELDS = frozenset({"sku", "name", "weight_grams", "price", "quantity_limit_per_customer"})


@transaction.atomic
def update_variant(
    *, variant: ProductVariant, actor: User | None, channel: Channel | None = None, **fields: Any
) -> ProductVariant:
    """Change some of ``VARIANT_FIELDS`` (``price`` in ``channel``, default
    channel). Raises ``UNIQUE`` on ``sku``, ``INVALID_PRICE``,
    ``REQUIRED``/``INVALID``; ``TypeError`` for a field not editable."""
    unknown = set(fields) - VARIANT_FIELDS
    if unknown:
        raise TypeError(f"not editable variant fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    if "sku" in fields:
        cleaned["sku"] = clean_sku(fields["sku"])
        _check_sku_free(cleaned["sku"], exclude_variant=variant)
    if "name" in fields:
        cleaned["name"] = clean_text(" ".join(str(fields["name"] or "").split()), field="name", limit=255)
    if "weight_grams" in fields:
        cleaned["weight_grams"] = validate_weight(fields["weight_grams"])
    if "quantity_limit_per_customer" in fields:
        limit = fields["quantity_limit_per_customer"]
        cleaned["quantity_limit_per_customer"] = (
            None if limit in (None, "") else validate_quantity(limit, field="quantity_limit_per_customer") or None
        )
    amount = validate_price(fields["price"]) if "price" in fields else None
    if amount is not None:
        channel = default_channel(channel)
    lock_product(variant.product)
    changed = [key for key, value in cleaned.items() if getattr(variant, key) != value]
    for key in changed:
        setattr(variant, key, cleaned[key])
    if changed:
        try:
            with transaction.atomic():
                variant.save(update_fields=[*changed, "updated_at"])
        except IntegrityError as exc:
            raise _duplicate_sku(variant.sku) from exc
    if amount is not None:
        ensure_listing(product=variant.product, channel=channel)
        ProductVariantChannelListing.objects.update_or_create(
            variant=variant, channel=channel, defaults={"price_amount": amount, "currency": channel.currency_code}
        )
        refresh_listing_price(product=variant.product, channel=channel)
    catalog_changed()
    if "sku" in changed or "name" in changed:
        reindex_products(product_ids=[variant.product_id])
    return variant


@transaction.atomic
def delete_variant(*, variant: ProductVariant, actor: User | None) -> None:
    """Delete a variant with its prices and stock. Refused for a product's
    only variant (``CANNOT_DELETE_LAST_VARIANT``: delete the product instead)."""
    product = lock_product(variant.product)
    others = list(product.variants.exclude(pk=variant.pk).order_by("sort_order", "pk")[:1])
    if not others:
        raise ProductError(
            "CANNOT_DELETE_LAST_VARIANT",
            _("Sản phẩm phải còn ít nhất một phân loại; hãy xóa cả sản phẩm nếu không bán nữa."),
            field="variant",
        )
    if product.default_variant_id == variant.pk:
        product.default_variant = others[0]
        product.save(update_fields=["default_variant", "updated_at"])
    channel_ids = list(ProductChannelListing.objects.filter(product=product).values_list("channel_id", flat=True))
    variant.delete()
    for channel in Channel.objects.filter(pk__in=channel_ids):
        refresh_listing_price(product=product, channel=channel)
    reindex_products(product_ids=[product.pk])


# --- translations and search ------------------------------------------------------


@transaction.atomic
def translate_product(
    *,
    product: Product,
    language_code: str,
    name: str = "",
    description: str = "",
    seo_title: str = "",
    seo_description: str = "",
) -> ProductTranslation:
    translation, _created = ProductTranslation.objects.update_or_create(
        product=product,
        language_code=language_code,
        defaults={"name": name, "description": description, "seo_title": seo_title, "seo_description": seo_description},
    )
    reindex_products(product_ids=[product.pk])
    return translation


def reindex_products(*, product_ids: list[int]) -> None:
    """Refresh the search index for these products and expire cached pages."""
    if not product_ids:
        return
    get_search_backend().index_products(list(product_ids))
    catalog_changed()
