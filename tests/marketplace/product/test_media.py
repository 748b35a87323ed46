"""Product photos: several per product, in the seller's order, a chosen cover."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from marketplace.core.images import InvalidImage
from marketplace.product import services
from marketplace.product.models import ProductMedia, Thumbnail
from marketplace.product.services import ProductError
from tests.marketplace.product.helpers import catalogue_state


def photo(color: str = "green") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), color).save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


@pytest.fixture
def product(seller, owner, category):
    return services.create_product(seller=seller, actor=owner, name="Mật ong", category=category, price=200_000)


def add(product, owner, color="green", filename="anh.jpg") -> ProductMedia:
    return services.add_product_media(product=product, upload=photo(color), filename=filename, actor=owner)


def test_images_are_added_in_order_with_thumbnails(product, owner):
    first, second = add(product, owner, "green"), add(product, owner, "red")
    assert (first.sort_order, second.sort_order) == (0, 1)
    assert Thumbnail.objects.filter(media=first).count() == 3
    assert first.image.name.startswith("products/mat-ong-anh")


def test_at_most_ten_images(product, owner):
    for _ in range(services.MAX_PRODUCT_IMAGES):
        add(product, owner)
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        add(product, owner)
    assert exc.value.code == "TOO_MANY_IMAGES" and "10" in exc.value.message
    assert catalogue_state() == before


def test_a_script_named_jpg_is_refused(product, owner):
    before = catalogue_state()
    with pytest.raises(InvalidImage) as exc:
        services.add_product_media(
            product=product, upload=io.BytesIO(b"<?php system($_GET['c']); ?>"), filename="anh.jpg", actor=owner
        )
    assert exc.value.code == "UNSUPPORTED_FILE_TYPE"
    assert catalogue_state() == before


def test_reorder_and_set_thumbnail(product, owner):
    a, b, c = add(product, owner), add(product, owner), add(product, owner)
    services.reorder_product_media(product=product, actor=owner, media_ids=[c.pk, a.pk, b.pk])
    assert list(product.media.values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    services.set_product_thumbnail(product=product, actor=owner, media=b)
    assert list(product.media.values_list("pk", flat=True)) == [b.pk, c.pk, a.pk]


@pytest.mark.parametrize("ids", ["missing one", "twice", "foreign", "not numbers"])
def test_reorder_must_list_exactly_the_products_images(product, owner, seller, category, ids):
    a, b = add(product, owner), add(product, owner)
    other = services.create_product(seller=seller, actor=owner, name="Khác", category=category, price=1)
    foreign = add(other, owner)
    media_ids = {
        "missing one": [a.pk],
        "twice": [a.pk, a.pk],
        "foreign": [a.pk, foreign.pk],
        "not numbers": ["x", "y"],
    }[ids]
    before = catalogue_state()
    with pytest.raises(ProductError) as exc:
        services.reorder_product_media(product=product, actor=owner, media_ids=media_ids)
    assert (exc.value.code, exc.value.field) == ("INVALID", "media_ids")
    assert catalogue_state() == before
    assert b.pk in product.media.values_list("pk", flat=True)


def test_thumbnail_must_be_the_products_own_image(product, owner, seller, category):
    other = services.create_product(seller=seller, actor=owner, name="Khác", category=category, price=1)
    foreign = add(other, owner)
    with pytest.raises(ProductError) as exc:
        services.set_product_thumbnail(product=product, actor=owner, media=foreign)
    assert exc.value.code == "NOT_PRODUCTS_IMAGE"


def test_delete_image_removes_its_files_on_commit(product, owner, django_capture_on_commit_callbacks):
    media = add(product, owner)
    storage = media.image.storage
    names = [media.image.name, *media.thumbnails.values_list("image", flat=True)]
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_product_media(media=media, actor=owner)
    assert not ProductMedia.objects.filter(pk=media.pk).exists()
    assert not any(storage.exists(name) for name in names)


def test_delete_product_removes_image_files(product, owner, django_capture_on_commit_callbacks):
    media = add(product, owner)
    storage, name = media.image.storage, media.image.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_product(product=product, actor=owner)
    assert not storage.exists(name)
