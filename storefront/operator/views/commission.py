"""Commission rates (/quan-ly/hoa-hong/): each category's rate, sellers'
negotiated rates, and the latest changes. Operators only; every change goes
through ``payments.ledger.commission`` and is audited there."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.product.models import Category
from marketplace.seller.models import Seller
from payments.ledger.commission import set_category_rate, set_seller_override
from payments.ledger.errors import LedgerError
from payments.ledger.models import SellerCommissionOverride
from payments.ledger.selectors import categories_with_rates, commission_changes, seller_overrides
from storefront.operator.access import operator_required

CHOICE_ERRORS = {"invalid_choice": gettext_lazy("Lựa chọn không hợp lệ.")}
RATE_ERRORS = {
    "invalid": gettext_lazy("Nhập tỷ lệ phần trăm, ví dụ 5 hoặc 7,5."),
    "min_value": gettext_lazy("Tỷ lệ từ 0 đến 100%%."),
    "max_value": gettext_lazy("Tỷ lệ từ 0 đến 100%%."),
    "max_decimal_places": gettext_lazy("Tối đa 2 chữ số thập phân."),
    "max_digits": gettext_lazy("Tỷ lệ từ 0 đến 100%%."),
    "required": gettext_lazy("Vui lòng nhập tỷ lệ."),
}


def _rate_field(*, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=gettext_lazy("Tỷ lệ (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        required=required,
        localize=True,
        error_messages=RATE_ERRORS,
    )


class CategoryRateForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.all(), error_messages=CHOICE_ERRORS)
    # Empty: the category falls back to its parent's rate or the default.
    rate = _rate_field(required=False)


class OverrideForm(forms.Form):
    seller = forms.ModelChoiceField(
        label=gettext_lazy("Người bán"), queryset=Seller.objects.order_by("name"), error_messages=CHOICE_ERRORS
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Danh mục"),
        queryset=Category.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Mọi danh mục"),
        error_messages=CHOICE_ERRORS,
    )
    rate = _rate_field(required=True)


class RemoveOverrideForm(forms.Form):
    override = forms.ModelChoiceField(queryset=SellerCommissionOverride.objects.all(), error_messages=CHOICE_ERRORS)


def bps(rate: Decimal | None) -> int | None:
    return None if rate is None else int(rate * 100)


def percent(rate_bps: int | None) -> Decimal | None:
    """Basis points as a percentage for display (650 → 6.5)."""
    return None if rate_bps is None else (Decimal(rate_bps) / 100).normalize()


def _own_rate(category: Category) -> int | None:
    try:
        return category.commission_rate.rate_bps
    except Category.commission_rate.RelatedObjectDoesNotExist:
        return None


@operator_required
def commission(request: HttpRequest) -> HttpResponse:
    category_form = CategoryRateForm(auto_id="cat-%s")
    override_form = OverrideForm(auto_id="ovr-%s")
    error: str = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "category":
                category_form = CategoryRateForm(request.POST, auto_id="cat-%s")
                if category_form.is_valid():
                    data = category_form.cleaned_data
                    set_category_rate(actor=request.user, category=data["category"], rate_bps=bps(data["rate"]))
                    saved = _("Đã lưu hoa hồng của danh mục “%(name)s”.") % {"name": data["category"].name}
                    messages.success(request, saved)
                    return redirect(reverse("operator:commission"))
                error = _("Chưa lưu: %(errors)s") % {"errors": _errors(category_form)}
            elif action == "override":
                override_form = OverrideForm(request.POST, auto_id="ovr-%s")
                if override_form.is_valid():
                    data = override_form.cleaned_data
                    set_seller_override(
                        actor=request.user, seller=data["seller"], category=data["category"], rate_bps=bps(data["rate"])
                    )
                    saved = _("Đã lưu hoa hồng riêng của “%(name)s”.") % {"name": data["seller"].name}
                    messages.success(request, saved)
                    return redirect(reverse("operator:commission"))
            elif action == "remove":
                remove_form = RemoveOverrideForm(request.POST)
                if remove_form.is_valid():
                    found = remove_form.cleaned_data["override"]
                    set_seller_override(actor=request.user, seller=found.seller, category=found.category, rate_bps=None)
                    messages.success(request, _("Đã bỏ hoa hồng riêng."))
                    return redirect(reverse("operator:commission"))
                error = _("Không tìm thấy mức hoa hồng riêng này.")
            else:
                error = _("Thao tác không hợp lệ.")
        except LedgerError as exc:
            error = exc.message
    status = 400 if request.method == "POST" else 200
    context = {
        "default_rate": percent(settings.LEDGER_DEFAULT_COMMISSION_BPS),
        "categories": [(category, percent(_own_rate(category))) for category in categories_with_rates()],
        "overrides": [(override, percent(override.rate_bps)) for override in seller_overrides()],
        "changes": commission_changes(),
        "override_form": override_form,
        "error": error,
    }
    return render(request, "operator/commission.html", context, status=status)


def _errors(form: forms.Form) -> str:
    return " ".join(str(message) for messages_ in form.errors.values() for message in messages_)
