"""Load the demo marketplace: channel, categories, sellers, accounts, products.

Products go through the catalogue's services (prices, listings, translations,
media with thumbnails, the search index); the rest, which has no service yet,
is plain ORM. Loading is idempotent: everything is found by a stable key
(slug, SKU, email, certificate number) and what exists is left untouched, so a
second run adds nothing and changes nothing. Dates and stock come from
generators seeded by each product's slug (see ``entries.rng_for``).
"""

from __future__ import annotations

import datetime
import io
import sys
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from tqdm import tqdm

from marketplace.account.models import User
from marketplace.account.services import register_account
from marketplace.channel.models import Channel
from marketplace.demo.catalogue import (
    ACCOUNTS,
    CATEGORIES,
    DEMO_PASSWORD,
    MINISTRY_MERGER_DATE,
    PRODUCT_TYPES,
    PROVINCE_MERGER_DATE,
    SELLERS,
    CategorySpec,
    ProductTypeSpec,
    SellerSpec,
)
from marketplace.demo.entries import CatalogueEntry, catalogue, certificate_numbers, rng_for
from marketplace.demo.images import render_label_image, render_product_image
from marketplace.demo.products import ProductSpec
from marketplace.demo.traceability import load_demo_traceability
from marketplace.geography.models import Commune
from marketplace.product.models import (
    Category,
    CategoryTranslation,
    OcopCertificate,
    Product,
    ProductType,
    ProductVariant,
    ProductVariantTranslation,
)
from marketplace.product.services import (
    add_product_media,
    reindex_products,
    set_variant_price,
    translate_product,
    update_product_channel_listing,
)
from marketplace.seller.models import Seller, SellerMember, SellerRole
from marketplace.shipping.demo import ensure_demo_shipping_methods
from marketplace.warehouse.models import Stock, Warehouse

REVOCATION_REASON = "Kiểm tra định kỳ cho thấy sản phẩm không còn duy trì được tiêu chí chất lượng đã công nhận."


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    products_skipped: int = 0
    # Verification pages to open after loading: an activated stamp's and a recalled batch's.
    verification_urls: dict[str, str] = field(default_factory=dict)

    def add(self, what: str, count: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + count


def load_demo_data(
    *, product_count: int | None = None, with_images: bool = True, show_progress: bool = False
) -> LoadReport:
    """Load (or complete) the demo marketplace. Safe to run again.

    Raises ``LookupError`` when a place named in the demo data is missing from
    the geography tables (the divisions data migration has not run).
    """
    report = LoadReport()
    channel = ensure_channel(report)
    categories = ensure_categories(report)
    types_by_group = {spec.group: ensure_product_type(spec, report) for spec in PRODUCT_TYPES}
    sellers = ensure_sellers(channel, report)
    ensure_accounts(sellers, report)

    entries = catalogue(product_count)
    existing = set(Product.objects.filter(slug__in=[e.spec.slug for e in entries]).values_list("slug", flat=True))
    report.products_skipped = len(existing)
    numbers = certificate_numbers()
    new_ids: list[int] = []
    todo = [e for e in entries if e.spec.slug not in existing]
    bar = tqdm(todo, desc="Demo products", unit="product", disable=not (show_progress and todo), file=sys.stderr)
    for entry in bar:
        seller, warehouse = sellers[entry.spec.seller]
        category, category_spec = categories[entry.spec.category]
        with transaction.atomic():
            product = create_product(
                entry,
                channel=channel,
                seller=seller,
                warehouse=warehouse,
                category=category,
                category_spec=category_spec,
                product_type=types_by_group[category_spec.group],
                decision_number=numbers[entry.certificate_of],
                with_images=with_images,
                report=report,
            )
        new_ids.append(product.pk)
    reindex_products(product_ids=new_ids)
    ensure_shipping(sellers)
    ensure_traceability(report)
    return report


def ensure_shipping(sellers: dict[str, tuple[Seller, Warehouse]]) -> None:
    """Each demo seller's shipping methods (idempotent: existing ones are kept)."""
    for seller, _warehouse in sellers.values():
        ensure_demo_shipping_methods(seller)


def ensure_traceability(report: LoadReport) -> None:
    """Batches, events and activated stamps of several products, one recalled batch."""
    with transaction.atomic():
        traced = load_demo_traceability()
    if traced.batches:
        report.add("batches", traced.batches)
        report.add("stamps", traced.stamps)
    if traced.genuine_url:
        report.verification_urls["genuine"] = traced.genuine_url
    if traced.recalled_url:
        report.verification_urls["recalled"] = traced.recalled_url


def ensure_channel(report: LoadReport) -> Channel:
    channel, created = Channel.objects.get_or_create(
        slug=settings.DEFAULT_CHANNEL_SLUG,
        defaults={"name": "Kênh mặc định", "currency_code": "VND", "default_country": "VN", "is_active": True},
    )
    if created:
        report.add("channels")
    return channel


def ensure_categories(report: LoadReport) -> dict[str, tuple[Category, CategorySpec]]:
    categories: dict[str, tuple[Category, CategorySpec]] = {}
    for position, spec in enumerate(CATEGORIES):
        parent = categories[spec.parent][0] if spec.parent else None
        category, created = Category.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "description": spec.description,
                "parent": parent,
                "level": 1 if parent else 0,
                "sort_order": position,
                "seo_title": spec.name,
                "seo_description": spec.description,
            },
        )
        _, translated = CategoryTranslation.objects.get_or_create(
            category=category,
            language_code="en",
            defaults={"name": spec.name_en, "description": spec.description_en, "seo_title": spec.name_en},
        )
        if created:
            report.add("categories")
        if translated:
            report.add("category translations")
        categories[spec.slug] = (category, spec)
    return categories


