"""Who may see and change which batches, stamps and jobs. Permission is
checked where the object is fetched: seller-centre pages, GraphQL resolvers
and commands call these fetchers and never load a batch, job or stamp by id
themselves.

A seller's members (owner or staff) reach their seller's objects; anyone else
gets ``TraceError("NOT_FOUND")``, exactly as if the object did not exist, so
ids cannot be probed. Operators (province OCOP office) read any batch through
``get_batch_for_operator`` (e.g. to order a recall).

The services check again that the actor belongs to the seller they act for
(``check_actor``), so a caller that skipped a fetcher still cannot act for
another seller."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from marketplace.seller.models import Seller, SellerMember
from marketplace.seller.permissions import AnyUser, is_operator
from traceability.errors import TraceError
from traceability.models import Batch, EpcisEvent, Stamp, StampJob


def _active(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _as_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def is_member(user: AnyUser | None, seller_id: int) -> bool:
    return _active(user) and SellerMember.objects.filter(seller_id=seller_id, user_id=user.pk).exists()


def check_actor(actor: AnyUser | None, seller: Seller | int, *, allow_operator: bool = False) -> None:
    """Let ``actor`` act for ``seller``: a member, an operator where
    ``allow_operator``, or ``None`` (the system: tasks, commands, demo data).

    Raises ``NOT_FOUND`` for anyone else."""
    if actor is None:
        return
    seller_id = seller if isinstance(seller, int) else seller.pk
    if allow_operator and is_operator(actor):
        return
    if not is_member(actor, seller_id):
        raise TraceError("NOT_FOUND", _("Không tìm thấy cơ sở."))


def batches_for_user(user: AnyUser | None) -> QuerySet[Batch]:
    """Every batch of every seller ``user`` is a member of (none for others)."""
    if not _active(user):
        return Batch.objects.none()
    return Batch.objects.filter(seller__members__user_id=user.pk)


def get_batch_for_user(*, user: AnyUser | None, batch_id: object) -> Batch:
    """The batch if ``user`` is a member of its seller, with its seller,
    variant, product and trade item selected. Raises ``NOT_FOUND``."""
    pk = _as_id(batch_id)
    found = (
        batches_for_user(user)
        .select_related("seller", "variant__product", "variant__trade_item", "producer")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if found is None:
        raise TraceError("NOT_FOUND", _("Không tìm thấy lô hàng."))
    return found


def get_batch_by_lot_for_user(*, user: AnyUser | None, lot_code: str, seller_id: int | None = None) -> Batch:
    """The user's batch with ``lot_code`` (the newest if several variants share
    it; ``seller_id`` narrows to one seller). Raises ``NOT_FOUND``."""
    batches = batches_for_user(user).select_related("seller", "variant__product", "variant__trade_item")
    if seller_id is not None:
        batches = batches.filter(seller_id=seller_id)
    found = batches.filter(lot_code=(lot_code or "").strip()).order_by("-created_at", "-pk").first()
    if found is None:
        raise TraceError("NOT_FOUND", _("Không tìm thấy lô hàng."))
    return found


def get_batch_for_operator(*, user: AnyUser | None, batch_id: object) -> Batch:
    """Any batch, for an operator. Raises ``NOT_FOUND`` for anyone else."""
    pk = _as_id(batch_id)
    found = (
        Batch.objects.select_related("seller", "variant__product", "variant__trade_item").filter(pk=pk).first()
        if pk and is_operator(user)
        else None
    )
    if found is None:
        raise TraceError("NOT_FOUND", _("Không tìm thấy lô hàng."))
    return found


def get_stamp_job_for_user(*, user: AnyUser | None, job_id: object) -> StampJob:
    """The stamp job if ``user`` is a member of its seller. Raises ``NOT_FOUND``."""
    pk = _as_id(job_id)
    found = (
        StampJob.objects.select_related("seller", "trade_item__variant__product", "batch")
        .filter(pk=pk, seller__members__user_id=user.pk)
        .first()
        if pk and _active(user)
        else None
    )
    if found is None:
        raise TraceError("NOT_FOUND", _("Không tìm thấy yêu cầu tạo tem."))
    return found


def get_event_for_user(*, user: AnyUser | None, event_id: object) -> EpcisEvent:
    """A supply-chain event (by primary key) if ``user`` is a member of its
    seller. Raises ``NOT_FOUND``."""
    pk = _as_id(event_id)
    found = EpcisEvent.objects.filter(pk=pk, seller__members__user_id=user.pk).first() if pk and _active(user) else None
    if found is None:
        raise TraceError("NOT_FOUND", _("Không tìm thấy sự kiện."))
    return found


def get_stamps_for_user(
    *,
    user: AnyUser | None,
    seller_id: int | None = None,
    stamp_ids: Iterable[object] | None = None,
    serials: Iterable[str] | None = None,
) -> QuerySet[Stamp]:
    """Stamps of the sellers ``user`` is a member of (``seller_id`` narrows to
    one), optionally exactly the ones listed by id or serial.

    Raises ``NOT_FOUND`` when the user is no member (of ``seller_id``), or when
    any listed id or serial is not one of theirs (``details["serials"]``
    names up to 20 of the missing serials)."""
    if not _active(user):
        raise TraceError("NOT_FOUND", _("Không tìm thấy tem."))
    seller_ids = list(SellerMember.objects.filter(user_id=user.pk).values_list("seller_id", flat=True))
    if seller_id is not None:
        seller_ids = [s for s in seller_ids if s == seller_id]
    if not seller_ids:
        raise TraceError("NOT_FOUND", _("Không tìm thấy tem."))
    stamps = Stamp.objects.filter(trade_item__variant__product__seller_id__in=seller_ids)
    if stamp_ids is not None:
        ids = {_as_id(value) for value in stamp_ids}
        if None in ids:
            raise TraceError("NOT_FOUND", _("Không tìm thấy tem."))
        stamps = stamps.filter(pk__in=ids)
        if stamps.count() != len(ids):
            raise TraceError("NOT_FOUND", _("Không tìm thấy tem."))
    if serials is not None:
        wanted = {str(serial).strip().upper() for serial in serials}
        stamps = stamps.filter(serial__in=wanted)
        found = set(stamps.values_list("serial", flat=True))
        if found != wanted:
            missing = sorted(wanted - found)[:20]
            raise TraceError("NOT_FOUND", _("Không tìm thấy tem."), details={"serials": missing})
    return stamps
