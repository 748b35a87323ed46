"""The marketplace's books: a double-entry ledger in đồng.

Every movement of money is one ``JournalEntry`` whose ``JournalLine``s sum
to zero (debits positive, credits negative). The database enforces it: a
deferred constraint trigger (migration 0002) checks each entry's sum at
commit and refuses updates and deletes of lines, so the books are
append-only; a correction is a new entry.

Accounts are identified by (kind, seller or none, gateway or ""):

====================  ========  ==========================================
kind                  normal    meaning
====================  ========  ==========================================
gateway_clearing      debit     money a provider (Stripe, VNPay, a bank…)
                                holds for us, per gateway
shopper_funds         credit    money received from shoppers not (or no
                                longer) owed to a seller: partial payments,
                                cancelled or returned sub-orders waiting for
                                their refund
commission_revenue    credit    the platform's commission
gateway_fee_expense   debit     providers' fees, per gateway
seller_pending        credit    owed to a seller, still inside delivery +
                                return window
seller_available      credit    owed to a seller, payable at the next run
                                (negative: a refund came after a payout; it
                                is netted in the next payout)
cod_receivable        debit     commission a seller owes us on the cash it
                                collected on delivery
payouts_sent          credit    money sent to sellers, per method (stripe,
                                bank)
====================  ========  ==========================================

``SubOrderLedger`` is the per-sub-order sub-ledger the posting code keeps
(what was sold, the commission snapshot, refunds so far, where the seller's
share sits); balances are always read from the lines.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    GATEWAY_CLEARING = "gateway_clearing", _("Tiền cổng thanh toán đang giữ")
    SHOPPER_FUNDS = "shopper_funds", _("Tiền của người mua chờ xử lý")
    COMMISSION_REVENUE = "commission_revenue", _("Doanh thu hoa hồng")
    GATEWAY_FEE_EXPENSE = "gateway_fee_expense", _("Phí cổng thanh toán")
    SELLER_PENDING = "seller_pending", _("Người bán: chờ đối soát")
    SELLER_AVAILABLE = "seller_available", _("Người bán: có thể chi trả")
    COD_RECEIVABLE = "cod_receivable", _("Hoa hồng COD người bán phải nộp")
    PAYOUTS_SENT = "payouts_sent", _("Đã chi trả cho người bán")


class Account(models.Model):
    kind = models.CharField(max_length=24, choices=AccountKind.choices)
    seller = models.ForeignKey("seller.Seller", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    gateway = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "seller", "gateway"], name="ledger_account_unique", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return ":".join(str(part) for part in (self.kind, self.seller_id or "", self.gateway))


class EntryKind(models.TextChoices):
    PAYMENT = "payment", _("Người mua thanh toán")
    FEE = "fee", _("Phí cổng thanh toán")
    SALE = "sale", _("Ghi nhận doanh thu người bán")
    COD_COLLECTED = "cod_collected", _("Người bán thu tiền COD")
    RELEASE = "release", _("Hết hạn đổi trả: có thể chi trả")
    REFUND = "refund", _("Hoàn tiền")
    REVERSAL = "reversal", _("Hủy / trả hàng")
    PAYOUT = "payout", _("Chi trả người bán")
    PAYOUT_FAILED = "payout_failed", _("Chi trả thất bại")
    TRANSFER_BACK = "transfer_back", _("Thu hồi tiền đã chuyển (Stripe)")


class JournalEntry(models.Model):
    """One balanced movement. ``idempotency_key`` is unique: a hook retried
    (a webhook delivered twice, a task re-run) posts once."""

    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    idempotency_key = models.CharField(max_length=120, unique=True)
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    seller_order = models.ForeignKey(
        "order.SellerOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    transaction_event = models.ForeignKey(
        "payments.TransactionEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payout = models.ForeignKey("ledger.Payout", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    currency = models.CharField(max_length=3, default="VND")
    memo = models.CharField(max_length=255, blank=True)
    # Snapshot of what the posting used (commission rates per line, …).
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.idempotency_key}"


class JournalLine(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    # Signed đồng: debit > 0, credit < 0.
    amount = models.BigIntegerField()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["account", "entry"], name="ledger_line_account")]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="ledger_line_nonzero")]


class SaleState(models.TextChoices):
    NONE = "none", _("Chưa ghi nhận")
    PENDING = "pending", _("Chờ đối soát")
    AVAILABLE = "available", _("Có thể chi trả")
    REVERSED = "reversed", _("Đã hủy")


class SubOrderLedger(models.Model):
    """Where one sub-order stands in the books. ``gross``: what the shopper
    paid for it (online) or the seller collected (COD); ``commission``: the
    snapshot at posting; ``refunded`` / ``commission_reversed``: taken back
    so far. Changed only by the postings (``payments.ledger.sales``,
    ``refunds``, ``posting``) under the order's lock."""

    seller_order = models.OneToOneField(
        "order.SellerOrder", on_delete=models.PROTECT, primary_key=True, related_name="ledger"
    )
    seller = models.ForeignKey("seller.Seller", on_delete=models.PROTECT, related_name="+")
    is_cod = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=SaleState.choices, default=SaleState.NONE)
    gross = models.BigIntegerField(default=0)
    commission = models.BigIntegerField(default=0)
    refunded = models.BigIntegerField(default=0)
    commission_reversed = models.BigIntegerField(default=0)
    release_due_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "release_due_at"], name="ledger_release_due")]


