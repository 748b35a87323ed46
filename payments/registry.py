"""The gateways this site runs: the classes named in
``settings.PAYMENT_GATEWAYS`` (explicit import paths, no discovery), by id."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from payments.gateways.base import PaymentGateway


@cache
def _load(paths: tuple[str, ...]) -> dict[str, PaymentGateway]:
    gateways: dict[str, PaymentGateway] = {}
    for path in paths:
        gateway_class = import_string(path)
        if not (isinstance(gateway_class, type) and issubclass(gateway_class, PaymentGateway)):
            raise TypeError(f"{path} is not a PaymentGateway")
        gateways[gateway_class.id] = gateway_class()
    return gateways


def all_gateways() -> dict[str, PaymentGateway]:
    return _load(tuple(settings.PAYMENT_GATEWAYS))


def get_gateway(gateway_id: str) -> PaymentGateway | None:
    return all_gateways().get(str(gateway_id or ""))


def available_gateways(currency: str) -> list[PaymentGateway]:
    """Gateways that take ``currency``, in the settings' order."""
    return [gateway for gateway in all_gateways().values() if gateway.supports(currency)]
