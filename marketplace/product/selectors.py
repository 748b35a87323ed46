"""Reads of the catalogue with the shop's visibility rules in one place."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Exists,
    Expression,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from marketplace.channel.models import Channel
from marketplace.product.models import (
    OCOP_BADGE_MIN_STARS,
    Category,
    CategoryTranslation,
    OcopCertificate,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductModerationEvent,
    ProductStatus,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    ProductVariantTranslation,
    Thumbnail,
)
from marketplace.search.backends import get_search_backend
from marketplace.seller.models import Seller, SellerStatus
from marketplace.warehouse.models import Stock, Warehouse


def get_channel(slug: str | None = None) -> Channel | None:
    """The active channel with this slug, or the default channel when ``slug`` is None."""
    return Channel.objects.filter(slug=slug or settings.DEFAULT_CHANNEL_SLUG, is_active=True).first()


def published_listings(
    channel: Channel | int, *, now: datetime.datetime | None = None
) -> QuerySet[ProductChannelListing]:
    now = now or timezone.now()
    return ProductChannelListing.objects.filter(channel=channel, is_published=True).filter(
        Q(published_at__isnull=True) | Q(published_at__lte=now)
    )


def visibility(
    channel: Channel | int, *, product: str = "", listed_only: bool = False, now: datetime.datetime | None = None
) -> Q:
    """The shop's visibility rules as one condition on the product reached by
    the path ``product`` ("" for a queryset of products, "variant__product"
    from a row pointing at a variant): published (publication date reached),
    not unlisted by an operator, from an approved seller, with at least one
    priced variant. ``listed_only`` also drops products hidden from lists
    (still reachable by their own page, as in Saleor). The two existence
    checks are correlated to that one product, so a row costs two index
    probes however large the catalogue."""
    prefix = f"{product}__" if product else ""
    product_id = f"{product}_id" if product else "pk"
    listings = published_listings(channel, now=now).filter(product_id=OuterRef(product_id))
    if listed_only:
        listings = listings.filter(visible_in_listings=True)
    priced = ProductVariantChannelListing.objects.filter(channel=channel, variant__product_id=OuterRef(product_id))
    return Q(
        Exists(listings),
        Exists(priced),
        **{f"{prefix}status": ProductStatus.ACTIVE, f"{prefix}seller__status": SellerStatus.APPROVED},
    )


def visible_products(
    channel: Channel, *, listed_only: bool = False, now: datetime.datetime | None = None
) -> QuerySet[Product]:
    """Products a shopper may see in ``channel`` (``visibility``)."""
    return Product.objects.filter(visibility(channel, listed_only=listed_only, now=now))


# --- Reads for the server-rendered shop. Each returns everything its page shows
# in a fixed number of queries, whatever the number of products: names are
# translated and prices computed in SQL, images come by one prefetch.

PAGE_SIZE = 24
FEATURED_COUNT = 8


def _translated(model: type[Model], owner: str, field: str, language: str) -> Expression | F:
    """``field`` in ``language`` from ``model`` (a translation table) where one
    exists and is not blank, else the owner's own (Vietnamese) value."""
    if language == settings.LANGUAGE_CODE:
        return F(field)
    translation = model.objects.filter(**{owner: OuterRef("pk"), "language_code": language}).values(field)[:1]
    return Coalesce(NullIf(Subquery(translation), Value("")), F(field), output_field=TextField())


def category_tree(*, language: str) -> dict[int, Category]:
    """Every category by id, each with ``display_name`` in ``language``
    (one query; the tree is small and pages need its ancestors and children)."""
    categories = Category.objects.annotate(
        display_name=_translated(CategoryTranslation, "category", "name", language),
        display_description=_translated(CategoryTranslation, "category", "description", language),
    )
    return {category.pk: category for category in categories}


