"""Case funds in the demo province (`zhixing demo`): every court's pooled account, and a few months of
money through the actions, so that every figure of the funds pages, the command centre and the bulletin
is non-zero but small.

Connected to cases.demo.demo_built from FundsConfig.ready() (cases may not import funds). Everything is
drawn from the rng the demo hands over, so the same seed gives the same money; the demo itself refuses
to run on a database that has data, so running it again changes nothing here either.

Per court that has cases, over the last six months: debtors pay into some pending and closed cases
by transfer or e-CNY (the applied amount, part of it, or the applied amount and the execution fee),
a few naming the case number in the remittance instead of the sub-account; most of that money is paid
out through the approval chain and confirmed by the bank, the rest is still within its payout deadline
or, in one case per large court, past it (超期款); one case's money is held (暂存) by a judge's approval; a
receipt or two arrive unidentified and are claimed by an officer and approved by finance; courts with
a large docket keep three to six unidentified receipts (不明款), some past their claim deadline; and a
direct payment or two to the applicant is recorded. One payout in the province bounces and is sent again.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

from zhixing.cases.models import Case, Party
from zhixing.courts import rules as court_rules

from . import actions, queries, rules
from .actions.payouts import available
from .actors import BANK
from .models import PooledAccount, Receipt

CENT = Decimal("0.01")
WINDOW_DAYS = 180  # how far back the demo's money goes
MAX_PAYERS = 8  # per court: keeps a 1000-case demo fast
BIG_DOCKET = 10  # a court's share of the province's cases from which it keeps 3–6 unidentified receipts
BANKS = ("中国工商银行", "中国农业银行", "中国建设银行", "中国银行", "河北银行", "邮储银行")
UNIDENTIFIED_NOTES = ("货款", "还款", "往来款", "", "转账", "借款")


def on_demo_built(sender: Any, result: Any, rng: random.Random, **kwargs: Any) -> None:
    build(result.org, result.end, rng, result.stats)


def build(org: Any, end: dt.date, rng: random.Random, stats: Counter) -> None:
    story = _Story(org, end, rng, stats)
    for code in sorted(org.courts):
        story.court(code)


class _Story:
    def __init__(self, org: Any, end: dt.date, rng: random.Random, stats: Counter) -> None:
        self.org, self.end, self.rng, self.stats = org, end, rng, stats
        self.serial = 0
        self.bounced = False

    # --- people -------------------------------------------------------------------------------

    def one(self, code: str, role: str) -> Any:
        people = self.org.first(code, role)
        return self.rng.choice(people) if people else None

    def approver(self, code: str, role: str, used: set[int]) -> Any:
        for cs in self.org.above(code):
            for user in cs.people(role):
                if user.pk not in used:
                    return user
        raise LookupError(f"{code}: no {role} left to approve")

    # --- a court ------------------------------------------------------------------------------

    def court(self, code: str) -> None:
        cs = self.org.courts[code]
        court = cs.court
        pooled = PooledAccount.objects.filter(court=court).first()
        if pooled is None:
            opener = self.one(code, court_rules.FINANCE) or self.one(code, court_rules.ADMIN)
            pooled = actions.open_pooled_account(court, actor=opener)
            self.stats["funds:pools"] += 1
        if not cs.share:
            return
        start = self.end - dt.timedelta(days=WINDOW_DAYS)
        cases = [
            c
            for c in Case.objects.filter(court=court, applied_amount__gt=0).order_by("id")
            if (c.closed_on or self.end) >= max(c.filed_on, start)
        ]
        if not cases:
            return
        self.officer = self.one(code, court_rules.OFFICER)
        self.finance = self.one(code, court_rules.FINANCE)
        self.judge = self.one(code, court_rules.JUDGE)
        payers = self.rng.sample(cases, min(MAX_PAYERS, max(2, len(cases) // 6), len(cases)))
        big = cs.share >= BIG_DOCKET
        left_overdue = held = False
        for case in payers:
            receipt = self.pay_in(pooled, case, start)
            late = receipt.payout_due_on is not None and receipt.payout_due_on < self.end
            if late and big and not left_overdue:
                left_overdue = True  # 超期款: past its payout deadline, still in the case account
                self.stats["funds:overdue"] += 1
            elif late and big and not held and case.status == Case.PENDING:
                held = True
                self.hold(case)
            elif late or self.rng.random() < 0.5:
                self.pay_out(code, case)
            else:
                self.stats["funds:within_deadline"] += 1
        pending = [c for c in cases if c.status == Case.PENDING] or cases
        for _ in range(self.rng.randint(1, 2)):
            self.claimed(pooled, self.rng.choice(pending))
        if big:
            for k in range(self.rng.randint(3, 6)):
                # The first two are past their claim deadline (3 working days), the rest recent.
                self.unidentified(pooled, self.rng.randint(9, 40) if k < 2 else self.rng.randint(0, 2))
        for _ in range(self.rng.randint(1, 2)):
            self.direct_payment(self.rng.choice(pending), start)

    # --- money in -----------------------------------------------------------------------------

    def txn(self, pooled: PooledAccount) -> str:
        self.serial += 1
        return f"DEMO{pooled.pk:03d}{self.end:%Y%m%d}{self.serial:05d}"

    def day_between(self, lo: dt.date, hi: dt.date) -> dt.date:
        return lo + dt.timedelta(days=self.rng.randint(0, max(0, (hi - lo).days)))

    def debtor_name(self, case: Case) -> str:
        names = [p.name for p in case.parties.all() if p.role == Party.DEBTOR]
        return names[0] if names else ""

    def pay_in(self, pooled: PooledAccount, case: Case, start: dt.date) -> Receipt:
        applied = case.applied_amount
        kind = self.rng.choices(("exact", "partial", "with_fee"), weights=(3, 5, 2))[0]
        if kind == "exact":
            amount = applied
        elif kind == "with_fee":
            amount = applied + rules.execution_fee(applied)
        else:
            amount = (applied * Decimal(self.rng.randint(10, 70)) / 100).quantize(CENT)
        if amount > 900_000:  # a large debt is paid in part: keeps the approval chain short
            kind, amount = "partial", Decimal(self.rng.randint(50, 900) * 1000)
        self.stats[f"funds:paid_{kind}"] += 1
        ecny = self.rng.random() < 0.25
        by_number = self.rng.random() < 0.15
        booked = self.day_between(max(case.filed_on, start), min(case.closed_on or self.end, self.end))
        receipt, _made = actions.receive(
            actions.Incoming(
                pooled_account=pooled.account_number,
                transaction_id=self.txn(pooled),
                channel=Receipt.ECNY if ecny else Receipt.TRANSFER,
                amount=amount,
                booked_on=booked,
                sub_account="" if by_number else queries.account_number(case),
                payer_name=self.debtor_name(case),
                payer_account="" if ecny else self.account_digits(),
                remittance=f"{case.case_number} 执行款" if by_number else "执行款",
                wallet_id=f"0025{self.rng.randrange(10**12):012d}" if ecny else "",
            ),
            actor=BANK,
        )
        self.stats["funds:receipts"] += 1
        if by_number:
            self.stats["funds:by_case_number"] += 1
        return receipt

    def unidentified(self, pooled: PooledAccount, days_ago: int) -> Receipt:
        receipt, _made = actions.receive(
            actions.Incoming(
                pooled_account=pooled.account_number,
                transaction_id=self.txn(pooled),
                channel=Receipt.TRANSFER,
                amount=Decimal(self.rng.randint(5, 800) * 100),
                booked_on=self.end - dt.timedelta(days=days_ago),
                payer_name=self.rng.choice(("张", "王", "李", "赵", "刘"))
                + self.rng.choice(("伟", "芳", "强", "静")),
                payer_account=self.account_digits(),
                remittance=self.rng.choice(UNIDENTIFIED_NOTES),
            ),
            actor=BANK,
        )
        self.stats["funds:unidentified"] += 1
        return receipt

    def claimed(self, pooled: PooledAccount, case: Case) -> None:
        """An unidentified receipt an officer recognises and finance approves into the case."""
        receipt = self.unidentified(pooled, self.rng.randint(1, 20))
        self.stats["funds:unidentified"] -= 1
        actions.request_claim(receipt, case, "申请执行人确认系本案被执行人还款", actor=self.officer)
        actions.approve_claim(receipt, actor=self.finance)
        self.stats["funds:claims"] += 1

    def direct_payment(self, case: Case, start: dt.date) -> None:
        amount = min(case.applied_amount, Decimal(self.rng.randint(2, 200) * 500))
        applicants = [p.name for p in case.parties.all() if p.role == Party.APPLICANT]
        actions.record_direct_payment(
            case,
            amount,
            self.day_between(max(case.filed_on, start), self.end),
            self.debtor_name(case),
            applicants[0] if applicants else "",
            "申请执行人出具的收条",
            actor=self.officer,
        )
        self.stats["funds:direct"] += 1

    # --- money out ----------------------------------------------------------------------------

    def account_digits(self) -> str:
        return f"6222{self.rng.randrange(10**15):015d}"

    def hold(self, case: Case) -> None:
        hold = actions.request_hold(
            case, "dispute", self.end - dt.timedelta(days=3), "案外人主张权利", actor=self.officer
        )
        actions.approve_hold(hold, actor=self.judge)
        self.stats["funds:holds"] += 1

    def pay_out(self, code: str, case: Case) -> None:
        amount = available(case)
        if amount <= 0:
            return
        applicant = case.parties.filter(role=Party.APPLICANT).order_by("id").first()
        name = applicant.name if applicant else "申请执行人"
        if not self.bounced:
            self.bounced = True
            self.one_payout(code, case, amount, applicant, name, self.account_digits(), bounce=True)
            self.stats["funds:bounced"] += 1
            # The account corrected with the applicant, it is sent again below.
        self.one_payout(code, case, amount, applicant, name, self.account_digits(), bounce=False)

    def one_payout(
        self, code: str, case: Case, amount: Decimal, party: Any, name: str, account: str, bounce: bool
    ) -> Any:
        payout = actions.request_payout(
            case,
            amount,
            payee_name=name,
            payee_account=account,
            payee_bank=self.rng.choice(BANKS),
            party=party,
            account_confirmed=True,
            actor=self.officer,
        )
        used = {self.officer.pk}
        for role in payout.steps:
            approver = self.approver(code, role, used)
            used.add(approver.pk)
            payout = actions.approve_payout(payout, actor=approver)
        payout = actions.send_payout(payout, actor=self.finance)
        payout = actions.record_payout_result(
            payout.idempotency_key,
            not bounce,
            bank_reference=f"B{self.rng.randrange(10**10):010d}",
            reason="收款账户户名与账号不符" if bounce else "",
            actor=BANK,
        )
        self.stats["funds:payouts"] += 1
        return payout
