"""Who reaches which catalogue object: members of its seller only; operators
through their own fetcher. Everyone else gets NOT_FOUND, ids cannot be probed."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from PIL import Image

from marketplace.product import permissions, services
from marketplace.product.services import ProductError
from tests.factories import OcopCertificateFactory


@pytest.fixture
def objects(seller, owner, category):
    product = services.create_product(seller=seller, actor=owner, name="Chè", category=category, price=1)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "green").save(buffer, "PNG")
    media = services.add_product_media(product=product, upload=buffer, actor=owner)
    return {
        "product": (permissions.get_product_for_user, "product_id", product),
        "variant": (permissions.get_variant_for_user, "variant_id", product.default_variant),
        "media": (permissions.get_media_for_user, "media_id", media),
        "warehouse": (
            permissions.get_warehouse_for_user,
            "warehouse_id",
            product.default_variant.stocks.get().warehouse,
        ),
        "certificate": (
            permissions.get_certificate_for_user,
            "certificate_id",
            OcopCertificateFactory(seller=seller),
        ),
    }


KINDS = ["product", "variant", "media", "warehouse", "certificate"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["owner", "staff"])
def test_members_reach_their_sellers_objects(objects, request, kind, who):
    fetch, key, obj = objects[kind]
    assert fetch(user=request.getfixturevalue(who), **{key: obj.pk}) == obj
    assert fetch(user=request.getfixturevalue(who), **{key: str(obj.pk)}) == obj  # ids from forms are strings


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["anonymous", "shopper", "other_owner", "operator", "inactive_owner"])
def test_everyone_else_gets_not_found(objects, request, owner, kind, who):
    if who == "anonymous":
        user = AnonymousUser()
    elif who == "inactive_owner":
        owner.is_active = False
        owner.save()
        user = owner
    else:
        user = request.getfixturevalue(who)
    fetch, key, obj = objects[kind]
    with pytest.raises(ProductError) as exc:
        fetch(user=user, **{key: obj.pk})
    assert exc.value.code == "NOT_FOUND"


@pytest.mark.parametrize("bad_id", [None, "abc", -1, 0, 10**30, True])
def test_malformed_ids_are_not_found(objects, owner, bad_id):
    with pytest.raises(ProductError) as exc:
        permissions.get_product_for_user(user=owner, product_id=bad_id)
    assert exc.value.code == "NOT_FOUND"


def test_operators_reach_any_product_through_their_fetcher(objects, operator, owner, shopper):
    product = objects["product"][2]
    assert permissions.get_product_for_operator(user=operator, product_id=product.pk) == product
    for user in (owner, shopper, AnonymousUser(), None):
        with pytest.raises(ProductError) as exc:
            permissions.get_product_for_operator(user=user, product_id=product.pk)
        assert exc.value.code == "NOT_FOUND"
