"""Commission rates: per category, per seller (all categories or one), and a
default from settings; operators change them, each change audited.

Resolution for a product of category K sold by seller S, first match wins:
S's override for K (or K's nearest ancestor), S's seller-wide override, the
rate of K (or its nearest ancestor), ``settings.LEDGER_DEFAULT_COMMISSION_BPS``.
A line's commission is ``floor(line total × bps / 10000)``: the remainder of
the division stays with the seller."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.product.models import Category
from marketplace.seller.models import Seller
from marketplace.seller.permissions import is_operator
from payments.ledger.errors import LedgerError
from payments.ledger.models import CommissionRate, LedgerAudit, SellerCommissionOverride

BPS = 10_000


def commission_of(amount: int, rate_bps: int) -> int:
    """The commission on ``amount`` đồng at ``rate_bps``, rounded down."""
    return amount * rate_bps // BPS


def _ancestry(category_ids: Iterable[int | None]) -> dict[int, list[int]]:
    """Each category id → itself then its ancestors, nearest first."""
    parents: dict[int, int | None] = {}
    wanted = {c for c in category_ids if c is not None}
    while wanted - parents.keys():
        missing = wanted - parents.keys()
        rows = dict(Category.objects.filter(pk__in=missing).values_list("pk", "parent_id"))
        for pk in missing:
            parents[pk] = rows.get(pk)
        wanted = {p for p in rows.values() if p is not None}
    chains: dict[int, list[int]] = {}
    for pk in parents:
        chain, node = [], pk
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
        chains[pk] = chain
    return chains


def rates_for(*, seller_id: int, category_ids: Iterable[int | None]) -> dict[int | None, int]:
    """The rate in basis points for each category of ``seller_id``'s products
    (``None``: a line whose product or category is gone). Three queries."""
    ids = set(category_ids)
    chains = _ancestry(ids)
    every = {c for chain in chains.values() for c in chain}
    category_rates = dict(CommissionRate.objects.filter(category_id__in=every).values_list("category_id", "rate_bps"))
    overrides = dict(
        SellerCommissionOverride.objects.filter(seller_id=seller_id).values_list("category_id", "rate_bps")
    )
    seller_wide = overrides.get(None)
    default = settings.LEDGER_DEFAULT_COMMISSION_BPS
    result: dict[int | None, int] = {}
    for category_id in ids:
        chain = chains.get(category_id, []) if category_id is not None else []
        own = next((overrides[c] for c in chain if c in overrides), None)
        if own is None:
            own = seller_wide
        if own is None:
            own = next((category_rates[c] for c in chain if c in category_rates), default)
        result[category_id] = own
    return result


def _check_operator(actor: User | None) -> None:
    if not is_operator(actor):
        raise LedgerError("PERMISSION_DENIED", _("Chỉ cán bộ quản lý sàn được thay đổi hoa hồng."))


def _clean_rate(rate_bps: object) -> int | None:
    if rate_bps is None:
        return None
    if isinstance(rate_bps, bool) or not isinstance(rate_bps, int) or not 0 <= rate_bps <= BPS:
        raise LedgerError(
            "INVALID_RATE", _("Tỷ lệ hoa hồng phải là số nguyên điểm cơ bản từ 0 đến 10000."), field="rate_bps"
        )
    return rate_bps


@transaction.atomic
def set_category_rate(*, actor: User | None, category: Category, rate_bps: int | None) -> CommissionRate | None:
    """Set (or with ``None`` remove) the commission of ``category``; audited.
    Raises ``LedgerError``: ``PERMISSION_DENIED``, ``INVALID_RATE``."""
    _check_operator(actor)
    rate_bps = _clean_rate(rate_bps)
    current = CommissionRate.objects.select_for_update().filter(category=category).first()
    old = current.rate_bps if current else None
    if rate_bps is None:
        if current is not None:
            current.delete()
        current = None
    elif current is None:
        current = CommissionRate.objects.create(category=category, rate_bps=rate_bps)
    else:
        current.rate_bps = rate_bps
        current.save(update_fields=["rate_bps", "updated_at"])
    if old != rate_bps:
        LedgerAudit.objects.create(
            actor=actor,
            action="commission.category",
            category=category,
            old={"rate_bps": old},
            new={"rate_bps": rate_bps},
        )
    return current


@transaction.atomic
def set_seller_override(
    *, actor: User | None, seller: Seller, category: Category | None, rate_bps: int | None
) -> SellerCommissionOverride | None:
    """Set (or with ``None`` remove) ``seller``'s negotiated rate for
    ``category`` (``None``: every category); audited. Raises
    ``LedgerError``: ``PERMISSION_DENIED``, ``INVALID_RATE``."""
    _check_operator(actor)
    rate_bps = _clean_rate(rate_bps)
    current = SellerCommissionOverride.objects.select_for_update().filter(seller=seller, category=category).first()
    old = current.rate_bps if current else None
    if rate_bps is None:
        if current is not None:
            current.delete()
        current = None
    elif current is None:
        current = SellerCommissionOverride.objects.create(seller=seller, category=category, rate_bps=rate_bps)
    else:
        current.rate_bps = rate_bps
        current.save(update_fields=["rate_bps", "updated_at"])
    if old != rate_bps:
        LedgerAudit.objects.create(
            actor=actor,
            action="commission.seller",
            seller=seller,
            category=category,
            old={"rate_bps": old},
            new={"rate_bps": rate_bps},
        )
    return current
