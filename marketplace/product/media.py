"""Product photos: upload (checked by content), thumbnails, order, cover
image, removal. The first image by ``sort_order`` is the product's cover
(the "thumbnail" the seller picks)."""

from __future__ import annotations

import io
from functools import partial
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from marketplace.account.models import User
from marketplace.core.images import validate_image
from marketplace.core.text import vietnamese_slugify
from marketplace.product.cache import catalog_changed
from marketplace.product.errors import ProductError
from marketplace.product.listing import lock_product
from marketplace.product.models import Product, ProductMedia, Thumbnail

# Widths of the WebP thumbnails made for every product image; pages pick one
# with srcset, the API with thumbnail(size:).
THUMBNAIL_SIZES = (160, 320, 640)
MAX_PRODUCT_IMAGES = 10


@transaction.atomic
def add_product_media(
    *, product: Product, upload: IO[bytes], alt: str = "", filename: str = "image", actor: User | None = None
) -> ProductMedia:
    """Validate ``upload`` by its content, store it (last in order) and its thumbnails.

    Raises ``InvalidImage`` (see ``marketplace.core.images``) or
    ``ProductError("TOO_MANY_IMAGES")`` (10 per product) and changes nothing then.
    """
    fmt = validate_image(upload)
    locked = lock_product(product)  # two uploads at once must not both pass the count
    if locked.media.count() >= MAX_PRODUCT_IMAGES:
        raise ProductError(
            "TOO_MANY_IMAGES",
            _("Mỗi sản phẩm có tối đa %(count)s ảnh.") % {"count": MAX_PRODUCT_IMAGES},
            field="image",
        )
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    last = locked.media.aggregate(m=Max("sort_order"))["m"]
    media = ProductMedia(product=locked, alt=(alt or locked.name)[:250], sort_order=0 if last is None else last + 1)
    # The content needs a name: an unnamed file leaves width/height unset (NULL).
    name = f"{locked.slug}-{_safe_stem(filename)}.{extension}"
    media.image.save(name, ContentFile(upload.read(), name=name), save=False)
    media.save()
    generate_thumbnails(media=media)
    catalog_changed()
    return media


def _safe_stem(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    return vietnamese_slugify(stem)[:40] or "image"


def generate_thumbnails(*, media: ProductMedia) -> list[Thumbnail]:
    """(Re)make the WebP thumbnails of ``media``; square crops, never upscaled."""
    media.image.open("rb")
    with Image.open(media.image) as original:
        original = ImageOps.exif_transpose(original).convert("RGB")
        made = []
        for size in THUMBNAIL_SIZES:
            side = min(size, original.width, original.height)
            resized = ImageOps.fit(original, (side, side), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            resized.save(buffer, "WEBP", quality=78, method=4)
            thumb, _created = Thumbnail.objects.get_or_create(media=media, size=size, format="WEBP")
            name = f"{media.pk}-{size}.webp"
            thumb.image.save(name, ContentFile(buffer.getvalue(), name=name), save=False)
            thumb.save()
            made.append(thumb)
    media.image.close()
    return made


@transaction.atomic
def reorder_product_media(*, product: Product, actor: User, media_ids: list[int]) -> list[ProductMedia]:
    """Put the product's images in the order of ``media_ids`` (the first is the
    cover). ``media_ids`` must list each of the product's images exactly once,
    else ``INVALID`` on field ``media_ids``."""
    locked = lock_product(product)
    media = list(locked.media.all())
    try:
        wanted = [int(pk) for pk in media_ids]
    except (TypeError, ValueError):
        wanted = []
    if len(wanted) != len(media) or set(wanted) != {m.pk for m in media}:
        raise ProductError("INVALID", _("Danh sách ảnh không khớp với các ảnh của sản phẩm."), field="media_ids")
    by_id = {m.pk: m for m in media}
    ordered = [by_id[pk] for pk in wanted]
    for position, item in enumerate(ordered):
        item.sort_order = position
    ProductMedia.objects.bulk_update(ordered, ["sort_order"])
    catalog_changed()  # bulk_update sends no signals
    return ordered


@transaction.atomic
def set_product_thumbnail(*, product: Product, actor: User, media: ProductMedia) -> list[ProductMedia]:
    """Make ``media`` the product's cover image (moved first, the others keep
    their order). Raises ``NOT_PRODUCTS_IMAGE`` for another product's image."""
    if media.product_id != product.pk:
        raise ProductError("NOT_PRODUCTS_IMAGE", _("Ảnh này không thuộc sản phẩm."), field="media")
    ids = list(product.media.order_by("sort_order", "pk").values_list("pk", flat=True))
    return reorder_product_media(
        product=product, actor=actor, media_ids=[media.pk, *[pk for pk in ids if pk != media.pk]]
    )


@transaction.atomic
def delete_product_media(*, media: ProductMedia, actor: User) -> None:
    """Remove an image and its thumbnails; the files go once the deletion commits."""
    lock_product(media.product)
    storage = media.image.storage
    names = [media.image.name, *(t.image.name for t in media.thumbnails.all())]
    media.delete()
    transaction.on_commit(partial(_delete_files, storage=storage, names=[n for n in names if n]))
    catalog_changed()


def _delete_files(*, storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)
