"""Orders in the seller centre: the list of the seller's sub-orders by
status, one sub-order's page with a form for each step the seller may take
now, and its packing slip.

Every sub-order is fetched with ``get_seller_order_for_user`` (another
seller's: 404). Steps go through ``marketplace.order.services`` and
``payments.services.mark_cod_collected``, which lock, check the workflow,
write the audit row and send the emails; a refused step changes nothing and
its reason is shown beside the form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from marketplace.core.errors import DomainError
from marketplace.core.money import Money, format_money
from marketplace.order import services as orders
from marketplace.order.access import get_seller_order_for_user
from marketplace.order.models import OrderAction, OrderEvent, SellerOrder, SellerOrderStatus
from marketplace.order.packing_slip import render_packing_slip
from marketplace.order.selectors import seller_order_buyer_view, seller_orders_for_seller
from marketplace.order.status import Party, allowed_actions
from marketplace.seller.models import Seller
from payments.gateways.cod import CashOnDelivery
from payments.registry import get_gateway
from payments.services import mark_cod_collected
from storefront.seller_centre.access import centre_context, fetch, object_page, seller_page
from storefront.seller_centre.forms import add_service_errors
from storefront.seller_centre.order_forms import ACTION_FORMS, COLLECT_COD, ORDER_TABS, TAB_STATUSES, action_form
from storefront.seller_centre.order_queries import seller_order_events, status_counts

SECTION = "orders"
PAGE_SIZE = 20
# Cash is recorded once the parcel is with the courier or delivered.
COD_STATUSES = frozenset({SellerOrderStatus.SHIPPED, SellerOrderStatus.DELIVERED})
CONFLICT_CODES = frozenset({"INVALID_TRANSITION", "ALREADY_COLLECTED", "INVALID_STATUS"})


def in_orders_tab(request: HttpRequest, seller: Seller) -> None:
    """The centre's layout for ``seller`` with the "Đơn hàng" tab open."""
    centre_context(request, seller)
    request.centre_section = SECTION


def order_url(seller_order: SellerOrder) -> str:
    return reverse("seller_centre:order", kwargs={"pk": seller_order.pk})


def _page(request: HttpRequest, rows: Any) -> Page:
    raw = request.GET.get("page") or "1"
    if not raw.isdigit() or len(raw) > 6:
        raise Http404("malformed page number")
    try:
        page = Paginator(rows, PAGE_SIZE).page(int(raw))
    except EmptyPage as exc:
        raise Http404("page out of range") from exc
    page.object_list = list(page.object_list)
    return page


@require_safe
@seller_page
def order_list(request: HttpRequest, seller: Seller) -> HttpResponse:
    """The seller's sub-orders, newest first, 20 a page, one tab per status,
    in a fixed number of queries."""
    in_orders_tab(request, seller)
    status = request.GET.get("status") or ""
    if status and status not in TAB_STATUSES:
        raise Http404("no such tab")
    page = _page(request, seller_orders_for_seller(seller, status=status or None))
    counts = status_counts(seller)
    tabs = [{"status": "", "label": _("Tất cả"), "count": counts[""]}]
    tabs += [{"status": tab.status, "label": tab.label, "count": counts[tab.status]} for tab in ORDER_TABS]
    return render(
        request,
        "seller_centre/orders/list.html",
        {"page": page, "tabs": tabs, "status": status, "cod_gateway": CashOnDelivery.id},
    )


@dataclass
class Step:
    """One step offered on the page: its form and how its button reads."""

    action: str
    label: str
    form: forms.Form
    style: str = "primary"
    help: str = ""


