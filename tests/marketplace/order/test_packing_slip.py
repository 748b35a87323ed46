"""The packing slip read back the way a packer and a phone would: the PDF's
own text (Vietnamese letters intact) and its QR code decoded from a 200 dpi
raster, over several pages when the parcel has many lines."""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium
import pytest
import zxingcpp

from marketplace.checkout import services as checkout_services
from marketplace.order.packing_slip import render_packing_slip
from tests.factories import ProductFactory, publish
from tests.marketplace.checkout.helpers import ready_checkout
from tests.storefront.seller_centre.conftest import client_for

pytestmark = pytest.mark.django_db
NOTE = "Giao giờ hành chính; gọi chị Hường trước khi đến"


def pages_text(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    texts = [unicodedata.normalize("NFC", page.get_textpage().get_text_range()) for page in document]
    return [" ".join(text.split()) for text in texts]


def qr_codes(pdf: bytes, page: int = 0) -> list[str]:
    image = pdfium.PdfDocument(pdf)[page].render(scale=200 / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.fixture
def big_order(channel, seller_a, shopper, tea, squid):
    """Seller A's 30 specialities (one named with "&" and "<>") and seller B's
    squid in one COD order, with a note."""
    variants = [tea]
    for n in range(1, 30):
        name = "Mắm tôm & chả <loại 1>" if n == 1 else f"Đặc sản số {n:02d} Hưng Yên"
        product = publish(ProductFactory(seller=seller_a, name=name), channel, price=10_000)
        variants.append(product.default_variant)
    lines = [(variant, 1 + n % 3) for n, variant in enumerate(variants)] + [(squid, 1)]
    checkout = ready_checkout(channel, lines, user=shopper, email=shopper.email)
    checkout_services.set_customer_note(checkout=checkout, note=NOTE)
    return checkout_services.complete_checkout(checkout=checkout, user=shopper)


def test_a_long_parcel_prints_over_pages_with_every_line_and_the_cash_to_collect(big_order, seller_a):
    sub = big_order.seller_orders.get(seller=seller_a)
    lines = list(sub.lines.all())
    pdf = render_packing_slip(sub)
    pages = pages_text(pdf)

    assert len(pages) >= 2
    first, everything = pages[0], " ".join(pages)
    for shown in (
        "PHIẾU ĐÓNG GÓI",
        sub.number,
        "HTX Chè Tân Cương",
        "Người nhận Nguyễn Văn An",
        "Điện thoại: 0912 345 678",
        "12 Lê Thánh Tông",
        "Tỉnh Quảng Ninh",
        "Vận chuyển: Giao tiêu chuẩn",
    ):
        assert shown in first, shown
    assert f"Thu hộ (COD): {sub.total_amount:,}".replace(",", ".") in first
    for line in lines:
        assert line.product_name in everything and line.product_sku in everything, line.product_name
    assert f"Tổng số lượng: {sum(line.quantity for line in lines)}" in everything
    assert NOTE in everything
    # The table's header comes back on the next page; each page says which it is.
    assert "Sản phẩm Phân loại SKU SL" in pages[1] and f"{sub.number} · trang 2" in pages[1]
    # Only what the seller ships: not the buyer's email, not seller B's squid.
    assert "khach.quen@example.vn" not in everything and "Chả mực" not in everything
    assert qr_codes(pdf) == [sub.number]


def test_an_order_paid_online_collects_nothing_at_the_door(channel, tea, settings):
    settings.PAYMENT_GATEWAYS = ["payments.gateways.cod.CashOnDelivery", "tests.payments.gateways.PayLater"]
    checkout = ready_checkout(channel, [(tea, 1)])
    sub = checkout_services.complete_checkout(checkout=checkout, payment_gateway="pay_later").seller_orders.get()
    (page,) = pages_text(render_packing_slip(sub))
    assert "không thu tiền khi giao" in page and "Thu hộ" not in page
    assert "Chè búp Tân Cương" in page


def test_the_slip_is_served_to_the_sellers_members_only(sub_a, sub_b, owner_a, owner_b, shopper):
    path = f"/kenh-nguoi-ban/don-hang/{sub_a.pk}/phieu-dong-goi.pdf"
    response = client_for(owner_a).get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert sub_a.number in pages_text(response.content)[0]
    for stranger in (owner_b, shopper):
        assert client_for(stranger).get(path).status_code == 404
    assert client_for(owner_a).post(path).status_code == 405
