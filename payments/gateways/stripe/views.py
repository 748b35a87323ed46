"""Stripe's webhook endpoint, ``POST /thanh-toan/stripe/webhook/``, and the
page the shopper comes back to, ``/thanh-toan/stripe/tro-ve/<token>/``
(it only says where the payment stands and goes on to the order page: only
the webhook marks an order paid).

The webhook answers 400 for a missing, forged or stale signature or a body that is not an
event (nothing changes); 200 with the outcome otherwise — also for events
about objects we do not know, which change nothing (see
``payments.gateways.stripe.webhooks``); 404 when Stripe is not configured."""

from __future__ import annotations

import logging

import stripe
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from marketplace.order.access import get_order_by_token
from marketplace.order.errors import OrderError
from marketplace.order.models import OrderChargeStatus
from payments.gateways.stripe.client import is_configured
from payments.gateways.stripe.gateway import CANCELLED
from payments.gateways.stripe.webhooks import handle_event, verify_event
from payments.views import order_page_url

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    if not is_configured():
        raise Http404
    payload = request.body
    try:
        event = verify_event(payload=payload, signature=request.headers.get("Stripe-Signature"))
    except (stripe.SignatureVerificationError, ValueError) as exc:
        logger.warning("Stripe webhook refused: %s", exc)
        return JsonResponse({"error": "invalid_signature"}, status=400)
    outcome = handle_event(event, payload=payload)
    return JsonResponse({"received": True, "outcome": outcome})


@never_cache
@require_GET
def return_page(request: HttpRequest, token: str) -> HttpResponse:
    """Back from Stripe's page (``?ket-qua=huy`` when the shopper gave up)."""
    try:
        order = get_order_by_token(token)
    except OrderError:
        raise Http404 from None
    if order.charge_status == OrderChargeStatus.FULL:
        messages.success(request, _("Đã nhận thanh toán qua Stripe. Cảm ơn bạn!"))
    elif request.GET.get("ket-qua") == CANCELLED:
        messages.warning(request, _("Bạn chưa thanh toán qua Stripe. Bạn có thể thanh toán lại bất cứ lúc nào."))
    else:
        # Stripe's webhook has not reached us yet: it alone records the payment.
        messages.info(request, _("Stripe đang xác nhận thanh toán. Đơn hàng được xác nhận ngay khi có kết quả."))
    return redirect(order_page_url(token))
