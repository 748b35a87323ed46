"""The books in the admin: listed and opened, never edited."""

from __future__ import annotations

from django.urls import reverse

from payments.ledger.models import JournalEntry
from tests.factories import UserFactory
from tests.payments.ledger.actions import pay, place


def test_entries_are_shown_read_only(client, channel, tea):
    pay(place(channel, [(tea, 1)], gateway="pay_later"))
    admin_user = UserFactory(email="quan.tri@example.vn", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    entry = JournalEntry.objects.get(kind="sale")
    assert client.get(reverse("admin:ledger_journalentry_changelist")).status_code == 200
    page = client.get(reverse("admin:ledger_journalentry_change", args=[entry.pk]))
    assert page.status_code == 200 and "sale:" in page.content.decode()
    assert client.get(reverse("admin:ledger_journalentry_add")).status_code == 403
    assert client.get(reverse("admin:ledger_payoutrun_changelist")).status_code == 200
    assert client.get(reverse("admin:ledger_ledgeraudit_changelist")).status_code == 200
