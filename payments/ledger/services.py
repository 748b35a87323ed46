"""Every change to the ledger's settings and runs, in one place to import:
commission rates (``commission``), payout runs and releases (``payouts``,
``posting``), and here the seller's payout account. Postings themselves are
made only by the payment and order services' hooks (``posting``)."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.seller.models import Seller, SellerRole
from marketplace.seller.permissions import is_operator, membership
from payments.ledger.commission import set_category_rate, set_seller_override
from payments.ledger.errors import LedgerError
from payments.ledger.models import LedgerAudit, PayoutMethod, SellerPayoutAccount
from payments.ledger.payouts import run_payouts
from payments.ledger.posting import release_available

__all__ = ["release_available", "run_payouts", "set_category_rate", "set_payout_account", "set_seller_override"]

STRIPE_ACCOUNT = re.compile(r"^acct_[A-Za-z0-9]{6,40}$")
BANK_BIN = re.compile(r"^9\d{5}$")
ACCOUNT_NUMBER = re.compile(r"^\d{6,19}$")


def _masked(account: SellerPayoutAccount | None) -> dict | None:
    if account is None:
        return None
    return {
        "method": account.method,
        "stripe_account_id": account.stripe_account_id,
        "bank_bin": account.bank_bin,
        "account_number": f"…{account.account_number[-4:]}" if account.account_number else "",
        "holder_name": account.holder_name,
    }


@transaction.atomic
def set_payout_account(
    *,
    actor: User | None,
    seller: Seller,
    method: str,
    stripe_account_id: str = "",
    bank_bin: str = "",
    account_number: str = "",
    holder_name: str = "",
) -> SellerPayoutAccount:
    """Where ``seller`` is paid: its owner or an operator sets it; audited
    (the account number masked). Raises ``LedgerError``: ``NOT_FOUND`` (not
    the actor's seller), ``INVALID`` with ``field``. Nothing changes then."""
    member = membership(user=actor, seller=seller)
    if not is_operator(actor) and (member is None or member.role != SellerRole.OWNER):
        raise LedgerError("NOT_FOUND", _("Không tìm thấy cơ sở."), field="seller")
    stripe_account_id, bank_bin = stripe_account_id.strip(), bank_bin.strip()
    account_number, holder_name = "".join(account_number.split()), " ".join(holder_name.split())
    if method == PayoutMethod.STRIPE:
        if not STRIPE_ACCOUNT.match(stripe_account_id):
            raise LedgerError("INVALID", _("Mã tài khoản Stripe không hợp lệ (acct_…)."), field="stripe_account_id")
        bank_bin = account_number = holder_name = ""
    elif method == PayoutMethod.BANK:
        if not BANK_BIN.match(bank_bin):
            raise LedgerError("INVALID", _("Mã ngân hàng (BIN) gồm 6 chữ số."), field="bank_bin")
        if not ACCOUNT_NUMBER.match(account_number):
            raise LedgerError("INVALID", _("Số tài khoản gồm 6–19 chữ số."), field="account_number")
        if not holder_name or len(holder_name) > 120:
            raise LedgerError("INVALID", _("Vui lòng nhập tên chủ tài khoản (tối đa 120 ký tự)."), field="holder_name")
        stripe_account_id = ""
    else:
        raise LedgerError("INVALID", _("Phương thức nhận tiền không hợp lệ."), field="method")
    current = SellerPayoutAccount.objects.select_for_update().filter(seller=seller).first()
    old = _masked(current)
    values = {
        "method": method,
        "stripe_account_id": stripe_account_id,
        "bank_bin": bank_bin,
        "account_number": account_number,
        "holder_name": holder_name,
    }
    account, _created = SellerPayoutAccount.objects.update_or_create(seller=seller, defaults=values)
    LedgerAudit.objects.create(actor=actor, action="payout_account", seller=seller, old=old, new=_masked(account))
    return account
