"""Forms of a sub-order's page in the seller centre: one per step a seller
may take. They check the input's shape (in Vietnamese); the workflow's rules
stay in ``marketplace.order.services`` and ``payments.services``, whose errors
``add_service_errors`` puts beside the field they concern.

``ORDER_TABS`` are the list's tabs: one status each, in the order a parcel
goes through them."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.order.models import OrderAction, SellerOrderStatus
from marketplace.order.services import MAX_NOTE_LENGTH
from storefront.seller_centre.forms import messages

# The step a seller records when the cash of a COD parcel came in (not a
# workflow transition: the status does not change).
COLLECT_COD = "collect_cod"


@dataclass(frozen=True)
class OrderTab:
    status: str
    label: Promise


ORDER_TABS = (
    OrderTab(SellerOrderStatus.UNCONFIRMED, _("Chờ xác nhận")),
    OrderTab(SellerOrderStatus.CONFIRMED, _("Cần đóng gói")),
    OrderTab(SellerOrderStatus.PACKED, _("Chờ gửi hàng")),
    OrderTab(SellerOrderStatus.SHIPPED, _("Đang giao")),
    OrderTab(SellerOrderStatus.DELIVERED, _("Đã giao")),
    OrderTab(SellerOrderStatus.CANCELLED, _("Đã hủy")),
    OrderTab(SellerOrderStatus.RETURNED, _("Trả hàng")),
)
TAB_STATUSES = frozenset(tab.status for tab in ORDER_TABS)


class NoInputForm(forms.Form):
    """A step that needs nothing but the button (confirm, pack, deliver)."""


class ShipForm(forms.Form):
    carrier = forms.CharField(
        label=_("Đơn vị vận chuyển"),
        max_length=100,
        error_messages=messages(_("Vui lòng nhập đơn vị vận chuyển.")),
        widget=forms.TextInput(attrs={"list": "carriers", "autocomplete": "off"}),
    )
    tracking_number = forms.CharField(
        label=_("Mã vận đơn"),
        max_length=100,
        error_messages=messages(_("Vui lòng nhập mã vận đơn.")),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=MAX_NOTE_LENGTH,
        error_messages=messages(_("Vui lòng ghi rõ lý do hủy đơn.")),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả hàng"),
        max_length=MAX_NOTE_LENGTH,
        required=False,
        error_messages=messages(),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    restock = forms.BooleanField(
        label=_("Hàng còn bán được: nhập lại kho"),
        required=False,
        initial=True,
    )


class CollectCodForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Số tiền đã thu (đồng)"),
        min_value=0,
        max_value=10**15,
        error_messages={
            **messages(_("Vui lòng nhập số tiền đã thu.")),
            "invalid": _("Hãy nhập số tiền bằng chữ số, không có dấu chấm hay chữ."),
            "min_value": _("Số tiền không được âm."),
            "max_value": _("Số tiền quá lớn."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


# Each step's form, by the ``action`` value the page posts.
ACTION_FORMS: dict[str, type[forms.Form]] = {
    OrderAction.CONFIRM: NoInputForm,
    OrderAction.PACK: NoInputForm,
    OrderAction.SHIP: ShipForm,
    OrderAction.DELIVER: NoInputForm,
    OrderAction.CANCEL: CancelForm,
    OrderAction.RETURN: ReturnForm,
    COLLECT_COD: CollectCodForm,
}


def action_form(action: str, data: object = None, *, initial: dict | None = None) -> forms.Form:
    """The form of ``action``, bound to ``data`` if given; its fields' ids
    carry the action's name so several forms fit on one page."""
    return ACTION_FORMS[action](data, initial=initial, prefix=None, auto_id=f"id_{action}_%s")
