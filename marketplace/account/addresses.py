"""Vietnamese postal addresses: validation, the shopper's address book and the
lists the address forms choose from.

Addresses follow the two-level model in force since 1 July 2025: province or
centrally-run city (34), then commune, ward or special zone (3,321), then the
street part (house number and street, or hamlet/village). The divisions come
from ``marketplace.geography`` (loaded by a data migration).

Input (``validate_address``) is a mapping with Saleor's ``AddressInput`` field
names in snake case: ``first_name``, ``last_name``, ``company_name``,
``street_address_1``, ``street_address_2``, ``province``, ``commune``,
``phone``, ``postal_code``, ``country``. Saleor clients that send
``country_area`` and ``city`` instead of ``province`` and ``commune`` are
understood too. The province and the commune are given by code (Province
``"22"``, Commune ``"06652"``) or, to help API clients, by name: the exact
name compared without case or diacritics ("quang ninh", "Tỉnh Quảng Ninh",
"phuong ha tu", "Hà Tu"); a name that matches several communes of the
province is refused (send the code). Phones are read as Vietnamese unless
they carry a country code, must be a valid Vietnamese mobile or landline
number and are stored in E.164 (``+84912345678``).

Errors: ``validate_address`` raises ``AddressValidationFailed`` (a
``ValidationFailed``) listing one ``AddressError`` per faulty field; services
raise ``AddressError``. Codes, after Saleor's ``AccountErrorCode``:

- ``REQUIRED``: a required field is empty (name, street, province, commune, phone);
- ``INVALID``: unknown province, unknown commune, commune not in the province,
  a country other than VN, a malformed postal code, a field too long, an
  unknown default-address type;
- ``INVALID_PHONE``: not a valid Vietnamese mobile or landline number;
- ``NOT_FOUND``: no such address *in this user's book* (also another user's);
- ``PERMISSION_DENIED``: a guest has no address book;
- ``LIMIT_EXCEEDED``: the book already holds ``MAX_ADDRESSES_PER_USER``.

Defaults are flags on ``Address`` (``is_default_shipping`` and
``is_default_billing``, at most one of each per user, enforced by the
database). The first address a user saves becomes both defaults; deleting a
default address leaves that default unset.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import phonenumbers
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import Address, User, format_phone_national
from marketplace.core.compiled import CompiledQuery
from marketplace.core.errors import DomainError, ValidationFailed
from marketplace.core.text import search_normalize
from marketplace.geography.models import Commune, Province

MAX_ADDRESSES_PER_USER = 20
MAX_FIELD_LENGTH = 256
AddressType = Literal["SHIPPING", "BILLING"]

_PROVINCE_CODE = re.compile(r"^\d{2}$")
_COMMUNE_CODE = re.compile(r"^\d{5}$")
_POSTAL_CODE = re.compile(r"^\d{5}$")
# Prefixes a typed name may carry, compared after ``search_normalize``.
_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?)\s+")
_COMMUNE_PREFIX = re.compile(r"^(phuong|xa|dac khu)\s+")
_PHONE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)
_TEXT_FIELDS = ("first_name", "last_name", "company_name", "street_address_1", "street_address_2")


class AddressError(DomainError):
    """An address rule said no; nothing was changed."""


class AddressValidationFailed(ValidationFailed, AddressError):
    """Several ``AddressError`` field errors at once."""


@dataclass(frozen=True)
class AddressData:
    """A checked address: every field normalised, the divisions resolved."""

    first_name: str
    last_name: str
    company_name: str
    street_address_1: str
    street_address_2: str
    province_code: str
    province_name: str
    commune_code: str
    commune_name: str
    phone: str
    postal_code: str = ""
    country: str = "VN"

    @property
    def phone_national(self) -> str:
        return format_phone_national(self.phone)

    def as_input(self) -> dict[str, str]:
        """The mapping ``validate_address`` accepts (codes for the divisions)."""
        values = {name: getattr(self, name) for name in (*_TEXT_FIELDS, "phone", "postal_code", "country")}
        return {**values, "province": self.province_code, "commune": self.commune_code}

    def model_fields(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in (*_TEXT_FIELDS, "phone", "postal_code", "country")}
        return {**values, "province_id": self.province_code, "commune_id": self.commune_code}


# --- validation -------------------------------------------------------------------


def _text(data: Mapping[str, Any], name: str, *alias: str) -> str:
    for key in (name, *alias):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            value = getattr(value, "pk", value)  # a Province or Commune instance
        if value is not None and str(value).strip():
            return unicodedata.normalize("NFC", " ".join(str(value).split()))
    return ""


def _division_code(value: str, *, width: int) -> str:
    """Codes sent as numbers lose their leading zeros (1 -> "01")."""
    return value.zfill(width) if value.isdigit() and len(value) < width else value


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """``0912 345 678``, ``84912345678`` or ``+84 912-345-678`` -> ``+84912345678``.

    Raises ``AddressError("INVALID_PHONE")`` unless it is a valid Vietnamese
    mobile or landline number (no foreign, short, premium-rate or toll-free
    numbers: a courier must be able to call it)."""
    message = _("Số điện thoại không hợp lệ. Hãy nhập số di động hoặc số cố định Việt Nam, ví dụ 0912 345 678.")
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException as exc:
        raise AddressError("INVALID_PHONE", message, field=field) from exc
    if (
        not phonenumbers.is_valid_number(number)
        or phonenumbers.region_code_for_number(number) != "VN"
        or phonenumbers.number_type(number) not in _PHONE_TYPES
    ):
        raise AddressError("INVALID_PHONE", message, field=field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _unknown_province() -> AddressError:
    return AddressError("INVALID", _("Không tìm thấy tỉnh/thành phố này."), field="province")


def _unknown_commune() -> AddressError:
    return AddressError("INVALID", _("Không tìm thấy xã/phường/đặc khu này."), field="commune")


def _commune_elsewhere() -> AddressError:
    return AddressError("INVALID", _("Xã/phường/đặc khu đã chọn không thuộc tỉnh/thành phố đã chọn."), field="commune")


def _find_province(raw: str) -> Province | None:
    if _PROVINCE_CODE.match(raw):
        return Province.objects.filter(code=raw).first()
    wanted = _PROVINCE_PREFIX.sub("", search_normalize(raw))
    return next((p for p in Province.objects.all() if search_normalize(p.name) == wanted), None)


def _bare_name(name: str) -> str:
    """``Phường Hà Tu`` -> ``Hà Tu``."""
    for kind in ("Phường ", "Xã ", "Đặc khu "):
        if name.startswith(kind):
            return name[len(kind) :]
    return name


def _find_commune_by_name(province: Province, raw: str) -> Commune:
    """The commune of ``province`` called ``raw``, with or without its kind
    ("Phường Hà Tu", "ha tu"). Where names differ only by diacritics ("Vân
    Lang", "Văn Lãng") or by kind ("Xã Tân Thành", "Phường Tân Thành"), only
    the exact spelling is accepted. Raises ``AddressError("INVALID")``."""
    typed = search_normalize(raw)
    communes = list(Commune.objects.filter(province=province))
    matches = [c for c in communes if search_normalize(c.name) == typed] or [
        c for c in communes if search_normalize(_bare_name(c.name)) == _COMMUNE_PREFIX.sub("", typed)
    ]
    if len(matches) > 1:
        exact = raw.casefold()
        matches = [c for c in matches if exact in (c.name.casefold(), _bare_name(c.name).casefold())] or matches
    if len(matches) > 1:
        raise AddressError(
            "INVALID", _("Có nhiều xã/phường/đặc khu trùng tên này; hãy chọn trong danh sách."), field="commune"
        )
    if not matches:
        raise _unknown_commune()
    return matches[0]


# Every address entered reads its commune: compiled once per process.
_COMMUNE_WITH_PROVINCE = CompiledQuery(
    lambda *, code: Commune.objects.select_related("province").filter(code=code), code=str
)


def _resolve_divisions(province_raw: str, commune_raw: str) -> tuple[Province, Commune]:
    """The province and commune named by codes (one query when both are
    codes and agree) or names. Raises ``AddressError`` (``INVALID``)."""
    if _PROVINCE_CODE.match(province_raw) and _COMMUNE_CODE.match(commune_raw):
        commune = _COMMUNE_WITH_PROVINCE.first(code=commune_raw)
        if commune is not None and commune.province_id == province_raw:
            return commune.province, commune
    province = _find_province(province_raw)
    if province is None:
        raise _unknown_province()
    if _COMMUNE_CODE.match(commune_raw):
        commune = Commune.objects.filter(code=commune_raw).first()
        if commune is None:
            raise _unknown_commune()
        if commune.province_id != province.code:
            raise _commune_elsewhere()
        return province, commune
    return province, _find_commune_by_name(province, commune_raw)


def validate_address(data: Mapping[str, Any] | AddressData) -> AddressData:
    """Check and normalise an address; writes nothing.

    Raises ``AddressValidationFailed`` listing every faulty field (codes
    ``REQUIRED``, ``INVALID``, ``INVALID_PHONE``)."""
    if isinstance(data, AddressData):
        data = data.as_input()
    errors: list[DomainError] = []
    values = {name: _text(data, name) for name in _TEXT_FIELDS}
    for name, value in values.items():
        if len(value) > MAX_FIELD_LENGTH:
            errors.append(
                AddressError("INVALID", _("Tối đa %(limit)s ký tự.") % {"limit": MAX_FIELD_LENGTH}, field=name)
            )
    if not values["first_name"] and not values["last_name"]:
        errors.append(AddressError("REQUIRED", _("Vui lòng nhập họ tên người nhận."), field="first_name"))
    if not values["street_address_1"]:
        errors.append(
            AddressError("REQUIRED", _("Vui lòng nhập số nhà, tên đường hoặc thôn, ấp."), field="street_address_1")
        )

    country = _text(data, "country").upper() or "VN"
    if country != "VN":
        errors.append(AddressError("INVALID", _("Hiện chỉ giao hàng trong Việt Nam."), field="country"))
    postal_code = _text(data, "postal_code").replace(" ", "")
    if postal_code and not _POSTAL_CODE.match(postal_code):
        errors.append(AddressError("INVALID", _("Mã bưu chính gồm 5 chữ số."), field="postal_code"))

    phone = ""
    raw_phone = _text(data, "phone")
    if not raw_phone:
        errors.append(AddressError("REQUIRED", _("Vui lòng nhập số điện thoại người nhận."), field="phone"))
    else:
        try:
            phone = normalize_phone(raw_phone)
        except AddressError as error:
            errors.append(error)

    province_raw = _division_code(_text(data, "province", "country_area"), width=2)
    commune_raw = _division_code(_text(data, "commune", "city"), width=5)
    if not province_raw:
        errors.append(AddressError("REQUIRED", _("Vui lòng chọn tỉnh/thành phố."), field="province"))
    if not commune_raw:
        errors.append(AddressError("REQUIRED", _("Vui lòng chọn xã/phường/đặc khu."), field="commune"))
    province = commune = None
    if province_raw and commune_raw:
        try:
            province, commune = _resolve_divisions(province_raw, commune_raw)
        except AddressError as error:
            errors.append(error)
    elif province_raw and _find_province(province_raw) is None:
        errors.append(_unknown_province())

    if errors or province is None or commune is None:
        raise AddressValidationFailed(errors)
    return AddressData(
        **values,
        province_code=province.code,
        province_name=province.full_name,
        commune_code=commune.code,
        commune_name=commune.name,
        phone=phone,
        postal_code=postal_code,
        country=country,
    )


# --- the address book -------------------------------------------------------------


def _signed_in(user: User | AnonymousUser | None) -> User:
    if user is None or not user.is_authenticated or not user.is_active:
        raise AddressError("PERMISSION_DENIED", _("Vui lòng đăng nhập để dùng sổ địa chỉ."))
    return user  # type: ignore[return-value]


def _as_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _not_found() -> AddressError:
    return AddressError("NOT_FOUND", _("Không tìm thấy địa chỉ."), field="id")


def _check_owner(user: User | AnonymousUser | None, address: Address) -> User:
    owner = _signed_in(user)
    if address.user_id is None or address.user_id != owner.pk:
        raise _not_found()
    return owner


def _lock_book(user: User) -> None:
    """Serialise changes to one user's address book (limit, defaults): the
    caller is inside ``transaction.atomic``."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()


def get_address_for_user(*, user: User | AnonymousUser | None, address_id: object) -> Address:
    """The address ``address_id`` of ``user``'s book, with its divisions.

    Raises ``AddressError("NOT_FOUND")`` for an unknown id or another user's
    (or a checkout's or an order's) address, so ids cannot be probed."""
    owner = _signed_in(user)
    pk = _as_id(address_id)
    found = (
        Address.objects.select_related("province", "commune").filter(pk=pk, user_id=owner.pk).first()
        if pk is not None
        else None
    )
    if found is None:
        raise _not_found()
    return found


def addresses_of(*, user: User) -> list[Address]:
    """The user's address book, default shipping address first (one query)."""
    return list(
        Address.objects.filter(user_id=user.pk)
        .select_related("province", "commune")
        .order_by("-is_default_shipping", "-is_default_billing", "pk")
    )


def create_address(*, user: User | AnonymousUser | None, data: Mapping[str, Any] | AddressData) -> Address:
    """Add an address to ``user``'s book; the first one becomes the default
    shipping and billing address.

    Raises ``AddressValidationFailed`` (bad input), ``AddressError``
    (``PERMISSION_DENIED`` for a guest, ``LIMIT_EXCEEDED``)."""
    owner = _signed_in(user)
    checked = validate_address(data)
    with transaction.atomic():
        _lock_book(owner)
        count = Address.objects.filter(user_id=owner.pk).count()
        if count >= MAX_ADDRESSES_PER_USER:
            raise AddressError(
                "LIMIT_EXCEEDED",
                _("Sổ địa chỉ chỉ lưu được tối đa %(limit)s địa chỉ.") % {"limit": MAX_ADDRESSES_PER_USER},
            )
        first = count == 0
        return Address.objects.create(
            user=owner, is_default_shipping=first, is_default_billing=first, **checked.model_fields()
        )


def update_address(
    *, user: User | AnonymousUser | None, address: Address, data: Mapping[str, Any] | AddressData
) -> Address:
    """Change an address of ``user``'s book. Fields missing from ``data`` (or
    given as ``None``) keep their value; ``""`` clears an optional field. The
    result is validated as a whole (a new province needs a commune of that
    province). Orders and checkouts keep their own copies.

    Raises ``AddressError("NOT_FOUND")`` (not this user's), ``AddressValidationFailed``."""
    _check_owner(user, address)
    given = data.as_input() if isinstance(data, AddressData) else {k: v for k, v in data.items() if v is not None}
    if "country_area" in given and "province" not in given:
        given["province"] = given["country_area"]
    if "city" in given and "commune" not in given:
        given["commune"] = given["city"]
    current = {name: getattr(address, name) for name in (*_TEXT_FIELDS, "phone", "postal_code", "country")}
    current.update(province=address.province_id, commune=address.commune_id)
    checked = validate_address({**current, **{k: v for k, v in given.items() if k in current}})
    fields = {**checked.model_fields(), "updated_at": timezone.now()}
    if not Address.objects.filter(pk=address.pk, user_id=address.user_id).update(**fields):
        raise _not_found()  # deleted meanwhile
    for name, value in fields.items():
        setattr(address, name, value)
    return address


def delete_address(*, user: User | AnonymousUser | None, address: Address) -> None:
    """Remove an address from ``user``'s book (copies held by orders stay).

    Raises ``AddressError("NOT_FOUND")``."""
    _check_owner(user, address)
    Address.objects.filter(pk=address.pk, user_id=address.user_id).delete()


def set_default_address(*, user: User | AnonymousUser | None, address: Address, kind: AddressType | str) -> Address:
    """Make ``address`` the user's default ``SHIPPING`` or ``BILLING`` address
    (the previous default loses the flag).

    Raises ``AddressError``: ``NOT_FOUND``, ``INVALID`` on ``type``."""
    owner = _check_owner(user, address)
    field = {"SHIPPING": "is_default_shipping", "BILLING": "is_default_billing"}.get(str(kind).upper())
    if field is None:
        raise AddressError("INVALID", _("Loại địa chỉ mặc định không hợp lệ."), field="type")
    with transaction.atomic():
        _lock_book(owner)
        Address.objects.filter(user_id=owner.pk, **{field: True}).exclude(pk=address.pk).update(**{field: False})
        if not Address.objects.filter(pk=address.pk, user_id=owner.pk).update(**{field: True}):
            raise _not_found()
    setattr(address, field, True)
    return address


def copy_address(address: Address) -> Address:
    """A detached copy of ``address`` (no user, no default flags) for a
    checkout or an order, so that later edits of the book never change it."""
    fields = {name: getattr(address, name) for name in (*_TEXT_FIELDS, "phone", "postal_code", "country")}
    return Address.objects.create(user=None, province_id=address.province_id, commune_id=address.commune_id, **fields)


def create_detached_address(*, data: Mapping[str, Any] | AddressData) -> Address:
    """Validate ``data`` and store it as a detached address (a guest's or a
    checkout's, outside any address book). Raises ``AddressValidationFailed``."""
    checked = validate_address(data)
    return Address.objects.create(user=None, **checked.model_fields())


# --- lists for the address forms ----------------------------------------------------


def division_order(division: Province | Commune) -> tuple[str, str, str]:
    """The sort key of a province or commune in the lists people pick from:
    alphabetical as Vietnamese read it without diacritics ("Đà Nẵng" among
    the D's; the database's C collation would put every "Đ…" last)."""
    return search_normalize(division.name), division.name, division.pk


def provinces() -> list[Province]:
    """The 34 provinces and cities in ``division_order``."""
    return sorted(Province.objects.all(), key=division_order)


def communes_of(province_code: str) -> list[Commune]:
    """The communes, wards and special zones of a province in
    ``division_order`` (empty for an unknown code)."""
    return sorted(Commune.objects.filter(province_id=str(province_code or "")), key=division_order)
