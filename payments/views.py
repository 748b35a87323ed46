"""The shopper's way to pay an order after checkout: ``/thanh-toan/don/<token>/``
(the order's signed access token, so guests can come back from an email).
The order's newest transaction's gateway says what to do next
(``PaymentGateway.payment_step``): a redirect to the provider's hosted page,
our own page (a bank-transfer QR), or nothing (cash on delivery)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.order.access import get_order_by_token
from marketplace.order.errors import OrderError
from marketplace.order.models import OrderChargeStatus, OrderStatus
from payments.models import Transaction
from payments.registry import get_gateway


def order_page_url(token: str) -> str:
    return reverse("storefront:order_by_token", kwargs={"token": token})


@never_cache
@require_GET
def pay(request: HttpRequest, token: str) -> HttpResponse:
    try:
        order = get_order_by_token(token)
    except OrderError:
        raise Http404 from None
    order_url = order_page_url(token)
    if order.charge_status == OrderChargeStatus.FULL or order.status == OrderStatus.CANCELLED:
        return redirect(order_url)
    tx = Transaction.objects.filter(order_id=order.pk).order_by("-created_at", "-pk").first()
    gateway = get_gateway(tx.gateway) if tx is not None else None
    if gateway is None:
        return redirect(order_url)
    step = gateway.payment_step(transaction=tx, order=order, return_url=request.build_absolute_uri(order_url))
    if step is None:
        return redirect(order_url)
    if step.redirect_url:
        return redirect(step.redirect_url)
    context = {"order": order, "transaction": tx, "order_url": order_url, **step.context}
    return render(request, step.template, context)
