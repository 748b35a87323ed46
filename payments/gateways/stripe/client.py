"""The configured ``stripe.StripeClient``: the secret key and the API base
from settings (``STRIPE_API_BASE`` points the real library at a stand-in in
tests), one client per configuration."""

from __future__ import annotations

from functools import cache

import stripe
from django.conf import settings

PROVIDER = "stripe"
# VND is one of Stripe's zero-decimal currencies: amounts are whole đồng,
# exactly our integer amounts.
ZERO_DECIMAL_CURRENCIES = frozenset({"VND"})


def is_configured() -> bool:
    """Both secrets are set: only then is Stripe offered."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


@cache
def _client(api_key: str, api_base: str, timeout: int) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base},
        # Retries are safe: every create call carries our own idempotency key.
        max_network_retries=2,
        http_client=stripe.RequestsClient(timeout=timeout),
    )


def stripe_client() -> stripe.StripeClient:
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE.rstrip("/"), settings.STRIPE_TIMEOUT)
