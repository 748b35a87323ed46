"""Unpaid VietQR orders past their expiry are cancelled by the system and
their stock released; paid or partly paid orders are left alone."""

from __future__ import annotations

import datetime

from django.utils import timezone

from marketplace.order.models import OrderAction, OrderChargeStatus, OrderStatus, SellerOrderStatus
from marketplace.warehouse.models import Stock
from payments.vietqr.matching import IncomingCredit, receive_credit
from payments.vietqr.models import CreditSource, VietQRTransfer
from payments.vietqr.services import expire_unpaid_transfers
from payments.vietqr.tasks import expire_unpaid_transfers as expire_task


def allocated(variant) -> int:
    return Stock.objects.get(product_variant=variant).quantity_allocated


def test_an_unpaid_order_is_cancelled_after_expiry_and_its_stock_released(vietqr_order, transfer, tea, squid):
    assert (allocated(tea), allocated(squid)) == (2, 1)
    assert expire_unpaid_transfers(now=transfer.expires_at - datetime.timedelta(seconds=1)) == 0
    assert expire_unpaid_transfers(now=transfer.expires_at + datetime.timedelta(seconds=1)) == 1
    vietqr_order.refresh_from_db()
    assert vietqr_order.status == OrderStatus.CANCELLED
    assert set(vietqr_order.seller_orders.values_list("status", flat=True)) == {SellerOrderStatus.CANCELLED}
    assert (allocated(tea), allocated(squid)) == (0, 0)
    cancels = vietqr_order.events.filter(action=OrderAction.CANCEL)
    assert cancels.count() == 2 and not cancels.exclude(actor=None).exists()
    assert set(cancels.values_list("note", flat=True)) == {"Hết hạn thanh toán chuyển khoản VietQR"}
    transfer.refresh_from_db()
    assert transfer.expired_at is not None
    # Running again finds nothing more to do.
    assert expire_unpaid_transfers(now=transfer.expires_at + datetime.timedelta(hours=1)) == 0


def test_an_order_whose_pay_page_was_never_opened_expires_too(vietqr_order, settings):
    assert not VietQRTransfer.objects.exists()
    tx = vietqr_order.transactions.get()
    assert expire_unpaid_transfers(now=tx.created_at + datetime.timedelta(hours=23)) == 0
    assert expire_unpaid_transfers(now=tx.created_at + datetime.timedelta(hours=24, seconds=1)) == 1
    vietqr_order.refresh_from_db()
    assert vietqr_order.status == OrderStatus.CANCELLED


def test_paid_and_partly_paid_orders_are_left_alone(vietqr_order, transfer):
    receive_credit(
        credit=IncomingCredit("FT1", timezone.now(), vietqr_order.total_amount, transfer.reference),
        source=CreditSource.WEBHOOK,
    )
    vietqr_order.refresh_from_db()
    assert vietqr_order.charge_status == OrderChargeStatus.FULL
    assert expire_unpaid_transfers(now=transfer.expires_at + datetime.timedelta(days=1)) == 0
    vietqr_order.refresh_from_db()
    assert vietqr_order.status == OrderStatus.CONFIRMED


def test_cash_on_delivery_orders_never_expire(order, settings):
    settings.VIETQR_PAYMENT_TTL_HOURS = 0
    assert expire_unpaid_transfers(now=timezone.now() + datetime.timedelta(days=30)) == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_the_beat_task_runs_the_expiry(vietqr_order, transfer):
    VietQRTransfer.objects.filter(pk=transfer.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert expire_task.delay().get() == 1
    vietqr_order.refresh_from_db()
    assert vietqr_order.status == OrderStatus.CANCELLED
