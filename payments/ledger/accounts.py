"""Ledger accounts by (kind, seller or none, gateway or ""), created on first use."""

from __future__ import annotations

from payments.ledger.models import Account


def account_id(kind: str, *, seller_id: int | None = None, gateway: str = "") -> int:
    """The id of the account (kind, seller, gateway), created if missing. A
    concurrent first use is safe: the unique constraint makes one row and
    ``get_or_create`` reads it back."""
    found = Account.objects.filter(kind=kind, seller_id=seller_id, gateway=gateway).values_list("pk", flat=True).first()
    if found is not None:
        return found
    return Account.objects.get_or_create(kind=kind, seller_id=seller_id, gateway=gateway)[0].pk
