"""``python manage.py populatedb``: load the demo marketplace (local use only)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.demo.loader import load_demo_data


class Command(BaseCommand):
    help = (
        "Load the demo marketplace: sellers in several provinces, about sixty OCOP products with pictures, "
        "and demo accounts whose passwords are published in README.md. Safe to run again: what exists is kept. "
        "For local use only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--products",
            type=int,
            default=None,
            metavar="N",
            help="How many products to load (default: the 60 hand-written ones; past 60, editions of them "
            "are generated, e.g. --products 2000 for benchmarks).",
        )
        parser.add_argument("--no-images", action="store_true", help="Skip drawing product pictures (faster).")
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (the demo accounts have public passwords)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "populatedb refuses to run with DEBUG off: it creates demo accounts whose passwords are public "
                "(see README.md). If this database really is a local or throw-away one, run it again with --force."
            )
        count = options["products"]
        if count is not None and count < 1:
            raise CommandError("--products must be a positive number.")
        started = time.perf_counter()
        try:
            report = load_demo_data(
                product_count=count, with_images=not options["no_images"], show_progress=options["verbosity"] >= 1
            )
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        if report.created:
            made = ", ".join(f"{what} {number}" for what, number in report.created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s: {made}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Demo data already loaded; nothing to add ({elapsed:.1f} s)."))
        if report.products_skipped:
            self.stdout.write(f"{report.products_skipped} products were already there and were left unchanged.")
        if report.verification_urls.get("genuine"):
            self.stdout.write(f"Scan a genuine demo stamp: {report.verification_urls['genuine']}")
        if report.verification_urls.get("recalled"):
            self.stdout.write(f"Scan a stamp of the recalled demo batch: {report.verification_urls['recalled']}")
