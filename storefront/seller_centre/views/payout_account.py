"""The seller's payout account ("Tài khoản nhận tiền"): where the weekly
payouts go. The owner sets a bank account (bank from the list, account
number, holder's name, which is stored in capitals without diacritics as
banks require) through ``payments.ledger.services.set_payout_account``
(audited); a Stripe connected account, set by an operator, is only shown.
Staff members see it but cannot change it; the account number is always
shown masked. The page is about the user's own seller only."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from marketplace.seller.models import Seller, SellerRole
from marketplace.seller.permissions import membership
from payments.ledger.bank_files import ascii_upper
from payments.ledger.banks import BANKS, bank_name
from payments.ledger.errors import LedgerError
from payments.ledger.models import PayoutMethod, SellerPayoutAccount
from payments.ledger.services import set_payout_account
from storefront.seller_centre.access import seller_page
from storefront.seller_centre.views.statements import in_statements_tab


class BankAccountForm(forms.Form):
    bank_bin = forms.ChoiceField(label=gettext_lazy("Ngân hàng"), choices=[("", "—"), *BANKS])
    account_number = forms.CharField(label=gettext_lazy("Số tài khoản"), max_length=40)
    holder_name = forms.CharField(
        label=gettext_lazy("Tên chủ tài khoản"),
        max_length=120,
        help_text=gettext_lazy("Viết hoa, không dấu, đúng như ngân hàng ghi (ví dụ: NGUYEN VAN AN)."),
    )

    def clean_holder_name(self) -> str:
        name = ascii_upper(self.cleaned_data["holder_name"])
        if not name or any(ch.isdigit() for ch in name):
            raise forms.ValidationError(_("Tên chủ tài khoản chỉ gồm chữ cái và khoảng trắng."))
        return name


def masked(number: str) -> str:
    return f"•••• {number[-4:]}" if number else ""


@require_http_methods(["GET", "POST"])
@seller_page
def payout_account(request: HttpRequest, seller: Seller) -> HttpResponse:
    """Show the payout account; the owner's POST sets a bank account
    (400 with messages when invalid, 403 for a staff member)."""
    in_statements_tab(request, seller)
    member = membership(user=request.user, seller=seller)
    can_change = member is not None and member.role == SellerRole.OWNER
    account = SellerPayoutAccount.objects.filter(seller=seller).first()
    form = BankAccountForm()
    status = 200
    if request.method == "POST":
        form = BankAccountForm(request.POST)
        if not can_change:
            form.add_error(None, _("Chỉ chủ cơ sở được đổi tài khoản nhận tiền."))
            status = 403
        elif form.is_valid():
            try:
                set_payout_account(actor=request.user, seller=seller, method=PayoutMethod.BANK, **form.cleaned_data)
            except LedgerError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect("seller_centre:payout_account")
        if form.errors and status == 200:
            status = 400
    context = {
        "account": account,
        "bank": bank_name(account.bank_bin) if account and account.bank_bin else "",
        "number": masked(account.account_number) if account else "",
        "can_change": can_change and (account is None or account.method == PayoutMethod.BANK),
        "is_owner": can_change,
        "form": form,
    }
    return render(request, "seller_centre/statements/payout_account.html", context, status=status)
