"""One translation catalogue for the whole project, complete in English.

Vietnamese is the source language (every msgid is Vietnamese); English lives in
``locale/en/LC_MESSAGES/django.po`` and its compiled ``django.mo``. Django lets
the project's ``LOCALE_PATHS`` catalogue win over an app's own ``locale/``
folder for the same msgid, so a second catalogue only hides translations:
there is exactly one.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.product.services import unlist_product
from marketplace.seller.models import SellerRole
from tests.factories import OperatorFactory, ProductFactory, SellerFactory, SellerMemberFactory, UserFactory

BASE_DIR = Path(settings.BASE_DIR)
PROJECT_LOCALE = BASE_DIR / "locale"
FIRST_PARTY_PACKAGES = ("config", "marketplace", "payments", "traceability", "storefront")
ENGLISH_PO = PROJECT_LOCALE / "en" / "LC_MESSAGES" / "django.po"
ENGLISH_MO = PROJECT_LOCALE / "en" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
HOW_TO_UPDATE = (
    "run `python manage.py makemessages -l en -l vi -e html,txt,py --ignore=.venv --ignore=var "
    "--ignore=media --ignore=staticfiles --ignore=tests --ignore=bench`, translate in "
    "locale/en/LC_MESSAGES/django.po, then `python manage.py compilemessages --ignore=.venv`"
)


@pytest.fixture(autouse=True)
def _restore_the_active_language():
    """A page request leaves its language active in the thread (the locale
    middleware activates, nothing deactivates): hand the next test what it had."""
    language = translation.get_language()
    yield
    translation.activate(language)


def english_catalogue() -> list[Message]:
    with ENGLISH_PO.open("rb") as po:
        return [message for message in read_po(po, locale="en") if message.id]


def forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def label(message: Message) -> str:
    return forms(message.id)[0]


def test_every_english_entry_is_translated_and_checked():
    messages = english_catalogue()

    untranslated = [label(m) for m in messages if not all(forms(m.string))]
    fuzzy = [label(m) for m in messages if m.fuzzy]

    assert len(messages) > 900
    assert not untranslated, f"untranslated in {ENGLISH_PO}: {untranslated[:20]}; {HOW_TO_UPDATE}"
    assert not fuzzy, f"fuzzy (unchecked) in {ENGLISH_PO}: {fuzzy[:20]}; check each and drop the flag"


def test_translations_keep_every_placeholder():
    wrong = []
    for message in english_catalogue():
        expected = set(PLACEHOLDER.findall(label(message)))
        wrong += [
            (label(message), text) for text in forms(message.string) if set(PLACEHOLDER.findall(text)) != expected
        ]

    assert not wrong


def test_plural_entries_have_both_english_forms():
    plurals = [m for m in english_catalogue() if m.pluralizable]

    assert plurals
    assert all(len(m.string) == 2 and all(m.string) for m in plurals)


def test_the_compiled_catalogue_matches_the_po_file():
    with ENGLISH_MO.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for message in english_catalogue():
        if message.pluralizable:
            singular, plural = message.id
            pair = (compiled.ngettext(singular, plural, 1), compiled.ngettext(singular, plural, 2))
            if pair != tuple(message.string):
                stale.append(singular)
        elif compiled.gettext(message.id) != message.string:
            stale.append(message.id)

    assert not stale, f"{ENGLISH_MO} is older than the .po ({stale[:10]}); run compilemessages"


def test_no_app_keeps_its_own_catalogue():
    app_catalogues = [path for package in FIRST_PARTY_PACKAGES for path in (BASE_DIR / package).rglob("locale")]

    assert settings.LOCALE_PATHS == [PROJECT_LOCALE]
    assert not app_catalogues, (
        f"found app-level catalogues {[str(path.relative_to(BASE_DIR)) for path in app_catalogues]}: the project "
        f"keeps ONE catalogue in locale/ (it wins over app catalogues anyway). Move the translations there and "
        f"delete the folder; {HOW_TO_UPDATE}"
    )


@pytest.mark.parametrize(
    "vietnamese, english",
    [
        ("Thêm vào giỏ", "Add to cart"),  # shop
        ("Kênh người bán", "Seller centre"),  # seller centre
        ("Đăng sản phẩm mới", "List a new product"),
        ("Hồ sơ chờ duyệt", "Applications to review"),  # operators
        ("Hộ sản xuất", "Household producer"),
        ("Hợp tác xã", "Cooperative"),
        ("Giỏ hàng đang trống.", "Your cart is empty."),  # checkout error
        ("Không đủ hàng trong kho.", "Not enough in stock."),
        ("Không tìm thấy đơn hàng.", "Order not found."),  # order error
        (
            "Không thể “%(action)s” khi đơn đang ở trạng thái “%(status)s”.",
            "Cannot “%(action)s” while the order is “%(status)s”.",
        ),
    ],
)
def test_representative_strings_switch_language(vietnamese, english):
    with translation.override("en"):
        in_english = _(vietnamese)
    with translation.override("vi"):
        in_vietnamese = _(vietnamese)

    assert (in_vietnamese, in_english) == (vietnamese, english)


def test_email_subjects_and_plurals_in_english():
    with translation.override("en"):
        order_subject = _("Chợ OCOP đã nhận đơn hàng %(number)s") % {"number": "OC-1001"}
        seller_subject = _("%(seller)s đã được duyệt bán hàng trên Chợ OCOP") % {"seller": "HTX Chè Tân Cương"}
        one = ngettext("%(counter)s sản phẩm", "%(counter)s sản phẩm", 1) % {"counter": 1}
        three = ngettext("%(counter)s sản phẩm", "%(counter)s sản phẩm", 3) % {"counter": 3}

    assert order_subject == "Chợ OCOP has received order OC-1001"
    assert seller_subject == "HTX Chè Tân Cương is approved to sell on Chợ OCOP"
    assert (one, three) == ("1 product", "3 products")


def test_labels_written_in_english_read_vietnamese_in_the_vietnamese_ui():
    with translation.override("vi"):
        assert _("tax code") == "mã số thuế"
        assert _("issuing body") == "cơ quan cấp"


@pytest.mark.django_db
def test_seller_centre_in_english_for_a_visitor_who_chose_it(client):
    owner = UserFactory()
    seller = SellerFactory(name="HTX Chè Tân Cương")
    SellerMemberFactory(seller=seller, user=owner, role=SellerRole.OWNER)
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/kenh-nguoi-ban/").content.decode()

    assert "Seller centre" in page and "Overview" in page and "Members and invitations" in page
    assert "Kênh người bán" not in page and "Tổng quan" not in page


@pytest.mark.django_db
def test_operator_pages_in_english_for_an_operator_who_chose_it(client):
    client.force_login(OperatorFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/quan-ly/").content.decode()

    assert "Applications to review" in page and "applications awaiting review" in page
    assert "Hồ sơ chờ duyệt" not in page


@pytest.mark.django_db
def test_moderation_email_follows_the_sellers_language(mailoutbox, django_capture_on_commit_callbacks):
    english_owner = UserFactory(email="owner.en@example.vn", language_code="en")
    vietnamese_owner = UserFactory(email="chu.vi@example.vn", language_code="vi")
    seller = SellerFactory(name="HTX Chè Tân Cương")
    for owner in (english_owner, vietnamese_owner):
        SellerMemberFactory(seller=seller, user=owner, role=SellerRole.OWNER)
    product = ProductFactory(seller=seller, name="Chè búp")

    with django_capture_on_commit_callbacks(execute=True):
        unlist_product(product=product, operator=OperatorFactory(), reason="Ảnh mờ.")

    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert mails["owner.en@example.vn"].subject == "Your product “Chè búp” has been removed from Chợ OCOP"
    assert "Reason: Ảnh mờ." in mails["owner.en@example.vn"].body
    assert mails["chu.vi@example.vn"].subject == "Sản phẩm “Chè búp” đã bị gỡ khỏi Chợ OCOP"
