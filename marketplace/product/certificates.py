"""A seller's OCOP certificates and the product each is attached to."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.product.cache import catalog_changed
from marketplace.product.errors import ProductError
from marketplace.product.listing import lock_product
from marketplace.product.models import OcopCertificate, OcopProductGroup, Product
from marketplace.product.validation import whole_number
from marketplace.seller.models import Seller


def _required_text(value: object, *, field: str, limit: int, message: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise ProductError("REQUIRED", message, field=field)
    if len(text) > limit:
        raise ProductError("INVALID", _("Nội dung quá dài (tối đa %(limit)s ký tự).") % {"limit": limit}, field=field)
    return text


@transaction.atomic
def create_ocop_certificate(
    *,
    seller: Seller,
    actor: User | None,
    number: str,
    issuing_body: str,
    decision_date: datetime.date,
    star_rating: int,
    product_group: str,
) -> OcopCertificate:
    """Record an OCOP decision the seller holds (operators verify it later).

    Raises ``REQUIRED``/``INVALID`` per field (stars 1–5, a decision date not
    in the future, a known product group) or ``UNIQUE`` on ``number`` when the
    issuing body's number is already recorded."""
    number = _required_text(number, field="number", limit=64, message=_("Vui lòng nhập số quyết định OCOP."))
    issuing_body = _required_text(
        issuing_body, field="issuing_body", limit=255, message=_("Vui lòng nhập cơ quan cấp.")
    )
    if not isinstance(decision_date, datetime.date) or isinstance(decision_date, datetime.datetime):
        raise ProductError("REQUIRED", _("Vui lòng nhập ngày quyết định."), field="decision_date")
    if decision_date > timezone.localdate():
        raise ProductError("INVALID", _("Ngày quyết định không được ở tương lai."), field="decision_date")
    stars = whole_number(star_rating)
    if stars is None or not 1 <= stars <= 5:
        raise ProductError("INVALID", _("Số sao OCOP phải từ 1 đến 5."), field="star_rating")
    if product_group not in OcopProductGroup.values:
        raise ProductError("INVALID", _("Nhóm sản phẩm OCOP không hợp lệ."), field="product_group")
    duplicate = ProductError("UNIQUE", _("Số quyết định này của cơ quan cấp đã được khai báo."), field="number")
    if OcopCertificate.objects.filter(issuing_body__iexact=issuing_body, number__iexact=number).exists():
        raise duplicate
    try:
        with transaction.atomic():
            certificate = OcopCertificate.objects.create(
                seller=seller,
                number=number,
                issuing_body=issuing_body,
                decision_date=decision_date,
                star_rating=stars,
                product_group=product_group,
            )
    except IntegrityError as exc:  # recorded meanwhile by another request
        raise duplicate from exc
    certificate.refresh_from_db(fields=["expires_on"])
    return certificate


@transaction.atomic
def attach_ocop_certificate(*, product: Product, actor: User | None, certificate: OcopCertificate | None) -> Product:
    """Show ``certificate`` on ``product`` (``None`` detaches it).

    Raises ``NOT_FOUND`` on ``certificate`` (another seller's) or ``INVALID``
    (a revoked certificate)."""
    if certificate is not None:
        if certificate.seller_id != product.seller_id:
            raise ProductError("NOT_FOUND", _("Không tìm thấy giấy chứng nhận OCOP."), field="certificate")
        if certificate.revoked:
            raise ProductError("INVALID", _("Giấy chứng nhận OCOP này đã bị thu hồi."), field="certificate")
    locked = lock_product(product)
    locked.ocop_certificate = certificate
    locked.save(update_fields=["ocop_certificate", "updated_at"])
    product.ocop_certificate = certificate
    catalog_changed()
    return product
