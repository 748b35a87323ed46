"""What each shipping method costs for a parcel: the delivery options a
checkout shows, one group per seller.

``quote`` is pure: it reads the method's zones and bands as loaded (load
them with ``offer_queryset`` to avoid a query per method). The ``available_*``
functions load every active method of the sellers asked for, with its zones
and weight bands, in one query whatever the number of sellers or methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import JSONObject
from django.utils.translation import gettext as _

from marketplace.core.compiled import CompiledQuery
from marketplace.seller.models import Seller
from marketplace.shipping.errors import ShippingError
from marketplace.shipping.models import (
    ShippingMethod,
    ShippingMethodKind,
    ShippingZone,
    ShippingZoneProvince,
    WeightBand,
)


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


def _offers(*, sellers: list[int]) -> QuerySet[ShippingMethod]:
    """The sellers' active methods, each with its zones (``zone_rows``: id,
    rest-of-country flag, fee, province codes) and weight bands
    (``band_rows``: max grams, fee) as JSON arrays: one query."""
    provinces = ShippingZoneProvince.objects.filter(zone_id=OuterRef("pk")).order_by("province_id")
    zones = (
        ShippingZone.objects.filter(method_id=OuterRef("pk"))
        .order_by("is_rest_of_country", "pk")
        .values(
            row=JSONObject(
                id="pk", rest="is_rest_of_country", fee="fee", provinces=ArraySubquery(provinces.values("province_id"))
            )
        )
    )
    bands = (
        WeightBand.objects.filter(method_id=OuterRef("pk"))
        .order_by("max_grams")
        .values(row=JSONObject(id="pk", max_grams="max_grams", fee="fee"))
    )
    return (
        ShippingMethod.objects.filter(seller_id__any=sellers, is_active=True)
        .annotate(zone_rows=ArraySubquery(zones), band_rows=ArraySubquery(bands))
        .order_by("seller_id", "sort_order", "pk")
    )


# A checkout asks for its sellers' offers at every step: compiled to SQL once
# per process (``marketplace.core.compiled``).
_OFFERS = CompiledQuery(_offers, sellers=list)


def _loaded_zones(method: ShippingMethod) -> list[ShippingZone]:
    zones = []
    for row in method.zone_rows:
        zone = ShippingZone(pk=row["id"], method_id=method.pk, is_rest_of_country=row["rest"], fee=row["fee"])
        zone.province_codes = row["provinces"]
        zones.append(zone)
    return zones


def _loaded_bands(method: ShippingMethod) -> list[WeightBand]:
    return [
        WeightBand(pk=row["id"], method_id=method.pk, max_grams=row["max_grams"], fee=row["fee"])
        for row in method.band_rows
    ]


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
    empty list when nothing serves the destination. One query."""
    ids = sorted({int(seller_id) for seller_id in seller_ids})
    result: dict[int, list[ShippingQuote]] = {seller_id: [] for seller_id in ids}
    if not ids:
        return result
    methods = _OFFERS.run(sellers=ids)
    for method in methods:
        offer = quote(
            method=method,
            destination_province_code=destination_province_code,
            weight_grams=weights.get(method.seller_id, 0),
            subtotal=subtotals.get(method.seller_id, 0),
            zones=_loaded_zones(method),
            bands=_loaded_bands(method),
        )
        if offer is not None:
            result[method.seller_id].append(offer)
    return result


def available_methods(
    *, seller: Seller, destination_province_code: str, weight_grams: int, subtotal: int
) -> list[ShippingQuote]:
    """The delivery options of one seller (one query)."""
    return available_methods_for_sellers(
        seller_ids=[seller.pk],
        destination_province_code=destination_province_code,
        weights={seller.pk: weight_grams},
        subtotals={seller.pk: subtotal},
    )[seller.pk]
