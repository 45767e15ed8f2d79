"""Double entry: accounts, entries and their legs. A leg's amount is debit-positive; the legs of an
entry sum to zero. The pooled account is an asset (normal +1); case, suspense and fee accounts are
what the court owes (normal -1), so pooled balance = Σ case + suspense + fees (rules §5.1,
ARCHITECTURE §3). Entries are never edited or deleted: a correction is a reversal entry."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class PooledAccount(models.Model):
    """The court's execution-fund special account (执行款专户, rules §5.1) at its bank. Case
    sub-accounts are virtual numbers under it: its number, the case id, a check digit (rules §5.4)."""

    court = models.OneToOneField(
        "courts.Court", on_delete=models.PROTECT, related_name="pooled_account", verbose_name=_("法院")
    )
    account_number = models.CharField(_("专户账号"), max_length=34, unique=True)
    account_name = models.CharField(_("户名"), max_length=100)
    bank_name = models.CharField(_("开户行"), max_length=100)

    class Meta:
        verbose_name = _("执行款专户")
        verbose_name_plural = _("执行款专户")

    def __str__(self) -> str:
        return f"{self.account_name} {self.account_number}"


class LedgerAccount(models.Model):
    POOLED = "pooled"
    CASE = "case"
    SUSPENSE = "suspense"
    FEES = "fees"
    # Fines of coercive measures paid into the court (rules §6.15), owed to the treasury, never to a
    # case's applicant: kept apart from every case account (zhixing.funds.actions.fines).
    FINES = "fines"
    # The court's judicial-relief fund (国家司法救助资金, rules §9): money the treasury allots to the
    # court, held in the pool until relief is granted into a case account, and recovered back into it
    # (zhixing.funds.actions.relief). Never a case's money until granted.
    RELIEF = "relief"
    KINDS = [
        (POOLED, _("专户")),
        (CASE, _("案件账户")),
        (SUSPENSE, _("待认领款")),
        (FEES, _("执行费")),
        (FINES, _("罚款")),
        (RELIEF, _("司法救助资金")),
    ]
    NORMAL = {POOLED: 1, CASE: -1, SUSPENSE: -1, FEES: -1, FINES: -1, RELIEF: -1}

    kind = models.CharField(_("类别"), max_length=10, choices=KINDS)
    pooled = models.ForeignKey(PooledAccount, on_delete=models.PROTECT, related_name="ledger_accounts")
    case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_account"
    )
    # Σ legs × normal, kept with each posting (in the same transaction) so that totals over a million
    # cases read one column; `zhixing check` proves it equals the legs.
    balance = models.DecimalField(_("余额"), default=0, **MONEY)
    # Payouts sent to the bank and not yet confirmed or bounced (the pending phase): not spendable.
    pending_out = models.DecimalField(_("在途发放"), default=0, **MONEY)

    class Meta:
        verbose_name = _("分户账")
        verbose_name_plural = _("分户账")
        constraints = [
            models.UniqueConstraint(
                fields=["pooled", "kind"],
                condition=models.Q(case__isnull=True),
                name="ledgeraccount_one_per_pool_kind",
            ),
            models.CheckConstraint(condition=models.Q(pending_out__gte=0), name="ledgeraccount_pending_ge_0"),
            models.CheckConstraint(
                condition=models.Q(kind="pooled") | models.Q(balance__gte=models.F("pending_out")),
                name="ledgeraccount_never_overdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id or self.pooled_id}"


class Entry(models.Model):
    RECEIPT = "receipt"
    CLAIM = "claim"
    PAYOUT = "payout"
    FEE = "fee"
    REVERSAL = "reversal"
    TRANSFER = "transfer"
    FINE = "fine"
    # Judicial relief (zhixing.funds.actions.relief): the treasury's allotment into the relief fund,
    # relief granted from the fund into a case account, and relief recovered from the case back.
    RELIEF_FUNDING = "relief_in"
    RELIEF_GRANT = "relief"
    RELIEF_RECOVERY = "recover"
    KINDS = [
        (RECEIPT, _("到账")),
        (CLAIM, _("认领")),
        (PAYOUT, _("发放")),
        (FEE, _("结算执行费")),
        (REVERSAL, _("冲正")),
        (TRANSFER, _("案件间划转")),
        (FINE, _("收取罚款")),
        (RELIEF_FUNDING, _("拨入司法救助资金")),
        (RELIEF_GRANT, _("司法救助划入案件")),
        (RELIEF_RECOVERY, _("追回司法救助金")),
    ]

    kind = models.CharField(_("类别"), max_length=10, choices=KINDS)
    at = models.DateTimeField(_("记账时间"))
    booked_on = models.DateField(_("记账日期"))
    memo = models.CharField(_("摘要"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    actor = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT)
    system_actor = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("记账凭证")
        verbose_name_plural = _("记账凭证")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Leg(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="legs")
    # indexed by leg_account_entry (account, entry)
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="legs", db_index=False)
    amount = models.DecimalField(_("金额（借方为正）"), **MONEY)

    class Meta:
        indexes = [models.Index(fields=["account", "entry"], name="leg_account_entry")]
