"""Stripe's webhook endpoint: ``POST /thanh-toan/stripe/webhook/``.

400 for a missing, forged or stale signature or a body that is not an
event (nothing changes); 200 with the outcome otherwise — also for events
about objects we do not know, which change nothing (see
``payments.gateways.stripe.webhooks``); 404 when Stripe is not configured."""

from __future__ import annotations

import logging

import stripe
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments.gateways.stripe.client import is_configured
from payments.gateways.stripe.webhooks import handle_event, verify_event

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
