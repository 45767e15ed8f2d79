"""Money in: receipts at the pooled account (bank transfer, e-CNY, statement lines, field cash
handed to finance) and payments made straight from debtor to applicant (rules §5.2-5.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .ledger import MONEY, Entry, PooledAccount


class Receipt(models.Model):
    TRANSFER = "transfer"
    ECNY = "ecny"
    STATEMENT = "statement"
    CASH = "cash"
    AUCTION = "auction"
    CHANNELS = [
        (TRANSFER, _("银行转账")),
        (ECNY, _("数字人民币")),
        (STATEMENT, _("对账单导入")),
        (CASH, _("现场收取现金")),
        (AUCTION, _("网络司法拍卖平台")),
    ]
    BY_SUB_ACCOUNT = "sub_account"
    BY_CASE_NUMBER = "case_number"
    BY_CLAIM = "claim"
    UNMATCHED = ""
    MATCHES = [
        (BY_SUB_ACCOUNT, _("按子账号")),
        (BY_CASE_NUMBER, _("按附言案号")),
        (BY_CLAIM, _("人工认领")),
        (UNMATCHED, _("未匹配")),
    ]

    # No index of its own: the unique (pooled, transaction_id) index serves lookups by pool, and every
    # index costs each statement line a write.
    pooled = models.ForeignKey(
        PooledAccount, on_delete=models.PROTECT, related_name="receipts", db_index=False
    )
    # The bank's transaction id (AcctSvcrRef): a notification or a statement line seen again is the
    # same receipt, never a second one.
    transaction_id = models.CharField(_("银行交易流水号"), max_length=64)
    channel = models.CharField(_("渠道"), max_length=10, choices=CHANNELS)
    amount = models.DecimalField(_("金额"), **MONEY)
    booked_on = models.DateField(_("到账日期"))
    received_at = models.DateTimeField(_("记录时间"))
    sub_account = models.CharField(_("收款子账号"), max_length=34, blank=True)
    payer_name = models.CharField(_("付款人"), max_length=100, blank=True)
    payer_account = models.CharField(_("付款账号"), max_length=40, blank=True)
    remittance = models.CharField(_("附言"), max_length=200, blank=True)
    wallet_id = models.CharField(_("数字人民币钱包编号"), max_length=40, blank=True)
    case = models.ForeignKey(  # indexed by receipt_case_booked (case, booked_on)
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="receipts", db_index=False
    )
    matched_by = models.CharField(_("匹配方式"), max_length=12, choices=MATCHES, blank=True)
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="receipt")
    # Unidentified money must be claimed by this date (rules §5.8-5.9).
    claim_due_on = models.DateField(_("认领期限"), null=True, blank=True)
    claim_requested_for = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claim_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claim_note = models.CharField(_("认领说明"), max_length=200, blank=True)
    # Once in a case account: payable from this date, to be paid out by payout_due_on (addendum §1.2).
    payable_on = models.DateField(_("可发放日"), null=True, blank=True)
    payout_due_on = models.DateField(_("发放期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("暂定期限"), default=False)
    # What of this receipt is still in the case account, paid out oldest first (FIFO), so that
    # overdue funds name the receipts behind them.
    outstanding = models.DecimalField(_("未发放金额"), default=0, **MONEY)
    # Booked in error and reversed (receipts.reverse_receipt): no longer money of any case or pool.
    reversed_on = models.DateField(_("冲正日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("到账款")
        verbose_name_plural = _("到账款")
        ordering = ["booked_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pooled", "transaction_id"], name="receipt_unique_txn"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="receipt_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(outstanding__gte=0, outstanding__lte=models.F("amount")),
                name="receipt_outstanding_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "booked_on"], name="receipt_case_booked"),
            models.Index(
                fields=["pooled", "booked_on"],
                condition=models.Q(case__isnull=True),
                name="receipt_unidentified",
            ),
            # Overdue funds (queries.overdue): the report over a million receipts reads only these.
            models.Index(
                fields=["payout_due_on"],
                condition=models.Q(case__isnull=False, outstanding__gt=0),
                name="receipt_overdue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transaction_id} {self.amount}"


class DirectPayment(models.Model):
    """Paid by the debtor straight to the applicant (rules §5.2): counts towards 已执行到位, never
    passes the account. Recorded with its evidence (a receipt, a bank slip, the applicant's
    confirmation)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="direct_payments")
    amount = models.DecimalField(_("金额"), **MONEY)
    paid_on = models.DateField(_("支付日期"))
    payer = models.CharField(_("付款人"), max_length=100)
    payee = models.CharField(_("收款人"), max_length=100)
    evidence = models.CharField(_("证据"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("直接支付")
        verbose_name_plural = _("直接支付")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="directpayment_amount_positive")
        ]