def ensure_product_type(spec: ProductTypeSpec, report: LoadReport) -> ProductType:
    product_type, created = ProductType.objects.get_or_create(
        slug=spec.slug, defaults={"name": spec.name, "has_variants": True, "is_shipping_required": True}
    )
    if created:
        report.add("product types")
    return product_type


def find_commune(province_code: str, name: str) -> Commune:
    commune = Commune.objects.select_related("province").filter(province_id=province_code, name=name).first()
    if commune is None:
        raise LookupError(f"No commune named {name!r} in province {province_code}; run the migrations first.")
    return commune


def ensure_sellers(channel: Channel, report: LoadReport) -> dict[str, tuple[Seller, Warehouse]]:
    sellers: dict[str, tuple[Seller, Warehouse]] = {}
    for spec in SELLERS:
        commune = find_commune(spec.province, spec.commune)
        seller, created = Seller.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "status": spec.status,
                "description": spec.description,
                "province": commune.province,
                "commune": commune,
                "street_address": spec.street_address,
                "email": f"{spec.slug}@cho-ocop.local",
            },
        )
        if created:
            report.add("sellers")
        warehouse, created = Warehouse.objects.get_or_create(
            slug=f"kho-{spec.slug}",
            defaults={
                "seller": seller,
                "name": f"Kho {spec.name}",
                "province": commune.province,
                "commune": commune,
                "street_address": spec.street_address,
            },
        )
        if created:
            warehouse.channels.add(channel)
            report.add("warehouses")
        sellers[spec.slug] = (seller, warehouse)
    return sellers


def ensure_accounts(sellers: dict[str, tuple[Seller, Warehouse]], report: LoadReport) -> None:
    for spec in ACCOUNTS:
        user = User.objects.filter(email__iexact=spec.email).first()
        if user is None:
            user = register_account(
                email=spec.email, password=DEMO_PASSWORD, first_name=spec.first_name, last_name=spec.last_name
            )
            if spec.is_operator:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            report.add("accounts")
        if spec.owner_of:
            _, created = SellerMember.objects.get_or_create(
                seller=sellers[spec.owner_of][0], user=user, defaults={"role": SellerRole.OWNER}
            )
            if created:
                report.add("seller members")


def ensure_certificate(
    spec: ProductSpec, seller: Seller, seller_spec: SellerSpec, group: str, number: int, report: LoadReport
) -> OcopCertificate:
    """The OCOP decision for ``spec``: signed by the province (or, before the
    2025 merger, the former province); five stars by the ministry."""
    rng = rng_for(spec.slug, "certificate")
    today = timezone.localdate()
    if spec.certificate == "expired":
        decided = today - datetime.timedelta(days=rng.randint(1_130, 1_300))  # past the 36 months
    else:
        decided = today - datetime.timedelta(days=rng.randint(45, 1_000))
    if spec.stars == 5:
        if decided >= MINISTRY_MERGER_DATE:
            issuer, code = "Bộ Nông nghiệp và Môi trường", "QĐ-BNNMT"
        else:
            issuer, code = "Bộ Nông nghiệp và Phát triển nông thôn", "QĐ-BNN-KTHT"
    else:
        code = "QĐ-UBND"
        issuer = seller_spec.issuer
        if seller_spec.former_issuer and decided < PROVINCE_MERGER_DATE:
            issuer = seller_spec.former_issuer
    revoked = spec.certificate == "revoked"
    revoked_at = None
    if revoked:  # some months after the decision, and before today
        age = (today - decided).days
        revoked_at = timezone.now() - datetime.timedelta(days=age - min(age - 5, rng.randint(180, 400)))
    certificate, created = OcopCertificate.objects.get_or_create(
        issuing_body=issuer,
        number=f"{number}/{code}",
        defaults={
            "seller": seller,
            "decision_date": decided,
            "star_rating": spec.stars,
            "product_group": group,
            "revoked": revoked,
            "revoked_at": revoked_at,
            "revocation_reason": REVOCATION_REASON if revoked else "",
        },
    )
    if created:
        report.add("OCOP certificates")
    return certificate


