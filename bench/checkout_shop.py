"""The checkout bench's shop and what it sends (and carts made ready beforehand): two approved sellers with a
flat shipping method, products hidden from listings (plenty of stock, and one
scarce variant), the GraphQL documents of each checkout step, and the
oversell count over the bench's stock rows. Import after ``django.setup()``."""

from __future__ import annotations

import datetime
import os
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, Sum
from django.utils import timezone
from graphene.relay import Node

from marketplace.account.addresses import validate_address
from marketplace.channel.models import Channel
from marketplace.checkout import services
from marketplace.geography.models import Commune
from marketplace.order.models import OrderLine
from marketplace.product.models import (
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from marketplace.seller.models import Seller, SellerKind, SellerStatus
from marketplace.shipping.models import ShippingMethod, ShippingMethodKind
from marketplace.shipping.services import create_shipping_method
from marketplace.warehouse.models import Allocation, Stock, Warehouse

# Variants per seller the carts pick from: shoppers buy different things, so
# they do not all queue on the same stock rows (the sell-out phase does).
VARIANTS = int(os.environ.get("BENCH_CHECKOUT_VARIANTS", "20"))
PLENTY = 1_000_000
SCARCE_STOCK = 31  # odd: the last unit can never be sold, 2 at a time

# The storefront sends the email and the shipping address with the lines (as
# Saleor's checkoutCreate takes them) and shows each seller's shipping options.
CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout { id deliveryGroups { availableShippingMethods { id price { amount } } } }
    errors { field code }
  }
}"""
# Only for a storefront that asks for the address on a later page (not the bench's flow).
ADDRESS = """
mutation($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {
    checkout { deliveryGroups { availableShippingMethods { id price { amount } } } }
    errors { field code }
  }
}"""
DELIVERY = """
mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) { checkout { id } errors { field code } }
}"""
# The last choice shows the shopper what they will pay.
LAST_DELIVERY = """
mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout { shippingPrice { gross { amount } } totalPrice { gross { amount } } } errors { field code }
  }
}"""
COMPLETE = """
mutation($id: ID!, $key: String) {
  checkoutComplete(id: $id, idempotencyKey: $key) {
    order { number status total { gross { amount } } } errors { field code }
  }
}"""


@dataclass
class Shop:
    channel: Channel
    variants_a: list[ProductVariant]
    variants_b: list[ProductVariant]
    scarce: ProductVariant
    products: list[Product]
    address: dict[str, str]


def _seller(tag: str, commune: Commune) -> Seller:
    seller = Seller.objects.create(
        name=f"Bench {tag}",
        slug=f"bench-{tag}",
        kind=SellerKind.COOPERATIVE,
        status=SellerStatus.APPROVED,
        province_id=commune.province_id,
        commune=commune,
    )
    create_shipping_method(
        seller=seller,
        actor=None,
        name="Giao tiêu chuẩn",
        kind=ShippingMethodKind.FLAT,
        zones=[{"rest_of_country": True, "fee": 30_000}],
        min_delivery_days=2,
        max_delivery_days=4,
    )
    return seller


def _product(seller: Seller, channel: Channel, name: str, *, price: int, stock: int) -> ProductVariant:
    """A product hidden from lists (reachable, purchasable) with one variant."""
    product = Product.objects.create(
        seller=seller, product_type=ProductType.objects.order_by("pk").first(), name=name, slug=f"{seller.slug}-{name}"
    )
    yesterday = timezone.now() - datetime.timedelta(days=1)
    ProductChannelListing.objects.create(
        product=product,
        channel=channel,
        is_published=True,
        published_at=yesterday,
        visible_in_listings=False,
        available_for_purchase_at=yesterday,
        discounted_price_amount=price,
    )
    variant = ProductVariant.objects.create(product=product, sku=f"{seller.slug}-{name}", name="Gói", weight_grams=300)
    ProductVariantChannelListing.objects.create(variant=variant, channel=channel, price_amount=price)
    warehouse, _ = Warehouse.objects.get_or_create(seller=seller, slug=f"kho-{seller.slug}", defaults={"name": "Kho"})
    warehouse.channels.add(channel)
    Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=stock)
    product.default_variant = variant
    product.save(update_fields=["default_variant"])
    return variant


def tidy_database() -> str:
    """Vacuum and analyze the database when the server's autovacuum is off,
    as on this machine (PostgreSQL's default, and production's, is on): every
    checkout inserts and deletes cart rows and updates stock rows, and
    without vacuuming earlier runs leave their dead rows and stale
    statistics to the next one. Says what it did."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        (autovacuum,) = cursor.fetchone()
        if autovacuum == "on":
            return "autovacuum is on: the server keeps the tables tidy itself"
        started = time.perf_counter()
        cursor.execute("VACUUM (ANALYZE)")
    return (
        f"autovacuum is off on this server: vacuumed and analyzed the database first "
        f"({time.perf_counter() - started:.1f} s), as autovacuum would have"
    )


