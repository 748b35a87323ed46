"""MoMo's pages: where a payment starts (``momo_start``), MoMo's IPN
(``momo_ipn``, sent with each payment as ``ipnUrl``) and the page MoMo sends
the shopper back to (``momo_return``, a message only)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from marketplace.order.access import get_order_by_token, order_access_token
from marketplace.order.errors import OrderError
from marketplace.order.models import OrderChargeStatus
from payments.errors import PaymentError
from payments.gateways.momo import services
from payments.models import Transaction
from payments.views import order_page_url

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def start(request: HttpRequest, token: str) -> HttpResponse:
    try:
        order = get_order_by_token(token)
    except OrderError:
        raise Http404 from None
    tx = (
        Transaction.objects.filter(order_id=order.pk, gateway=services.GATEWAY_ID)
        .order_by("-created_at", "-pk")
        .first()
    )
    if tx is None:
        raise Http404
    try:
        url = services.payment_url(
            tx=tx,
            redirect_url=request.build_absolute_uri(reverse("payments:momo_return")),
            ipn_url=request.build_absolute_uri(reverse("payments:momo_ipn")),
        )
    except PaymentError as exc:
        messages.error(request, exc.message)
        return redirect(order_page_url(token))
    return redirect(url)


@csrf_exempt  # MoMo's server calls it; the body's signature is the check
@never_cache
@require_POST
def ipn(request: HttpRequest) -> HttpResponse:
    try:
        status = services.handle_ipn(request.body, now=timezone.now())
    except Exception:  # MoMo retries nothing useful from a 500; log and say so
        logger.exception("MoMo IPN failed")
        status = 500
    return HttpResponse(status=status)


@never_cache
@require_GET
def return_page(request: HttpRequest) -> HttpResponse:
    result = services.read_return({key: value for key, value in request.GET.items()})
    if result is None:
        return render(request, "payments/hosted/return_invalid.html", {"provider": "MoMo"}, status=400)
    if result.transaction.order.charge_status == OrderChargeStatus.FULL:
        messages.success(request, _("Đã nhận thanh toán qua MoMo. Cảm ơn bạn!"))
    elif result.succeeded:
        # MoMo's IPN has not reached us yet: it alone records the payment.
        messages.info(
            request, _("MoMo báo đã thanh toán. Đơn hàng được xác nhận ngay khi MoMo gửi xác nhận cho chúng tôi.")
        )
    elif result.result_code == "1006":
        messages.warning(request, _("Bạn đã hủy thanh toán qua MoMo. Bạn có thể thanh toán lại bất cứ lúc nào."))
    else:
        messages.error(request, _("Thanh toán qua MoMo không thành công. Vui lòng thử lại."))
    return redirect(order_page_url(order_access_token(result.transaction.order)))