def category_ancestors(tree: dict[int, Category], category: Category | None) -> list[Category]:
    """``category`` and its parents, root first (for breadcrumbs)."""
    chain: list[Category] = []
    while category is not None and len(chain) < 32:  # the bound guards against a cycle made in admin
        chain.append(category)
        category = tree.get(category.parent_id) if category.parent_id else None
    return chain[::-1]


def category_descendant_ids(tree: dict[int, Category], category: Category) -> list[int]:
    """Ids of ``category`` and every category below it."""
    children: dict[int, list[int]] = {}
    for node in tree.values():
        if node.parent_id is not None:
            children.setdefault(node.parent_id, []).append(node.pk)
    found, pending = [], [category.pk]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        found.append(current)
        pending.extend(children.get(current, []))
    return found


def with_card_data(queryset: QuerySet[Product], *, channel: Channel, language: str) -> QuerySet[Product]:
    """Annotate what a product card shows: ``display_name``, ``price_min`` and
    ``price_max`` in ``channel`` and ``cover`` (a list holding the first image
    with its WebP thumbnails); the certificate and province come joined."""
    prices = ProductVariantChannelListing.objects.filter(channel=channel, variant__product_id=OuterRef("pk"))
    first_image = ProductMedia.objects.order_by("sort_order", "pk").prefetch_related(
        Prefetch("thumbnails", queryset=Thumbnail.objects.filter(format="WEBP").order_by("size"))
    )[:1]
    return (
        queryset.select_related("ocop_certificate", "origin_province")
        .annotate(
            display_name=_translated(ProductTranslation, "product", "name", language),
            price_min=Subquery(prices.order_by("price_amount").values("price_amount")[:1]),
            price_max=Subquery(prices.order_by("-price_amount").values("price_amount")[:1]),
        )
        .prefetch_related(Prefetch("media", queryset=first_image, to_attr="cover"))
    )


def featured_products(
    channel: Channel, *, language: str, limit: int = FEATURED_COUNT, today: datetime.date | None = None
) -> list[Product]:
    """The best-rated listed products whose OCOP certificate shows a badge:
    most stars first, then shoppers' rating, then name."""
    today = today or timezone.localdate()
    products = visible_products(channel, listed_only=True).filter(
        ocop_certificate__revoked=False,
        ocop_certificate__star_rating__gte=OCOP_BADGE_MIN_STARS,
        ocop_certificate__expires_on__gte=today,
    )
    products = products.order_by("-ocop_certificate__star_rating", F("rating").desc(nulls_last=True), "name", "pk")
    return list(with_card_data(products, channel=channel, language=language)[:limit])


def listed_products_in(
    channel: Channel, *, language: str, category_ids: list[int] | None = None, seller: Seller | None = None
) -> QuerySet[Product]:
    """Listed products of some categories or of one seller, in a stable order
    for pagination (``sort_name``: the name as Vietnamese read it, then id)."""
    products = visible_products(channel, listed_only=True)
    if category_ids is not None:
        products = products.filter(category_id__in=category_ids)
    if seller is not None:
        products = products.filter(seller=seller)
    return with_card_data(products.order_by("sort_name", "name", "pk"), channel=channel, language=language)


def search_products(channel: Channel, text: str, *, language: str) -> QuerySet[Product]:
    """Listed products matching ``text`` (diacritics optional), best match first."""
    found = get_search_backend().search(visible_products(channel, listed_only=True), text)
    if "search_rank" in found.query.annotations:
        found = found.order_by("-search_rank", "sort_name", "name", "pk")
    else:
        found = found.order_by("sort_name", "name", "pk")
    return with_card_data(found, channel=channel, language=language)


def product_for_page(channel: Channel, slug: str, *, language: str) -> Product | None:
    """A visible product (listed or not) with everything its page shows, or
    None: seller and origin joined, name and description translated, images
    with thumbnails prefetched."""
    product = (
        visible_products(channel)
        .filter(slug=slug)
        .select_related("seller", "ocop_certificate", "origin_province", "origin_commune")
        .annotate(
            display_name=_translated(ProductTranslation, "product", "name", language),
            display_description=_translated(ProductTranslation, "product", "description", language),
            display_seo_description=_translated(ProductTranslation, "product", "seo_description", language),
        )
        .prefetch_related(
            Prefetch(
                "media",
                queryset=ProductMedia.objects.order_by("sort_order", "pk").prefetch_related(
                    Prefetch("thumbnails", queryset=Thumbnail.objects.filter(format="WEBP").order_by("size"))
                ),
                to_attr="images",
            )
        )
        .first()
    )
    return product


