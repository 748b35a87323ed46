"""Operators take a listing down (with a reason the seller sees) and put it
back. Each decision writes a ``ProductModerationEvent`` (who, when, from, to,
why) and, on commit, emails the seller's owners.

While unlisted, a product is hidden from the shop whatever its channel
listings say (``visible_products`` requires ``ProductStatus.ACTIVE``) and the
seller cannot republish it; the seller may still edit it to fix what the
operator asked. Relisting restores the seller's own publication state."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.product.cache import catalog_changed
from marketplace.product.errors import ProductError
from marketplace.product.listing import lock_product
from marketplace.product.models import ModerationAction, Product, ProductModerationEvent, ProductStatus
from marketplace.seller.models import SellerMember, SellerRole
from marketplace.seller.permissions import is_operator


def _require_operator(user: User | None) -> None:
    if not is_operator(user):
        raise ProductError("PERMISSION_DENIED", _("Chỉ cán bộ quản lý sàn mới được làm việc này."))


def _record(*, product: Product, operator: User, action: str, to_status: str, reason: str) -> ProductModerationEvent:
    locked = lock_product(product)
    expected_from = ProductStatus.ACTIVE if action == ModerationAction.UNLIST else ProductStatus.UNLISTED_BY_OPERATOR
    if locked.status != expected_from:
        if action == ModerationAction.UNLIST:
            message = _("Sản phẩm đã bị gỡ trước đó.")
        else:
            message = _("Sản phẩm đang được bán, không cần cho bán lại.")
        raise ProductError("INVALID_TRANSITION", message)
    event = ProductModerationEvent.objects.create(
        product=locked,
        actor=operator,
        action=action,
        from_status=locked.status,
        to_status=to_status,
        reason=reason,
    )
    locked.status = to_status
    locked.moderation_reason = reason if action == ModerationAction.UNLIST else ""
    locked.save(update_fields=["status", "moderation_reason", "updated_at"])
    product.status, product.moderation_reason = locked.status, locked.moderation_reason
    catalog_changed()
    transaction.on_commit(partial(send_moderation_email, event_id=event.pk))
    return event


@transaction.atomic
def unlist_product(*, product: Product, operator: User, reason: str) -> ProductModerationEvent:
    """Take ``product`` off the shop at once, for ``reason`` (shown to the seller).

    Raises ``PERMISSION_DENIED`` (not an operator), ``REASON_REQUIRED`` or
    ``INVALID_TRANSITION`` (already unlisted)."""
    _require_operator(operator)
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ProductError("REASON_REQUIRED", _("Vui lòng ghi rõ lý do gỡ sản phẩm."), field="reason")
    return _record(
        product=product,
        operator=operator,
        action=ModerationAction.UNLIST,
        to_status=ProductStatus.UNLISTED_BY_OPERATOR,
        reason=reason,
    )


@transaction.atomic
def relist_product(*, product: Product, operator: User, note: str = "") -> ProductModerationEvent:
    """Lift an operator's unlisting; the product shows again if the seller
    had published it. Raises ``PERMISSION_DENIED`` or ``INVALID_TRANSITION``
    (not unlisted)."""
    _require_operator(operator)
    return _record(
        product=product,
        operator=operator,
        action=ModerationAction.RELIST,
        to_status=ProductStatus.ACTIVE,
        reason=" ".join(str(note or "").split()),
    )


def _seller_centre_url() -> str:
    try:
        path = reverse("seller_centre:dashboard")
    except NoReverseMatch:
        path = "/kenh-nguoi-ban/"
    return settings.PUBLIC_URL.rstrip("/") + path


def send_moderation_email(*, event_id: int) -> None:
    """Tell the seller's active owners, each in their language, what an
    operator decided about one of their products."""
    event = ProductModerationEvent.objects.select_related("product", "product__seller").get(pk=event_id)
    product = event.product
    owners = SellerMember.objects.filter(seller_id=product.seller_id, role=SellerRole.OWNER, user__is_active=True)
    recipients: dict[str, str] = {}
    for email, language in owners.order_by("pk").values_list("user__email", "user__language_code"):
        recipients.setdefault(email.lower(), language)
    for email, language in recipients.items():
        with translation.override(language or settings.LANGUAGE_CODE):
            if event.action == ModerationAction.UNLIST:
                subject = _("Sản phẩm “%(product)s” đã bị gỡ khỏi Chợ OCOP") % {"product": product.name}
                body = _(
                    "Ban quản lý sàn đã gỡ sản phẩm “%(product)s” của %(seller)s khỏi cửa hàng.\n\n"
                    "Lý do: %(reason)s\n\n"
                    "Hãy sửa sản phẩm theo góp ý rồi liên hệ ban quản lý để được bán lại.\n%(url)s\n"
                )
            else:
                subject = _("Sản phẩm “%(product)s” được bán lại trên Chợ OCOP") % {"product": product.name}
                body = _(
                    "Ban quản lý sàn đã cho sản phẩm “%(product)s” của %(seller)s bán lại.\n\n%(reason)s\n\n%(url)s\n"
                )
            text = body % {
                "product": product.name,
                "seller": product.seller.name,
                "reason": event.reason,
                "url": _seller_centre_url(),
            }
            send_mail(str(subject), text, None, [email])
