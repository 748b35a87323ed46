"""The shopper's orders: the order page a signed link opens (the link in
every email, a guest's only way back), and for signed-in shoppers the list
at /tai-khoan/don-hang/ with each order's page. Permission is checked where
the order is fetched (``marketplace.order.access``); anything else is a 404."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from marketplace.order.access import get_order_by_token, get_order_for_user, order_access_token
from marketplace.order.errors import OrderError
from marketplace.order.models import Order, OrderAction, SellerOrder
from marketplace.order.selectors import order_detail, orders_for_user
from marketplace.order.services import cancel_seller_order
from marketplace.order.status import Party, allowed_actions
from payments.registry import get_gateway
from storefront.forms_checkout import posted_text
from storefront.views.checkout import PLACED_SESSION_KEY

ORDERS_PER_PAGE = 20


def _order_by_token_or_404(token: str) -> Order:
    try:
        return get_order_by_token(token)
    except OrderError as exc:
        raise Http404("no such order") from exc


def _render_order(request: HttpRequest, order: Order, *, token: str) -> HttpResponse:
    detail = order_detail(order)
    buyer = request.user.is_authenticated and detail.user_id == request.user.pk
    sub_orders = [
        {
            "sub": sub,
            "can_cancel": buyer and OrderAction.CANCEL in allowed_actions(sub.status, Party.BUYER),
        }
        for sub in detail.seller_orders.all()
    ]
    placed = request.session.get(PLACED_SESSION_KEY) or {}
    just_placed = placed.get("order") == str(detail.pk) and not placed.get("seen")
    if just_placed:
        request.session[PLACED_SESSION_KEY] = {**placed, "seen": True}
    gateway = get_gateway(detail.payment_gateway)
    return render(
        request,
        "storefront/orders/order.html",
        {
            "order": detail,
            "sub_orders": sub_orders,
            "token": token,
            "just_placed": just_placed,
            "gateway_name": gateway.name if gateway else detail.payment_gateway,
            "currency": detail.currency,
        },
    )


@never_cache
def order_by_token(request: HttpRequest, token: str) -> HttpResponse:
    return _render_order(request, _order_by_token_or_404(token), token=token)


@never_cache
@require_POST
def order_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The buyer cancels one seller's part of their order (before packing;
    the service checks who asks and when)."""
    order = _order_by_token_or_404(token)
    seller_order = SellerOrder.objects.filter(order_id=order.pk, pk=_as_int(request.POST.get("seller_order"))).first()
    if seller_order is None:
        raise Http404("no such sub-order in this order")
    try:
        reason = posted_text(request.POST, "reason")
        cancel_seller_order(seller_order=seller_order, actor=request.user, reason=reason)
    except OrderError as error:
        if error.code == "NOT_FOUND":
            raise Http404("not this shopper's order") from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã hủy đơn %(number)s.") % {"number": seller_order.number})
    return redirect("storefront:order_by_token", token=token)


def _as_int(value: object) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 18 else None


@never_cache
@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("page") or "1"
    if not raw.isdigit() or len(raw) > 6:
        raise Http404("malformed page number")
    try:
        page = Paginator(orders_for_user(request.user), ORDERS_PER_PAGE).page(int(raw))
    except EmptyPage as exc:
        raise Http404("page out of range") from exc
    return render(request, "storefront/orders/list.html", {"page": page, "orders": list(page.object_list)})


@never_cache
@login_required
def order_detail_page(request: HttpRequest, order_id: uuid.UUID) -> HttpResponse:
    try:
        order = get_order_for_user(user=request.user, order_id=order_id)
    except OrderError as exc:
        raise Http404("no such order of this shopper") from exc
    return _render_order(request, order, token=order_access_token(order))
