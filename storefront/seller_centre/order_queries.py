"""Reads of the seller centre's order pages beyond the order area's
selectors, each one query, each scoped to a seller the caller fetched
through a permission fetcher."""

from __future__ import annotations

from django.db.models import Count, Q

from marketplace.order.models import OrderEvent, SellerOrder, SellerOrderStatus
from marketplace.seller.models import Seller

# Sub-orders waiting for the seller: to confirm, or confirmed (cash-on-delivery
# orders start there) and still to pack.
NEW_STATUSES = (SellerOrderStatus.UNCONFIRMED, SellerOrderStatus.CONFIRMED)


def status_counts(seller: Seller) -> dict[str, int]:
    """How many of the seller's sub-orders are in each status (every status
    is a key), and ``""`` for all of them."""
    counts = SellerOrder.objects.filter(seller_id=seller.pk).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in SellerOrderStatus.values},
        all=Count("pk"),
    )
    counts[""] = counts.pop("all")
    return counts


def new_order_count(seller: Seller) -> int:
    """Sub-orders the seller still has to confirm or pack (the dashboard's figure)."""
    return SellerOrder.objects.filter(seller_id=seller.pk, status__in=NEW_STATUSES).count()


def seller_order_events(seller_order: SellerOrder) -> list[OrderEvent]:
    """The sub-order's audit trail, oldest first, with who acted."""
    return list(
        OrderEvent.objects.filter(seller_order_id=seller_order.pk).select_related("actor").order_by("created_at", "pk")
    )
