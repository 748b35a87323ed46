"""Browser test of issue 6: a cooperative owner, on a 360-px phone, creates a
batch, records harvest and packing, asks for 30 stamps, prints them (the PDF
is downloaded through the page and one QR code on it is decoded) and
activates them. A shopper opens a stamp's Digital Link: the resolver sends
them to the verification page with the ten required items and "Đã quét 1
lần"; scans of the same stamp from several provinces flip the page to the
suspicious warning; once the cooperative recalls the batch in the centre,
another stamp of it shows the recall notice."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.core.cache import cache
from playwright.sync_api import expect

from marketplace.seller.models import SellerKind, SellerRole, SellerStatus
from tests.browser.conftest import phone_context
from tests.browser.steps import seller_screen, shot, sign_in
from tests.factories import ProductFactory, ProductVariantFactory, SellerFactory, SellerMemberFactory, UserFactory
from traceability.models import Batch, Stamp, StampStatus
from traceability.selectors import stamp_uri

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Mat-khau-123"
PROVINCES = ("01", "79", "48", "92")  # Hà Nội, TP HCM, Đà Nẵng, Cần Thơ


@pytest.fixture
def cooperative(channel):
    cache.clear()
    owner = UserFactory(email="htx.che@example.vn", first_name="Tâm")
    seller = SellerFactory(
        name="HTX Chè Tân Cương", slug="htx-che-tan-cuong", kind=SellerKind.COOPERATIVE, status=SellerStatus.APPROVED
    )
    SellerMemberFactory(seller=seller, user=owner, role=SellerRole.OWNER)
    product = ProductFactory(seller=seller, name="Chè búp Tân Cương đặc biệt")
    ProductVariantFactory(product=product, name="Gói 200 g")
    return owner


def decode_first_qr(pdf: bytes) -> str:
    page = pdfium.PdfDocument(io.BytesIO(pdf))[0]
    image = page.render(scale=300 / 72, grayscale=True).to_pil()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert found, "no QR code decoded on the first page"
    return found[0].text


def test_a_cooperative_stamps_a_batch_and_a_shopper_verifies_it(browser, live_server, cooperative):
    seller_context = phone_context(browser, live_server.url, timeout_ms=20_000, accept_downloads=True)
    page = seller_context.new_page()
    sign_in(page, email="htx.che@example.vn", password=PASSWORD)

    # The "Truy xuất" tab → a new batch.
    page.goto("/kenh-nguoi-ban/")
    page.get_by_role("link", name="Truy xuất", exact=True).click()
    seller_screen(page)
    page.get_by_role("link", name="Tạo lô hàng mới").click()
    page.get_by_label("Sản phẩm").select_option(label="Chè búp Tân Cương đặc biệt – Gói 200 g")
    page.get_by_label("Mã lô").fill("Lô 1")
    page.get_by_role("button", name="Tạo lô hàng").click()
    expect(page.locator("#id_lot_code_error")).to_contain_text("Mã lô phải có từ 1 đến 20 ký tự")
    seller_screen(page)
    page.get_by_label("Mã lô").fill("CHE-2025-06")
    page.get_by_label("Số lượng").fill("120")
    page.get_by_role("button", name="Tạo lô hàng").click()
    expect(page.get_by_role("heading", name="Lô CHE-2025-06")).to_be_visible()
    seller_screen(page)

    # Harvest and packing: one tap each.
    page.get_by_role("button", name="Thu hoạch", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Đã ghi nhận: Thu hoạch.")
    page.get_by_role("button", name="Đóng gói", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Đã ghi nhận: Đóng gói.")
    expect(page.locator("#nhat-ky .timeline li")).to_have_count(2)
    expect(page.locator("#ma-lo svg.qr")).to_be_visible()
    seller_screen(page)
    shot(page, "trace-batch")

    # 30 stamps: the job page's progress bar finishes.
    page.get_by_label("Số tem cần tạo").fill("30")
    page.get_by_role("button", name="Tạo tem").click()
    expect(page.locator("#job-state")).to_contain_text("Đã tạo xong 30 tem.")
    seller_screen(page)

    # Print them all on an A4 L7651 sheet.
    page.get_by_label("Khổ nhãn").select_option("L7651")
    page.get_by_label("Số tem cần in").fill("30")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải tệp in tem").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = open(download.path(), "rb").read()
    assert pdf.startswith(b"%PDF")
    printed = {stamp_uri(stamp) for stamp in Stamp.objects.select_related("trade_item").filter(status="printed")}
    assert len(printed) == 30
    assert decode_first_qr(pdf) in printed

    # Activate them at packing.
    page.reload()
    page.get_by_role("button", name="Kích hoạt 30 tem đã in").click()
    expect(page.locator(".flash")).to_contain_text("Đã kích hoạt 30 tem.")
    seller_screen(page)
    batch = Batch.objects.get(lot_code="CHE-2025-06")
    stamps = list(Stamp.objects.select_related("trade_item").filter(batch=batch, status=StampStatus.ACTIVATED))
    assert len(stamps) == 30

    # A shopper scans one stamp.
    shopper_context = phone_context(browser, live_server.url, timeout_ms=20_000)
    shopper = shopper_context.new_page()
    first = urlsplit(stamp_uri(stamps[0])).path
    shopper.goto(first)
    assert "/xac-thuc/" in shopper.url
    expect(shopper.locator("#ket-qua")).to_contain_text("Tem chính hãng")
    expect(shopper.locator("dl.items dt")).to_have_count(10)
    expect(shopper.locator("dl.items")).to_contain_text("Chè búp Tân Cương đặc biệt")
    expect(shopper.locator(".scans")).to_contain_text("Đã quét 1 lần")
    shot(shopper, "trace-verified")

    # The same stamp scanned in several provinces: a copied stamp.
    for province in PROVINCES:
        shopper_context.set_extra_http_headers({"X-Client-Region": province})
        shopper.goto(first)
    expect(shopper.locator("#ket-qua")).to_contain_text("quét bất thường")
    shot(shopper, "trace-suspicious")

    # The cooperative recalls the batch; another stamp of it now says so.
    page.goto(f"/kenh-nguoi-ban/truy-xuat/lo/{batch.pk}/")
    page.get_by_text("Thu hồi lô hàng", exact=True).click()
    page.get_by_label("Lý do thu hồi").fill("Phát hiện dư lượng vượt ngưỡng khi kiểm nghiệm")
    page.get_by_label("Tôi hiểu").check()
    page.get_by_role("button", name="Thu hồi lô này").click()
    expect(page.locator(".banner.bad")).to_contain_text("Lô hàng đã bị thu hồi.")
    seller_screen(page)

    shopper_context.set_extra_http_headers({})
    shopper.goto(urlsplit(stamp_uri(stamps[1])).path)
    expect(shopper.locator("#ket-qua")).to_contain_text("Thông báo thu hồi")
    expect(shopper.locator("#ket-qua")).to_contain_text("dư lượng vượt ngưỡng")
    shot(shopper, "trace-recalled")
    shopper_context.close()
    seller_context.close()
