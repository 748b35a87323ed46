"""Cart lines: adding, changing and removing them, and every refusal leaving
the cart and the stock as they were."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from marketplace.checkout import services
from marketplace.checkout.errors import CheckoutError
from marketplace.checkout.models import CheckoutLine
from marketplace.checkout.selectors import get_checkout_for_user
from marketplace.product.models import ProductChannelListing, ProductStatus, ProductVariantChannelListing
from marketplace.seller.models import SellerStatus
from marketplace.warehouse.models import Reservation
from tests.factories import ProductVariantFactory
from tests.marketplace.checkout.helpers import shop_state


def _lines(checkout) -> dict[int, int]:
    return dict(CheckoutLine.objects.filter(checkout=checkout).values_list("variant_id", "quantity"))


def _reserved(checkout) -> dict[int, int]:
    rows = Reservation.objects.filter(checkout_line__checkout=checkout)
    return {r.checkout_line.variant_id: r.quantity for r in rows.select_related("checkout_line")}


def test_a_guest_creates_a_cart_with_lines_from_two_sellers(channel, tea, squid):
    checkout = services.create_checkout(channel=channel, email=" Khach@Example.VN ", lines=[(tea, 2), (squid, 1)])
    assert checkout.user is None and checkout.email == "khach@example.vn"
    assert _lines(checkout) == {tea.pk: 2, squid.pk: 1}
    assert _reserved(checkout) == {tea.pk: 2, squid.pk: 1}
    assert get_checkout_for_user(token=str(checkout.pk), user=None) == checkout


def test_a_signed_in_shopper_gets_their_email(channel, tea, shopper):
    checkout = services.create_checkout(channel=channel, user=shopper, lines=[(tea, 1)])
    assert (checkout.user, checkout.email) == (shopper, shopper.email)


def test_the_same_variant_twice_adds_up(channel, tea):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1), (tea.pk, 2)])
    assert _lines(checkout) == {tea.pk: 3}
    services.add_lines(checkout=checkout, lines=[(tea, 4)])
    assert _lines(checkout) == {tea.pk: 7}
    assert _reserved(checkout) == {tea.pk: 7}


def test_update_sets_quantities_and_zero_removes_the_line(channel, tea, squid, seller_b):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 2), (squid, 1)])
    squid_line = CheckoutLine.objects.get(checkout=checkout, variant=squid)
    services.update_lines(checkout=checkout, lines=[(tea, 5), (str(squid_line.pk), 0)])
    assert _lines(checkout) == {tea.pk: 5}
    assert _reserved(checkout) == {tea.pk: 5}


def test_delete_lines(channel, tea, squid):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 2), (squid, 1)])
    line = CheckoutLine.objects.get(checkout=checkout, variant=tea)
    services.delete_lines(checkout=checkout, line_ids=[line.pk])
    assert _lines(checkout) == {squid.pk: 1}
    assert _reserved(checkout) == {squid.pk: 1}


@pytest.mark.parametrize(
    ("quantity", "code"),
    [
        (0, "ZERO_QUANTITY"),
        (-1, "ZERO_QUANTITY"),
        (1.5, "INVALID"),
        ("2", "INVALID"),
        (True, "INVALID"),
        (51, "QUANTITY_GREATER_THAN_LIMIT"),
    ],
)
def test_bad_quantities_are_refused_and_change_nothing(channel, tea, squid, quantity, code):
    checkout = services.create_checkout(channel=channel, lines=[(squid, 1)])
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.add_lines(checkout=checkout, lines=[(squid, 1), (tea, quantity)])
    assert (exc.value.code, exc.value.field) == (code, "quantity")
    with pytest.raises(CheckoutError) as exc:
        services.create_checkout(channel=channel, lines=[(tea, quantity)])
    assert exc.value.code == code
    assert shop_state() == before


def test_update_refuses_negative_quantities(channel, tea):
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.update_lines(checkout=checkout, lines=[(tea, -3)])
    assert exc.value.code == "ZERO_QUANTITY"
    assert shop_state() == before


def test_the_line_limit_counts_what_is_already_in_the_cart(channel, tea, settings):
    settings.CHECKOUT_MAX_LINE_QUANTITY = 5
    checkout = services.create_checkout(channel=channel, lines=[(tea, 4)])
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.add_lines(checkout=checkout, lines=[(tea, 2)])
    assert exc.value.code == "QUANTITY_GREATER_THAN_LIMIT" and exc.value.variants == [tea.pk]
    assert shop_state() == before


def test_the_variants_own_limit_applies(channel, tea):
    tea.quantity_limit_per_customer = 2
    tea.save()
    with pytest.raises(CheckoutError) as exc:
        services.create_checkout(channel=channel, lines=[(tea, 3)])
    assert exc.value.code == "QUANTITY_GREATER_THAN_LIMIT"
    assert "2" in exc.value.message


def test_more_than_the_stock_is_refused(channel, tea, squid):
    checkout = services.create_checkout(channel=channel, lines=[(squid, 1)])
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.add_lines(checkout=checkout, lines=[(squid, 1), (tea, 11)])
    assert (exc.value.code, exc.value.variants) == ("INSUFFICIENT_STOCK", [tea.pk])
    assert shop_state() == before


def test_an_unpublished_product_is_refused(channel, tea, product_a):
    ProductChannelListing.objects.filter(product=product_a).update(is_published=False)
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.create_checkout(channel=channel, lines=[(tea, 1)])
    assert (exc.value.code, exc.value.variants) == ("PRODUCT_NOT_PUBLISHED", [tea.pk])
    assert shop_state() == before


def test_a_product_unlisted_by_an_operator_is_refused(channel, tea, product_a):
    product_a.status = ProductStatus.UNLISTED_BY_OPERATOR
    product_a.save()
    with pytest.raises(CheckoutError) as exc:
        services.create_checkout(channel=channel, lines=[(tea, 1)])
    assert exc.value.code == "PRODUCT_NOT_PUBLISHED"


def test_a_product_not_yet_for_sale_is_refused(channel, tea, product_a):
    ProductChannelListing.objects.filter(product=product_a).update(
        available_for_purchase_at=timezone.now() + datetime.timedelta(days=2)
    )
    with pytest.raises(CheckoutError) as exc:
        services.create_checkout(channel=channel, lines=[(tea, 1)])
    assert exc.value.code == "PRODUCT_UNAVAILABLE_FOR_PURCHASE"


def test_a_variant_without_a_price_is_refused(channel, product_a):
    unpriced = ProductVariantFactory(product=product_a)
    with pytest.raises(CheckoutError) as exc:
        services.create_checkout(channel=channel, lines=[(unpriced, 1)])
    assert exc.value.code == "UNAVAILABLE_VARIANT_IN_CHANNEL"
    assert not ProductVariantChannelListing.objects.filter(variant=unpriced).exists()


def test_a_deleted_variant_is_not_found(channel, tea, squid):
    checkout = services.create_checkout(channel=channel, lines=[(squid, 1)])
    tea_id = tea.pk
    tea.delete()
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.add_lines(checkout=checkout, lines=[(tea_id, 1)])
    assert (exc.value.code, exc.value.field, exc.value.variants) == ("NOT_FOUND", "variant_id", [tea_id])
    with pytest.raises(CheckoutError) as exc:  # the deleted instance itself
        services.create_checkout(channel=channel, lines=[(tea, 1)])
    assert (exc.value.code, exc.value.field) == ("NOT_FOUND", "variant_id")
    assert shop_state() == before


def test_a_suspended_sellers_product_is_refused(channel, tea, squid, seller_a):
    checkout = services.create_checkout(channel=channel, lines=[(squid, 1)])
    seller_a.status = SellerStatus.SUSPENDED
    seller_a.save()
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.add_lines(checkout=checkout, lines=[(tea, 1)])
    assert (exc.value.code, exc.value.variants) == ("SELLER_UNAVAILABLE", [tea.pk])
    assert shop_state() == before


def test_an_inactive_channel_is_refused(channel, tea):
    channel.is_active = False
    channel.save()
    with pytest.raises(CheckoutError) as exc:
        services.create_checkout(channel=channel, lines=[(tea, 1)])
    assert exc.value.code == "CHANNEL_INACTIVE"


def test_a_bad_email_is_refused(channel, tea):
    with pytest.raises(CheckoutError) as exc:
        services.create_checkout(channel=channel, email="khong-phai-email", lines=[(tea, 1)])
    assert (exc.value.code, exc.value.field) == ("INVALID", "email")
    checkout = services.create_checkout(channel=channel, lines=[(tea, 1)])
    with pytest.raises(CheckoutError):
        services.set_email(checkout=checkout, email="a@")
    services.set_email(checkout=checkout, email="Mua@Example.vn")
    checkout.refresh_from_db()
    assert checkout.email == "mua@example.vn"


def test_someone_elses_checkout_and_lines_are_not_found(channel, tea, squid, shopper, stranger):
    mine = services.create_checkout(channel=channel, user=shopper, lines=[(tea, 1)])
    other = services.create_checkout(channel=channel, lines=[(squid, 1)])
    for user in (None, stranger):
        with pytest.raises(CheckoutError) as exc:
            get_checkout_for_user(token=mine.pk, user=user)
        assert exc.value.code == "NOT_FOUND"
    for token in ("not-a-uuid", "00000000-0000-0000-0000-000000000000", None):
        with pytest.raises(CheckoutError):
            get_checkout_for_user(token=token, user=shopper)
    foreign_line = CheckoutLine.objects.get(checkout=other)
    before = shop_state()
    with pytest.raises(CheckoutError) as exc:
        services.delete_lines(checkout=mine, line_ids=[foreign_line.pk])
    assert (exc.value.code, exc.value.field) == ("NOT_FOUND", "line_id")
    with pytest.raises(CheckoutError) as exc:
        services.update_lines(checkout=mine, lines=[(str(foreign_line.pk), 3)])
    assert exc.value.code == "NOT_FOUND"
    assert shop_state() == before
