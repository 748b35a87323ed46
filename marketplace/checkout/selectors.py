"""Reads of checkouts: who may open one, whether a variant may be bought, and
the summary a cart page or the ``checkout`` query shows — lines grouped by
seller (delivery groups) with prices, each group's shipping options and the
totals — in a fixed number of queries whatever the number of lines and
sellers."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import Address, User
from marketplace.channel.models import Channel
from marketplace.checkout.errors import CheckoutError, checkout_not_found
from marketplace.checkout.models import Checkout, CheckoutDelivery, CheckoutLine
from marketplace.core.compiled import CompiledQuery
from marketplace.core.money import Money
from marketplace.product.models import ProductChannelListing, ProductVariant, ProductVariantChannelListing
from marketplace.product.selectors import visibility
from marketplace.seller.models import Seller, SellerStatus
from marketplace.shipping.pricing import ShippingQuote, available_methods_for_sellers

AnyUser = User | AnonymousUser
MAX_ID = 2**63 - 1  # bigint primary keys


def _as_uuid(value: object) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def may_use_checkout(checkout: Checkout, user: AnyUser | None) -> bool:
    """A checkout attached to an account is its owner's only; a guest's
    checkout is open to whoever holds its token (as in Saleor)."""
    if checkout.user_id is None:
        return True
    return bool(user is not None and user.is_authenticated and user.is_active and user.pk == checkout.user_id)


# Read at every checkout step: compiled once per process.
_CHECKOUT = CompiledQuery(
    lambda *, checkout: Checkout.objects.select_related("channel").filter(pk=checkout), checkout=uuid.UUID
)
_ADDRESS = CompiledQuery(
    lambda *, address: Address.objects.select_related("province", "commune").filter(pk=address), address=int
)
_DELIVERIES = CompiledQuery(
    lambda *, checkout: CheckoutDelivery.objects.filter(checkout_id=checkout), checkout=uuid.UUID
)


def get_checkout_for_user(*, token: object, user: AnyUser | None) -> Checkout:
    """The checkout ``token`` if ``user`` may use it. Raises
    ``CheckoutError("NOT_FOUND")`` for an unknown token, a completed
    checkout or someone else's."""
    pk = _as_uuid(token)
    checkout = _CHECKOUT.first(checkout=pk) if pk else None
    if checkout is None or not may_use_checkout(checkout, user):
        raise checkout_not_found()
    return checkout


def active_checkout_for_user(*, user: User, channel: Channel) -> Checkout | None:
    """The signed-in shopper's most recently changed checkout in ``channel``."""
    return Checkout.objects.filter(user_id=user.pk, channel=channel).order_by("-last_change", "pk").first()


# --- may this variant be bought? -------------------------------------------------------


def purchase_annotations(channel: Channel | int, *, variant: str = "", now=None) -> dict:
    """Annotations saying whether a variant may be bought in ``channel``, for
    a queryset of variants (``variant=""``) or of rows whose ``variant``
    field points at one: ``price_amount`` (None: not priced there),
    ``is_visible`` (the shop's visibility rules, ``visibility``) and
    ``purchasable_from`` (the listing's ``available_for_purchase_at``)."""
    now = now or timezone.now()
    prefix = f"{variant}__" if variant else ""
    price = ProductVariantChannelListing.objects.filter(
        channel=channel, variant_id=OuterRef(f"{variant}_id" if variant else "pk")
    )
    listing = ProductChannelListing.objects.filter(channel=channel, product_id=OuterRef(f"{prefix}product_id"))
    return {
        "price_amount": Subquery(price.values("price_amount")[:1]),
        "is_visible": ExpressionWrapper(
            visibility(channel, product=f"{prefix}product", now=now), output_field=BooleanField()
        ),
        "purchasable_from": Subquery(listing.values("available_for_purchase_at")[:1]),
    }


# Product columns a cart never shows (search index, moderation note): not read
# with the product of every cart line.
_UNSHOWN_PRODUCT_COLUMNS = ("search_document", "search_vector", "moderation_reason", "sort_name")


def _without_unshown(queryset: QuerySet, product: str) -> QuerySet:
    return queryset.defer(*(f"{product}__{name}" for name in _UNSHOWN_PRODUCT_COLUMNS))


def _purchase_queryset(*, variants: list[int], channel: int, now: datetime.datetime) -> QuerySet[ProductVariant]:
    return _without_unshown(
        ProductVariant.objects.filter(pk__any=variants)
        .select_related("product", "product__seller")
        .annotate(**purchase_annotations(channel, now=now)),
        "product",
    )


