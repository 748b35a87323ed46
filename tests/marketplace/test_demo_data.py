"""The demo marketplace (``manage.py populatedb``) and the files that run the
full stack (docker-compose.yml, Dockerfile, docker/nginx.conf, README.md)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Max
from django.test import override_settings
from PIL import Image

from marketplace.account.models import User
from marketplace.demo.catalogue import ACCOUNTS, DEMO_PASSWORD
from marketplace.product.models import (
    Category,
    CategoryTranslation,
    OcopCertificate,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    Thumbnail,
)
from marketplace.product.selectors import get_channel, visible_products
from marketplace.search.backends import get_search_backend
from marketplace.seller.models import Seller, SellerMember, SellerRole, SellerStatus
from marketplace.shipping.models import ShippingMethod
from marketplace.warehouse.models import Stock, Warehouse
from traceability.gs1.gtin import normalize_gtin
from traceability.models import Batch, BatchStatus, EpcisEvent, Stamp, StampStatus, TradeItem
from traceability.selectors import stamp_uri

ROOT = Path(__file__).resolve().parents[2]
# The demo accounts' passwords are hashed and checked many times here; a fast
# hasher keeps these tests quick (the real one is exercised by the account tests).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def populate(*args: str, **options: object) -> str:
    out = io.StringIO()
    call_command("populatedb", *args, stdout=out, verbosity=0, **options)
    return out.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    """A local setup: DEBUG on (the test runner turns it off) and a media folder of our own."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return tmp_path


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The sixty hand-written products without pictures, loaded once for the
    class inside a transaction that is rolled back after its last test (each
    test runs in a savepoint of its own within it)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            media = tmp_path_factory.mktemp("media")
            with override_settings(DEBUG=True, MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS):
                populate(no_images=True)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def counts() -> dict[str, int]:
    models = [
        Category,
        CategoryTranslation,
        OcopCertificate,
        Product,
        ProductTranslation,
        ProductVariant,
        ProductVariantChannelListing,
        ProductChannelListing,
        ProductMedia,
        Seller,
        SellerMember,
        Stock,
        User,
        Warehouse,
    ]
    found = {model.__name__: model.objects.count() for model in models}
    found.update({model.__name__: model.objects.count() for model in (Batch, EpcisEvent, Stamp, ShippingMethod)})
    return found


