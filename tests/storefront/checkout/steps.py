"""What a shopper does on the pages, through the Django test client: the
same forms a browser without JavaScript posts."""

from __future__ import annotations

import re

from django.test import Client

from marketplace.checkout.models import Checkout
from marketplace.product.models import ProductVariant
from tests.factories import commune_of

KEY = re.compile(r'name="idempotency_key" value="([0-9a-f]+)"')


def address_form(**overrides: str) -> dict[str, str]:
    data = {
        "email": "khach.le@example.vn",
        "full_name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "province": "22",
        "commune": commune_of("22").code,
        "street_address_1": "12 Lê Thánh Tông",
    }
    data.update(overrides)
    return data


def add_to_cart(client: Client, variant: ProductVariant, quantity: object = 1):
    return client.post("/gio-hang/them/", {"variant": variant.pk, "quantity": quantity})


def visitor_checkout(client: Client) -> Checkout | None:
    """The guest cart this client's session holds."""
    token = client.session.get("storefront_checkout_token")
    return Checkout.objects.filter(pk=token).first() if token else None


def delivery_form(client: Client, *, payment: str = "cod", note: str = "") -> dict[str, str]:
    """The delivery page's form as shown: each seller's preselected method,
    the payment method, the one-time key."""
    page = client.get("/dat-hang/giao-hang/")
    assert page.status_code == 200, page
    html = page.content.decode()
    data = {"payment": payment, "note": note, "idempotency_key": KEY.search(html).group(1), "place": "1"}
    for name, value in re.findall(r'name="(method-\d+)" value="(\d+)"[^>]*checked', html):
        data[name] = value
    token = re.search(r'name="checkout" value="([^"]+)"', html)
    data["checkout"] = token.group(1) if token else ""
    return data