def _step(seller_order: SellerOrder, action: str, form: forms.Form) -> Step:
    failed_delivery = action == OrderAction.CANCEL and seller_order.status == SellerOrderStatus.SHIPPED
    labels = {
        OrderAction.CONFIRM: (_("Xác nhận đơn"), "primary", ""),
        OrderAction.PACK: (_("Đã đóng gói xong"), "primary", _("Bấm khi hàng đã đóng gói, chờ đơn vị vận chuyển.")),
        OrderAction.SHIP: (_("Đã gửi hàng"), "primary", _("Nhập đơn vị vận chuyển và mã vận đơn trên phiếu gửi.")),
        OrderAction.DELIVER: (_("Đã giao thành công"), "primary", ""),
        OrderAction.RETURN: (_("Nhận hàng trả lại"), "secondary", ""),
        COLLECT_COD: (
            _("Đã thu tiền COD"),
            "primary",
            _("Số tiền phải đúng bằng tổng đơn: %(total)s.") % {"total": _money(seller_order)},
        ),
    }
    if failed_delivery:
        label, style, help_text = (
            _("Giao hàng thất bại"),
            "danger",
            _("Người mua không nhận hàng: đơn bị hủy và hàng được nhập lại kho."),
        )
    elif action == OrderAction.CANCEL:
        label, style, help_text = _("Hủy đơn"), "danger", _("Hàng đã giữ cho đơn này sẽ được mở bán lại.")
    else:
        label, style, help_text = labels[action]
    return Step(action=action, label=str(label), form=form, style=style, help=str(help_text))


def _money(seller_order: SellerOrder) -> str:
    return format_money(Money(seller_order.total_amount, seller_order.currency))


def _cod_collected(events: list[OrderEvent]) -> bool:
    return any(event.action == OrderAction.PAYMENT_COLLECTED for event in events)


def _offered(seller_order: SellerOrder, events: list[OrderEvent]) -> list[str]:
    """The steps the seller may take now, in the workflow's order."""
    offered = list(allowed_actions(seller_order.status, Party.SELLER))
    is_cod = seller_order.order.payment_gateway == CashOnDelivery.id
    if is_cod and seller_order.status in COD_STATUSES and not _cod_collected(events):
        offered.insert(0, COLLECT_COD)
    return offered


@dataclass(frozen=True)
class TrailEntry:
    """One line of the sub-order's history, in words."""

    event: OrderEvent
    who: str
    change: str  # "Đã xác nhận → Đã đóng gói", or "" when the status stayed


def _status_label(value: str) -> str:
    return str(SellerOrderStatus(value).label) if value in SellerOrderStatus.values else value


def trail_entry(event: OrderEvent, seller_order: SellerOrder) -> TrailEntry:
    change = ""
    if event.from_status != event.to_status:
        change = f"{_status_label(event.from_status)} → {_status_label(event.to_status)}"
    return TrailEntry(event=event, who=_actor_label(event, seller_order), change=change)


def _actor_label(event: OrderEvent, seller_order: SellerOrder) -> str:
    """Who acted, without showing a seller the buyer's or an operator's email."""
    actor = event.actor
    if actor is None:
        return _("Hệ thống")
    if actor.pk == seller_order.order.user_id:
        return _("Người mua")
    if actor.is_staff:
        return _("Ban quản lý sàn")
    return actor.get_full_name()


def _payment(seller_order: SellerOrder, collected: bool) -> str:
    order = seller_order.order
    if order.payment_gateway == CashOnDelivery.id:
        if collected:
            return _("Thanh toán khi nhận hàng (COD): đã thu tiền")
        return _("Thanh toán khi nhận hàng (COD): thu %(total)s khi giao") % {"total": _money(seller_order)}
    gateway = get_gateway(order.payment_gateway)
    name = gateway.name if gateway is not None else order.payment_gateway
    return f"{name}: {order.get_charge_status_display()}"


def render_order(
    request: HttpRequest, seller_order: SellerOrder, *, status: int = 200, bound: Step | None = None
) -> HttpResponse:
    buyer = seller_order_buyer_view(seller_order)
    events = seller_order_events(seller_order)
    steps = []
    for action in _offered(seller_order, events):
        if bound is not None and bound.action == action:
            steps.append(bound)
            continue
        initial = {"amount": seller_order.total_amount} if action == COLLECT_COD else None
        steps.append(_step(seller_order, action, action_form(action, initial=initial)))
    if bound is not None and bound.action not in {step.action for step in steps}:
        steps.insert(0, bound)  # a refused step stays on screen with its reason
    trail = [trail_entry(event, seller_order) for event in events]
    return render(
        request,
        "seller_centre/orders/detail.html",
        {
            "so": seller_order,
            "order": seller_order.order,
            "buyer": buyer,
            "lines": buyer.lines,
            "trail": trail,
            "steps": steps,
            "payment": _payment(seller_order, _cod_collected(events)),
            "error": bound.form.non_field_errors() if bound is not None else None,
        },
        status=status,
    )