# --- The catalogue a shopper sees ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestDemoMarketplace:
    """What a shopper, a seller and the operator find after ``make run``."""

    def test_default_channel_shows_at_least_fifty_products_but_not_the_draft_or_scheduled_ones(self):
        channel = get_channel()
        assert channel is not None and channel.name == "Kênh mặc định" and channel.currency_code == "VND"
        visible = visible_products(channel, listed_only=True)
        assert visible.count() >= 50
        hidden = set(Product.objects.exclude(pk__in=visible.values("pk")).values_list("slug", flat=True))
        assert hidden == {"banh-pia-dau-xanh-la-dua", "dia-lan-kiem-da-lat", "mai-vang-ghep-chau"}

    def test_sellers_are_households_cooperatives_and_enterprises_in_at_least_five_provinces(self):
        approved = Seller.objects.filter(status=SellerStatus.APPROVED)
        assert approved.count() >= 10
        assert approved.values("province").distinct().count() >= 5
        assert set(approved.values_list("kind", flat=True)) == {"household", "cooperative", "enterprise"}
        for seller in approved.select_related("commune"):
            # Real communes of the 2025 map, in the seller's own province.
            assert seller.commune.province_id == seller.province_id
            assert seller.products.exists()
            assert Warehouse.objects.filter(seller=seller, channels__slug=get_channel().slug).exists()
        # Former Bà Rịa – Vũng Tàu is part of Hồ Chí Minh City since July 2025.
        assert Seller.objects.get(slug="htx-nuoc-mam-phuoc-hai").commune.name == "Xã Phước Hải"
        assert Seller.objects.get(slug="htx-nuoc-mam-phuoc-hai").province.name == "Hồ Chí Minh"

    def test_every_product_has_whole_dong_prices_stock_and_an_origin(self):
        channel = get_channel()
        for product in Product.objects.prefetch_related("variants__channel_listings", "variants__stocks"):
            assert 1 <= product.variants.count() <= 3
            assert product.default_variant_id is not None
            assert product.origin_commune.province_id == product.origin_province_id
            for variant in product.variants.all():
                (listing,) = variant.channel_listings.all()
                assert type(listing.price_amount) is int
                assert 10_000 <= listing.price_amount <= 2_000_000 and listing.price_amount % 1_000 == 0
                assert sum(stock.quantity for stock in variant.stocks.all()) > 0
            cheapest = min(v.channel_listings.get().price_amount for v in product.variants.all())
            listing = ProductChannelListing.objects.get(product=product, channel=channel)
            assert listing.discounted_price_amount == cheapest

    def test_products_and_categories_read_in_english_too(self):
        assert ProductTranslation.objects.filter(language_code="en").count() == Product.objects.count()
        assert CategoryTranslation.objects.filter(language_code="en").count() == Category.objects.count()
        tea = Product.objects.get(slug="che-bup-tan-cuong-dac-biet")
        assert tea.translations.get(language_code="en").name == "Tan Cuong special bud tea"
        assert Category.objects.get(slug="nuoc-mam").translations.get().name == "Fish sauce"

    def test_ocop_badges_show_except_for_two_stars_expired_and_revoked_certificates(self):
        products = Product.objects.select_related("ocop_certificate")
        without_badge = {p.slug for p in products if not p.ocop_certificate.shows_badge()}
        assert without_badge == {"tra-xanh-tui-loc-tan-cuong", "nuoc-mam-sam-son-35-dam", "hat-dieu-tam-mat-ong"}
        revoked = OcopCertificate.objects.get(products__slug="hat-dieu-tam-mat-ong")
        assert revoked.revoked and revoked.revoked_at is not None and revoked.revocation_reason
        five_star = OcopCertificate.objects.filter(star_rating=5)
        assert five_star.exists() and all(c.issuing_body.startswith("Bộ Nông nghiệp") for c in five_star)
        assert OcopCertificate.objects.filter(issuing_body="UBND tỉnh Quảng Ninh").exists()

    def test_search_finds_demo_products_typed_without_diacritics(self):
        found = get_search_backend().search(visible_products(get_channel()), "nuoc mam phu quoc")
        assert "nuoc-mam-phu-quoc-40-dam" in set(found.values_list("slug", flat=True))

    def test_demo_accounts_log_in_with_the_published_password(self, client, settings):
        settings.PASSWORD_HASHERS = FAST_HASHERS
        for account in ACCOUNTS:
            assert client.login(email=account.email, password=DEMO_PASSWORD), account.email
            client.logout()
        operator = User.objects.get(email="operator@cho-ocop.local")
        assert operator.is_staff and operator.is_superuser
        assert not User.objects.get(email="shopper@cho-ocop.local").is_staff
        owners = SellerMember.objects.filter(role=SellerRole.OWNER).select_related("seller", "user")
        assert {(m.user.email, m.seller.kind) for m in owners} == {
            ("farmer@cho-ocop.local", "household"),
            ("coop@cho-ocop.local", "cooperative"),
        }

    def test_running_twice_adds_nothing_and_changes_nothing(self, media_root):
        before = counts()
        last_change = Product.objects.aggregate(m=Max("updated_at"))["m"]
        prices = dict(ProductVariantChannelListing.objects.values_list("variant__sku", "price_amount"))

        output = populate(no_images=True)

        assert "nothing to add" in output
        assert counts() == before
        assert Product.objects.aggregate(m=Max("updated_at"))["m"] == last_change
        assert dict(ProductVariantChannelListing.objects.values_list("variant__sku", "price_amount")) == prices

    def test_batches_have_events_and_activated_stamps_and_one_batch_is_recalled(self, client):
        batches = Batch.objects.annotate(
            n_events=Count("events", distinct=True), stamps_on=Count("stamps", distinct=True)
        )
        assert batches.count() >= 5
        assert all(batch.n_events >= 4 and batch.stamps_on > 0 for batch in batches)
        assert batches.filter(status=BatchStatus.RECALLED).count() == 1
        gtins = list(TradeItem.objects.filter(is_internal=False).values_list("gtin", flat=True))
        assert len(gtins) == 1 and gtins[0].startswith("0893") and normalize_gtin(gtins[0]) == gtins[0]
        stamp = Stamp.objects.filter(status=StampStatus.ACTIVATED, batch__status=BatchStatus.ACTIVE).first()
        resolved = client.get(urlsplit(stamp_uri(stamp)).path)
        assert resolved.status_code == 307
        page = client.get(resolved["Location"]).content.decode()
        assert "Đã quét 1 lần" in page

    def test_every_demo_seller_has_shipping_methods(self):
        assert not Seller.objects.filter(status=SellerStatus.APPROVED, shipping_methods__isnull=True).exists()

    def test_products_option_generates_editions_that_share_their_original_certificate(self, media_root):
        populate(no_images=True, products=75)  # the sixty are there: adds fifteen editions
        populate(no_images=True, products=75)

        assert Product.objects.count() == 75
        edition = Product.objects.get(slug="che-bup-tan-cuong-dac-biet-hop-qua")
        original = Product.objects.get(slug="che-bup-tan-cuong-dac-biet")
        assert edition.name == "Chè búp Tân Cương đặc biệt – Hộp quà"
        assert edition.ocop_certificate_id == original.ocop_certificate_id
        assert ProductVariant.objects.filter(product=edition).count() == original.variants.count()


