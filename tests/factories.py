"""factory_boy factories shared by every test package."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from marketplace.account.models import User
from marketplace.channel.models import Channel
from marketplace.geography.models import Commune, Province
from marketplace.product.models import (
    Category,
    OcopCertificate,
    OcopProductGroup,
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from marketplace.seller.models import Seller, SellerKind, SellerMember, SellerRole, SellerStatus
from marketplace.warehouse.models import Stock, Warehouse


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    first_name = "An"
    last_name = "Nguyễn"
    password = factory.django.Password("Mat-khau-123")


class OperatorFactory(UserFactory):
    is_staff = True


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("slug",)

    name = "Kênh mặc định"
    slug = "default-channel"
    currency_code = "VND"


def province(code: str = "22") -> Province:
    return Province.objects.get(code=code)


def commune_of(province_code: str = "22") -> Commune:
    return Commune.objects.filter(province_id=province_code).order_by("code").first()


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seller

    name = factory.Sequence(lambda n: f"HTX Chè Tân Cương {n}")
    slug = factory.Sequence(lambda n: f"htx-che-{n}")
    kind = SellerKind.COOPERATIVE
    status = SellerStatus.APPROVED
    province = factory.LazyFunction(lambda: province("19"))
    commune = factory.LazyFunction(lambda: commune_of("19"))


class SellerMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SellerMember

    seller = factory.SubFactory(SellerFactory)
    user = factory.SubFactory(UserFactory)
    role = SellerRole.OWNER


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Danh mục {n}")
    slug = factory.Sequence(lambda n: f"danh-muc-{n}")


class ProductTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductType
        django_get_or_create = ("slug",)

    name = "Thực phẩm"
    slug = "thuc-pham"


class OcopCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OcopCertificate

    seller = factory.SubFactory(SellerFactory)
    number = factory.Sequence(lambda n: f"{n:04d}/QĐ-UBND")
    issuing_body = "UBND tỉnh Thái Nguyên"
    decision_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=200))
    star_rating = 4
    product_group = OcopProductGroup.BEVERAGE


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    seller = factory.SubFactory(SellerFactory)
    product_type = factory.SubFactory(ProductTypeFactory)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Chè búp Tân Cương {n}")
    slug = factory.Sequence(lambda n: f"che-bup-tan-cuong-{n}")
    description = "Chè xanh sao sục thủ công."
    origin_province = factory.LazyFunction(lambda: province("19"))
    origin_commune = factory.LazyFunction(lambda: commune_of("19"))


class ProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = "Gói 200 g"
    weight_grams = 200


def publish(
    product: Product,
    channel: Channel,
    *,
    price: int = 120_000,
    stock: int = 10,
    published_at: datetime.datetime | None = None,
    variants: int = 1,
) -> Product:
    """Give ``product`` a published listing, ``variants`` priced variants and stock."""
    ProductChannelListing.objects.update_or_create(
        product=product,
        channel=channel,
        defaults={
            "is_published": True,
            "published_at": published_at or timezone.now() - datetime.timedelta(days=1),
            "visible_in_listings": True,
            "available_for_purchase_at": timezone.now() - datetime.timedelta(days=1),
            "discounted_price_amount": price,
        },
    )
    warehouse, _ = Warehouse.objects.get_or_create(
        seller=product.seller, slug=f"kho-{product.seller.slug}", defaults={"name": f"Kho {product.seller.name}"}
    )
    warehouse.channels.add(channel)
    for i in range(variants):
        variant = ProductVariantFactory(product=product)
        ProductVariantChannelListing.objects.create(variant=variant, channel=channel, price_amount=price + i * 10_000)
        Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=stock)
        if i == 0:
            product.default_variant = variant
            product.save(update_fields=["default_variant"])
    return product