def _perform(request: HttpRequest, seller_order: SellerOrder, action: str, data: dict[str, Any]) -> str:
    """Take ``action`` through its service; returns the success message."""
    user, number = request.user, seller_order.number
    if action == OrderAction.CONFIRM:
        orders.confirm_seller_order(seller_order=seller_order, actor=user)
        return _("Đã xác nhận đơn %(number)s.") % {"number": number}
    if action == OrderAction.PACK:
        orders.mark_packed(seller_order=seller_order, actor=user)
        return _("Đơn %(number)s đã đóng gói, chờ gửi hàng.") % {"number": number}
    if action == OrderAction.SHIP:
        orders.mark_shipped(
            seller_order=seller_order, actor=user, carrier=data["carrier"], tracking_number=data["tracking_number"]
        )
        return _("Đã ghi nhận gửi hàng cho đơn %(number)s.") % {"number": number}
    if action == OrderAction.DELIVER:
        orders.mark_delivered(seller_order=seller_order, actor=user)
        return _("Đơn %(number)s đã giao thành công.") % {"number": number}
    if action == OrderAction.CANCEL:
        failed_delivery = seller_order.status == SellerOrderStatus.SHIPPED
        orders.cancel_seller_order(seller_order=seller_order, actor=user, reason=data["reason"])
        if failed_delivery:
            return _("Đã ghi nhận giao hàng thất bại: đơn %(number)s đã hủy và hàng đã nhập lại kho.") % {
                "number": number
            }
        return _("Đã hủy đơn %(number)s.") % {"number": number}
    if action == OrderAction.RETURN:
        orders.mark_returned(seller_order=seller_order, actor=user, reason=data["reason"], restock=data["restock"])
        return _("Đã nhận hàng trả lại của đơn %(number)s.") % {"number": number}
    mark_cod_collected(seller_order=seller_order, actor=user, amount=data["amount"])
    return _("Đã ghi nhận thu tiền COD %(amount)s cho đơn %(number)s.") % {
        "amount": format_money(Money(data["amount"], seller_order.currency)),
        "number": number,
    }


def _error_status(code: str) -> int:
    if code == "PERMISSION_DENIED":
        return 403
    return 409 if code in CONFLICT_CODES else 400


@require_http_methods(["GET", "HEAD", "POST"])
@object_page
def order_detail(request: HttpRequest, seller: Seller, pk: int) -> HttpResponse:
    """One sub-order; a POST takes one step (``action``) and comes back here."""
    seller_order = fetch(get_seller_order_for_user, user=request.user, seller_order_id=pk)
    in_orders_tab(request, seller_order.seller)
    if request.method != "POST":
        return render_order(request, seller_order)
    action = request.POST.get("action", "")
    if action not in ACTION_FORMS:
        messages.error(request, _("Thao tác không hợp lệ."))
        return render_order(request, seller_order, status=400)
    form = action_form(action, request.POST)
    step = _step(seller_order, action, form)
    if not form.is_valid():
        return render_order(request, seller_order, status=400, bound=step)
    try:
        done = _perform(request, seller_order, action, form.cleaned_data)
    except DomainError as error:
        if error.code == "NOT_FOUND":
            raise Http404(error.message) from error
        add_service_errors(form, error)
        return render_order(request, seller_order, status=_error_status(error.code), bound=step)
    messages.success(request, done)
    return redirect(order_url(seller_order))


@require_safe
@object_page
def packing_slip(request: HttpRequest, seller: Seller, pk: int) -> HttpResponse:
    """The sub-order's packing slip as a PDF, opened in the browser to print."""
    seller_order = fetch(get_seller_order_for_user, user=request.user, seller_order_id=pk)
    try:
        pdf = render_packing_slip(seller_order)
    except DomainError as error:  # the label font is not installed
        messages.error(request, error.message)
        return redirect(order_url(seller_order))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-dong-goi-{seller_order.number}.pdf"'
    return response
