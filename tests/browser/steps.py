"""Shared steps for browser tests: photos made on the spot, signing in, the
checks every page must pass (Vietnamese, fits a 360-px phone), screenshots,
a counter of the screens a user goes through, a guest's checkout and the
sellers' view of a paid order."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect
from playwright.sync_api import Error as PlaywrightError

from marketplace.order.models import Order
from marketplace.seller.models import SellerMember, SellerRole
from tests.browser.conftest import ARTIFACTS, phone_context

PHONE_WIDTH = 360
# Any letter only Vietnamese writes: a message without one is not Vietnamese.
VIETNAMESE_LETTER = re.compile("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]{2,}")
# Django's (and a careless template's) English that must never reach a seller.
ENGLISH_LEFTOVERS = re.compile(
    r"\b(This field|Enter a valid|Ensure this value|Please (?:enter|select|correct)|is required|"
    r"Submit|Upload|Save changes|Log ?in|Sign ?up)\b"
)
# What a page says to the user: flash messages, errors, the operator's reasons, hints and banners.
MESSAGES = ".flash li, .error, .reason, .banner, .help, [role=alert], [role=status]"
FACTORY_PASSWORD = "Mat-khau-123"  # every user the factories make


def make_photo(folder: Path, name: str, *, colour: str, text: str, size: tuple[int, int] = (800, 600)) -> Path:
    """A small real JPEG or PNG (by ``name``'s suffix), like a phone's photo of a paper."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, size[0] - 40, size[1] - 40), outline="white", width=6)
    draw.text((80, 80), text, fill="white")
    path = folder / name
    image.save(path, "PNG" if path.suffix == ".png" else "JPEG", quality=80)
    return path


def sign_in(page: Page, *, email: str, password: str) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/dang-nhap/"))


def assert_vietnamese(page: Page) -> None:
    """The page is in Vietnamese: ``lang="vi"``, every visible message has
    Vietnamese letters, and no English leftovers show anywhere."""
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    for text in page.locator(MESSAGES).filter(visible=True).all_inner_texts():
        # Dates and numbers ("25/11/2026") say nothing in any language.
        if len(WORD.findall(text)) >= 2:
            assert VIETNAMESE_LETTER.search(text), f"not Vietnamese on {page.url}: {text!r}"
    body = page.locator("body").inner_text()
    leftover = ENGLISH_LEFTOVERS.search(body)
    assert leftover is None, f"English on {page.url}: {leftover.group(0)!r}"


def assert_fits_phone(page: Page) -> None:
    """Nothing sticks out sideways at 360 px: no horizontal scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} is {width}px wide on a {PHONE_WIDTH}px phone"


def seller_screen(page: Page) -> None:
    """The checks of every screen, a seller's or a shopper's: Vietnamese,
    and nothing sticks out sideways on a phone."""
    assert_vietnamese(page)
    assert_fits_phone(page)


shopper_screen = seller_screen  # the same checks, named for the shop's pages


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


class ScreenCounter:
    """Counts the screens a user sees in one browser context: every document
    loaded into a tab's main frame from the site, in every tab (a link that
    opens a new tab counts as a screen too). Counted from the context's
    responses: a form whose POST answers with a redirect counts once, as the
    page it lands on; the blank page a new tab starts from does not count."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.urls: list[str] = []
        self.counting = False
        self._base = base_url
        context.on("response", self._response)

    def _response(self, response: Response) -> None:
        request = response.request
        if not (self.counting and request.is_navigation_request() and response.url.startswith(self._base)):
            return
        if 300 <= response.status < 400:
            return
        try:
            in_frame = request.frame.parent_frame is not None
        except PlaywrightError:  # a new tab's first page: its frame does not exist yet
            in_frame = False
        if not in_frame:
            self.urls.append(response.url.removeprefix(self._base))

    def start(self) -> None:
        self.urls.clear()
        self.counting = True

    def stop(self) -> list[str]:
        self.counting = False
        return list(self.urls)


def guest_checkout(
    page: Page,
    products: tuple,
    *,
    quantities: tuple[int, ...],
    email: str,
    name: str,
    phone: str,
    province: str,
    commune_code: str,
    street: str,
    payment: str,
) -> None:
    """A guest puts ``products`` in the cart, gives a Vietnamese address
    (province, then commune), takes the first shipping method of each
    seller, chooses the ``payment`` method and places the order."""
    for product, quantity in zip(products, quantities, strict=True):
        page.goto(f"/san-pham/{product.slug}/")
        page.get_by_label("Số lượng").fill(str(quantity))
        page.get_by_role("button", name="Thêm vào giỏ").click()
        expect(page.get_by_text("Đã thêm vào giỏ hàng.")).to_be_visible()
    page.goto("/gio-hang/")
    page.get_by_role("link", name="Đặt hàng").click()

    expect(page).to_have_url(re.compile(r"/dat-hang/$"))
    page.get_by_label("Email nhận thông tin đơn hàng").fill(email)
    page.get_by_label("Họ và tên người nhận").fill(name)
    page.get_by_label("Số điện thoại").fill(phone)
    page.get_by_label("Tỉnh/thành phố").select_option(province)
    communes = page.get_by_label("Xã/phường/đặc khu")
    expect(communes.locator(f'option[value="{commune_code}"]')).to_be_attached()
    communes.select_option(commune_code)
    page.get_by_label("Số nhà, tên đường hoặc thôn, ấp").fill(street)
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page).to_have_url(re.compile(r"/dat-hang/giao-hang/$"))
    groups = page.locator(".seller-group")
    expect(groups).to_have_count(len({product.seller_id for product in products}))
    for index in range(groups.count()):
        groups.nth(index).get_by_role("radio").first.check()
    page.get_by_label(payment).check()
    shopper_screen(page)
    page.get_by_role("button", name="Đặt hàng").click()


def sellers_see_it_paid(browser: Browser, base_url: str, order: Order, *, payment: str, shot_prefix: str) -> None:
    """Each seller of ``order``, its owner signed in on a phone of their own,
    finds only its own sub-order in the seller centre's list, confirmed and
    paid by ``payment`` (the method's name as the shopper chose it)."""
    subs = list(order.seller_orders.order_by("pk"))
    for own in subs:
        owner = SellerMember.objects.select_related("user").get(seller_id=own.seller_id, role=SellerRole.OWNER).user
        with phone_context(browser, base_url) as context:
            page = context.new_page()
            sign_in(page, email=owner.email, password=FACTORY_PASSWORD)
            page.goto("/kenh-nguoi-ban/don-hang/")
            for other in subs:
                if other.pk != own.pk:
                    expect(page.get_by_text(other.number)).to_have_count(0)
            page.get_by_text(own.number).click()
            expect(page.locator("h1 .pill")).to_have_text("Đã xác nhận")
            expect(page.get_by_text(f"{payment}: Đã thanh toán")).to_be_visible()
            seller_screen(page)
            shot(page, f"{shot_prefix}-seller-{own.number}")