def create_product(
    entry: CatalogueEntry,
    *,
    channel: Channel,
    seller: Seller,
    warehouse: Warehouse,
    category: Category,
    category_spec: CategorySpec,
    product_type: ProductType,
    decision_number: int,
    with_images: bool,
    report: LoadReport,
) -> Product:
    spec = entry.spec
    seller_spec = next(s for s in SELLERS if s.slug == spec.seller)
    rng = rng_for(spec.slug)
    origin = find_commune(seller_spec.province, spec.origin) if spec.origin else seller.commune
    assert origin is not None
    # An edition made by ``--products`` carries its original's certificate.
    original = Product.objects.filter(slug=entry.certificate_of).select_related("ocop_certificate").first()
    if original is not None and original.ocop_certificate is not None:
        certificate = original.ocop_certificate
    else:
        certificate = ensure_certificate(spec, seller, seller_spec, category_spec.group, decision_number, report)
    product = Product.objects.create(
        seller=seller,
        product_type=product_type,
        category=category,
        name=spec.name,
        slug=spec.slug,
        description=spec.description,
        seo_title=Truncator(spec.name).chars(70),
        seo_description=Truncator(spec.description).chars(160),
        weight_grams=spec.packs[0].grams,
        ocop_certificate=certificate,
        origin_province=origin.province,
        origin_commune=origin,
    )
    report.add("products")

    now = timezone.now()
    if spec.listing == "scheduled":
        published_at = now + datetime.timedelta(days=rng.randint(20, 45))
    else:
        published_at = now - datetime.timedelta(days=rng.randint(2, 240), minutes=rng.randint(0, 1_440))
    update_product_channel_listing(
        product=product,
        channel=channel,
        is_published=spec.listing != "draft",
        published_at=published_at if spec.listing != "draft" else None,
        available_for_purchase_at=published_at if spec.listing != "draft" else None,
    )

    small_batch = category_spec.group in {"ornamental", "handicraft"}
    for position, pack in enumerate(spec.packs):
        variant = ProductVariant.objects.create(
            product=product,
            sku=f"{entry.sku_stem}-{chr(ord('A') + position)}",
            name=pack.name,
            weight_grams=pack.grams,
            sort_order=position,
            quantity_limit_per_customer=2 if category_spec.group == "ornamental" else None,
        )
        ProductVariantTranslation.objects.create(product_variant=variant, language_code="en", name=pack.name_en)
        set_variant_price(variant=variant, channel=channel, amount=pack.price)
        quantity = rng.randint(3, 24) if small_batch else rng.randint(40, 400)
        Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=quantity)
        if position == 0:
            product.default_variant = variant
            product.save(update_fields=["default_variant", "updated_at"])
        report.add("variants")

    translate_product(
        product=product,
        language_code="en",
        name=spec.name_en,
        description=spec.description_en,
        seo_title=Truncator(spec.name_en).chars(70),
        seo_description=Truncator(spec.description_en).chars(160),
    )

    if with_images:
        place = f"{origin.name} · {origin.province.name}"
        main = render_product_image(
            title=spec.name, subtitle=place, shape=spec.shape, colors=category_spec.colors, accent=spec.color
        )
        add_product_media(product=product, upload=io.BytesIO(main), alt=spec.name, filename="1")
        report.add("images")
        if len(spec.packs) > 1:
            card = render_label_image(
                title=spec.name,
                lines=[
                    f"Xuất xứ: {origin.name}, {origin.province.full_name}",
                    seller.name,
                    " · ".join(pack.name for pack in spec.packs),
                ],
                shape=spec.shape,
                colors=category_spec.colors,
                accent=spec.color,
            )
            alt = f"{spec.name} – nhãn sản phẩm"
            add_product_media(product=product, upload=io.BytesIO(card), alt=alt, filename="2")
            report.add("images")
    return product