# --- Options, the DEBUG guard and pictures -----------------------------------------


def test_refuses_to_run_with_debug_off_unless_forced(db, media_root, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        populate(no_images=True)
    assert not Product.objects.exists() and not User.objects.exists()

    populate("--force", no_images=True, products=5)
    assert Product.objects.count() == 5


def test_pictures_are_drawn_as_jpeg_with_webp_thumbnails(db, media_root):
    populate(products=3)

    for product in Product.objects.annotate(pictures=Count("media", distinct=True), packs=Count("variants")):
        assert product.pictures == (2 if product.packs > 1 else 1)  # a second picture when several packs
    for media in ProductMedia.objects.all():
        with Image.open(media.image.path) as picture:
            assert (picture.format, picture.size) == ("JPEG", (800, 800))
        sizes = sorted(Thumbnail.objects.filter(media=media, format="WEBP").values_list("size", flat=True))
        assert sizes == [160, 320, 640]
        assert Path(media.thumbnails.get(size=320).image.path).exists()


# --- The full stack: docker-compose.yml, Dockerfile, nginx, README ----------------


def settings_variables() -> set[str]:
    """Every environment variable that config/settings.py and the embedded
    database bootstrap read."""
    names: set[str] = set()
    for path in (ROOT / "config" / "settings.py", ROOT / "config" / "embedded_db.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z0-9_]+)\"", text))
        names |= set(re.findall(r"os\.environ(?:\.get)?\(\s*\"([A-Z0-9_]+)\"", text))
        names |= set(re.findall(r"os\.environ\[\"([A-Z0-9_]+)\"\]", text))
    return names


# Read by the container's command line (gunicorn's worker count), not by Django.
CONTAINER_ONLY_VARIABLES = {"GUNICORN_WORKERS"}


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_the_whole_stack():
    services = compose()["services"]
    assert {"db", "redis", "elasticsearch", "migrate", "web", "worker", "beat", "proxy"} <= set(services)
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:")
    elastic = services["elasticsearch"]
    assert re.search(r"elasticsearch:8\.\d+", elastic["image"])
    assert elastic["environment"]["discovery.type"] == "single-node"
    assert str(elastic["environment"]["xpack.security.enabled"]).lower() == "false"
    assert services["web"]["deploy"]["replicas"] >= 2
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert " ".join(services["worker"]["command"]).startswith("celery -A config worker")
    assert " ".join(services["beat"]["command"]).startswith("celery -A config beat")
    assert services["proxy"]["image"].startswith("nginx:")
    assert any("docker/nginx.conf" in volume for volume in services["proxy"]["volumes"])


def test_compose_passes_only_variables_that_the_settings_read():
    read = settings_variables() | CONTAINER_ONLY_VARIABLES
    for name in ("migrate", "web", "worker", "beat"):
        environment = compose()["services"][name]["environment"]
        assert {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "SECRET_KEY"} <= set(environment)
        assert environment["DEBUG"] in (False, "false", "False", "0")
        assert set(environment) - read == set(), name


def test_dockerfile_and_proxy_serve_gunicorn_behind_nginx():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("# ") and "FROM python:3.11-slim" in dockerfile
    assert "pip install" in dockerfile and "collectstatic" in dockerfile
    assert "gunicorn config.wsgi" in dockerfile and "GUNICORN_WORKERS" in dockerfile
    nginx = (ROOT / "docker" / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"server\s+web:8000", nginx) and "proxy_pass http://" in nginx


def test_readme_documents_every_environment_variable_and_the_demo_accounts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = {name for name in settings_variables() if f"`{name}`" not in readme}
    assert not missing, f"README.md lacks {sorted(missing)}"
    for account in ACCOUNTS:
        assert account.email in readme
    assert DEMO_PASSWORD in readme
    for command in ("make run", "make test", "make bench", "docker compose up --build"):
        assert command in readme
