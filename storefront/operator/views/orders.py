"""Orders for the trading floor's staff: find an order by number, email or
phone; see every sub-order with its lines and the whole audit trail; settle
a dispute with the steps the workflow gives operators (confirm, deliver,
cancel, accept a return). Each step goes through
``marketplace.order.services`` (audit row, stock, emails) and is refused
there, changing nothing, when the sub-order's status does not allow it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from marketplace.core.errors import DomainError
from marketplace.order import services as order_services
from marketplace.order.access import get_seller_order_for_operator
from marketplace.order.models import Order, OrderAction, OrderEvent, OrderStatus, SellerOrder, SellerOrderStatus
from marketplace.order.status import Party, allowed_actions
from payments.registry import get_gateway
from storefront.operator.access import operator_required
from storefront.operator.listing import page_of, query_without_page, valid_filters
from storefront.operator.order_queries import all_orders, filter_orders, order_for_operator
from storefront.operator.presenters import error_status
from storefront.seller_centre.order_forms import CancelForm, NoInputForm, ReturnForm

OPERATOR_FORMS: dict[str, type[forms.Form]] = {
    OrderAction.CONFIRM: NoInputForm,
    OrderAction.DELIVER: NoInputForm,
    OrderAction.CANCEL: CancelForm,
    OrderAction.RETURN: ReturnForm,
}
BUTTONS = {
    OrderAction.CONFIRM: (gettext_lazy("Xác nhận thay người bán"), "secondary"),
    OrderAction.DELIVER: (gettext_lazy("Ghi nhận đã giao"), "secondary"),
    OrderAction.CANCEL: (gettext_lazy("Hủy phần đơn này"), "danger"),
    OrderAction.RETURN: (gettext_lazy("Chấp nhận trả hàng"), "secondary"),
}


class OrderFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Mã đơn, email hoặc số điện thoại"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"),
        choices=[("", gettext_lazy("Mọi trạng thái"))] + list(OrderStatus.choices),
        required=False,
    )


@require_safe
@operator_required
def order_list(request: HttpRequest) -> HttpResponse:
    """Every order, newest first, 50 a page, narrowed by the search."""
    form = OrderFilterForm(request.GET or None)
    page = page_of(request, filter_orders(all_orders(), valid_filters(form)))
    return render(request, "operator/orders.html", {"form": form, "page": page, "query": query_without_page(request)})


@dataclass
class OperatorStep:
    action: str
    label: str
    style: str
    form: forms.Form


@dataclass
class SubOrderPanel:
    seller_order: SellerOrder
    steps: list[OperatorStep] = field(default_factory=list)


def _form(seller_order: SellerOrder, action: str, data: object = None) -> forms.Form:
    return OPERATOR_FORMS[action](data, auto_id=f"so{seller_order.pk}_{action}_%s")


def _step(seller_order: SellerOrder, action: str, form: forms.Form) -> OperatorStep:
    label, style = BUTTONS[action]
    return OperatorStep(action=action, label=str(label), style=style, form=form)


def _panels(order: Order, bound: tuple[SellerOrder, OperatorStep] | None) -> list[SubOrderPanel]:
    panels = []
    for seller_order in order.seller_orders.all():
        panel = SubOrderPanel(seller_order)
        for action in allowed_actions(seller_order.status, Party.OPERATOR):
            if bound is not None and bound[0].pk == seller_order.pk and bound[1].action == action:
                panel.steps.append(bound[1])
            else:
                panel.steps.append(_step(seller_order, action, _form(seller_order, action)))
        panels.append(panel)
    return panels


def _status_words(value: str, labels: type[SellerOrderStatus] | type[OrderStatus]) -> str:
    return str(labels(value).label) if value in labels.values else value


def _history(order: Order) -> list[tuple[OrderEvent, str]]:
    """Each event with its status change in words ("Đã gửi hàng → Đã hủy")."""
    entries = []
    for event in order.events.all():
        labels = SellerOrderStatus if event.seller_order_id else OrderStatus
        change = ""
        if event.from_status and event.from_status != event.to_status:
            change = f"{_status_words(event.from_status, labels)} → {_status_words(event.to_status, labels)}"
        entries.append((event, change))
    return entries


def _render(
    request: HttpRequest,
    order: Order,
    *,
    status: int = 200,
    bound: tuple[SellerOrder, OperatorStep] | None = None,
    error: str = "",
) -> HttpResponse:
    gateway = get_gateway(order.payment_gateway)
    return render(
        request,
        "operator/orders_detail.html",
        {
            "order": order,
            "panels": _panels(order, bound),
            "history": _history(order),
            "gateway_name": gateway.name if gateway is not None else order.payment_gateway,
            "error": error,
        },
        status=status,
    )


def _perform(request: HttpRequest, seller_order: SellerOrder, action: str, data: dict) -> str:
    user, number = request.user, seller_order.number
    if action == OrderAction.CONFIRM:
        order_services.confirm_seller_order(seller_order=seller_order, actor=user)
        return _("Đã xác nhận đơn %(number)s.") % {"number": number}
    if action == OrderAction.DELIVER:
        order_services.mark_delivered(seller_order=seller_order, actor=user)
        return _("Đơn %(number)s đã giao thành công.") % {"number": number}
    if action == OrderAction.CANCEL:
        order_services.cancel_seller_order(seller_order=seller_order, actor=user, reason=data["reason"])
        return _("Đã hủy đơn %(number)s.") % {"number": number}
    order_services.mark_returned(seller_order=seller_order, actor=user, reason=data["reason"], restock=data["restock"])
    return _("Đã nhận hàng trả lại của đơn %(number)s.") % {"number": number}


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def order_detail(request: HttpRequest, order_id: str) -> HttpResponse:
    """One order with all its sub-orders; a POST takes one operator step on
    one sub-order (``seller_order``, ``action``) and comes back here."""
    order = order_for_operator(order_id)
    if order is None:
        raise Http404("no such order")
    if request.method != "POST":
        return _render(request, order)
    try:
        seller_order = get_seller_order_for_operator(
            user=request.user, seller_order_id=request.POST.get("seller_order")
        )
    except DomainError as exc:
        raise Http404("no such sub-order") from exc
    if seller_order.order_id != order.pk:
        raise Http404("not a sub-order of this order")
    action = request.POST.get("action", "")
    if action not in OPERATOR_FORMS:
        return _render(request, order, status=400, error=_("Thao tác không hợp lệ."))
    form = _form(seller_order, action, request.POST)
    step = _step(seller_order, action, form)
    if not form.is_valid():
        return _render(request, order, status=400, bound=(seller_order, step))
    try:
        done = _perform(request, seller_order, action, form.cleaned_data)
    except DomainError as exc:
        return _render(request, order, status=error_status(exc.code), bound=(seller_order, step), error=exc.message)
    messages.success(request, done)
    return redirect(reverse("operator:order", kwargs={"order_id": order.pk}))
