"""Fixtures for the VietQR tests: the gateway switched on, a two-seller
order paid by VietQR with its transfer reference, and a snapshot of every
row a refused credit must not touch."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from marketplace.checkout import services as checkout_services
from marketplace.order.models import Order
from payments.models import Transaction, TransactionEvent, WebhookEvent
from payments.vietqr.models import BankCredit, ReviewDecision, StatementUpload, TransferReview, VietQRTransfer
from payments.vietqr.services import ensure_transfer
from tests.marketplace.checkout.helpers import ready_checkout, shop_state
from tests.payments.standins.vietqr import BankLine

GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "payments.vietqr.gateway.VietQRGateway"]
SECRET = "whsec_vietqr_test_0123456789"  # noqa: S105 - a test value


@pytest.fixture
def vietqr_settings(settings):
    settings.PAYMENT_GATEWAYS = GATEWAYS
    settings.VIETQR_BANK_BIN = "970415"
    settings.VIETQR_BANK_NAME = "VietinBank"
    settings.VIETQR_ACCOUNT_NUMBER = "0011001932418"
    settings.VIETQR_ACCOUNT_NAME = "CONG TY CHO OCOP"
    settings.VIETQR_PAYMENT_TTL_HOURS = 24
    settings.VIETQR_WEBHOOK_SECRET = SECRET
    return settings


@pytest.fixture
def vietqr_order(vietqr_settings, channel, shopper, tea, squid) -> Order:
    """2 tea from seller A, 1 squid from seller B, paid by VietQR."""
    checkout = ready_checkout(channel, [(tea, 2), (squid, 1)], user=shopper, email=shopper.email)
    return checkout_services.complete_checkout(checkout=checkout, user=shopper, payment_gateway="vietqr")


@pytest.fixture
def transfer(vietqr_order) -> VietQRTransfer:
    return ensure_transfer(tx=vietqr_order.transactions.get())


def line(reference: str, amount: int, *, bank_reference: str = "FT2633001", at: datetime.datetime | None = None):
    return BankLine(
        bank_reference=bank_reference,
        amount=amount,
        description=f"MBVCB.7731.{reference}.CT tu 0123456789 NGUYEN VAN AN",
        booked_at=at or timezone.localtime(),
    )


def payment_state() -> dict[str, object]:
    """Everything a credit can change: the shop's rows plus VietQR's own."""
    return {
        **shop_state(),
        "charged": sorted(Transaction.objects.values_list("pk", "charged_amount")),
        "tx_events": sorted(TransactionEvent.objects.values_list("pk", "type", "amount")),
        "webhook_events": WebhookEvent.objects.count(),
        "credits": BankCredit.objects.count(),
        "reviews": sorted(TransferReview.objects.values_list("pk", "status", "transfer_id")),
        "decisions": ReviewDecision.objects.count(),
        "uploads": StatementUpload.objects.count(),
    }
