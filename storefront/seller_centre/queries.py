"""Small reads the seller centre's pages need that the seller area's
selectors do not offer. Every one is scoped to a seller the caller already
fetched through a permission fetcher, so none can reach another seller's rows."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from marketplace.account.models import User
from marketplace.product.models import Product, ProductChannelListing, ProductStatus
from marketplace.seller.models import ProducerMember, Seller, SellerInvitation, SellerMember


def memberships_of(user: User) -> QuerySet[SellerMember]:
    """Every seller ``user`` works for (to switch between them)."""
    return SellerMember.objects.filter(user_id=user.pk).select_related("seller").order_by("created_at", "pk")


def team_members(seller: Seller) -> QuerySet[SellerMember]:
    return SellerMember.objects.filter(seller=seller).select_related("user").order_by("-role", "created_at", "pk")


def open_invitations(seller: Seller) -> QuerySet[SellerInvitation]:
    return SellerInvitation.objects.filter(
        seller=seller, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-pk")


def invitation_of(seller: Seller, invitation_id: int) -> SellerInvitation | None:
    return SellerInvitation.objects.filter(seller=seller, pk=invitation_id).select_related("seller").first()


def invitation_by_token(token: str) -> SellerInvitation | None:
    """The invitation the link carries (the token is the proof), open or not."""
    if not token:
        return None
    return SellerInvitation.objects.filter(token=token).select_related("seller").first()


def member_of(seller: Seller, user_id: int) -> SellerMember | None:
    return SellerMember.objects.filter(seller=seller, user_id=user_id).select_related("user").first()


def producers_of(seller: Seller) -> QuerySet[ProducerMember]:
    return ProducerMember.objects.filter(seller=seller).select_related("commune").order_by("name", "pk")


def producer_of(seller: Seller, producer_id: int) -> ProducerMember | None:
    return ProducerMember.objects.filter(seller=seller, pk=producer_id).select_related("seller").first()


def product_stats(seller: Seller, *, channel_id: int | None) -> dict[str, int]:
    """How many products the seller has, how many are on sale in the channel
    and how many an operator took down (one query)."""
    published = ProductChannelListing.objects.filter(product_id=OuterRef("pk"), is_published=True)
    if channel_id is not None:
        published = published.filter(channel_id=channel_id)
    return Product.objects.filter(seller=seller).aggregate(
        total=Count("pk"),
        published=Count("pk", filter=Q(Exists(published), status=ProductStatus.ACTIVE)),
        unlisted=Count("pk", filter=Q(status=ProductStatus.UNLISTED_BY_OPERATOR)),
    )
