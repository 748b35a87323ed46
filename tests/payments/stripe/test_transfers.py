"""Connect transfers to sellers' accounts (called by the ledger's payout run)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from payments.errors import PaymentError
from payments.gateways.stripe.transfers import create_transfer, reverse_transfer
from payments.ledger.models import SubOrderTransfer, TransferStatus
from payments.ledger.payouts import run_payouts
from payments.ledger.posting import release_available
from payments.ledger.services import set_payout_account
from tests.payments.ledger.actions import deliver as deliver_sub
from tests.payments.stripe.conftest import paid_order


def test_a_transfer_per_sub_order_in_the_orders_group(client, channel, tea, stripe_standin):
    order, session = paid_order(client, channel, [(tea, 1)], stripe_standin)
    charge_id = stripe_standin.objects[session["payment_intent"]]["latest_charge"]
    kwargs = dict(
        amount=100_000,
        currency="VND",
        destination="acct_1SellerA",
        transfer_group=order.number,
        source_transaction=charge_id,
        idempotency_key="payout-1",
        metadata={"seller_order": "42"},
    )
    transfer = create_transfer(**kwargs)
    assert (transfer.amount, transfer.currency, transfer.destination) == (100_000, "VND", "acct_1SellerA")
    assert transfer.transfer_group == order.number and transfer.id.startswith("tr_")
    (call,) = stripe_standin.calls("POST", "/v1/transfers")
    assert call["headers"]["Idempotency-Key"] == "payout-1"
    assert call["params"] == {
        "amount": "100000",
        "currency": "vnd",
        "destination": "acct_1SellerA",
        "transfer_group": order.number,
        "source_transaction": charge_id,
        "metadata": {"seller_order": "42"},
    }
    # A retry with the same key is the same transfer, not a second payment.
    assert create_transfer(**kwargs).id == transfer.id
    assert len([o for o in stripe_standin.objects.values() if o["object"] == "transfer"]) == 1


def test_reversals_take_back_at_most_what_was_sent(stripe_standin):
    transfer = create_transfer(
        amount=50_000, currency="VND", destination="acct_1SellerB", transfer_group="DH1", idempotency_key="payout-2"
    )
    reversal = reverse_transfer(transfer_id=transfer.id, amount=20_000, idempotency_key="reverse-1")
    assert reversal.amount == 20_000 and reversal.id.startswith("trr_")
    assert stripe_standin.calls("POST", f"/v1/transfers/{transfer.id}/reversals")[0]["headers"]["Idempotency-Key"]
    with pytest.raises(PaymentError) as error:
        reverse_transfer(transfer_id=transfer.id, amount=30_001, idempotency_key="reverse-2")
    assert error.value.code == "PROVIDER_ERROR"
    assert stripe_standin.objects[transfer.id]["amount_reversed"] == 20_000


def test_bad_transfers_are_refused(settings, stripe_standin):
    with pytest.raises(PaymentError) as error:
        create_transfer(amount=1, currency="VND", destination="nobody", transfer_group="DH1", idempotency_key="k1")
    assert error.value.code == "PROVIDER_ERROR"
    for amount in (0, -1, True, 1.5):
        with pytest.raises(PaymentError) as error:
            create_transfer(
                amount=amount, currency="VND", destination="acct_1", transfer_group="DH1", idempotency_key="k2"
            )
        assert error.value.code == "INVALID_AMOUNT"
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(PaymentError) as error:
        create_transfer(amount=1, currency="VND", destination="acct_1", transfer_group="DH1", idempotency_key="k3")
    assert error.value.code == "NOT_SUPPORTED"
    assert len(stripe_standin.calls("POST", "/v1/transfers")) == 1


def test_a_payout_run_transfers_a_stripe_paid_sub_order_from_its_charge(
    client, channel, tea, seller_a, owner_a, stripe_standin
):
    order, session = paid_order(client, channel, [(tea, 2)], stripe_standin)
    charge_id = stripe_standin.objects[session["payment_intent"]]["latest_charge"]
    set_payout_account(actor=owner_a, seller=seller_a, method="stripe", stripe_account_id="acct_1SellerA")
    sub = order.seller_orders.get()
    deliver_sub(sub, owner_a)
    release_available(now=timezone.now() + datetime.timedelta(days=8))

    run_payouts(actor=None, by_system=True, now=timezone.now() + datetime.timedelta(days=8))

    (call,) = stripe_standin.calls("POST", "/v1/transfers")
    transfer = SubOrderTransfer.objects.get(seller_order=sub)
    assert transfer.status == TransferStatus.SENT and transfer.source_transaction == charge_id
    assert call["params"]["source_transaction"] == charge_id
    assert call["params"]["transfer_group"] == order.number
    assert call["params"]["destination"] == "acct_1SellerA"
    assert int(call["params"]["amount"]) == transfer.amount > 0
