"""The gateway interface: gateways come from settings, each initialises and
processes payments the same way, and a non-COD order waits for payment."""

from __future__ import annotations

import pytest

from marketplace.checkout import services as checkout_services
from marketplace.order.models import OrderChargeStatus, OrderStatus
from payments.errors import PaymentError
from payments.gateways.cod import CashOnDelivery
from payments.models import TransactionEventType
from payments.registry import available_gateways, get_gateway
from payments.services import initialize_gateways, process_transaction, require_gateway
from tests.marketplace.checkout.helpers import ready_checkout
from tests.payments.gateways import PayLater

BOTH = ["payments.gateways.cod.CashOnDelivery", "tests.payments.gateways.PayLater"]


def test_gateways_are_the_ones_listed_in_settings(settings):
    assert [g.id for g in available_gateways("VND")] == ["cod"]
    assert isinstance(get_gateway("cod"), CashOnDelivery)
    assert get_gateway("pay_later") is None
    settings.PAYMENT_GATEWAYS = BOTH
    assert [g.id for g in available_gateways("VND")] == ["cod", "pay_later"]
    assert available_gateways("USD") == []


def test_a_class_that_is_not_a_gateway_is_refused(settings):
    settings.PAYMENT_GATEWAYS = ["marketplace.core.money.Money"]
    with pytest.raises(TypeError):
        available_gateways("VND")


def test_require_gateway_codes(settings):
    with pytest.raises(PaymentError) as exc:
        require_gateway("no-such-gateway", currency="VND")
    assert exc.value.code == "NOT_FOUND"
    with pytest.raises(PaymentError) as exc:
        require_gateway("cod", currency="USD")
    assert exc.value.code == "NOT_SUPPORTED"


def test_payment_gateway_initialize(settings):
    settings.PAYMENT_GATEWAYS = BOTH
    answers = dict((g.id, data) for g, data in initialize_gateways(amount=150_000, currency="VND"))
    assert answers["cod"]["message"] == "Thanh toán khi nhận hàng"
    assert answers["pay_later"] == {"redirect_url": "https://pay.example.vn/?amount=150000"}
    only = initialize_gateways(amount=1, currency="VND", gateway_ids=["pay_later"])
    assert [g.id for g, _data in only] == ["pay_later"]


def test_an_online_payment_is_initialised_then_processed(channel, tea, owner_a, settings):
    settings.PAYMENT_GATEWAYS = BOTH
    checkout = ready_checkout(channel, [(tea, 1)])
    order = checkout_services.complete_checkout(checkout=checkout, payment_gateway="pay_later")
    assert order.status == OrderStatus.UNCONFIRMED
    tx = order.transactions.get()
    assert (tx.gateway, tx.psp_reference) == (PayLater.id, "PSP-1")
    assert list(tx.events.values_list("type", flat=True)) == [TransactionEventType.CHARGE_REQUEST]
    process_transaction(tx=tx, data={"paid": order.total_amount})
    tx.refresh_from_db()
    order.refresh_from_db()
    assert tx.charged_amount == order.total_amount
    assert order.charge_status == OrderChargeStatus.FULL