class CommissionRate(models.Model):
    """The commission on a category's products, in basis points (1/100 %)."""

    category = models.OneToOneField("product.Category", on_delete=models.CASCADE, related_name="commission_rate")
    rate_bps = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)


class SellerCommissionOverride(models.Model):
    """A negotiated rate for one seller: for every category (``category``
    empty) or one category (wins over the seller-wide one)."""

    seller = models.ForeignKey("seller.Seller", on_delete=models.CASCADE, related_name="commission_overrides")
    category = models.ForeignKey("product.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    rate_bps = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller", "category"], name="ledger_override_unique", nulls_distinct=False)
        ]


class PayoutMethod(models.TextChoices):
    STRIPE = "stripe", _("Stripe (tài khoản kết nối)")
    BANK = "bank", _("Chuyển khoản ngân hàng")


class SellerPayoutAccount(models.Model):
    """Where a seller's money goes: a Stripe connected account, or a bank
    account (NAPAS BIN of the bank, account number, holder's name)."""

    seller = models.OneToOneField("seller.Seller", on_delete=models.CASCADE, related_name="payout_account")
    method = models.CharField(max_length=8, choices=PayoutMethod.choices)
    stripe_account_id = models.CharField(max_length=64, blank=True)
    bank_bin = models.CharField(max_length=8, blank=True)
    account_number = models.CharField(max_length=32, blank=True)
    holder_name = models.CharField(max_length=120, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class PayoutRunStatus(models.TextChoices):
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn tất")


class PayoutRun(models.Model):
    """One weekly payout run, unique per period (the week's Monday): a second
    run of the same week, or a rerun after a crash, continues this one."""

    period = models.DateField(unique=True)
    status = models.CharField(max_length=8, choices=PayoutRunStatus.choices, default=PayoutRunStatus.RUNNING)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    payout_count = models.PositiveIntegerField(default=0)
    total_amount = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-period"]


class PayoutStatus(models.TextChoices):
    SENT = "sent", _("Đã chuyển (Stripe)")
    IN_FILE = "in_file", _("Trong tệp chuyển khoản")
    FAILED = "failed", _("Thất bại")
    NO_ACCOUNT = "no_account", _("Chưa có tài khoản nhận")


class Payout(models.Model):
    """What one seller is paid in one run: ``amount`` = available balance −
    COD commission owed (``available`` and ``netted`` keep both parts)."""

    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="payouts")
    seller = models.ForeignKey("seller.Seller", on_delete=models.PROTECT, related_name="payouts")
    method = models.CharField(max_length=8, choices=PayoutMethod.choices, blank=True)
    status = models.CharField(max_length=10, choices=PayoutStatus.choices)
    amount = models.BigIntegerField()
    available = models.BigIntegerField()
    netted = models.BigIntegerField(default=0)
    reference = models.CharField(max_length=255, blank=True)
    message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run_id", "seller_id"]
        constraints = [models.UniqueConstraint(fields=["run", "seller"], name="ledger_payout_once_per_run")]


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Chờ chuyển")
    SENT = "sent", _("Đã chuyển")
    NETTED = "netted", _("Đã cấn trừ hết")
    FAILED = "failed", _("Thất bại")


class SubOrderTransfer(models.Model):
    """One Stripe transfer of a payout: a released sub-order's net payable
    (``share``) less what was netted from it (COD commission owed, earlier
    refunds) = ``amount``; or, without a sub-order, a remainder of the
    seller's balance. A sub-order is paid once across runs: one row that is
    not failed per sub-order (database constraint); a failed one frees it
    for the next run. ``reversed``: taken back after refunds."""

    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, related_name="transfers")
    seller_order = models.ForeignKey(
        "order.SellerOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    share = models.BigIntegerField()
    amount = models.BigIntegerField()
    reversed = models.BigIntegerField(default=0)
    transfer_group = models.CharField(max_length=64)
    source_transaction = models.CharField(max_length=64, blank=True)
    reference = models.CharField(max_length=64, blank=True)
    message = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller_order"],
                condition=~Q(status="failed"),
                name="ledger_transfer_once_per_sub_order",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0, reversed__gte=0), name="ledger_transfer_amounts"),
        ]


class PayoutFile(models.Model):
    """A bank payout file of one run in one bank's layout (private storage)."""

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="files")
    bank_format = models.CharField(max_length=32)
    path = models.CharField(max_length=255)
    row_count = models.PositiveIntegerField()
    total_amount = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "bank_format"], name="ledger_payout_file_once")]


class LedgerAudit(models.Model):
    """Who changed what in money settings and when: commission rates,
    payout accounts, payout runs (old and new values)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    seller = models.ForeignKey("seller.Seller", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    category = models.ForeignKey("product.Category", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
