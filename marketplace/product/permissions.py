"""Who may see and change which catalogue objects. Permission is checked
where the object is fetched: seller-centre pages and GraphQL mutations call
these fetchers and never load a product, variant, image, warehouse or
certificate by id themselves.

A seller's members (owner or staff) reach their seller's objects; anyone
else gets ``ProductError("NOT_FOUND")``, exactly as if the object did not
exist, so ids cannot be probed. Operators too: they use
``get_product_for_operator``."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from marketplace.product.errors import ProductError
from marketplace.product.models import OcopCertificate, Product, ProductMedia, ProductVariant
from marketplace.seller.permissions import AnyUser, is_operator
from marketplace.warehouse.models import Warehouse

M = TypeVar("M", bound=Model)


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


def _member_object(
    queryset: QuerySet[M], *, user: AnyUser | None, object_id: object, seller_path: str, message: str
) -> M:
    pk = _as_id(object_id)
    if not _active(user) or pk is None:
        raise ProductError("NOT_FOUND", message)
    found = queryset.filter(pk=pk, **{f"{seller_path}__members__user_id": user.pk}).first()
    if found is None:
        raise ProductError("NOT_FOUND", message)
    return found


def get_product_for_user(*, user: AnyUser | None, product_id: object) -> Product:
    """The product if ``user`` is a member of its seller. Raises ``NOT_FOUND``."""
    return _member_object(
        Product.objects.select_related("seller"),
        user=user,
        object_id=product_id,
        seller_path="seller",
        message=_("Không tìm thấy sản phẩm."),
    )


def get_product_for_operator(*, user: AnyUser | None, product_id: object) -> Product:
    """Any product, for an operator. Raises ``NOT_FOUND`` for anyone else."""
    pk = _as_id(product_id)
    found = Product.objects.select_related("seller").filter(pk=pk).first() if is_operator(user) and pk else None
    if found is None:
        raise ProductError("NOT_FOUND", _("Không tìm thấy sản phẩm."))
    return found


def get_variant_for_user(*, user: AnyUser | None, variant_id: object) -> ProductVariant:
    """The variant if ``user`` is a member of its product's seller. Raises ``NOT_FOUND``."""
    return _member_object(
        ProductVariant.objects.select_related("product", "product__seller"),
        user=user,
        object_id=variant_id,
        seller_path="product__seller",
        message=_("Không tìm thấy phân loại sản phẩm."),
    )


def get_media_for_user(*, user: AnyUser | None, media_id: object) -> ProductMedia:
    """The image if ``user`` is a member of its product's seller. Raises ``NOT_FOUND``."""
    return _member_object(
        ProductMedia.objects.select_related("product", "product__seller"),
        user=user,
        object_id=media_id,
        seller_path="product__seller",
        message=_("Không tìm thấy ảnh."),
    )


def get_warehouse_for_user(*, user: AnyUser | None, warehouse_id: object) -> Warehouse:
    """The warehouse if ``user`` is a member of its seller. Raises ``NOT_FOUND``."""
    return _member_object(
        Warehouse.objects.select_related("seller"),
        user=user,
        object_id=warehouse_id,
        seller_path="seller",
        message=_("Không tìm thấy kho."),
    )


def get_certificate_for_user(*, user: AnyUser | None, certificate_id: object) -> OcopCertificate:
    """The OCOP certificate if ``user`` is a member of its seller. Raises ``NOT_FOUND``."""
    return _member_object(
        OcopCertificate.objects.select_related("seller"),
        user=user,
        object_id=certificate_id,
        seller_path="seller",
        message=_("Không tìm thấy giấy chứng nhận OCOP."),
    )
