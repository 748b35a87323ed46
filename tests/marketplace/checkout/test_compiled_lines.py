"""A checkout's lines are read with SQL compiled once per process
(``marketplace.core.compiled``): the instances must be exactly the ORM's,
annotations and joined objects included, for every checkout and time; and a
queryset that cannot be replayed safely is refused."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from marketplace.checkout.selectors import _lines_queryset, checkout_lines
from marketplace.checkout.services import create_checkout
from marketplace.core.compiled import CompiledQuery
from marketplace.product.models import ProductChannelListing
from marketplace.seller.models import SellerStatus

pytestmark = pytest.mark.django_db


def snapshot(lines) -> list[tuple]:
    return [
        (
            line.pk,
            line.quantity,
            line.variant.sku,
            line.variant.product.name,
            line.variant.product.seller.name,
            line.variant.product.seller.status,
            line.price_amount,
            line.is_visible,
            line.purchasable_from,
        )
        for line in lines
    ]


def orm(checkout, now):
    return list(_lines_queryset(checkout=checkout.pk, channel=checkout.channel_id, now=now))


def test_compiled_lines_equal_the_orm_for_each_checkout_and_time(channel, tea, squid, seller_b):
    first = create_checkout(channel=channel, lines=[(tea, 2), (squid, 1)], email="a@example.vn")
    second = create_checkout(channel=channel, lines=[(squid, 3)], email="b@example.vn")
    now = timezone.now()
    for checkout in (first, second):
        assert snapshot(checkout_lines(checkout, now=now)) == snapshot(orm(checkout, now))
    # Rules that depend on the values change the answer the same way.
    seller_b.status = SellerStatus.SUSPENDED
    seller_b.save(update_fields=["status"])
    ProductChannelListing.objects.filter(product=tea.product).update(published_at=now + datetime.timedelta(days=1))
    compiled = snapshot(checkout_lines(first, now=now))
    assert compiled == snapshot(orm(first, now))
    assert [row[5] for row in compiled] == [tea.product.seller.status, SellerStatus.SUSPENDED]
    assert [row[7] for row in compiled] == [False, False]
    later = now + datetime.timedelta(days=2)
    assert snapshot(checkout_lines(first, now=later)) == snapshot(orm(first, later))
    assert checkout_lines(first, now=later)[0].is_visible is True


def test_a_value_the_sql_only_sees_transformed_is_refused(channel):
    from marketplace.checkout.models import CheckoutLine

    derived = CompiledQuery(
        lambda *, now: CheckoutLine.objects.filter(created_at__gte=now - datetime.timedelta(hours=1)),
        now=datetime.datetime,
    )
    with pytest.raises(ValueError, match="derives"):
        derived.run(now=timezone.now())


def test_a_value_that_changes_the_query_shape_is_refused(channel):
    from marketplace.checkout.models import CheckoutLine

    shaped = CompiledQuery(
        lambda *, quantity: CheckoutLine.objects.filter(quantity__in=range(abs(quantity) % 3 + 1)),
        quantity=int,
    )
    with pytest.raises(ValueError):
        shaped.run(quantity=2)
