"""Operators decide on queued credits: accept (the actual amount is
charged), reject or mark refunded; every decision audited, only operators,
each credit decided once."""

from __future__ import annotations

import datetime

import pytest

from marketplace.order.models import OrderChargeStatus, OrderStatus, SellerOrderStatus
from payments.vietqr.matching import IncomingCredit, receive_credit
from payments.vietqr.models import CreditSource, ReviewDecision, ReviewReason, ReviewStatus, TransferReview
from payments.vietqr.services import expire_unpaid_transfers
from tests.payments.vietqr.helpers import payment_state

QUEUE = "/quan-ly/vietqr/cho-xu-ly/"


def credit(memo: str, amount: int, *, bank_reference: str = "FT9001", at: datetime.datetime | None = None):
    from django.utils import timezone

    receive_credit(
        credit=IncomingCredit(bank_reference, at or timezone.now(), amount, memo), source=CreditSource.STATEMENT
    )
    return TransferReview.objects.filter(credit__bank_reference=bank_reference).first()


def url(review: TransferReview) -> str:
    return f"{QUEUE}{review.pk}/"


@pytest.fixture
def op_client(client, operator):
    client.force_login(operator)
    return client


def test_accepting_a_short_payment_leaves_the_order_partly_paid(op_client, operator, vietqr_order, transfer):
    review = credit(transfer.reference, vietqr_order.total_amount - 80_000)
    assert review.reason == ReviewReason.UNDERPAID
    response = op_client.post(url(review), {"decision": "accept", "note": "Khách chuyển thiếu, đã gọi điện"})
    assert response.status_code == 302
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.PARTIAL
    assert set(vietqr_order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.UNCONFIRMED}
    assert vietqr_order.transactions.get().charged_amount == vietqr_order.total_amount - 80_000
    decision = ReviewDecision.objects.get()
    assert (decision.actor, decision.from_status, decision.to_status) == (
        operator,
        ReviewStatus.OPEN,
        ReviewStatus.ACCEPTED,
    )
    assert decision.data["amount"] == vietqr_order.total_amount - 80_000
    page = op_client.get(url(review)).content.decode()
    assert operator.email in page and "Khách chuyển thiếu" in page
    # The shopper transfers the rest: an exact match now, and the order is paid.
    assert credit(transfer.reference, 80_000, bank_reference="FT9002") is None
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.FULL and vietqr_order.status == OrderStatus.CONFIRMED


def test_accepting_an_overpayment_pays_the_order(op_client, vietqr_order, transfer):
    review = credit(transfer.reference, vietqr_order.total_amount + 20_000)
    op_client.post(url(review), {"decision": "accept"})
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.FULL and vietqr_order.status == OrderStatus.CONFIRMED


def test_an_unknown_reference_needs_the_orders_reference(op_client, vietqr_order, transfer):
    review = credit("chuyen tien mua che", vietqr_order.total_amount)
    assert review.reason == ReviewReason.UNKNOWN
    before = payment_state()
    response = op_client.post(url(review), {"decision": "accept"})
    assert response.status_code == 400 and "hãy nhập mã của đơn hàng" in response.content.decode()
    response = op_client.post(url(review), {"decision": "accept", "reference": "OCOP11111111"})
    assert response.status_code == 400 and "Không có đơn hàng nào với mã" in response.content.decode()
    assert payment_state() == before
    op_client.post(url(review), {"decision": "accept", "reference": transfer.reference.lower()})
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACCEPTED and review.transfer == transfer
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.FULL


@pytest.mark.parametrize(("decision", "status"), [("reject", ReviewStatus.REJECTED), ("refund", ReviewStatus.REFUNDED)])
def test_reject_and_refund_need_a_note_and_charge_nothing(op_client, vietqr_order, transfer, decision, status):
    review = credit(transfer.reference, vietqr_order.total_amount - 1)
    before = payment_state()
    response = op_client.post(url(review), {"decision": decision, "note": "  "})
    assert response.status_code == 400 and "Vui lòng ghi rõ lý do" in response.content.decode()
    assert payment_state() == before
    op_client.post(url(review), {"decision": decision, "note": "Đã chuyển trả qua Vietcombank, mã FT777"})
    review.refresh_from_db()
    assert review.status == status
    after = payment_state()
    assert after["charged"] == before["charged"] and after["orders"] == before["orders"]
    assert ReviewDecision.objects.get().note == "Đã chuyển trả qua Vietcombank, mã FT777"


def test_a_credit_is_decided_once(op_client, vietqr_order, transfer):
    review = credit(transfer.reference, vietqr_order.total_amount - 1)
    op_client.post(url(review), {"decision": "accept"})
    before = payment_state()
    response = op_client.post(url(review), {"decision": "accept"})
    # The page no longer offers a decision; a posted one is refused.
    assert response.status_code == 400 and "đã được xử lý" in response.content.decode()
    assert payment_state() == before


