"""Forms of the checkout and the address book. They only carry the input:
every rule (required fields, the phone number, the province and its
communes) is ``marketplace.account.addresses.validate_address``'s, whose
errors ``add_domain_errors`` puts beside the right field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.account.addresses import communes_of, provinces
from marketplace.account.models import Address
from marketplace.core.errors import DomainError, ValidationFailed

# Where each domain field's error shows on the address form.
ADDRESS_FIELDS = {
    "first_name": "full_name",
    "last_name": "full_name",
    "street_address_1": "street_address_1",
    "street_address_2": "street_address_1",
    "province": "province",
    "commune": "commune",
    "phone": "phone",
    "email": "email",
}


def posted_text(data: Any, name: str) -> str:
    """A posted value without NUL characters (PostgreSQL text cannot hold
    them and nobody types them)."""
    return str(data.get(name, "") or "").replace("\x00", "")


class TextField(forms.CharField):
    """A text input that drops NUL characters instead of refusing them in
    Django's (English) words."""

    def to_python(self, value: Any) -> str:
        return super().to_python(value.replace("\x00", "") if isinstance(value, str) else value)


def split_full_name(full_name: str) -> tuple[str, str]:
    """``Nguyễn Văn An`` -> (last name ``Nguyễn``, first name ``Văn An``):
    Vietnamese names put the family name first."""
    parts = full_name.split()
    if len(parts) < 2:
        return "", " ".join(parts)
    return parts[0], " ".join(parts[1:])


def add_domain_errors(form: forms.Form, error: DomainError, fields: dict[str, str] | None = None) -> None:
    """Show a service's error(s) beside their fields; the rest above the form."""
    mapping = fields if fields is not None else ADDRESS_FIELDS
    for item in error.errors if isinstance(error, ValidationFailed) else [error]:
        name = mapping.get(item.field or "")
        target = name if name in form.fields else None
        if item.message not in form.errors.get(target or "__all__", []):
            form.add_error(target, item.message)


class AddressForm(forms.Form):
    """A Vietnamese delivery address: the recipient, a phone the courier can
    call, province then commune (two-level model), then the street part.
    Without JavaScript the province is chosen first with its own button (the
    page comes back with that province's communes)."""

    full_name = TextField(
        label=_("Họ và tên người nhận"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = TextField(
        label=_("Số điện thoại"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    province = TextField(label=_("Tỉnh/thành phố"), required=False, widget=forms.Select)
    commune = TextField(label=_("Xã/phường/đặc khu"), required=False, widget=forms.Select)
    street_address_1 = TextField(
        label=_("Số nhà, tên đường hoặc thôn, ấp"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )

    def __init__(self, *args: Any, province_code: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].widget.choices = [("", _("— Chọn tỉnh/thành phố —"))] + [
            (p.code, p.full_name) for p in provinces()
        ]
        self.fields["commune"].widget.choices = [("", _("— Chọn xã/phường/đặc khu —"))] + [
            (c.code, c.name) for c in communes_of(province_code)
        ]

    def address_input(self) -> dict[str, str]:
        """The mapping ``validate_address`` reads (call after ``is_valid``)."""
        data = self.cleaned_data
        last_name, first_name = split_full_name(data.get("full_name", ""))
        return {
            "first_name": first_name,
            "last_name": last_name,
            "phone": data.get("phone", ""),
            "province": data.get("province", ""),
            "commune": data.get("commune", ""),
            "street_address_1": data.get("street_address_1", ""),
            # The form shows both street lines as one: saving it clears the second.
            "street_address_2": "",
        }


def address_initial(address: Address | None) -> dict[str, str]:
    if address is None:
        return {}
    return {
        "full_name": address.full_name,
        "phone": address.phone_national,
        "province": address.province_id,
        "commune": address.commune_id,
        "street_address_1": ", ".join(p for p in (address.street_address_1, address.street_address_2) if p),
    }


def posted_province(data: Any) -> str:
    """The province a POST names (for the commune list), or ``""``."""
    code = str(data.get("province", "") if data else "")
    return code if code.isdigit() and len(code) == 2 else ""


class CheckoutAddressForm(AddressForm):
    """The address step: the email for guests, the address (or a saved one)."""

    email = TextField(
        label=_("Email nhận thông tin đơn hàng"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    save_to_book = forms.BooleanField(label=_("Lưu địa chỉ này vào sổ địa chỉ"), required=False)

    field_order = ["email", "full_name", "phone", "province", "commune", "street_address_1", "save_to_book"]

    def __init__(self, *args: Any, guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not guest:
            del self.fields["email"]
        else:
            del self.fields["save_to_book"]
