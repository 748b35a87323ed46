"""Payments through the API, gateway-neutral: what each gateway needs
(``paymentGatewayInitialize``), the order's transaction and the data to pay it
(``transactionInitialize``), and the provider's answer handed to the gateway
(``transactionProcess``). Uses cash on delivery and a test gateway that keeps
orders unconfirmed until charged."""

from __future__ import annotations

import pytest

from payments.models import Transaction
from tests.marketplace.checkout.helpers import shop_state
from tests.marketplace.graphql.checkout.conftest import complete, ready_checkout
from tests.marketplace.graphql.checkout.queries import ORDER, gid

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message }"
GATEWAYS = f"""
mutation($id: ID!, $gateways: [PaymentGatewayToInitialize!]) {{
  paymentGatewayInitialize(id: $id, paymentGateways: $gateways) {{
    gatewayConfigs {{ id data errors {{ field code }} }} {ERRORS}
  }}
}}
"""
TX = "transaction { id gateway chargedAmount { amount } authorizedAmount { amount } pspReference events { type } }"
INITIALIZE = f"""
mutation($id: ID!, $gateway: PaymentGatewayToInitialize!) {{
  transactionInitialize(id: $id, paymentGateway: $gateway) {{ {TX} transactionEvent {{ type }} data {ERRORS} }}
}}
"""
PROCESS = f"""
mutation($id: ID!, $data: GenericScalar) {{
  transactionProcess(id: $id, data: $data) {{ {TX} transactionEvent {{ type amount {{ amount }} }} {ERRORS} }}
}}
"""


def _codes(payload: dict) -> list[tuple]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


def test_gateways_are_initialized_for_a_checkout(guest_api, tea):
    checkout = ready_checkout(guest_api, [(tea, 2)])
    total = checkout["totalPrice"]["gross"]["amount"]

    every = guest_api.execute(GATEWAYS, {"id": checkout["id"]})["paymentGatewayInitialize"]
    chosen = guest_api.execute(GATEWAYS, {"id": checkout["id"], "gateways": [{"id": "pay_later"}, {"id": "nope"}]})

    assert every["errors"] == []
    assert [config["id"] for config in every["gatewayConfigs"]] == ["cod", "pay_later"]
    assert every["gatewayConfigs"][0]["data"]["amount"] == total
    configs = chosen["paymentGatewayInitialize"]["gatewayConfigs"]
    assert configs[0] == {
        "id": "pay_later",
        "data": {"redirect_url": f"https://pay.example.vn/?amount={int(total)}"},
        "errors": [],
    }
    assert configs[1] == {"id": "nope", "data": None, "errors": [{"field": "id", "code": "NOT_FOUND"}]}


def test_an_online_payment_from_order_to_charge(shopper_api, tea):
    checkout = ready_checkout(shopper_api, [(tea, 1)], email="khach.quen@example.vn")
    order = complete(shopper_api, checkout["id"], gateway="pay_later")["order"]
    assert (order["status"], order["chargeStatus"]) == ("UNCONFIRMED", "NONE")
    total = order["total"]["gross"]["amount"]

    started = shopper_api.execute(INITIALIZE, {"id": order["id"], "gateway": {"id": "pay_later"}})[
        "transactionInitialize"
    ]
    assert started["errors"] == []
    assert started["transaction"]["gateway"] == "pay_later"
    assert started["transaction"]["chargedAmount"]["amount"] == 0
    assert started["transactionEvent"]["type"] == "CHARGE_REQUEST"
    assert started["data"] == {"redirect_url": f"https://pay.example.vn/?amount={int(total)}"}

    processed = shopper_api.execute(PROCESS, {"id": started["transaction"]["id"], "data": {"paid": int(total)}})
    payload = processed["transactionProcess"]
    assert payload["errors"] == []
    assert payload["transaction"]["chargedAmount"]["amount"] == total
    assert payload["transactionEvent"] == {"type": "CHARGE_SUCCESS", "amount": {"amount": total}}
    after = shopper_api.execute(ORDER, {"id": order["id"]})["order"]
    assert (after["chargeStatus"], after["isPaid"]) == ("FULL", True)


def test_transaction_initialize_refusals(shopper_api, stranger_api, tea, squid):
    checkout = ready_checkout(shopper_api, [(tea, 1)], email="khach.quen@example.vn")
    other = ready_checkout(shopper_api, [(squid, 1)], email="khach.quen@example.vn")
    order = complete(shopper_api, checkout["id"])["order"]  # cash on delivery
    before = shop_state()

    def refused(api, target, gateway):
        return _codes(api.execute(INITIALIZE, {"id": target, "gateway": {"id": gateway}})["transactionInitialize"])

    assert refused(shopper_api, other["id"], "cod") == [("id", "INVALID")]  # a checkout: place the order first
    assert refused(shopper_api, order["id"], "pay_later") == [("paymentGateway", "NOT_SUPPORTED")]
    assert refused(shopper_api, order["id"], "the-moon") == [("gateway", "NOT_FOUND")]
    assert refused(stranger_api, order["id"], "cod") == [("id", "NOT_FOUND")]
    assert refused(shopper_api, gid("Order", "00000000-0000-0000-0000-000000000000"), "cod") == [("id", "NOT_FOUND")]
    assert shop_state() == before


def test_someone_elses_transaction_is_not_processed(shopper_api, stranger_api, guest_api, tea):
    checkout = ready_checkout(shopper_api, [(tea, 1)], email="khach.quen@example.vn")
    complete(shopper_api, checkout["id"], gateway="pay_later")
    tx = Transaction.objects.get()
    before = shop_state()

    for api in (stranger_api, guest_api):
        result = api.execute(PROCESS, {"id": gid("TransactionItem", tx.pk), "data": {"paid": 1}})
        assert _codes(result["transactionProcess"]) == [("id", "NOT_FOUND")]
    malformed = shopper_api.execute(PROCESS, {"id": "abc", "data": {}})["transactionProcess"]
    assert _codes(malformed) == [("id", "NOT_FOUND")]
    not_an_object = shopper_api.execute(PROCESS, {"id": gid("TransactionItem", tx.pk), "data": [1, 2]})
    assert _codes(not_an_object["transactionProcess"]) == [("data", "INVALID")]
    assert shop_state() == before


def test_someone_elses_checkout_or_order_gets_no_gateway_data(shopper_api, stranger_api, tea):
    checkout = ready_checkout(shopper_api, [(tea, 1)], email="khach.quen@example.vn")

    result = stranger_api.execute(GATEWAYS, {"id": checkout["id"]})["paymentGatewayInitialize"]

    assert _codes(result) == [("id", "NOT_FOUND")]
    assert result["gatewayConfigs"] is None


def test_gateways_are_initialized_for_my_order_only(shopper_api, stranger_api, tea):
    checkout = ready_checkout(shopper_api, [(tea, 1)], email="khach.quen@example.vn")
    order = complete(shopper_api, checkout["id"])["order"]

    mine = shopper_api.execute(GATEWAYS, {"id": order["id"], "gateways": [{"id": "cod"}]})
    theirs = stranger_api.execute(GATEWAYS, {"id": order["id"]})

    (config,) = mine["paymentGatewayInitialize"]["gatewayConfigs"]
    assert config["data"]["amount"] == order["total"]["gross"]["amount"]
    assert _codes(theirs["paymentGatewayInitialize"]) == [("id", "NOT_FOUND")]
