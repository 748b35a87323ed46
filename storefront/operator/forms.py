"""Forms of the operator pages. They check the input's shape; the decisions
themselves (who may take them, from which status, whether a reason is
required) are the services' to judge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.geography.models import Province
from marketplace.product.models import ProductStatus
from marketplace.seller.models import Seller, SellerDocumentKind, SellerKind, SellerStatus
from marketplace.seller.selectors import OPTIONAL_DOCUMENT_KINDS, PROFILE_FIELD_LABELS, required_document_kinds
from storefront.forms import DivisionChoiceField

REASON_MAX_LENGTH = 2000
CHOICE_ERRORS = {"invalid_choice": _("Lựa chọn không hợp lệ.")}
TEXT_ERRORS = {"max_length": _("Nội dung quá dài (tối đa %(limit_value)d ký tự).")}
WAITING_STATUSES = (SellerStatus.SUBMITTED, SellerStatus.IN_REVIEW)


def _province_field() -> forms.ModelChoiceField:
    return DivisionChoiceField(
        label=_("Tỉnh/thành phố"),
        queryset=Province.objects.all(),
        required=False,
        empty_label=_("Tất cả tỉnh/thành phố"),
        error_messages=CHOICE_ERRORS,
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", _("Tất cả hồ sơ đang chờ"))] + [(s.value, s.label) for s in WAITING_STATUSES],
        required=False,
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"] = _province_field()


class SellerFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên, email, số điện thoại, mã số thuế"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", _("Mọi trạng thái"))] + list(SellerStatus.choices),
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    kind = forms.ChoiceField(
        label=_("Loại hình"),
        choices=[("", _("Mọi loại hình"))] + list(SellerKind.choices),
        required=False,
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"] = _province_field()


def _reason_field(label: Any, *, rows: int = 2, required_in_browser: bool = False) -> forms.CharField:
    attrs: dict[str, Any] = {"rows": rows, "maxlength": REASON_MAX_LENGTH}
    if required_in_browser:
        # The browser asks before sending; the service refuses an empty reason anyway.
        attrs["required"] = True
    return forms.CharField(
        label=label,
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs=attrs),
        error_messages=TEXT_ERRORS,
    )


class DecisionForm(forms.Form):
    """A decision with an optional or required reason (the service decides which)."""

    def __init__(self, *args: Any, reason_label: Any = None, reason_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _reason_field(
            reason_label or _("Ghi chú (không bắt buộc)"), required_in_browser=reason_required
        )


REASON_PREFIX = "reason_"


class RequestChangesForm(forms.Form):
    """One optional reason box per profile field and per kind of document,
    and a general note; the service requires at least one reason."""

    reason = _reason_field(_("Lời nhắn chung cho người bán (không bắt buộc)"))

    def __init__(self, *args: Any, seller: Seller, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile_keys = [
            key for key in PROFILE_FIELD_LABELS if key != "producers" or seller.kind == SellerKind.COOPERATIVE
        ]
        self.document_keys = [str(kind) for kind in [*required_document_kinds(seller.kind), *OPTIONAL_DOCUMENT_KINDS]]
        for key in self.profile_keys:
            self.fields[REASON_PREFIX + key] = _reason_field(PROFILE_FIELD_LABELS[key], rows=1)
        for key in self.document_keys:
            self.fields[REASON_PREFIX + key] = _reason_field(SellerDocumentKind(key).label, rows=1)

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[REASON_PREFIX + key] for key in self.profile_keys]

    def document_fields(self) -> list[forms.BoundField]:
        return [self[REASON_PREFIX + key] for key in self.document_keys]

    def field_reasons(self) -> dict[str, str]:
        """{review key: reason} for every box filled in."""
        return {
            name.removeprefix(REASON_PREFIX): text
            for name, text in self.cleaned_data.items()
            if name.startswith(REASON_PREFIX) and text.strip()
        }


class DocumentReviewForm(forms.Form):
    document = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(
        choices=[("accept", _("Hợp lệ")), ("replace", _("Cần thay thế"))], error_messages=CHOICE_ERRORS
    )
    note = _reason_field(_("Lý do cần thay (người bán sẽ thấy)"), rows=1)


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên sản phẩm, người bán, mã SKU"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", _("Mọi trạng thái"))] + list(ProductStatus.choices),
        required=False,
        error_messages=CHOICE_ERRORS,
    )


class UnlistForm(forms.Form):
    reason = _reason_field(_("Lý do gỡ (người bán sẽ thấy)"), rows=3, required_in_browser=True)


class RelistForm(forms.Form):
    note = _reason_field(_("Ghi chú cho người bán (không bắt buộc)"))
