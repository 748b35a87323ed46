"""Reads for VietQR: what an order still owes, the transfer behind a
reference, and the operators' lists (permission checked at fetch)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.order.models import Order, SellerOrder, SellerOrderStatus
from marketplace.seller.permissions import is_operator
from payments.errors import PaymentError
from payments.models import Transaction
from payments.vietqr.models import ReviewStatus, StatementUpload, TransferReview, VietQRTransfer

AnyUser = User | AnonymousUser
PAGE_SIZE = 50


def outstanding_amount(order: Order) -> int:
    """What ``order`` still owes: its sub-orders not cancelled, less
    everything charged on its transactions (never below 0). Two queries."""
    due = (
        SellerOrder.objects.filter(order_id=order.pk)
        .exclude(status=SellerOrderStatus.CANCELLED)
        .aggregate(total=Sum("total_amount"))["total"]
        or 0
    )
    charged = Transaction.objects.filter(order_id=order.pk).aggregate(total=Sum("charged_amount"))["total"] or 0
    return max(due - charged, 0)


def transfer_by_reference(reference: str) -> VietQRTransfer | None:
    if not reference:
        return None
    return VietQRTransfer.objects.select_related("transaction").filter(reference=reference.upper()).first()


def _require_operator(user: AnyUser | None) -> None:
    if not is_operator(user):
        raise PaymentError("NOT_FOUND", _("Không tìm thấy."))


def review_queue(*, user: AnyUser | None, status: str = ReviewStatus.OPEN) -> QuerySet[TransferReview]:
    """Reviews with ``status`` (oldest first for open ones), each with its
    credit, transfer and order in the same query. ``NOT_FOUND`` for anyone
    but an operator."""
    _require_operator(user)
    rows = TransferReview.objects.select_related("credit", "transfer__transaction__order", "decided_by").filter(
        status=status
    )
    return rows.order_by("created_at", "pk") if status == ReviewStatus.OPEN else rows.order_by("-decided_at", "-pk")


def get_review_for_operator(*, user: AnyUser | None, review_id: object) -> TransferReview:
    """One review with its credit, transfer and order; ``NOT_FOUND`` for a
    non-operator or an unknown id."""
    _require_operator(user)
    try:
        pk = int(str(review_id))
    except (TypeError, ValueError):
        pk = 0
    review = (
        TransferReview.objects.select_related("credit", "transfer__transaction__order", "decided_by")
        .filter(pk=pk)
        .first()
        if 0 < pk < 2**63
        else None
    )
    if review is None:
        raise PaymentError("NOT_FOUND", _("Không tìm thấy."))
    return review


def recent_uploads(*, user: AnyUser | None, limit: int = 20) -> list[StatementUpload]:
    _require_operator(user)
    return list(StatementUpload.objects.select_related("uploaded_by").order_by("-created_at", "-pk")[:limit])
