"""A seller's shipping methods as the seller centre creates and edits them.

Callers fetch the seller with ``marketplace.seller.permissions.get_seller_for_user``
and a method with ``marketplace.shipping.permissions.get_shipping_method_for_user``,
so permission is settled before these run. Each function checks all its input
before writing anything and raises ``ShippingValidationFailed`` (every faulty
field) or ``ShippingError`` with nothing changed.

Zones are given as mappings: ``{"provinces": ["22", "19"], "fee": 30000}`` or
``{"rest_of_country": True, "fee": 45000}``; weight bands as
``{"max_grams": 1000, "fee": 30000}``, in ascending order of weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.core.errors import DomainError
from marketplace.geography.models import Province
from marketplace.seller.models import Seller
from marketplace.shipping.errors import ShippingError, ShippingValidationFailed
from marketplace.shipping.models import (
    ShippingMethod,
    ShippingMethodKind,
    ShippingZone,
    ShippingZoneProvince,
    WeightBand,
)
from marketplace.shipping.pricing import offer_queryset, zone_province_codes

MAX_METHODS_PER_SELLER = 20
MAX_ZONES = 34
MAX_BANDS = 20
MAX_FEE = 10_000_000  # đồng: no parcel within Vietnam costs more to send
MAX_THRESHOLD = 1_000_000_000
MAX_DELIVERY_DAYS = 90
NAME_LENGTH = 100


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@dataclass(frozen=True)
class _Zone:
    provinces: tuple[str, ...]
    rest_of_country: bool
    fee: int


@dataclass(frozen=True)
class _Plan:
    """A checked method: what will be written."""

    fields: dict[str, Any]
    zones: tuple[_Zone, ...]
    bands: tuple[tuple[int, int], ...]


def _whole_number(value: object, *, field: str, message: str, limit: int) -> int:
    """A whole number 0..limit from an int, an integral Decimal/float or a
    digit string. Raises ``ShippingError("INVALID")``."""
    number: int | None = None
    if isinstance(value, bool) or value is None:
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        try:
            number = int(value) if value == int(value) else None
        except (ArithmeticError, ValueError):  # NaN, infinity
            number = None
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 0 <= number <= limit:
        raise ShippingError("INVALID", message, field=field)
    return number


def _fee(value: object, *, field: str) -> int:
    return _whole_number(
        value,
        field=field,
        limit=MAX_FEE,
        message=_("Phí giao hàng phải là số đồng nguyên từ 0 đến %(limit)s.") % {"limit": f"{MAX_FEE:,}"},
    )


def _clean_zones(raw: Sequence[Mapping[str, Any]], *, kind: str, errors: list[DomainError]) -> tuple[_Zone, ...]:
    zones: list[_Zone] = []
    seen: set[str] = set()
    rest_seen = False
    if len(raw) > MAX_ZONES:
        errors.append(ShippingError("LIMIT_EXCEEDED", _("Quá nhiều khu vực giao hàng."), field="zones"))
        return ()
    wanted = {str(code) for zone in raw for code in (zone.get("provinces") or ())}
    known = set(Province.objects.filter(code__in=wanted).values_list("code", flat=True)) if wanted else set()
    for zone in raw:
        codes = tuple(dict.fromkeys(str(code) for code in (zone.get("provinces") or ())))
        rest = bool(zone.get("rest_of_country"))
        try:
            fee = _fee(zone.get("fee"), field="zones")
        except ShippingError as error:
            errors.append(error)
            continue
        if kind == ShippingMethodKind.PICKUP and fee != 0:
            errors.append(ShippingError("INVALID", _("Nhận tại cơ sở không tính phí giao hàng."), field="zones"))
            continue
        if rest == bool(codes):
            errors.append(
                ShippingError(
                    "INVALID", _("Mỗi khu vực gồm một số tỉnh/thành phố, hoặc là “các tỉnh còn lại”."), field="zones"
                )
            )
            continue
        if set(codes) - known:
            errors.append(ShippingError("INVALID", _("Không tìm thấy tỉnh/thành phố trong khu vực."), field="zones"))
            continue
        if (rest and rest_seen) or seen & set(codes):
            errors.append(
                ShippingError(
                    "DUPLICATED_INPUT_ITEM", _("Một tỉnh/thành phố chỉ được thuộc một khu vực."), field="zones"
                )
            )
            continue
        seen.update(codes)
        rest_seen = rest_seen or rest
        zones.append(_Zone(provinces=codes, rest_of_country=rest, fee=fee))
    return tuple(zones)


def _clean_bands(raw: Sequence[Mapping[str, Any]], *, errors: list[DomainError]) -> tuple[tuple[int, int], ...]:
    if len(raw) > MAX_BANDS:
        errors.append(ShippingError("LIMIT_EXCEEDED", _("Quá nhiều mức cân nặng."), field="weight_bands"))
        return ()
    bands: list[tuple[int, int]] = []
    for band in raw:
        try:
            grams = _whole_number(
                band.get("max_grams"),
                field="weight_bands",
                limit=1_000_000,
                message=_("Mức cân nặng phải là số gam nguyên dương."),
            )
            fee = _fee(band.get("fee"), field="weight_bands")
        except ShippingError as error:
            errors.append(error)
            return ()
        if grams == 0 or (bands and grams <= bands[-1][0]):
            errors.append(
                ShippingError(
                    "INVALID", _("Các mức cân nặng phải lớn hơn 0 và tăng dần, không trùng nhau."), field="weight_bands"
                )
            )
            return ()
        bands.append((grams, fee))
    return tuple(bands)


def _days(value: object, *, field: str, errors: list[DomainError]) -> int | None:
    if value is None or value == "":
        return None
    try:
        return _whole_number(
            value,
            field=field,
            limit=MAX_DELIVERY_DAYS,
            message=_("Số ngày giao hàng phải từ 0 đến %(limit)s.") % {"limit": MAX_DELIVERY_DAYS},
        )
    except ShippingError as error:
        errors.append(error)
        return None


def _plan(values: Mapping[str, Any], *, seller: Seller, method: ShippingMethod | None) -> _Plan:
    """Check every field of a method-to-be; raises ``ShippingValidationFailed``."""
    errors: list[DomainError] = []
    name = " ".join(str(values.get("name") or "").split())
    if not name:
        errors.append(ShippingError("REQUIRED", _("Vui lòng nhập tên phương thức giao hàng."), field="name"))
    elif len(name) > NAME_LENGTH:
        errors.append(ShippingError("INVALID", _("Tên tối đa %(limit)s ký tự.") % {"limit": NAME_LENGTH}, field="name"))
    elif (
        ShippingMethod.objects.filter(seller=seller, name__iexact=name).exclude(pk=getattr(method, "pk", None)).exists()
    ):
        errors.append(ShippingError("UNIQUE", _("Cơ sở đã có phương thức giao hàng tên này."), field="name"))
    description = " ".join(str(values.get("description") or "").split())
    if len(description) > 255:
        errors.append(ShippingError("INVALID", _("Mô tả tối đa 255 ký tự."), field="description"))
    kind = str(values.get("kind") or "").lower()
    if kind not in ShippingMethodKind.values:
        errors.append(ShippingError("INVALID", _("Loại phương thức giao hàng không hợp lệ."), field="kind"))

    zones = _clean_zones(list(values.get("zones") or ()), kind=kind, errors=errors)
    raw_bands = list(values.get("weight_bands") or ())
    bands = _clean_bands(raw_bands, errors=errors)
    if kind in (ShippingMethodKind.FLAT, ShippingMethodKind.FREE_OVER) and not zones and not errors:
        errors.append(ShippingError("REQUIRED", _("Hãy thêm ít nhất một khu vực giao hàng."), field="zones"))
    if kind == ShippingMethodKind.WEIGHT and not bands and not errors:
        errors.append(ShippingError("REQUIRED", _("Hãy thêm ít nhất một mức cân nặng."), field="weight_bands"))
    if kind != ShippingMethodKind.WEIGHT and raw_bands:
        errors.append(
            ShippingError("INVALID", _("Chỉ phương thức tính theo cân nặng mới có mức cân nặng."), field="weight_bands")
        )

    threshold = values.get("free_over_amount")
    if kind == ShippingMethodKind.FREE_OVER:
        if threshold is None or threshold == "":
            errors.append(
                ShippingError("REQUIRED", _("Vui lòng nhập giá trị đơn được miễn phí giao."), field="free_over_amount")
            )
        else:
            try:
                threshold = _whole_number(
                    threshold,
                    field="free_over_amount",
                    limit=MAX_THRESHOLD,
                    message=_("Giá trị đơn được miễn phí giao phải là số đồng nguyên."),
                )
            except ShippingError as error:
                errors.append(error)
    elif threshold not in (None, ""):
        errors.append(
            ShippingError(
                "INVALID", _("Chỉ phương thức miễn phí theo giá trị đơn mới có mức này."), field="free_over_amount"
            )
        )
    min_days = _days(values.get("min_delivery_days"), field="min_delivery_days", errors=errors)
    max_days = _days(values.get("max_delivery_days"), field="max_delivery_days", errors=errors)
    if min_days is not None and max_days is not None and min_days > max_days:
        errors.append(
            ShippingError("INVALID", _("Số ngày giao tối thiểu không được lớn hơn tối đa."), field="max_delivery_days")
        )
    sort_order = values.get("sort_order")
    if sort_order is not None:
        try:
            sort_order = _whole_number(
                sort_order, field="sort_order", limit=10_000, message=_("Thứ tự hiển thị không hợp lệ.")
            )
        except ShippingError as error:
            errors.append(error)
    if errors:
        raise ShippingValidationFailed(errors)
    fields = {
        "name": name,
        "description": description,
        "kind": kind,
        "is_active": bool(values.get("is_active", True)),
        "min_delivery_days": min_days,
        "max_delivery_days": max_days,
        "free_over_amount": threshold if kind == ShippingMethodKind.FREE_OVER else None,
    }
    if sort_order is not None:
        fields["sort_order"] = sort_order
    return _Plan(fields=fields, zones=zones, bands=bands)


def _write_rules(method: ShippingMethod, plan: _Plan) -> None:
    """Replace the method's zones and bands by the plan's."""
    ShippingZone.objects.filter(method=method).delete()
    WeightBand.objects.filter(method=method).delete()
    zones = ShippingZone.objects.bulk_create(
        [ShippingZone(method=method, is_rest_of_country=z.rest_of_country, fee=z.fee) for z in plan.zones]
    )
    ShippingZoneProvince.objects.bulk_create(
        [
            ShippingZoneProvince(zone=zone, method=method, province_id=code)
            for zone, spec in zip(zones, plan.zones, strict=True)
            for code in spec.provinces
        ]
    )
    WeightBand.objects.bulk_create([WeightBand(method=method, max_grams=g, fee=fee) for g, fee in plan.bands])


def _name_taken() -> ShippingValidationFailed:
    return ShippingValidationFailed(
        [ShippingError("UNIQUE", _("Cơ sở đã có phương thức giao hàng tên này."), field="name")]
    )


def create_shipping_method(
    *,
    seller: Seller,
    actor: User | None,
    name: str,
    kind: str,
    zones: Sequence[Mapping[str, Any]] = (),
    weight_bands: Sequence[Mapping[str, Any]] = (),
    free_over_amount: object = None,
    min_delivery_days: object = None,
    max_delivery_days: object = None,
    description: str = "",
    is_active: bool = True,
    sort_order: object = None,
) -> ShippingMethod:
    """Add a shipping method to ``seller`` (placed last unless ``sort_order``).

    ``FLAT`` and ``FREE_OVER`` need at least one zone, ``WEIGHT`` at least one
    band; ``FREE_OVER`` needs ``free_over_amount``. Raises
    ``ShippingValidationFailed`` (``REQUIRED``, ``INVALID``, ``UNIQUE``,
    ``DUPLICATED_INPUT_ITEM``, ``LIMIT_EXCEEDED``) or ``ShippingError``
    (``LIMIT_EXCEEDED``: the seller has ``MAX_METHODS_PER_SELLER``)."""
    plan = _plan(
        {
            "name": name,
            "kind": kind,
            "zones": zones,
            "weight_bands": weight_bands,
            "free_over_amount": free_over_amount,
            "min_delivery_days": min_delivery_days,
            "max_delivery_days": max_delivery_days,
            "description": description,
            "is_active": is_active,
            "sort_order": sort_order,
        },
        seller=seller,
        method=None,
    )
    with transaction.atomic():
        # One writer at a time per seller, so the limit and the order hold.
        Seller.objects.select_for_update().filter(pk=seller.pk).values_list("pk", flat=True).first()
        existing = ShippingMethod.objects.filter(seller=seller)
        if existing.count() >= MAX_METHODS_PER_SELLER:
            raise ShippingError(
                "LIMIT_EXCEEDED",
                _("Mỗi cơ sở có tối đa %(limit)s phương thức giao hàng.") % {"limit": MAX_METHODS_PER_SELLER},
            )
        fields = dict(plan.fields)
        if "sort_order" not in fields:
            fields["sort_order"] = (existing.aggregate(last=Max("sort_order"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                method = ShippingMethod.objects.create(seller=seller, **fields)
        except IntegrityError as exc:  # the same name saved meanwhile
            raise _name_taken() from exc
        _write_rules(method, plan)
    return method


def update_shipping_method(
    *,
    method: ShippingMethod,
    actor: User | None,
    name: str = UNSET,
    kind: str = UNSET,
    zones: Sequence[Mapping[str, Any]] = UNSET,
    weight_bands: Sequence[Mapping[str, Any]] = UNSET,
    free_over_amount: object = UNSET,
    min_delivery_days: object = UNSET,
    max_delivery_days: object = UNSET,
    description: str = UNSET,
    is_active: bool = UNSET,
    sort_order: object = UNSET,
) -> ShippingMethod:
    """Change ``method``: fields left out keep their value, ``zones`` and
    ``weight_bands`` given replace all of them. The result is checked as a
    whole, as by ``create_shipping_method`` (same errors). Orders keep the
    name and fee they were placed with."""
    current: dict[str, Any] = {
        "name": method.name,
        "kind": method.kind,
        "zones": [
            {"provinces": zone_province_codes(z), "rest_of_country": z.is_rest_of_country, "fee": z.fee}
            for z in method.zones.all()
        ],
        "weight_bands": [{"max_grams": b.max_grams, "fee": b.fee} for b in method.weight_bands.all()],
        "free_over_amount": method.free_over_amount,
        "min_delivery_days": method.min_delivery_days,
        "max_delivery_days": method.max_delivery_days,
        "description": method.description,
        "is_active": method.is_active,
        "sort_order": method.sort_order,
    }
    given = {
        "name": name,
        "kind": kind,
        "zones": zones,
        "weight_bands": weight_bands,
        "free_over_amount": free_over_amount,
        "min_delivery_days": min_delivery_days,
        "max_delivery_days": max_delivery_days,
        "description": description,
        "is_active": is_active,
        "sort_order": sort_order,
    }
    values = {**current, **{key: value for key, value in given.items() if value is not UNSET}}
    if kind is not UNSET and str(kind).lower() != method.kind:
        # A new kind starts from the rules that kind uses.
        if weight_bands is UNSET and str(kind).lower() != ShippingMethodKind.WEIGHT:
            values["weight_bands"] = []
        if free_over_amount is UNSET and str(kind).lower() != ShippingMethodKind.FREE_OVER:
            values["free_over_amount"] = None
    plan = _plan(values, seller=method.seller, method=method)
    with transaction.atomic():
        locked = ShippingMethod.objects.select_for_update().filter(pk=method.pk).first()
        if locked is None:
            raise ShippingError("NOT_FOUND", _("Không tìm thấy phương thức giao hàng."))
        for field, value in plan.fields.items():
            setattr(method, field, value)
        try:
            with transaction.atomic():
                method.save()
        except IntegrityError as exc:
            raise _name_taken() from exc
        _write_rules(method, plan)
    # A fresh copy: ``quote`` must not read zones loaded before the change.
    return offer_queryset().get(pk=method.pk)


def delete_shipping_method(*, method: ShippingMethod, actor: User | None) -> None:
    """Remove ``method`` with its zones and bands. Orders keep the name and
    fee they were placed with; checkouts that had chosen it choose again."""
    ShippingMethod.objects.filter(pk=method.pk).delete()