def variants_for_page(product: Product, channel: Channel, *, language: str) -> list[ProductVariant]:
    """The product's variants priced in ``channel``, each with ``display_name``,
    ``price_amount`` and ``quantity_available`` (stock in the channel's
    warehouses, less what is allocated to orders), in one query."""
    price = ProductVariantChannelListing.objects.filter(channel=channel, variant_id=OuterRef("pk"))
    stock = (
        Stock.objects.filter(product_variant_id=OuterRef("pk"), warehouse__channels=channel)
        .values("product_variant_id")
        .annotate(total=Sum(F("quantity") - F("quantity_allocated")))
        .values("total")
    )
    return list(
        product.variants.annotate(
            display_name=_translated(ProductVariantTranslation, "product_variant", "name", language),
            price_amount=Subquery(price.values("price_amount")[:1]),
            quantity_available=Coalesce(Subquery(stock), Value(0)),
        )
        .filter(Exists(price))
        .order_by("sort_order", "sku")
    )


def approved_seller(slug: str) -> Seller | None:
    """An approved seller (the only ones with a public page) with its place."""
    return Seller.objects.filter(slug=slug, status=SellerStatus.APPROVED).select_related("province", "commune").first()


# --- Reads for the API (appended; the rules above stay the one source) -------


def operator_products(channel: Channel) -> QuerySet[Product]:
    """What an operator may see in ``channel``: every product listed there,
    published or not, whatever its moderation or seller state (as Saleor's
    staff see unpublished products)."""
    listed = ProductChannelListing.objects.filter(channel=channel, product_id=OuterRef("pk"))
    return Product.objects.filter(Exists(listed))


def channel_stocks(channel: Channel) -> QuerySet[Stock]:
    """Stock rows in the warehouses that serve ``channel``."""
    return Stock.objects.filter(warehouse__channels=channel)


def available_stocks(channel: Channel) -> QuerySet[Stock]:
    """Stock rows in ``channel`` with at least one unit not allocated to orders."""
    return channel_stocks(channel).filter(quantity__gt=F("quantity_allocated"))


def channel_variant_prices(channel: Channel) -> QuerySet[ProductVariantChannelListing]:
    return ProductVariantChannelListing.objects.filter(channel=channel)


