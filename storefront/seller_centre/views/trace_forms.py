"""Forms of the seller centre's traceability pages ("Truy xuất"). They check
the input's shape in Vietnamese; the rules (lot code characters, dates,
counts, lifecycles) live in ``traceability.services``, whose errors
``add_service_errors`` shows beside the field they concern."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.geography.models import Commune, Province
from marketplace.product.models import OcopCertificate, ProductVariant
from marketplace.seller.models import ProducerMember, Seller, SellerKind
from storefront.forms import DivisionChoiceField
from storefront.seller_centre.forms import date_field, messages
from traceability.labels import FORMATS
from traceability.models import BatchUnit, EventKind

# What a cooperative can record by hand, in the order of a lot's life.
EVENT_BUTTONS = (
    (EventKind.HARVEST, _("Thu hoạch")),
    (EventKind.PROCESSING, _("Sơ chế/Chế biến")),
    (EventKind.PACKING, _("Đóng gói")),
    (EventKind.SHIPPING, _("Giao hàng")),
    (EventKind.RECEIVING, _("Nhận hàng")),
    (EventKind.INSPECTION, _("Kiểm tra")),
)

ZPL_PREFIX = "zpl-"


def label_format_choices() -> list[tuple[str, str]]:
    """Every sheet and roll as a PDF, then the rolls again as ZPL."""
    choices = [(code, str(fmt.title)) for code, fmt in FORMATS.items()]
    choices += [
        (f"{ZPL_PREFIX}{code}", _("ZPL cho máy in Zebra — %(title)s") % {"title": fmt.title})
        for code, fmt in FORMATS.items()
        if fmt.is_thermal
    ]
    return choices


class VariantChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProductVariant) -> str:
        return f"{obj.product.name} – {obj.name}" if obj.name else obj.product.name


class CertificateChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OcopCertificate) -> str:
        return _("Số %(number)s — %(stars)s sao") % {"number": obj.number, "stars": obj.star_rating}


class BatchForm(forms.Form):
    """A new lot: which variant, its code, when and where it was made."""

    variant = VariantChoice(
        label=_("Sản phẩm"),
        queryset=ProductVariant.objects.none(),
        empty_label=_("— Chọn sản phẩm —"),
        error_messages=messages(_("Vui lòng chọn sản phẩm.")),
    )
    lot_code = forms.CharField(
        label=_("Mã lô"),
        max_length=40,
        help_text=_("1–20 ký tự: chữ cái không dấu, chữ số và các dấu - . / _ (ví dụ: CHE-2025-06)."),
        error_messages=messages(_("Vui lòng nhập mã lô.")),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    harvest_start = date_field(_("Ngày thu hoạch"), help_text=_("Thu hoạch một ngày: chỉ điền ô này."))
    harvest_end = date_field(_("Thu hoạch đến ngày"), help_text=_("Nếu thu hoạch trong nhiều ngày."))
    production_date = date_field(_("Ngày sản xuất"))
    expiry_date = date_field(_("Hạn sử dụng"))
    quantity = forms.CharField(
        label=_("Số lượng"),
        max_length=20,
        required=False,
        error_messages=messages(),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    unit = forms.ChoiceField(
        label=_("Đơn vị tính"),
        choices=BatchUnit.choices,
        initial=BatchUnit.KG,
        required=False,
        error_messages=messages(),
    )
    origin_province = DivisionChoiceField(
        label=_("Tỉnh/thành nơi sản xuất"),
        queryset=Province.objects.all(),
        required=False,
        empty_label=_("— Như địa chỉ sản phẩm —"),
        error_messages=messages(),
    )
    origin_commune = DivisionChoiceField(
        label=_("Xã/phường nơi sản xuất"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("— Chọn xã/phường —"),
        error_messages=messages(),
    )
    farm_plot = forms.CharField(
        label=_("Thửa, lô, vườn"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Vườn chè đội 3."),
        error_messages=messages(),
    )
    producer = forms.ModelChoiceField(
        label=_("Thành viên sản xuất"),
        queryset=ProducerMember.objects.none(),
        required=False,
        empty_label=_("— Không ghi —"),
        error_messages=messages(),
    )
    applied_standards = forms.CharField(
        label=_("Tiêu chuẩn áp dụng"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: VietGAP, TCVN 3218:2012."),
        error_messages=messages(),
    )
    certificates = CertificateChoice(
        label=_("Giấy chứng nhận OCOP"),
        queryset=OcopCertificate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=messages(),
    )
    notes = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, seller: Seller, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["variant"].queryset = (
            ProductVariant.objects.filter(product__seller=seller)
            .select_related("product")
            .order_by("product__name", "name", "pk")
        )
        province_id = self.data.get("origin_province") or self.initial.get("origin_province") or seller.province_id
        self.fields["origin_commune"].queryset = Commune.objects.filter(province_id=province_id)
        if seller.kind == SellerKind.COOPERATIVE:
            self.fields["producer"].queryset = ProducerMember.objects.filter(seller=seller)
        else:
            del self.fields["producer"]
        certificates = OcopCertificate.objects.filter(seller=seller, revoked=False).order_by("-decision_date")
        self.fields["certificates"].queryset = certificates


class EventForm(forms.Form):
    """One supply-chain step in a few taps: the kind comes from the button."""

    kind = forms.ChoiceField(choices=EVENT_BUTTONS, error_messages=messages(_("Chọn loại sự kiện.")))
    when = forms.DateTimeField(
        label=_("Thời gian"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=_("Để trống: bây giờ."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Thời gian không hợp lệ.")},
    )
    place = forms.CharField(
        label=_("Địa điểm"),
        max_length=255,
        required=False,
        help_text=_("Để trống: địa chỉ của cơ sở (nơi trồng khi thu hoạch)."),
        error_messages=messages(),
    )
    order_reference = forms.CharField(label=_("Số đơn hàng"), max_length=60, required=False, error_messages=messages())
    passed = forms.ChoiceField(
        label=_("Kết quả kiểm tra"),
        required=False,
        choices=[("", _("— Không ghi —")), ("1", _("Đạt")), ("0", _("Không đạt"))],
        error_messages=messages(),
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GtinForm(forms.Form):
    gtin = forms.CharField(
        label=_("Mã GTIN (mã vạch)"),
        max_length=20,
        required=False,
        help_text=_("8, 12, 13 hoặc 14 chữ số; mã Việt Nam bắt đầu bằng 893. Để trống: dùng mã nội bộ."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        error_messages={"required": _("Vui lòng nhập số tem."), "invalid": _("Số tem phải là số nguyên.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class StampRequestForm(forms.Form):
    count = count_field(_("Số tem cần tạo"))


class PrintForm(forms.Form):
    label_format = forms.ChoiceField(
        label=_("Khổ nhãn"), choices=label_format_choices, initial="L7651", error_messages=messages()
    )
    count = count_field(_("Số tem cần in"))


class ActivateForm(forms.Form):
    """Activate a job's printed stamps: all of them, or positions first–last."""

    first = forms.IntegerField(label=_("Từ tem số"), required=False, min_value=1, error_messages=messages())
    last = forms.IntegerField(label=_("Đến tem số"), required=False, min_value=1, error_messages=messages())


class VoidForm(forms.Form):
    serials = forms.CharField(
        label=_("Số sê-ri cần hủy"),
        help_text=_("Mỗi dòng một số sê-ri (in dưới mã QR)."),
        widget=forms.Textarea(attrs={"rows": 2, "autocapitalize": "characters"}),
        error_messages=messages(_("Vui lòng nhập số sê-ri.")),
    )
    reason = forms.CharField(label=_("Lý do"), max_length=2000, error_messages=messages(_("Vui lòng nhập lý do.")))


class RecallForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=messages(_("Vui lòng nhập lý do.")),
    )
    confirm = forms.BooleanField(
        label=_("Tôi hiểu: mọi tem của lô sẽ báo thu hồi khi quét, không hoàn tác được."),
        error_messages={"required": _("Vui lòng đánh dấu xác nhận.")},
    )
