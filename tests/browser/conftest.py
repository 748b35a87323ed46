"""Browser tests: real headless Chromium (Debian's /usr/bin/chromium) driven by
Playwright against pytest-django's live server, at phone size. The checkout
helpers' two sellers and their products are fixtures of every browser test."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bench.browser_weight import CHROMIUM, CHROMIUM_ARGS
from tests.marketplace.checkout.helpers import (  # noqa: F401 - fixtures
    owner_a,
    owner_b,
    product_a,
    product_b,
    seller_a,
    seller_b,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

# Playwright's sync API runs an event loop in this thread; the ORM calls that
# tests make between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def phone_context(browser: Browser, base_url: str, *, timeout_ms: int = 15_000, **options: object) -> BrowserContext:
    """A new browser context (another person's phone): 360 px wide, in
    Vietnamese, on ``base_url``; close it when that person is done."""
    context = browser.new_context(base_url=base_url, locale="vi-VN", **PHONE, **options)
    context.set_default_timeout(timeout_ms)
    return context


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: browser tests need Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser, live_server, request):
    """A fresh phone-sized page on the live server; a screenshot is kept on failure."""
    context = phone_context(browser, live_server.url)
    page = context.new_page()
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def products(request):
    """Two sellers' published products: tea from seller A (120.000 ₫), squid
    from seller B (85.000 ₫), each seller with a flat shipping fee."""
    return request.getfixturevalue("product_a"), request.getfixturevalue("product_b")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
