"""Issue 5 end to end, in Chromium at phone size, through the real pages only:
a farmer household joins, fills its profile and documents from the phone and
submits; an operator (a second browser) reviews the application with the
documents beside the data and asks for one document again; the farmer
replaces it and resubmits; the operator approves; the farmer lists a product
in at most 5 screens and 8 required fields; a shopper (a third browser) finds
it in the shop with its price and seller.

The ORM only sets the stage (channel, category, operator account) and checks
the outcome; every step a user takes goes through the pages."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from marketplace.product.models import Product, ProductVariantChannelListing
from marketplace.seller.models import (
    Seller,
    SellerAction,
    SellerDocument,
    SellerDocumentStatus,
    SellerMember,
    SellerStatus,
)
from marketplace.warehouse.models import Stock
from tests.browser.conftest import PHONE
from tests.browser.steps import (
    ScreenCounter,
    assert_vietnamese,
    make_photo,
    seller_screen,
    shot,
    sign_in,
)
from tests.factories import CategoryFactory, OperatorFactory

pytestmark = pytest.mark.django_db(transaction=True)

FARMER_EMAIL = "ho.nguyenvanan@example.vn"
FARMER_PASSWORD = "Che-Tan-Cuong-2025"
SELLER_NAME = "Hộ ông Nguyễn Văn An"
OPERATOR_EMAIL = "kiemduyet@ocop.example.vn"
OPERATOR_PASSWORD = "Mat-khau-123"
PRODUCT_NAME = "Chè búp Tân Cương đặc biệt"
BLURRED = "Ảnh CCCD bị mờ, vui lòng chụp lại"
PRICE_85K = re.compile(r"85\.000\s₫")  # Babel puts a no-break space before ₫
MAX_SCREENS = 5
MAX_REQUIRED_FIELDS = 8


@pytest.fixture
def stage(channel):
    """What exists before anyone opens a browser: the shop's channel, a
    category, an operator; an empty page cache."""
    cache.clear()
    CategoryFactory(name="Chè", slug="che")
    OperatorFactory(email=OPERATOR_EMAIL)  # password "Mat-khau-123"
    yield
    cache.clear()


@pytest.fixture
def other_browser(browser, live_server):
    """Open more browser contexts (other people); closed at the end."""
    contexts = []

    def open_context(**options):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_context
    for context in contexts:
        context.close()


def test_farmer_joins_is_approved_and_sells_in_five_screens(
    phone, other_browser, live_server, stage, tmp_path, mailoutbox
):
    farmer = phone
    id_photo = make_photo(tmp_path, "cccd.jpg", colour="steelblue", text="CAN CUOC CONG DAN")
    household_paper = make_photo(tmp_path, "dang-ky-ho.png", colour="darkred", text="GIAY CHUNG NHAN HO KINH DOANH")
    sharper_id_photo = make_photo(tmp_path, "cccd-ro.jpg", colour="navy", text="CAN CUOC CONG DAN (RO NET)")
    tea_photo = make_photo(tmp_path, "che.jpg", colour="darkolivegreen", text="CHE TAN CUONG", size=(900, 900))

    # 1. The farmer finds the seller centre from the shop and joins with one form.
    farmer.goto("/")
    assert_vietnamese(farmer)
    farmer.get_by_role("link", name="Bán hàng cùng Chợ OCOP").click()
    expect(farmer).to_have_url(re.compile(r"/kenh-nguoi-ban/dang-ky/$"))
    expect(farmer.get_by_role("heading", name="Đăng ký bán hàng")).to_be_visible()
    seller_screen(farmer)
    farmer.get_by_label("Email").fill(FARMER_EMAIL)
    farmer.get_by_label("Mật khẩu").fill(FARMER_PASSWORD)
    farmer.get_by_label("Tên cơ sở").fill(SELLER_NAME)
    farmer.get_by_label("Hộ sản xuất").check()
    shot(farmer, "issue5-01-signup")
    farmer.get_by_role("button", name="Đăng ký", exact=True).click()

    expect(farmer).to_have_url(re.compile(r"/kenh-nguoi-ban/$"))
    expect(farmer.get_by_role("status")).to_contain_text(f"Đã tạo cơ sở “{SELLER_NAME}”")
    expect(farmer.locator(".status .pill")).to_have_text("Bản nháp")
    checklist = farmer.locator("ol.checklist")
    expect(checklist.locator("li.todo:not(.optional)")).to_have_count(6)  # 4 profile fields, 2 documents
    expect(farmer.get_by_role("button", name="Gửi hồ sơ xét duyệt")).to_be_disabled()
    seller_screen(farmer)
    shot(farmer, "issue5-02-dashboard-checklist")
    seller = Seller.objects.get(name=SELLER_NAME)
    assert seller.kind == "household" and seller.status == SellerStatus.DRAFT
    assert SellerMember.objects.filter(seller=seller, user__email=FARMER_EMAIL, role="owner").exists()

    # 2. The profile: phone, province, then a commune fetched for that province.
    farmer.get_by_role("navigation").get_by_role("link", name="Hồ sơ").click()
    expect(farmer.get_by_role("heading", name="Hồ sơ cơ sở")).to_be_visible()
    farmer.get_by_label("Số điện thoại").fill("0912345678")
    farmer.get_by_label("Tỉnh/thành phố").select_option(label="Tỉnh Thái Nguyên")
    commune = farmer.get_by_label("Xã/phường/đặc khu")
    expect(commune.locator("option", has_text="Xã Tân Cương")).to_have_count(1)
    commune.select_option(label="Xã Tân Cương")
    farmer.get_by_label("Địa chỉ (số nhà, thôn, ấp)").fill("Xóm Soi, số nhà 12")
    seller_screen(farmer)
    farmer.get_by_role("button", name="Lưu hồ sơ").click()
    expect(farmer).to_have_url(re.compile(r"/kenh-nguoi-ban/$"))
    expect(farmer.get_by_role("status")).to_contain_text("Đã lưu hồ sơ.")
    expect(checklist.locator("li.todo:not(.optional)")).to_have_count(2)  # the two documents

    # 3. The documents, photographed with the phone.
    farmer.get_by_role("navigation").get_by_role("link", name="Giấy tờ").click()
    expect(farmer.get_by_role("heading", name="Giấy tờ", exact=True)).to_be_visible()
    citizen_id = farmer.locator("section#citizen_id")
    citizen_id.get_by_label("Ảnh chụp hoặc tệp PDF").set_input_files(id_photo)
    citizen_id.get_by_label("Ngày hết hạn").fill("2036-05-20")
    citizen_id.get_by_role("button", name="Tải lên").click()
    expect(farmer.get_by_role("status")).to_contain_text("Đã tải lên: Căn cước công dân của người đại diện")
    household = farmer.locator("section#household_registration")
    household.get_by_label("Ảnh chụp hoặc tệp PDF").set_input_files(household_paper)
    household.get_by_role("button", name="Tải lên").click()
    expect(farmer.get_by_role("status")).to_contain_text("Đã tải lên: Giấy chứng nhận đăng ký hộ kinh doanh")
    expect(citizen_id.locator(".pill")).to_have_text("Chờ kiểm tra")
    expect(citizen_id).to_contain_text("Hết hạn: 20/05/2036")
    seller_screen(farmer)
    shot(farmer, "issue5-03-documents")

    # 4. Everything required is done: submit from the dashboard.
    farmer.get_by_role("navigation").get_by_role("link", name="Tổng quan").click()
    expect(farmer.get_by_text("Đã đủ các mục bắt buộc.")).to_be_visible()
    farmer.get_by_role("button", name="Gửi hồ sơ xét duyệt").click()
    expect(farmer.get_by_role("status")).to_contain_text("Đã gửi hồ sơ.")
    expect(farmer.locator(".status .pill")).to_have_text("Đã gửi")
    seller_screen(farmer)

    # 5. An operator, on a wide screen, reviews it and asks for a sharper ID photo.
    operator = other_browser(viewport={"width": 1280, "height": 900})
    sign_in(operator, email=OPERATOR_EMAIL, password=OPERATOR_PASSWORD)
    operator.goto("/quan-ly/ho-so/")
    expect(operator.get_by_role("heading", name="Hồ sơ chờ duyệt")).to_be_visible()
    first_row = operator.locator("ol.queue > li").first
    expect(first_row.locator("a.name")).to_have_text(SELLER_NAME)
    expect(first_row).to_contain_text("Đã gửi")
    expect(first_row).to_contain_text("2 giấy tờ")
    first_row.get_by_role("link", name=SELLER_NAME).click()

    expect(operator.get_by_role("heading", level=1)).to_have_text(SELLER_NAME)
    info = operator.locator("section[aria-labelledby=h-info]")
    viewer = operator.locator("section.viewer")
    expect(info).to_contain_text("Xã Tân Cương")
    expect(info).to_contain_text("Tỉnh Thái Nguyên")
    expect(viewer.locator("img")).to_have_count(2)
    for image in viewer.locator("img").all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") == 800, "a document image did not load for the operator"
    info_box, viewer_box = info.bounding_box(), viewer.bounding_box()
    assert viewer_box["x"] >= info_box["x"] + info_box["width"], "the documents are not beside the data"
    assert viewer_box["y"] < info_box["y"] + info_box["height"], "the documents are not beside the data"
    assert_vietnamese(operator)
    operator.evaluate("window.scrollTo(0, 0)")
    viewer.evaluate("panel => { panel.scrollTop = 0; }")
    shot(operator, "issue5-04-operator-application", full_page=False)

    operator.get_by_role("button", name="Bắt đầu xét duyệt").click()
    expect(operator.get_by_role("status")).to_contain_text("Đã nhận xét duyệt hồ sơ.")
    changes = operator.locator("form#request_changes")
    changes.locator("summary", has_text="Yêu cầu bổ sung").click()
    changes.get_by_label("Căn cước công dân của người đại diện").fill(BLURRED)
    changes.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    expect(operator.get_by_role("status")).to_contain_text("Đã gửi yêu cầu bổ sung.")
    expect(operator.locator("h1 + .meta .badge")).to_have_text("Cần bổ sung")

    # 6. The farmer sees why, replaces that document and sends the application again.
    farmer.reload()
    expect(farmer.locator(".status .pill")).to_have_text("Cần bổ sung")
    expect(farmer.locator(".box.status-changes_requested")).to_contain_text(BLURRED)
    expect(checklist.locator("li.todo:not(.optional)")).to_have_count(1)
    expect(checklist.locator("li.todo:not(.optional)")).to_contain_text(BLURRED)
    expect(farmer.get_by_role("button", name="Gửi hồ sơ xét duyệt")).to_be_disabled()
    seller_screen(farmer)
    shot(farmer, "issue5-05-changes-requested")
    checklist.get_by_role("link", name=re.compile("Căn cước công dân")).click()
    expect(farmer).to_have_url(re.compile(r"/kenh-nguoi-ban/giay-to/#citizen_id$"))
    expect(citizen_id.locator(".pill")).to_have_text("Cần thay thế")
    expect(citizen_id.locator(".reason").first).to_contain_text(BLURRED)
    seller_screen(farmer)
    citizen_id.get_by_label("Ảnh chụp hoặc tệp PDF").set_input_files(sharper_id_photo)
    citizen_id.get_by_label("Ngày hết hạn").fill("2036-05-20")
    citizen_id.get_by_role("button", name="Gửi bản thay thế").click()
    expect(farmer.get_by_role("status")).to_contain_text("Đã tải lên: Căn cước công dân của người đại diện")
    expect(citizen_id.locator(".pill")).to_have_text("Chờ kiểm tra")
    farmer.get_by_role("navigation").get_by_role("link", name="Tổng quan").click()
    farmer.get_by_role("button", name="Gửi hồ sơ xét duyệt").click()
    expect(farmer.get_by_role("status")).to_contain_text("Đã gửi hồ sơ.")

    # 7. The operator takes the new submission and approves it.
    operator.goto("/quan-ly/ho-so/")
    first_row = operator.locator("ol.queue > li").first
    expect(first_row).to_contain_text("gửi lần 2")
    first_row.get_by_role("link", name=SELLER_NAME).click()
    expect(operator.locator("section.viewer details")).to_contain_text("1 bản cũ")
    operator.get_by_role("button", name="Bắt đầu xét duyệt").click()
    expect(operator.get_by_role("status")).to_contain_text("Đã nhận xét duyệt hồ sơ.")
    operator.get_by_role("button", name="Duyệt", exact=True).click()
    expect(operator.get_by_role("status")).to_contain_text("Đã duyệt cơ sở.")
    trail = operator.locator("section[aria-labelledby=h-trail] ol.trail > li")
    expect(trail).to_have_count(6)
    expect(trail.first).to_contain_text(OPERATOR_EMAIL)

    seller.refresh_from_db()
    assert seller.status == SellerStatus.APPROVED
    assert list(seller.transitions.order_by("created_at", "pk").values_list("action", "to_status")) == [
        (SellerAction.SUBMIT, SellerStatus.SUBMITTED),
        (SellerAction.START_REVIEW, SellerStatus.IN_REVIEW),
        (SellerAction.REQUEST_CHANGES, SellerStatus.CHANGES_REQUESTED),
        (SellerAction.SUBMIT, SellerStatus.SUBMITTED),
        (SellerAction.START_REVIEW, SellerStatus.IN_REVIEW),
        (SellerAction.APPROVE, SellerStatus.APPROVED),
    ]
    current = SellerDocument.objects.filter(seller=seller, is_current=True)
    assert set(current.values_list("status", flat=True)) == {SellerDocumentStatus.ACCEPTED}
    assert SellerDocument.objects.filter(seller=seller, kind="citizen_id").count() == 2
    # Each decision was also told by email, in Vietnamese, with a link to the dashboard.
    assert [(message.to, message.subject) for message in mailoutbox] == [
        ([FARMER_EMAIL], f"Chợ OCOP đã nhận hồ sơ của {SELLER_NAME}"),
        ([FARMER_EMAIL], f"Hồ sơ của {SELLER_NAME} cần bổ sung"),
        ([FARMER_EMAIL], f"Chợ OCOP đã nhận hồ sơ của {SELLER_NAME}"),
        ([FARMER_EMAIL], f"{SELLER_NAME} đã được duyệt bán hàng trên Chợ OCOP"),
    ]
    assert BLURRED in mailoutbox[1].body and "/kenh-nguoi-ban/" in mailoutbox[1].body

    # 8. From the dashboard that says "approved" to the live listing: screens counted.
    screens = ScreenCounter(farmer.context, live_server.url)
    screens.start()
    farmer.reload()
    expect(farmer.locator(".status .pill")).to_have_text("Đã duyệt")
    seller_screen(farmer)
    farmer.get_by_role("link", name="Đăng sản phẩm mới").click()

    form = farmer.locator("#product-form")
    expect(farmer.get_by_role("heading", name="Đăng sản phẩm mới")).to_be_visible()
    required = form.locator("[required]").filter(visible=True)
    required_names = required.evaluate_all("fields => fields.map(field => field.name)")
    assert len(required_names) <= MAX_REQUIRED_FIELDS, f"required fields: {required_names}"
    seller_screen(farmer)
    form.get_by_label("Tên sản phẩm").fill(PRODUCT_NAME)
    form.get_by_label("Danh mục").select_option(label="Chè")
    form.get_by_label("Giá bán (đồng)").fill("85.000")
    form.get_by_label("Số lượng có sẵn").fill("40")
    form.get_by_label("Ảnh sản phẩm").set_input_files(tea_photo)
    expect(form.locator("#photo-preview")).to_be_visible()
    publish_now = form.get_by_label("Đăng bán ngay")
    expect(publish_now).to_be_enabled()
    publish_now.check()
    seller_screen(farmer)
    shot(farmer, "issue5-06-product-form")
    form.get_by_role("button", name="Lưu sản phẩm").click()

    expect(farmer.get_by_role("heading", level=1)).to_have_text(PRODUCT_NAME)
    expect(farmer.get_by_role("status")).to_contain_text(f"Đã đăng bán “{PRODUCT_NAME}”.")
    expect(farmer.locator("#dang-ban .pill")).to_have_text("Đang bán")
    seller_screen(farmer)
    shot(farmer, "issue5-07-product-saved")
    with farmer.expect_popup() as opened:
        farmer.get_by_role("link", name="Xem trên cửa hàng").click()
    listing = opened.value
    expect(listing.get_by_role("heading", level=1)).to_have_text(PRODUCT_NAME)
    expect(listing.locator(".price.big")).to_have_text(PRICE_85K)
    seen = screens.stop()
    assert len(seen) <= MAX_SCREENS, f"{len(seen)} screens from approval to the live listing: {seen}"
    assert seen[0] == "/kenh-nguoi-ban/" and seen[-1].startswith("/san-pham/"), seen
    listing.close()

    product = Product.objects.get(name=PRODUCT_NAME)
    assert product.seller_id == seller.pk and product.category.slug == "che"
    assert list(
        ProductVariantChannelListing.objects.filter(variant__product=product).values_list("price_amount", flat=True)
    ) == [85_000]
    assert list(Stock.objects.filter(product_variant__product=product).values_list("quantity", flat=True)) == [40]
    assert product.media.count() == 1

    # 9. A shopper on another phone finds it by its category.
    shopper = other_browser(**PHONE)
    shopper.goto("/")
    shopper.get_by_role("link", name="Chè", exact=True).click()
    expect(shopper).to_have_url(re.compile(r"/danh-muc/che/$"))
    shopper.get_by_role("link", name=PRODUCT_NAME).click()
    expect(shopper.get_by_role("heading", level=1)).to_have_text(PRODUCT_NAME)
    expect(shopper.locator(".price.big")).to_have_text(PRICE_85K)
    expect(shopper.locator(".product .facts")).to_contain_text(SELLER_NAME)
    expect(shopper.locator(".product")).to_contain_text("Còn hàng")
    expect(shopper.locator(".gallery img")).to_have_count(1)
    assert_vietnamese(shopper)
    shot(shopper, "issue5-08-shop-product")
