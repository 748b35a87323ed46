"""People and sellers for the seller centre's page tests: seller A (an
approved cooperative with an owner and a staff member), seller B (another
approved seller), a shopper and an operator. Photos and files come from
``tests.marketplace.seller.files``; onboarding steps from its ``steps``."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from marketplace.product import services as catalogue
from marketplace.product.models import Product
from marketplace.seller import services
from marketplace.seller.models import Seller, SellerKind, SellerRole
from tests.factories import CategoryFactory, OperatorFactory, SellerFactory, SellerMemberFactory, UserFactory
from tests.marketplace.seller.steps import complete_profile, upload_required_documents
from tests.storefront.conftest import jpeg


@pytest.fixture
def category(db):
    return CategoryFactory(name="Chè", slug="che")


@pytest.fixture
def owner_a(db):
    return UserFactory(email="chu.a@example.vn", first_name="Bình", last_name="Trần")


@pytest.fixture
def seller_a(owner_a) -> Seller:
    seller = SellerFactory(name="HTX Chè Tân Cương", slug="htx-che-tan-cuong", kind=SellerKind.COOPERATIVE)
    SellerMemberFactory(seller=seller, user=owner_a, role=SellerRole.OWNER)
    return seller


@pytest.fixture
def staff_a(seller_a):
    user = UserFactory(email="nhan.vien.a@example.vn", first_name="Cúc")
    SellerMemberFactory(seller=seller_a, user=user, role=SellerRole.STAFF)
    return user


@pytest.fixture
def owner_b(db):
    return UserFactory(email="chu.b@example.vn", first_name="Dũng")


@pytest.fixture
def seller_b(owner_b) -> Seller:
    seller = SellerFactory(name="Hộ Mật ong Bắc Kạn", slug="ho-mat-ong", kind=SellerKind.HOUSEHOLD)
    SellerMemberFactory(seller=seller, user=owner_b, role=SellerRole.OWNER)
    return seller


@pytest.fixture
def shopper(db):
    return UserFactory(email="khach@example.vn", first_name="Hoa")


@pytest.fixture
def operator(db):
    return OperatorFactory(email="can.bo@ocop.example.vn")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def client_a(owner_a, seller_a) -> Client:
    return client_for(owner_a)


@pytest.fixture
def farmer(db):
    return UserFactory(email="nong.dan@example.vn", first_name="Lan")


@pytest.fixture
def draft_seller(farmer) -> Seller:
    """A household that has just registered (draft, nothing filled in)."""
    return services.register_seller(user=farmer, name="Hộ bà Lan", kind=SellerKind.HOUSEHOLD)


@pytest.fixture
def ready_seller(draft_seller, farmer) -> Seller:
    """The draft with its profile and required documents done: ready to submit."""
    complete_profile(draft_seller, farmer)
    upload_required_documents(draft_seller, farmer)
    return draft_seller


@pytest.fixture
def seller_in_review(ready_seller, farmer, operator) -> Seller:
    services.submit_application(seller=ready_seller, actor=farmer)
    services.start_review(seller=ready_seller, actor=operator)
    return ready_seller


def make_product(seller: Seller, actor, category, *, name: str = "Chè búp Tân Cương", price: int = 120_000, **extra):
    """A product of ``seller`` made through the catalogue service, with one photo."""
    product = catalogue.create_product(
        seller=seller, actor=actor, name=name, category=category, price=price, stock=extra.pop("stock", 10), **extra
    )
    catalogue.add_product_media(product=product, upload=jpeg(64, 64), actor=actor)
    return Product.objects.get(pk=product.pk)


@pytest.fixture
def product_a(seller_a, owner_a, category, channel) -> Product:
    return make_product(seller_a, owner_a, category)


@pytest.fixture
def product_b(seller_b, owner_b, category, channel) -> Product:
    return make_product(seller_b, owner_b, category, name="Mật ong bạc hà")


def field_errors(page: str, field: str) -> list[str]:
    return re.findall(rf'<span class="error" id="id_{field}_error">([^<]+)</span>', page)


def form_errors(page: str) -> list[str]:
    return re.findall(r'<p class="error" role="alert">([^<]+)</p>', page)


def flash(page: str) -> list[str]:
    return [text.strip() for text in re.findall(r'<li class="[a-z ]*" role="status">([^<]+)</li>', page)]