def make_shop() -> Shop:
    channel = Channel.objects.filter(is_active=True).order_by("pk").first()
    if channel is None or not ProductType.objects.exists():
        raise SystemExit("No channel or product type: load the demo data first (make setup)")
    run = uuid.uuid4().hex[:6]
    seller_commune = Commune.objects.filter(province_id="19").order_by("code").first()
    seller_a, seller_b = _seller(f"{run}-a", seller_commune), _seller(f"{run}-b", seller_commune)
    variants_a = [_product(seller_a, channel, f"che-{i}", price=120_000, stock=PLENTY) for i in range(VARIANTS)]
    variants_b = [_product(seller_b, channel, f"mat-ong-{i}", price=85_000, stock=PLENTY) for i in range(VARIANTS)]
    scarce = _product(seller_b, channel, "hiem", price=250_000, stock=SCARCE_STOCK)
    destination = Commune.objects.filter(province_id="22").order_by("code").first()
    address = {
        "fullName": "Nguyễn Văn An",
        "streetAddress1": "12 Lê Thánh Tông",
        "city": destination.province_id,
        "cityArea": destination.code,
        "phone": "0912 345 678",
    }
    products = [v.product for v in [*variants_a, *variants_b, scarce]]
    return Shop(channel, variants_a, variants_b, scarce, products, address)


def prepare_carts(shop: Shop, pick: Callable[[], list[tuple[ProductVariant, int]]], count: int) -> list[str]:
    """``count`` carts ready to complete (email, address, both deliveries
    chosen), made through the services in this process; their global ids."""
    address = validate_address(
        {
            "last_name": "Nguyễn",
            "first_name": "Văn An",
            "street_address_1": shop.address["streetAddress1"],
            "province": shop.address["city"],
            "commune": shop.address["cityArea"],
            "phone": shop.address["phone"],
        }
    )
    sellers = {v.product.seller_id for v in [*shop.variants_a, *shop.variants_b]}
    methods = dict(ShippingMethod.objects.filter(seller_id__in=sellers).values_list("seller_id", "pk"))

    def one(_: int) -> str:
        try:
            checkout = services.create_checkout(
                channel=shop.channel,
                email=f"khach-{uuid.uuid4().hex[:10]}@example.vn",
                lines=[(v.pk, q) for v, q in pick()],
                shipping_address=address,
            )
            for seller_id, method_id in methods.items():
                services.set_delivery_method(checkout=checkout, seller=seller_id, method_id=method_id)
            return Node.to_global_id("Checkout", checkout.pk)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, range(count)))


def unpublish(shop: Shop) -> None:
    """Take the bench's products and sellers out of the shop (orders stay)."""
    ProductChannelListing.objects.filter(product__in=shop.products).update(is_published=False)
    Seller.objects.filter(products__in=shop.products).update(status=SellerStatus.SUSPENDED)


def variant_id(variant: ProductVariant) -> str:
    return Node.to_global_id("ProductVariant", variant.pk)


def oversell_count(shop: Shop) -> tuple[int, dict[str, int]]:
    """Stock rows of the bench products that break an invariant, by kind."""
    stocks = Stock.objects.filter(product_variant__product__in=shop.products)
    allocated = {
        row["stock_id"]: row["units"]
        for row in Allocation.objects.filter(stock__in=stocks).values("stock_id").annotate(units=Sum("quantity"))
    }
    below_zero = stocks.filter(quantity__lt=0).count()
    over_allocated = stocks.filter(Q(quantity_allocated__gt=F("quantity"))).count()
    mismatched = sum(1 for s in stocks if allocated.get(s.pk, 0) != s.quantity_allocated)
    ordered_scarce = OrderLine.objects.filter(variant=shop.scarce).aggregate(n=Sum("quantity"))["n"] or 0
    oversold_units = max(ordered_scarce - SCARCE_STOCK, 0)
    kinds = {
        "stock below zero": below_zero,
        "allocated > stock": over_allocated,
        "allocations != counter": mismatched,
        "units ordered beyond stock": oversold_units,
    }
    return sum(kinds.values()), kinds
