"""Every change VietQR makes: a transaction's transfer reference, statement
uploads, operators' decisions on queued credits, and the expiry of unpaid
transfers. Matching a credit is ``payments.vietqr.matching``."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.order.models import OrderChargeStatus, SellerOrderStatus
from marketplace.order.services import cancel_unpaid_seller_orders, lock_order
from marketplace.seller.permissions import is_operator
from payments.errors import PaymentError
from payments.gateways.base import GatewayEvent
from payments.models import Transaction, TransactionEventType
from payments.services import record_provider_events
from payments.vietqr.matching import Outcome, receive_credit
from payments.vietqr.models import (
    CreditSource,
    ReviewDecision,
    ReviewStatus,
    StatementUpload,
    TransferReview,
    VietQRTransfer,
)
from payments.vietqr.references import new_reference
from payments.vietqr.selectors import outstanding_amount, transfer_by_reference
from payments.vietqr.statements import parse_statement

AnyUser = User | AnonymousUser
GATEWAY_ID = "vietqr"
MAX_NOTE_LENGTH = 500
EXPIRY_NOTE = "Hết hạn thanh toán chuyển khoản VietQR"


def payment_ttl() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.VIETQR_PAYMENT_TTL_HOURS)


def ensure_transfer(*, tx: Transaction) -> VietQRTransfer:
    """The transfer reference of ``tx``, created on first use (the pay page)
    and the same on every later visit, also when two visits race. Expires
    ``VIETQR_PAYMENT_TTL_HOURS`` after the order was placed."""
    existing = VietQRTransfer.objects.filter(transaction_id=tx.pk).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return VietQRTransfer.objects.create(
                    transaction_id=tx.pk, reference=new_reference(), expires_at=tx.created_at + payment_ttl()
                )
        except IntegrityError:
            # Another visit created it, or (rarely) the random reference is taken.
            existing = VietQRTransfer.objects.filter(transaction_id=tx.pk).first()
            if existing is not None:
                return existing
    raise RuntimeError("no free VietQR reference after 5 attempts")


# --- statement uploads ----------------------------------------------------------------


@dataclass(frozen=True)
class UploadResult:
    upload: StatementUpload
    matched: int
    queued: int
    duplicates: int
    skipped: int


def import_statement(*, actor: AnyUser | None, file_name: str, data: bytes) -> UploadResult:
    """An operator uploads a bank statement: each credit line is matched or
    queued (``matching.receive_credit``), lines seen before are ignored.

    Raises ``PaymentError``: ``NOT_FOUND`` (not an operator) or
    ``INVALID_FILE`` (field ``file``, see ``statements``); nothing is stored
    then."""
    if not is_operator(actor):
        raise PaymentError("NOT_FOUND", _("Không tìm thấy."))
    parsed = parse_statement(data=data, file_name=file_name)
    upload = StatementUpload.objects.create(
        uploaded_by=actor,
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        row_count=parsed.row_count,
        skipped_count=parsed.skipped,
    )
    counts = {outcome: 0 for outcome in Outcome}
    # One transaction per line: a line's charge never waits on the others' locks,
    # and an interrupted upload completes when the same file is uploaded again.
    for credit in parsed.credits:
        counts[receive_credit(credit=credit, source=CreditSource.STATEMENT, upload=upload)] += 1
    upload.matched_count = counts[Outcome.MATCHED]
    upload.queued_count = counts[Outcome.QUEUED]
    upload.duplicate_count = counts[Outcome.DUPLICATE]
    upload.save(update_fields=["matched_count", "queued_count", "duplicate_count"])
    return UploadResult(
        upload=upload,
        matched=upload.matched_count,
        queued=upload.queued_count,
        duplicates=upload.duplicate_count,
        skipped=upload.skipped_count,
    )


# --- operators' decisions -------------------------------------------------------------


class Decision:
    ACCEPT = "accept"
    REJECT = "reject"
    REFUND = "refund"
    ALL = (ACCEPT, REJECT, REFUND)


_TARGET = {
    Decision.ACCEPT: ReviewStatus.ACCEPTED,
    Decision.REJECT: ReviewStatus.REJECTED,
    Decision.REFUND: ReviewStatus.REFUNDED,
}


def _clean_note(note: str) -> str:
    note = " ".join(str(note or "").split())
    if len(note) > MAX_NOTE_LENGTH:
        raise PaymentError("INVALID", _("Tối đa %(limit)s ký tự.") % {"limit": MAX_NOTE_LENGTH}, field="note")
    return note


def decide_review(
    *, review: TransferReview, actor: AnyUser | None, decision: str, note: str = "", reference: str = ""
) -> ReviewDecision:
    """An operator decides on a queued credit, audited (``ReviewDecision``):

    - ``accept``: the credit's actual amount is charged on the order's VietQR
      transaction (an order paid short stays partially paid and unconfirmed;
      paid in full, its sub-orders are confirmed). A credit whose memo had no
      known reference needs the right ``reference``.
    - ``reject``: the money is not ours to take (``note`` says why);
    - ``refund``: the operator sent the money back (``note``: how).

    Raises ``PaymentError`` and changes nothing: ``NOT_FOUND`` (not an
    operator), ``INVALID`` (unknown decision), ``REQUIRED`` (``note`` for
    reject/refund, ``reference`` when needed), ``INVALID_REFERENCE``
    (field ``reference``), ``ALREADY_DECIDED``, ``NOT_PAYABLE`` (the order
    owes nothing: paid or cancelled — refund instead)."""
    if not is_operator(actor):
        raise PaymentError("NOT_FOUND", _("Không tìm thấy."))
    if decision not in Decision.ALL:
        raise PaymentError("INVALID", _("Quyết định không hợp lệ."), field="decision")
    note = _clean_note(note)
    if decision != Decision.ACCEPT and not note:
        raise PaymentError("REQUIRED", _("Vui lòng ghi rõ lý do hoặc cách hoàn tiền."), field="note")
    with transaction.atomic():
        locked = (
            TransferReview.objects.select_for_update(of=("self",))
            .select_related("credit", "transfer__transaction")
            .get(pk=review.pk)
        )
        if locked.status != ReviewStatus.OPEN:
            raise PaymentError("ALREADY_DECIDED", _("Khoản tiền này đã được xử lý."))
        data: dict[str, object] = {"amount": locked.credit.amount, "bank_reference": locked.credit.bank_reference}
        if decision == Decision.ACCEPT:
            transfer = locked.transfer or _transfer_for(reference)
            _accept(locked, transfer)
            locked.transfer = transfer
            data["reference"] = transfer.reference
            data["transaction"] = str(transfer.transaction_id)
        from_status = locked.status
        locked.status = _TARGET[decision]
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.note = note
        locked.save(update_fields=["status", "decided_by", "decided_at", "note", "transfer"])
        event = ReviewDecision.objects.create(
            review=locked, actor=actor, from_status=from_status, to_status=locked.status, note=note, data=data
        )
    review.status, review.decided_by, review.decided_at = locked.status, locked.decided_by, locked.decided_at
    return event


def _transfer_for(reference: str) -> VietQRTransfer:
    reference = "".join(str(reference or "").split()).upper()
    if not reference:
        raise PaymentError(
            "REQUIRED", _("Nội dung chuyển khoản không có mã hợp lệ: hãy nhập mã của đơn hàng."), field="reference"
        )
    transfer = transfer_by_reference(reference)
    if transfer is None:
        raise PaymentError("INVALID_REFERENCE", _("Không có đơn hàng nào với mã chuyển khoản này."), field="reference")
    return transfer


def _accept(review: TransferReview, transfer: VietQRTransfer) -> None:
    order = lock_order(transfer.transaction.order_id)
    if outstanding_amount(order) <= 0:
        raise PaymentError("NOT_PAYABLE", _("Đơn hàng đã thanh toán đủ hoặc đã hủy: hãy hoàn tiền cho người chuyển."))
    credit = review.credit
    record_provider_events(
        tx=transfer.transaction,
        events=[
            GatewayEvent(
                type=TransactionEventType.CHARGE_SUCCESS,
                amount=credit.amount,
                psp_reference=credit.bank_reference,
                message=f"VietQR {transfer.reference}: chấp nhận bởi cán bộ sàn",
            )
        ],
    )
    if credit.transfer_id is None:
        credit.transfer = transfer
        credit.save(update_fields=["transfer"])


# --- expiry ------------------------------------------------------------------------------


def expire_unpaid_transfers(*, now: datetime.datetime | None = None) -> int:
    """Cancel the unconfirmed sub-orders of VietQR orders nothing was paid
    for by their expiry (their stock is released), each audited as the
    system's step; a payment arriving later goes to the operators' queue.
    Returns the number of orders expired. Partly paid orders are left to
    the operators."""
    now = now or timezone.now()
    candidates = (
        Transaction.objects.filter(
            gateway=GATEWAY_ID,
            order__charge_status=OrderChargeStatus.NONE,
            order__seller_orders__status=SellerOrderStatus.UNCONFIRMED,
        )
        .filter(
            Q(vietqr_transfer__isnull=True, created_at__lt=now - payment_ttl())
            | Q(vietqr_transfer__expires_at__lt=now, vietqr_transfer__expired_at=None)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    return sum(1 for tx_id in list(candidates) if _expire(tx_id=tx_id, now=now))


def _expire(*, tx_id: object, now: datetime.datetime) -> bool:
    with transaction.atomic():
        tx = Transaction.objects.get(pk=tx_id)
        order = lock_order(tx.order_id)
        if order.charge_status != OrderChargeStatus.NONE:
            return False  # paid meanwhile
        cancel_unpaid_seller_orders(order=order, reason=EXPIRY_NOTE, data={"reason": "vietqr_expired"})
        VietQRTransfer.objects.filter(transaction_id=tx.pk, expired_at=None).update(expired_at=now)
        return True
