"""Settings for Chợ OCOP. Every value that differs between machines comes from
the environment (see the configuration table in README.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import environ
from django.utils.translation import gettext_lazy as _

from config.embedded_db import embedded_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-local-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
PUBLIC_URL = env.str("PUBLIC_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "graphene_django",
    "marketplace.core",
    "marketplace.account",
    "marketplace.geography",
    "marketplace.channel",
    "marketplace.seller",
    "marketplace.product",
    "marketplace.warehouse",
    "marketplace.checkout",
    "marketplace.order",
    "marketplace.shipping",
    "marketplace.search",
    "marketplace.graphql",
    "payments",
    "payments.ledger",
    "payments.vietqr",
    "traceability",
    "storefront",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database: PostgreSQL always. Unset DATABASE_URL -> embedded server in ./var.
DATABASE_URL = env.str("DATABASE_URL", default="") or embedded_database_url(BASE_DIR)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env.int("DB_CONN_MAX_AGE", default=60))}
# A kept connection is checked (one SELECT 1) when a request first uses it, so
# that one dropped by a database restart is replaced instead of failing it;
# our backend skips the check on a connection used within the last
# DB_HEALTH_CHECK_IDLE_SECONDS (marketplace.core.postgresql).
DATABASES["default"]["ENGINE"] = "marketplace.core.postgresql"
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", default=True)
DB_HEALTH_CHECK_IDLE_SECONDS = env.float("DB_HEALTH_CHECK_IDLE_SECONDS", default=1.0)
# Parameters bound by the server (extended protocol) so that psycopg can
# prepare a statement once a connection has run it DB_PREPARE_THRESHOLD times:
# PostgreSQL then skips parsing and planning it again. Empty: never prepare
# (for a transaction-pooling proxy older than PgBouncer 1.21).
_prepare_threshold = env.str("DB_PREPARE_THRESHOLD", default="5")
DATABASES["default"].setdefault("OPTIONS", {}).update(
    server_side_binding=True, prepare_threshold=int(_prepare_threshold) if _prepare_threshold else None
)
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "account.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "storefront:login"
LOGIN_REDIRECT_URL = "storefront:home"

# --- Cache: Redis when REDIS_URL is set (required with several web processes so
# that invalidation reaches all of them), otherwise process-local memory.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ocop"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ocop",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
CATALOG_CACHE_SECONDS = env.int("CATALOG_CACHE_SECONDS", default=300)

# --- Celery: a real broker when configured, otherwise tasks run in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Nothing waits for a task's return value (progress lives in the database):
# sending a task then skips subscribing to its result on the backend.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"

# --- Checkout and orders.
# Most units of one variant a checkout line may hold (the variant's own
# quantity_limit_per_customer may lower it).
CHECKOUT_MAX_LINE_QUANTITY = env.int("CHECKOUT_MAX_LINE_QUANTITY", default=50)
# Minutes a line's units stay reserved for its checkout; 0 turns reservations off.
RESERVATION_MINUTES = env.int("RESERVATION_MINUTES", default=20)
# How long the signed link in the shopper's emails opens the order.
ORDER_ACCESS_TOKEN_MAX_AGE_DAYS = env.int("ORDER_ACCESS_TOKEN_MAX_AGE_DAYS", default=365)
# Payment gateways, by import path (payments.registry); the first is the default.
PAYMENT_GATEWAYS = env.list(
    "PAYMENT_GATEWAYS",
    default=[
        "payments.gateways.cod.CashOnDelivery",
        "payments.gateways.stripe.gateway.StripeGateway",
        "payments.gateways.vnpay.VNPay",
        "payments.gateways.momo.MoMo",
        "payments.vietqr.gateway.VietQRGateway",
    ],
)
# Stripe (hosted Checkout, webhooks, Connect transfers). Offered only when both
# secrets are set; STRIPE_API_BASE points the library elsewhere (tests' stand-in).
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
# Seconds a webhook's signed timestamp stays acceptable (Stripe's default).
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)
# Seconds to wait for Stripe's API before giving up (the shopper is waiting).
STRIPE_TIMEOUT = env.int("STRIPE_TIMEOUT", default=15)
# VNPay (API 2.1.0, redirect + IPN) and MoMo (API v2, captureWallet + IPN):
# each is offered only when its keys are set.
VNPAY_TMN_CODE = env.str("VNPAY_TMN_CODE", default="")
VNPAY_HASH_SECRET = env.str("VNPAY_HASH_SECRET", default="")
VNPAY_PAYMENT_URL = env.str("VNPAY_PAYMENT_URL", default="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html")
MOMO_PARTNER_CODE = env.str("MOMO_PARTNER_CODE", default="")
MOMO_ACCESS_KEY = env.str("MOMO_ACCESS_KEY", default="")
MOMO_SECRET_KEY = env.str("MOMO_SECRET_KEY", default="")
MOMO_ENDPOINT = env.str("MOMO_ENDPOINT", default="https://test-payment.momo.vn")
CELERY_BEAT_SCHEDULE = {
    "delete-expired-reservations": {"task": "warehouse.delete_expired_reservations", "schedule": 300.0},
}
# VietQR bank transfer (payments.vietqr): the account shoppers transfer to
# (offered only once an account number is set: a default account would send
# real money to a stranger), how long a transfer reference stays payable, the
# incoming-transfer webhook's HMAC secret (empty: webhook off), its timestamp
# tolerance, and the largest statement file an operator uploads.
VIETQR_BANK_BIN = env.str("VIETQR_BANK_BIN", default="970415")
VIETQR_BANK_NAME = env.str("VIETQR_BANK_NAME", default="VietinBank")
VIETQR_ACCOUNT_NUMBER = env.str("VIETQR_ACCOUNT_NUMBER", default="")
VIETQR_ACCOUNT_NAME = env.str("VIETQR_ACCOUNT_NAME", default="")
VIETQR_PAYMENT_TTL_HOURS = env.int("VIETQR_PAYMENT_TTL_HOURS", default=24)
VIETQR_WEBHOOK_SECRET = env.str("VIETQR_WEBHOOK_SECRET", default="")
VIETQR_WEBHOOK_TOLERANCE_SECONDS = env.int("VIETQR_WEBHOOK_TOLERANCE_SECONDS", default=300)
VIETQR_STATEMENT_MAX_BYTES = env.int("VIETQR_STATEMENT_MAX_BYTES", default=2 * 1024 * 1024)
CELERY_BEAT_SCHEDULE["vietqr-expire-unpaid-transfers"] = {"task": "vietqr.expire_unpaid_transfers", "schedule": 600.0}

# --- Ledger (payments.ledger): commission, seller balances, weekly payouts.
from celery.schedules import crontab  # noqa: E402 - only the beat schedule needs it

# Days after delivery before a sub-order's money becomes payable (returns).
LEDGER_RETURN_WINDOW_DAYS = env.int("LEDGER_RETURN_WINDOW_DAYS", default=7)
# Commission in basis points (1/100 %) when no category rate or seller override applies.
LEDGER_DEFAULT_COMMISSION_BPS = env.int("LEDGER_DEFAULT_COMMISSION_BPS", default=500)
CELERY_BEAT_SCHEDULE["ledger-release-available"] = {"task": "ledger.release_available", "schedule": 3600.0}
CELERY_BEAT_SCHEDULE["ledger-weekly-payouts"] = {
    "task": "ledger.run_weekly_payouts",
    "schedule": crontab(minute=0, hour=2, day_of_week=1),  # Monday 02:00, CELERY_TIMEZONE
}

# --- E-invoices (payments.einvoice): one invoice per paid sub-order (Decree 123/2020).
# Provider "file": one JSON file per sub-order in EINVOICE_EXPORT_DIR (private).
# VAT in whole percent; prices include VAT. Goods default to 5 % (OCOP food and
# farm produce); EINVOICE_CATEGORY_VAT_RATES="slug=rate,..." sets categories apart.
EINVOICE_PROVIDER = env.str("EINVOICE_PROVIDER", default="file")
EINVOICE_EXPORT_DIR = Path(env.str("EINVOICE_EXPORT_DIR", default=str(BASE_DIR / "var" / "einvoices")))
EINVOICE_VAT_RATE = env.int("EINVOICE_VAT_RATE", default=5)
EINVOICE_SHIPPING_VAT_RATE = env.int("EINVOICE_SHIPPING_VAT_RATE", default=10)
EINVOICE_CATEGORY_VAT_RATES = {
    slug.strip(): int(rate)
    for slug, _, rate in (
        item.partition("=") for item in env.str("EINVOICE_CATEGORY_VAT_RATES", default="").split(",") if item.strip()
    )
}
EINVOICE_DEFAULT_UNIT = env.str("EINVOICE_DEFAULT_UNIT", default="Sản phẩm")
# Retry: invoices whose after-commit issue failed (provider down), hourly.
CELERY_BEAT_SCHEDULE["einvoice-issue-missing"] = {"task": "einvoice.issue_missing_invoices", "schedule": 3600.0}

# --- GraphQL: limits on a query's shape, checked before it runs.
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=15)
GRAPHQL_MAX_FIELDS = env.int("GRAPHQL_MAX_FIELDS", default=1000)
# Parsed and validated GraphQL documents kept per process (by query text).
GRAPHQL_DOCUMENT_CACHE_SIZE = env.int("GRAPHQL_DOCUMENT_CACHE_SIZE", default=256)

# --- Search: PostgreSQL full-text by default, Elasticsearch when configured.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX = env.str("ELASTICSEARCH_INDEX", default="cho_ocop_products")
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=2.0)

# --- Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DEFAULT_CURRENCY = "VND"
DEFAULT_COUNTRY = "VN"
DEFAULT_CHANNEL_SLUG = env.str("DEFAULT_CHANNEL_SLUG", default="default-channel")

# --- Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Let Django serve uploaded media itself (local runs, tests, benchmarks); the
# proxy or object storage does it in production.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible object storage through django-storages; credentials come from
    # the standard AWS_* variables read by boto3.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "querystring_auth": False,
        },
    }
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0
# Uploaded images: refuse anything larger than this many bytes or pixels.
MAX_IMAGE_UPLOAD_BYTES = env.int("MAX_IMAGE_UPLOAD_BYTES", default=10 * 1024 * 1024)
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)
# Seller documents (ID cards, registrations, certificates): kept outside
# MEDIA_ROOT with no public URL, served only through a permission check.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
MAX_DOCUMENT_UPLOAD_BYTES = env.int("MAX_DOCUMENT_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email: console by default.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Chợ OCOP <no-reply@cho-ocop.local>")

# --- API: JWT for GraphQL.
JWT_ACCESS_TTL_SECONDS = env.int("JWT_ACCESS_TTL_SECONDS", default=5 * 60)
JWT_REFRESH_TTL_SECONDS = env.int("JWT_REFRESH_TTL_SECONDS", default=30 * 24 * 3600)
GRAPHENE = {
    "SCHEMA": "marketplace.graphql.schema.schema",
    "RELAY_CONNECTION_MAX_LIMIT": 100,
    "RELAY_CONNECTION_ENFORCE_FIRST_OR_LAST": False,
}
GRAPHQL_MAX_PAGE_SIZE = 100

# --- Security headers (HTTPS-only settings switch on with DEBUG off).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None

# --- Traceability: anti-counterfeit checks on stamp scans (traceability.scans).
# Request header a proxy or CDN fills with the client's province (a province
# code such as "01" or a name such as "Hà Nội"); Django reads it from META.
SCAN_LOCATION_HEADER = env.str("SCAN_LOCATION_HEADER", default="X-Client-Region")
# A stamp is suspicious when, within this many hours, it is scanned more than
# SCAN_MAX_PER_WINDOW times or from more than SCAN_MAX_PROVINCES provinces.
SCAN_WINDOW_HOURS = env.int("SCAN_WINDOW_HOURS", default=72)
SCAN_MAX_PER_WINDOW = env.int("SCAN_MAX_PER_WINDOW", default=20)
SCAN_MAX_PROVINCES = env.int("SCAN_MAX_PROVINCES", default=2)
# Stamp lookups (resolver and verification page) one client may make per minute.
STAMP_LOOKUPS_PER_MINUTE = env.int("STAMP_LOOKUPS_PER_MINUTE", default=60)

# Mounts /bench/bare/, the baseline view that bench/ compares pages against.
BENCH_BARE_VIEW = env.bool("BENCH_BARE_VIEW", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
