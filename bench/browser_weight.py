"""Bytes a first visit transfers, measured in real headless Chromium at phone size."""

from __future__ import annotations

from collections import defaultdict

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def measure_first_load(url: str) -> tuple[int, dict[str, int]]:
    """Load ``url`` at 360x740 with an empty cache; return total bytes transferred
    (headers + encoded bodies) and the split by resource type."""
    from playwright.sync_api import sync_playwright

    by_type: dict[str, int] = defaultdict(int)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 360, "height": 740},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            extra_http_headers={"Accept-Encoding": "gzip, deflate, br"},
        )
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="networkidle")
        for request in finished:
            sizes = request.sizes()
            by_type[request.resource_type] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        browser.close()
    return sum(by_type.values()), dict(by_type)