def test_a_late_payment_for_a_cancelled_order_cannot_be_accepted(op_client, vietqr_order, transfer):
    expire_unpaid_transfers(now=transfer.expires_at + datetime.timedelta(seconds=1))
    review = credit(transfer.reference, vietqr_order.total_amount)
    assert review.reason == ReviewReason.EXPIRED
    before = payment_state()
    response = op_client.post(url(review), {"decision": "accept"})
    assert response.status_code == 400 and "hãy hoàn tiền" in response.content.decode()
    assert payment_state() == before
    op_client.post(url(review), {"decision": "refund", "note": "Đã hoàn tiền"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.REFUNDED


def test_a_late_payment_before_cancellation_may_be_accepted(op_client, vietqr_order, transfer):
    review = credit(transfer.reference, vietqr_order.total_amount, at=transfer.expires_at + datetime.timedelta(hours=1))
    assert review.reason == ReviewReason.EXPIRED
    op_client.post(url(review), {"decision": "accept", "note": "Khách chuyển muộn, người bán đồng ý"})
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.FULL and vietqr_order.status == OrderStatus.CONFIRMED


def test_a_bad_decision_value_is_refused(op_client, vietqr_order, transfer):
    review = credit(transfer.reference, 1_000)
    before = payment_state()
    response = op_client.post(url(review), {"decision": "approve-all"})
    assert response.status_code == 400 and "Quyết định không hợp lệ" in response.content.decode()
    assert payment_state() == before


# --- who may see and decide ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["shopper", "owner_a", "owner_b"])
def test_shoppers_and_sellers_get_not_found(client, vietqr_order, transfer, request, who):
    review = credit(transfer.reference, 1_000)
    client.force_login(request.getfixturevalue(who))
    before = payment_state()
    assert client.get(QUEUE).status_code == 404
    assert client.get(url(review)).status_code == 404
    assert client.post(url(review), {"decision": "accept"}).status_code == 404
    assert payment_state() == before


def test_signed_out_visitors_are_sent_to_sign_in(client, vietqr_order, transfer):
    review = credit(transfer.reference, 1_000)
    response = client.post(url(review), {"decision": "accept"})
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert TransferReview.objects.get().status == ReviewStatus.OPEN


def test_an_unknown_review_is_not_found(op_client, transfer):
    assert op_client.get(f"{QUEUE}999999/").status_code == 404


def test_queue_page_query_budget(op_client, vietqr_order, transfer, django_assert_num_queries):
    def fill(count: int, start: int) -> None:
        for number in range(start, start + count):
            credit(transfer.reference if number % 2 else f"khong ma {number}", 1_000, bank_reference=f"FT{number}")

    fill(2, 0)
    # session, user, the open reviews with credit, transfer and order
    with django_assert_num_queries(3):
        small = op_client.get(QUEUE)
    fill(6, 10)
    with django_assert_num_queries(3):
        large = op_client.get(QUEUE)
    assert small.content.decode().count("/quan-ly/vietqr/cho-xu-ly/") < large.content.decode().count(
        "/quan-ly/vietqr/cho-xu-ly/"
    )
    assert vietqr_order.number in large.content.decode()


def test_decided_credits_are_listed_under_their_status(op_client, vietqr_order, transfer):
    review = credit(transfer.reference, 1_000)
    op_client.post(url(review), {"decision": "reject", "note": "Không phải khách của sàn"})
    assert "FT9001" not in op_client.get(QUEUE).content.decode()
    assert f'href="{url(review)}"' in op_client.get(QUEUE + "?trang-thai=rejected").content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_operators_accepting_at_once_charge_once(vietqr_settings, channel, shopper, tea, squid, operator):
    from marketplace.checkout import services as checkout_services
    from payments.errors import PaymentError
    from payments.vietqr.services import decide_review, ensure_transfer
    from tests.factories import OperatorFactory
    from tests.marketplace.checkout.helpers import ready_checkout, run_in_threads

    checkout = ready_checkout(channel, [(tea, 1), (squid, 1)], user=shopper, email=shopper.email)
    order = checkout_services.complete_checkout(checkout=checkout, user=shopper, payment_gateway="vietqr")
    reference = ensure_transfer(tx=order.transactions.get()).reference
    review = credit(reference, order.total_amount - 5_000)
    second = OperatorFactory(email="can.bo.2@ocop.example.vn")

    def accept(actor):
        def run():
            try:
                return decide_review(review=TransferReview.objects.get(pk=review.pk), actor=actor, decision="accept")
            except PaymentError as error:
                return error.code

        return run

    results = run_in_threads([accept(operator), accept(second)])
    assert sorted(r if isinstance(r, str) else "ok" for r in results) == ["ALREADY_DECIDED", "ok"]
    assert order.transactions.get().charged_amount == order.total_amount - 5_000
    assert ReviewDecision.objects.count() == 1
