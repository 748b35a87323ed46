"""What each shipping method costs for a parcel: the delivery options a
checkout shows, one group per seller.

``quote`` is pure: it reads the method's zones and bands as loaded (load
them with ``offer_queryset`` to avoid a query per method). The ``available_*``
functions load every active method of the sellers asked for in a fixed number
of queries (three, or one when they have none), whatever the number of
sellers or methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from marketplace.core.compiled import CompiledQuery
from marketplace.seller.models import Seller
from marketplace.shipping.errors import ShippingError
from marketplace.shipping.models import ShippingMethod, ShippingMethodKind, ShippingZone, WeightBand


@dataclass(frozen=True)
class ShippingQuote:
    """One delivery option for one seller's parcel. ``fee`` is whole đồng;
    ``eta_days`` is (min, max) days, either end ``None`` when not set, or
    ``None`` when the seller gave no delivery time."""

    method_id: int
    seller_id: int
    name: str
    kind: str
    fee: int
    eta_days: tuple[int | None, int | None] | None


def _zones() -> QuerySet[ShippingZone]:
    """Zones with their province codes (``province_codes``), listed zones first."""
    return ShippingZone.objects.annotate(
        province_codes=ArrayAgg(
            "zone_provinces__province_id",
            filter=Q(zone_provinces__isnull=False),
            default=[],
            order_by="zone_provinces__province_id",
        )
    ).order_by("is_rest_of_country", "pk")


def offer_queryset() -> QuerySet[ShippingMethod]:
    """Shipping methods with what ``quote`` reads loaded: zones (with their
    province codes in ``province_codes``) and weight bands (two more queries)."""
    bands = WeightBand.objects.order_by("max_grams")
    return ShippingMethod.objects.prefetch_related(
        Prefetch("zones", queryset=_zones()), Prefetch("weight_bands", queryset=bands)
    )


# A checkout asks for its sellers' offers at every step: the three queries
# are compiled to SQL once per process (``marketplace.core.compiled``).
_ACTIVE_METHODS = CompiledQuery(
    lambda *, sellers: ShippingMethod.objects.filter(seller_id__any=sellers, is_active=True).order_by(
        "seller_id", "sort_order", "pk"
    ),
    sellers=list,
)
_METHOD_ZONES = CompiledQuery(lambda *, methods: _zones().filter(method_id__any=methods), methods=list)
_METHOD_BANDS = CompiledQuery(
    lambda *, methods: WeightBand.objects.filter(method_id__any=methods).order_by("max_grams"), methods=list
)


def zone_province_codes(zone: ShippingZone) -> list[str]:
    codes = getattr(zone, "province_codes", None)
    if codes is None:
        codes = [row.province_id for row in zone.zone_provinces.all()]
    return list(codes)


def _zone_for(zones: list[ShippingZone], province_code: str) -> ShippingZone | None:
    """The zone listing ``province_code``, else the "other provinces" zone."""
    rest = None
    for zone in zones:
        if zone.is_rest_of_country:
            rest = zone
        elif province_code in zone_province_codes(zone):
            return zone
    return rest


def _band_fee(bands: Iterable[WeightBand], weight_grams: int) -> int | None:
    for band in sorted(bands, key=lambda b: b.max_grams):
        if weight_grams <= band.max_grams:
            return band.fee
    return None


def quote(
    *,
    method: ShippingMethod,
    destination_province_code: str,
    weight_grams: int,
    subtotal: int,
    zones: list[ShippingZone] | None = None,
    bands: list[WeightBand] | None = None,
) -> ShippingQuote | None:
    """The fee ``method`` charges for a parcel of ``weight_grams`` worth
    ``subtotal`` đồng (the seller's part of the cart) sent to the province
    ``destination_province_code``; ``None`` when the method is inactive, does
    not serve that province or the parcel is heavier than its last band.
    ``zones`` and ``bands`` are the method's, when loaded apart from it.

    Raises ``ShippingError("INVALID")`` for a negative weight or subtotal."""
    if isinstance(weight_grams, bool) or not isinstance(weight_grams, int) or weight_grams < 0:
        raise ShippingError("INVALID", _("Khối lượng không hợp lệ."), field="weight_grams")
    if isinstance(subtotal, bool) or not isinstance(subtotal, int) or subtotal < 0:
        raise ShippingError("INVALID", _("Giá trị đơn không hợp lệ."), field="subtotal")
    if not method.is_active:
        return None
    zones = list(method.zones.all()) if zones is None else zones
    zone = _zone_for(zones, destination_province_code)
    if zone is None and (zones or method.kind in (ShippingMethodKind.FLAT, ShippingMethodKind.FREE_OVER)):
        return None
    if method.kind == ShippingMethodKind.PICKUP:
        fee = 0
    elif method.kind == ShippingMethodKind.WEIGHT:
        band_fee = _band_fee(method.weight_bands.all() if bands is None else bands, weight_grams)
        if band_fee is None:
            return None
        fee = band_fee + (zone.fee if zone is not None else 0)
    elif method.kind == ShippingMethodKind.FREE_OVER and subtotal >= (method.free_over_amount or 0):
        fee = 0
    else:
        fee = zone.fee  # type: ignore[union-attr] - FLAT and FREE_OVER always have a zone here
    eta = None
    if method.min_delivery_days is not None or method.max_delivery_days is not None:
        eta = (method.min_delivery_days, method.max_delivery_days)
    return ShippingQuote(
        method_id=method.pk, seller_id=method.seller_id, name=method.name, kind=method.kind, fee=fee, eta_days=eta
    )


def available_methods_for_sellers(
    *,
    seller_ids: Iterable[int],
    destination_province_code: str,
    weights: Mapping[int, int],
    subtotals: Mapping[int, int],
) -> dict[int, list[ShippingQuote]]:
    """For each seller, the delivery options its active methods offer for its
    parcel (``weights[seller_id]`` grams, ``subtotals[seller_id]`` đồng; 0 when
    missing), in the seller's order. Every seller asked for has a key, with an
    empty list when nothing serves the destination. Three queries at most."""
    ids = sorted({int(seller_id) for seller_id in seller_ids})
    result: dict[int, list[ShippingQuote]] = {seller_id: [] for seller_id in ids}
    if not ids:
        return result
    methods = _ACTIVE_METHODS.run(sellers=ids)
    method_ids = [method.pk for method in methods]
    zones: dict[int, list[ShippingZone]] = {pk: [] for pk in method_ids}
    bands: dict[int, list[WeightBand]] = {pk: [] for pk in method_ids}
    if method_ids:
        for zone in _METHOD_ZONES.run(methods=method_ids):
            zones[zone.method_id].append(zone)
        for band in _METHOD_BANDS.run(methods=method_ids):
            bands[band.method_id].append(band)
    for method in methods:
        offer = quote(
            method=method,
            destination_province_code=destination_province_code,
            weight_grams=weights.get(method.seller_id, 0),
            subtotal=subtotals.get(method.seller_id, 0),
            zones=zones[method.pk],
            bands=bands[method.pk],
        )
        if offer is not None:
            result[method.seller_id].append(offer)
    return result


def available_methods(
    *, seller: Seller, destination_province_code: str, weight_grams: int, subtotal: int
) -> list[ShippingQuote]:
    """The delivery options of one seller (three queries)."""
    return available_methods_for_sellers(
        seller_ids=[seller.pk],
        destination_province_code=destination_province_code,
        weights={seller.pk: weight_grams},
        subtotals={seller.pk: subtotal},
    )[seller.pk]