_PURCHASABLE = CompiledQuery(_purchase_queryset, variants=list, channel=int, now=datetime.datetime)


def variants_for_purchase(channel: Channel, variant_ids: list[int], *, now=None) -> dict[int, ProductVariant]:
    """The variants with their product and seller and the
    ``purchase_annotations``, by id (one query, compiled once per process;
    unknown ids are absent)."""
    ids = [pk for pk in variant_ids if 0 < pk <= MAX_ID]  # others cannot exist; PostgreSQL refuses them
    found = _PURCHASABLE.run(variants=ids, channel=channel.pk, now=now or timezone.now()) if ids else []
    return {variant.pk: variant for variant in found}


def purchase_problem(variant: ProductVariant, *, now: datetime.datetime | None = None) -> CheckoutError | None:
    """Why ``variant`` (annotated by ``purchase_annotations``) may not be
    bought now, or None."""
    now = now or timezone.now()
    ids = [variant.pk]
    if variant.product.seller.status != SellerStatus.APPROVED:
        return CheckoutError(
            "SELLER_UNAVAILABLE",
            _("Người bán “%(seller)s” hiện tạm ngừng bán hàng.") % {"seller": variant.product.seller.name},
            field="variant_id",
            variants=ids,
        )
    if not variant.is_visible:
        return CheckoutError(
            "PRODUCT_NOT_PUBLISHED",
            _("Sản phẩm “%(product)s” hiện không được bày bán.") % {"product": variant.product.name},
            field="variant_id",
            variants=ids,
        )
    if variant.price_amount is None:
        return CheckoutError(
            "UNAVAILABLE_VARIANT_IN_CHANNEL",
            _("Phân loại “%(variant)s” chưa có giá bán.") % {"variant": str(variant)},
            field="variant_id",
            variants=ids,
        )
    if variant.purchasable_from is None or variant.purchasable_from > now:
        return CheckoutError(
            "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
            _("Sản phẩm “%(product)s” chưa mở bán.") % {"product": variant.product.name},
            field="variant_id",
            variants=ids,
        )
    return None


def line_limit(variant: ProductVariant) -> int:
    """Most units of ``variant`` one checkout line may hold."""
    limit = settings.CHECKOUT_MAX_LINE_QUANTITY
    if variant.quantity_limit_per_customer:
        limit = min(limit, variant.quantity_limit_per_customer)
    return limit


def variant_weight(variant: ProductVariant) -> int:
    """Grams of one unit: the variant's weight, else its product's, else 0."""
    return variant.weight_grams or variant.product.weight_grams or 0


# --- the summary -------------------------------------------------------------------------


@dataclass
class SummaryLine:
    line: CheckoutLine
    variant: ProductVariant
    unit_price: Money | None
    total: Money
    weight_grams: int
    # Why this line cannot be bought now (an error code), or None.
    problem: str | None = None


@dataclass
class DeliveryGroup:
    """One seller's part of the cart, shipped as one parcel."""

    seller: Seller
    lines: list[SummaryLine]
    subtotal: Money
    weight_grams: int
    quotes: list[ShippingQuote] = field(default_factory=list)
    delivery: CheckoutDelivery | None = None
    # The current quote of the chosen method, None when it no longer applies.
    chosen: ShippingQuote | None = None

    @property
    def shipping_fee(self) -> Money | None:
        return Money(self.chosen.fee, self.subtotal.currency) if self.chosen else None


@dataclass
class CheckoutSummary:
    """A cart's lines by seller with their shipping options; the totals
    follow the groups (a change of delivery shows in them at once)."""

    checkout: Checkout
    groups: list[DeliveryGroup]
    shipping_address: Address | None

    @property
    def subtotal(self) -> Money:
        return sum((g.subtotal for g in self.groups), Money(0, self.checkout.currency))

    @property
    def shipping(self) -> Money:
        return sum((g.shipping_fee for g in self.groups if g.shipping_fee), Money(0, self.checkout.currency))

    @property
    def total(self) -> Money:
        return self.subtotal + self.shipping

    @property
    def quantity(self) -> int:
        return sum(item.line.quantity for item in self.lines)

    @property
    def lines(self) -> list[SummaryLine]:
        return [line for group in self.groups for line in group.lines]

    @property
    def has_problems(self) -> bool:
        return any(line.problem for line in self.lines)

    @property
    def delivery_chosen(self) -> bool:
        return bool(self.groups) and all(group.chosen is not None for group in self.groups)


