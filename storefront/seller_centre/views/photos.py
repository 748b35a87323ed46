"""A product's photos: add several at once, move up or down, make one the
main photo, delete. Each is checked by its content by the catalogue service."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.errors import DomainError
from marketplace.product import services as catalogue
from marketplace.product.permissions import get_media_for_user, get_product_for_user
from marketplace.seller.models import Seller
from storefront.seller_centre.access import fetch, object_page


def _photos_of(product_id: int) -> HttpResponse:
    return redirect(reverse("seller_centre:product_edit", kwargs={"product_id": product_id}) + "#anh")


@require_POST
@object_page
def photos_add(request: HttpRequest, seller: Seller, product_id: int) -> HttpResponse:
    """Add the chosen photos, all or none (one bad file changes nothing)."""
    product = fetch(get_product_for_user, user=request.user, product_id=product_id)
    uploads = request.FILES.getlist("photos")
    if not uploads:
        messages.error(request, _("Vui lòng chọn ít nhất một ảnh."))
        return _photos_of(product.pk)
    current = ""
    try:
        with transaction.atomic():
            for upload in uploads:
                current = upload.name or ""
                catalogue.add_product_media(product=product, upload=upload, filename=current, actor=request.user)
    except DomainError as error:
        messages.error(request, _("Ảnh “%(name)s”: %(why)s") % {"name": current, "why": error.message})
    else:
        messages.success(request, _("Đã thêm %(count)s ảnh.") % {"count": len(uploads)})
    return _photos_of(product.pk)


@require_POST
@object_page
def photo_action(request: HttpRequest, seller: Seller, media_id: int) -> HttpResponse:
    """``action``: ``up``, ``down``, ``main`` (the cover) or ``delete``."""
    media = fetch(get_media_for_user, user=request.user, media_id=media_id)
    product = media.product
    action = request.POST.get("action", "")
    try:
        if action == "delete":
            catalogue.delete_product_media(media=media, actor=request.user)
            messages.success(request, _("Đã xóa ảnh."))
        elif action == "main":
            catalogue.set_product_thumbnail(product=product, actor=request.user, media=media)
            messages.success(request, _("Đã đặt làm ảnh chính."))
        elif action in ("up", "down"):
            ids = list(product.media.order_by("sort_order", "pk").values_list("pk", flat=True))
            at = ids.index(media.pk)
            to = at - 1 if action == "up" else at + 1
            if 0 <= to < len(ids):
                ids[at], ids[to] = ids[to], ids[at]
                catalogue.reorder_product_media(product=product, actor=request.user, media_ids=ids)
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except DomainError as error:
        messages.error(request, error.message)
    return _photos_of(product.pk)
