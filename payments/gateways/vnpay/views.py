"""VNPay's pages: where a payment starts (``vnpay_start``), VNPay's IPN
(``vnpay_ipn``, the URL to register with VNPay) and the page VNPay sends the
shopper back to (``vnpay_return``, a message only)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.core.http import get_client_ip
from marketplace.order.access import get_order_by_token, order_access_token
from marketplace.order.errors import OrderError
from marketplace.order.models import OrderChargeStatus
from payments.errors import PaymentError
from payments.gateways.vnpay import services
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
            client_ip=get_client_ip(request),
            return_url=request.build_absolute_uri(reverse("payments:vnpay_return")),
            now=timezone.now(),
        )
    except PaymentError as exc:
        messages.error(request, exc.message)
        return redirect(order_page_url(token))
    return redirect(url)


@never_cache
@require_GET
def ipn(request: HttpRequest) -> JsonResponse:
    params = {key: value for key, value in request.GET.items()}
    try:
        answer = services.handle_ipn(params, now=timezone.now())
    except Exception:  # VNPay expects an answer in every case; 99 makes it retry.
        logger.exception("VNPay IPN failed: %s", params.get("vnp_TxnRef", ""))
        answer = services.IpnAnswer(services.UNKNOWN_ERROR)
    return JsonResponse(answer.as_json())


@never_cache
@require_GET
def return_page(request: HttpRequest) -> HttpResponse:
    result = services.read_return({key: value for key, value in request.GET.items()})
    if result is None:
        context = {"provider": "VNPay"}
        return render(request, "payments/hosted/return_invalid.html", context, status=400)
    if result.transaction.order.charge_status == OrderChargeStatus.FULL:
        messages.success(request, _("Đã nhận thanh toán qua VNPay. Cảm ơn bạn!"))
    elif result.succeeded:
        # VNPay's IPN has not reached us yet: it alone records the payment.
        messages.info(
            request, _("VNPay báo đã thanh toán. Đơn hàng được xác nhận ngay khi VNPay gửi xác nhận cho chúng tôi.")
        )
    elif result.response_code == "24":
        messages.warning(request, _("Bạn đã hủy thanh toán qua VNPay. Bạn có thể thanh toán lại bất cứ lúc nào."))
    else:
        messages.error(request, _("Thanh toán qua VNPay không thành công. Vui lòng thử lại."))
    return redirect(order_page_url(order_access_token(result.transaction.order)))