def _lines_queryset(*, checkout: uuid.UUID, channel: int, now: datetime.datetime) -> QuerySet[CheckoutLine]:
    annotations = purchase_annotations(channel, variant="variant", now=now)
    return _without_unshown(
        CheckoutLine.objects.filter(checkout_id=checkout)
        .select_related("variant", "variant__product", "variant__product__seller")
        .annotate(**annotations)
        .order_by("created_at", "pk"),
        "variant__product",
    )


# The same shape for every checkout: compiled to SQL once per process (the
# ORM spends ~9 ms building and compiling it, PostgreSQL ~1 ms running it).
_LINES = CompiledQuery(_lines_queryset, checkout=uuid.UUID, channel=int, now=datetime.datetime)


def checkout_lines(checkout: Checkout, *, now: datetime.datetime | None = None) -> list[CheckoutLine]:
    """The lines with variant, product and seller joined and each variant's
    ``purchase_annotations``, oldest first (one query)."""
    return _LINES.run(checkout=checkout.pk, channel=checkout.channel_id, now=now or timezone.now())


def _shipping_address(checkout: Checkout) -> Address | None:
    """The shipping address with its province and commune: already on
    ``checkout`` when the query that read it joined them (the locks of
    ``marketplace.checkout.locking``), else one query."""
    if not checkout.shipping_address_id:
        return None
    if Checkout.shipping_address.is_cached(checkout):
        address = checkout.shipping_address
        if Address.province.is_cached(address) and Address.commune.is_cached(address):
            return address
    return _ADDRESS.first(address=checkout.shipping_address_id)


def checkout_summary(checkout: Checkout, *, now: datetime.datetime | None = None) -> CheckoutSummary:
    """Everything a cart or checkout page shows. Queries: the lines, the
    chosen deliveries, the shipping address (none when ``checkout`` was read
    with it), the shipping options (one, zones and bands included): four at
    most, whatever the number of lines and sellers. ``checkout`` must come with its channel
    (``get_checkout_for_user`` joins it)."""
    now = now or timezone.now()
    currency = checkout.currency
    lines = checkout_lines(checkout, now=now)
    deliveries = {d.seller_id: d for d in _DELIVERIES.run(checkout=checkout.pk)}
    address = _shipping_address(checkout)
    groups: dict[int, DeliveryGroup] = {}
    for line in lines:
        variant = line.variant
        for name in ("price_amount", "is_visible", "purchasable_from"):
            setattr(variant, name, getattr(line, name))
        problem = purchase_problem(variant, now=now)
        if problem is None and line.quantity > line_limit(variant):
            problem = CheckoutError("QUANTITY_GREATER_THAN_LIMIT")
        price = variant.price_amount
        weight = variant_weight(variant) * line.quantity
        item = SummaryLine(
            line=line,
            variant=variant,
            unit_price=Money(price, currency) if price is not None else None,
            total=Money((price or 0) * line.quantity, currency),
            weight_grams=weight,
            problem=problem.code if problem else None,
        )
        seller = variant.product.seller
        group = groups.get(seller.pk)
        if group is None:
            group = groups[seller.pk] = DeliveryGroup(
                seller=seller, lines=[], subtotal=Money(0, currency), weight_grams=0, delivery=deliveries.get(seller.pk)
            )
        group.lines.append(item)
        group.subtotal = group.subtotal + item.total
        group.weight_grams += weight
    if address is not None and groups:
        quotes = available_methods_for_sellers(
            seller_ids=list(groups),
            destination_province_code=address.province_id,
            weights={pk: g.weight_grams for pk, g in groups.items()},
            subtotals={pk: g.subtotal.amount for pk, g in groups.items()},
        )
        for seller_id, group in groups.items():
            group.quotes = quotes.get(seller_id, [])
            if group.delivery is not None:
                group.chosen = next((q for q in group.quotes if q.method_id == group.delivery.shipping_method_id), None)
    return CheckoutSummary(checkout=checkout, groups=list(groups.values()), shipping_address=address)


_SUMMARY = "_checkout_summary"


def summary_of(checkout: Checkout) -> CheckoutSummary:
    """``checkout_summary`` of ``checkout``, computed once per instance: a
    change that worked one out keeps it with the checkout it returns
    (``keep_summary``), so showing the result costs no query."""
    summary = checkout.__dict__.get(_SUMMARY)
    if summary is None:
        summary = keep_summary(checkout, checkout_summary(checkout))
    return summary


def keep_summary(checkout: Checkout, summary: CheckoutSummary) -> CheckoutSummary:
    """Remember ``summary`` (of ``checkout`` as it now is) for ``summary_of``."""
    checkout.__dict__[_SUMMARY] = summary
    for item in summary.lines:
        item.line.checkout = checkout  # the channel of each line's variant, without a query
    return summary
