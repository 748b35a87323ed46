"""Seller centre forms for joining: registration, profile, documents, team
and a cooperative's producers. They check the input's shape, in Vietnamese
(Django's own Vietnamese catalogue is incomplete, so every message a seller
can see is written here); the rules themselves live in
``marketplace.seller.services``, whose errors ``add_service_errors`` puts
beside the field they concern."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.account.addresses import communes_of, provinces
from marketplace.core.errors import DomainError, ValidationFailed
from marketplace.seller.models import SellerKind, SellerRole
from storefront.messages import error_message

INVALID_CHOICE = _("Lựa chọn không hợp lệ, vui lòng chọn lại.")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def messages(required: str = "") -> dict[str, str]:
    """Vietnamese error messages for a form field; ``required`` says what to
    do when it is left empty (only for required fields)."""
    return {
        "required": required or _("Vui lòng điền mục này."),
        "invalid_choice": INVALID_CHOICE,
        "max_length": _("Nội dung quá dài."),
        "invalid": _("Giá trị không hợp lệ."),
    }


def add_service_errors(
    form: forms.Form, error: DomainError, fields: dict[str, str] | None = None, *, account: bool = False
) -> None:
    """Show a service's error(s) beside their fields (``fields`` maps a
    service field name to the form's); the rest go above the form.
    ``account=True`` words account errors with the shop's messages."""
    errors = error.errors if isinstance(error, ValidationFailed) else [error]
    for item in errors:
        name = (fields or {}).get(item.field or "", item.field)
        message = error_message(item) if account else item.message
        form.add_error(name if name in form.fields else None, message)


class DateInput(forms.DateInput):
    """The phone's own date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, required_message: str = "", help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=bool(required_message),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"required": required_message, "invalid": _("Ngày không hợp lệ (ngày/tháng/năm).")},
    )


# --- joining -----------------------------------------------------------------------


class SellerSignUpForm(forms.Form):
    """One screen to join: the account (when not signed in) and the seller."""

    email = forms.EmailField(
        label=_("Email"),
        error_messages={"required": _("Vui lòng nhập email."), "invalid": _("Email không hợp lệ.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        help_text=_("Ít nhất 8 ký tự, không chỉ gồm chữ số."),
        error_messages={"required": _("Vui lòng nhập mật khẩu.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    name = forms.CharField(
        label=_("Tên cơ sở"),
        max_length=200,
        help_text=_("Ví dụ: Hộ ông Nguyễn Văn A, HTX Chè Tân Cương."),
        error_messages=messages(_("Vui lòng nhập tên cơ sở.")),
    )
    kind = forms.ChoiceField(
        label=_("Loại hình"),
        choices=SellerKind.choices,
        widget=forms.RadioSelect,
        error_messages=messages(_("Vui lòng chọn loại hình cơ sở.")),
    )

    # Where each service error belongs on this form.
    service_fields = {"email": "email", "password": "password", "name": "name", "kind": "kind"}

    def __init__(self, *args: object, with_account: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not with_account:
            del self.fields["email"], self.fields["password"]


class ProfileForm(forms.Form):
    """The seller's profile. Communes are those of the chosen province: the
    page reloads them (no JavaScript: the "Chọn tỉnh" button; with it, a fetch)."""

    name = forms.CharField(label=_("Tên cơ sở"), max_length=200, error_messages=messages(_("Vui lòng nhập tên cơ sở.")))
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        error_messages=messages(),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("Email liên hệ"),
        max_length=254,
        required=False,
        error_messages=messages(),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    province = forms.ChoiceField(label=_("Tỉnh/thành phố"), required=False, error_messages=messages())
    commune = forms.ChoiceField(label=_("Xã/phường/đặc khu"), required=False, error_messages=messages())
    street_address = forms.CharField(
        label=_("Địa chỉ (số nhà, thôn, ấp)"), max_length=255, required=False, error_messages=messages()
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=20,
        required=False,
        help_text=_("Hộ sản xuất có thể dùng số căn cước 12 chữ số."),
        error_messages=messages(),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("Giới thiệu cơ sở"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=messages(),
    )

    def __init__(self, *args: object, province_code: str | None, editable: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not editable:
            for field in self.fields.values():
                field.disabled = True
        self.fields["province"].choices = [("", _("— Chọn tỉnh/thành phố —"))] + [
            (province.code, province.full_name) for province in provinces()
        ]
        self.fields["commune"].choices = [("", _("— Chọn xã/phường —"))] + commune_choices(province_code)
        self.fields["commune"].error_messages["invalid_choice"] = _(
            "Xã/phường này không thuộc tỉnh đã chọn; vui lòng chọn lại."
        )


def commune_choices(province_code: str | None) -> list[tuple[str, str]]:
    if not province_code:
        return []
    return [(commune.code, commune.name) for commune in communes_of(province_code)]


class DocumentForm(forms.Form):
    """One document: the file (the phone's camera opens) and its expiry."""

    file = forms.FileField(
        label=_("Ảnh chụp hoặc tệp PDF"),
        error_messages={
            "required": _("Vui lòng chọn ảnh hoặc tệp."),
            "empty": _("Tệp trống."),
            "invalid": _("Tệp không hợp lệ."),
        },
        widget=forms.FileInput(attrs={"accept": "image/*,application/pdf", "capture": "environment"}),
    )
    expires_on = date_field(_("Ngày hết hạn"), help_text=_("Bỏ trống nếu giấy tờ không có hạn."))

    def __init__(self, *args: object, expiry_required: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if expiry_required:
            field = self.fields["expires_on"]
            field.required = True
            field.help_text = ""
            field.error_messages["required"] = _("Vui lòng nhập ngày hết hạn của giấy chứng nhận.")


# --- the team ----------------------------------------------------------------------------


class InviteForm(forms.Form):
    contact = forms.CharField(
        label=_("Email hoặc số điện thoại"),
        max_length=254,
        error_messages=messages(_("Nhập email hoặc số điện thoại của người được mời.")),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )
    role = forms.ChoiceField(
        label=_("Vai trò"),
        choices=SellerRole.choices,
        initial=SellerRole.STAFF,
        error_messages=messages(_("Vui lòng chọn vai trò.")),
    )

    service_fields = {"email": "contact", "phone": "contact", "role": "role"}

    def contact_kwargs(self) -> dict[str, str]:
        contact = self.cleaned_data["contact"].strip()
        return {"email": contact} if "@" in contact else {"phone": contact}


class ProducerForm(forms.Form):
    name = forms.CharField(
        label=_("Tên thành viên (hộ sản xuất)"),
        max_length=200,
        error_messages=messages(_("Vui lòng nhập tên thành viên.")),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        error_messages=messages(),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    commune = forms.ChoiceField(label=_("Xã/phường"), required=False, error_messages=messages())
    notes = forms.CharField(
        label=_("Ghi chú (sản phẩm, diện tích...)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=messages(),
    )

    service_fields = {"name": "name", "phone": "phone"}

    def __init__(self, *args: object, communes: Iterable[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("— Không chọn —")), *communes]
