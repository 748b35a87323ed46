"""``manage.py run_payouts [--operator EMAIL]``: release what is due, then run
(or continue) this week's payout run and print its totals and files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.account.models import User
from payments.ledger.errors import LedgerError
from payments.ledger.payouts import run_payouts
from payments.ledger.posting import release_available


class Command(BaseCommand):
    help = "Run this week's seller payouts (idempotent: a rerun pays nobody twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--operator", default="", help="email of the operator starting the run (audited)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["operator"]:
            actor = User.objects.filter(email__iexact=options["operator"]).first()
            if actor is None:
                raise CommandError(f"no user {options['operator']}")
        released = release_available()
        try:
            run = run_payouts(actor=actor, by_system=actor is None)
        except LedgerError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"released {released} sub-orders; run {run.period.isoformat()}: "
            f"{run.payout_count} payouts, {run.total_amount} VND"
        )
        for file in run.files.order_by("bank_format"):
            self.stdout.write(f"  {file.bank_format}: {file.row_count} rows, {file.total_amount} VND -> {file.path}")