def category_tree_ids(category_ids: list[int]) -> list[int]:
    """These categories and all their descendants (one query per tree level)."""
    found: set[int] = set(Category.objects.filter(pk__in=category_ids).values_list("pk", flat=True))
    frontier = set(found)
    while frontier:
        frontier = set(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return sorted(found)


def shop_sellers() -> QuerySet[Seller]:
    """Sellers a shopper may see: approved ones (suspended or unreviewed are hidden)."""
    return Seller.objects.filter(status=SellerStatus.APPROVED)


# --- Reads for the seller centre (appended) ---------------------------------------


def seller_products(*, seller: Seller, channel: Channel | None = None) -> QuerySet[Product]:
    """The seller's products for the seller-centre list, newest change first,
    each annotated with ``variant_count``, ``total_stock`` (units in all its
    warehouses), ``available_stock`` (less what orders hold), ``min_price``
    in ``channel`` (default channel), ``is_published`` (the seller's switch
    in that channel) and ``is_live`` (actually visible in the shop), with
    ``cover`` (a list holding the first image and its WebP thumbnails).
    ``status``/``moderation_reason`` tell whether an operator unlisted it.

    A fixed number of queries whatever the number of products: the channel
    (when not given), the products, their covers, the covers' thumbnails."""
    channel = channel or get_channel()
    variant_count = (
        ProductVariant.objects.filter(product_id=OuterRef("pk"))
        .order_by()
        .values("product_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    stock = (
        Stock.objects.filter(product_variant__product_id=OuterRef("pk"))
        .order_by()
        .values("product_variant__product_id")
    )
    total_stock = stock.annotate(total=Sum("quantity")).values("total")
    available_stock = stock.annotate(total=Sum(F("quantity") - F("quantity_allocated"))).values("total")
    products = Product.objects.filter(seller=seller).annotate(
        variant_count=Coalesce(Subquery(variant_count), Value(0)),
        total_stock=Coalesce(Subquery(total_stock), Value(0)),
        available_stock=Coalesce(Subquery(available_stock), Value(0)),
    )
    if channel is not None:
        prices = ProductVariantChannelListing.objects.filter(channel=channel, variant__product_id=OuterRef("pk"))
        published = ProductChannelListing.objects.filter(channel=channel, product_id=OuterRef("pk"), is_published=True)
        products = products.annotate(
            min_price=Subquery(prices.order_by("price_amount").values("price_amount")[:1]),
            is_published=Exists(published),
            is_live=Exists(visible_products(channel).filter(pk=OuterRef("pk"))),
        )
    else:
        products = products.annotate(
            min_price=Value(None, output_field=BigIntegerField()),
            is_published=Value(False, output_field=BooleanField()),
            is_live=Value(False, output_field=BooleanField()),
        )
    first_image = ProductMedia.objects.order_by("sort_order", "pk").prefetch_related(
        Prefetch("thumbnails", queryset=Thumbnail.objects.filter(format="WEBP").order_by("size"))
    )[:1]
    return (
        products.select_related("category", "ocop_certificate")
        .prefetch_related(Prefetch("media", queryset=first_image, to_attr="cover"))
        .order_by("-updated_at", "-pk")
    )


def seller_product_detail(*, product: Product) -> Product:
    """``product`` re-read with everything its edit page shows: category,
    type, certificate, origin; variants (in order) with their prices and
    their stock per warehouse; images in order with thumbnails; listings per
    channel; the operators' moderation history."""
    variants = ProductVariant.objects.order_by("sort_order", "sku").prefetch_related(
        Prefetch("channel_listings", queryset=ProductVariantChannelListing.objects.select_related("channel")),
        Prefetch("stocks", queryset=Stock.objects.select_related("warehouse").order_by("warehouse_id")),
    )
    images = ProductMedia.objects.order_by("sort_order", "pk").prefetch_related(
        Prefetch("thumbnails", queryset=Thumbnail.objects.filter(format="WEBP").order_by("size"))
    )
    return (
        Product.objects.filter(pk=product.pk)
        .select_related("seller", "category", "product_type", "ocop_certificate", "origin_province", "origin_commune")
        .prefetch_related(
            Prefetch("variants", queryset=variants),
            Prefetch("media", queryset=images),
            Prefetch("channel_listings", queryset=ProductChannelListing.objects.select_related("channel")),
            Prefetch(
                "moderation_events",
                queryset=ProductModerationEvent.objects.select_related("actor").order_by("-created_at", "-pk"),
            ),
        )
        .get()
    )


def seller_certificates(*, seller: Seller) -> QuerySet[OcopCertificate]:
    """The seller's OCOP certificates, latest decision first."""
    return OcopCertificate.objects.filter(seller=seller).order_by("-decision_date", "-pk")


def seller_warehouses(*, seller: Seller) -> QuerySet[Warehouse]:
    """The seller's warehouses, the main (first) one first."""
    return Warehouse.objects.filter(seller=seller).select_related("province", "commune").order_by("pk")


def product_moderation_history(*, product: Product) -> QuerySet[ProductModerationEvent]:
    """Operators' decisions on ``product``, oldest first (the audit trail)."""
    return ProductModerationEvent.objects.filter(product=product).select_related("actor").order_by("created_at", "pk")
