"""Distribution of a disposal's proceeds among the debtor's creditors (参与分配, rules §5.15, §3.2; 民诉解释
arts 506–512): the plan in the legal order, its notice with the 15-day objection window, the objections
and their ruling, the plan made final, and its payout through funds.

Who the creditors are (decided here): every open enforcement case of the disposal's court against the
same debtor (the same identity code) that holds its own measure on the same asset — the asset as the
institution knows it (institution + its asset id), which each case records as its own Asset row. A
measure counts when it is active, which includes a queued seal (轮候查封: active, position > 1), or was
released on or after the confirmation ruling (the registry lifts the seals when ownership passes).
Other courts' queued measures (Asset.other_measures) are not cases of this court: such a creditor joins
by applying to participate, and the caller gives it as a priority line only where it has priority.

The ordinary claims rank by their case's seizure date, then queue position (rules.distribute), the
migrant-worker wage cases' claims first when the setting disposal.wage_first is on; a claim
is the case's applied amount less what it has realized (for the disposal's own case, less what it
realized before these proceeds arrived). Costs come first and stay in the disposal case's account,
from where they are paid like any case money. A plan is drawn only when the proceeds do not cover
every claim: otherwise each seizing case is simply paid in full (transfer_between_cases) without one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError, setting, today
from zhixing.cases.actions.nodes import record_node
from zhixing.cases.models import Case, Party
from zhixing.core import audit
from zhixing.funds.actions import request_payout, transfer_between_cases
from zhixing.funds.models import Receipt
from zhixing.funds.queries import available
from zhixing.inquiry.models import Measure

from .. import events, permissions, rules, settings_keys
from ..models import Disposal, Distribution, DistributionLine, DistributionObjection

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
COSTS_KEY = "costs"


@dataclass(frozen=True)
class Payee:
    """Where one line's share is paid: the creditor's account, confirmed in writing (rules §5.9), and
    which applicant of the creditor's case receives it where the case has several."""

    name: str
    account: str
    bank: str
    confirmed: bool = False
    party: Party | None = None


def _money(value: Any) -> Decimal:
    return Decimal(value).quantize(CENT)


def _applicants(case: Case) -> str:
    return "、".join(p.name for p in case.parties.all() if p.role == Party.APPLICANT) or case.case_number


def proceeds_of(disposal: Disposal) -> Decimal:
    """What the sale brought into the case account: the platform's payments (channel AUCTION, not
    reversed) booked since the seizure, at most the price and at most what the account may still pay."""
    case = disposal.case
    paid = Receipt.objects.filter(
        case=case, channel=Receipt.AUCTION, reversed_on__isnull=True, booked_on__gte=disposal.seized_on
    ).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return max(ZERO, _money(min(_money(paid), disposal.price or ZERO, available(case))))


def creditor_measures(disposal: Disposal) -> list[Measure]:
    """One measure per creditor case (its earliest), the disposal's own first: see the module docstring
    for which cases and which measures count."""
    asset = disposal.asset
    debtor_code = asset.party.id_number
    counted = Q(status=Measure.ACTIVE)
    if disposal.ruling_on:
        counted |= Q(status=Measure.RELEASED, released_on__gte=disposal.ruling_on)
    rows = (
        Measure.objects.filter(
            counted,
            asset__institution_id=asset.institution_id,
            asset__asset_id=asset.asset_id,
            asset__party__id_number=debtor_code,
            case__court_id=disposal.case.court_id,
        )
        .exclude(case__status=Case.CLOSED)
        .exclude(case_id=disposal.case_id)
        .select_related("case")
        .order_by("start", "position", "id")
    )
    out: dict[int, Measure] = {disposal.case_id: disposal.measure}
    for m in rows:
        out.setdefault(m.case_id, m)
    return list(out.values())


def _claim_of(case: Case, own: bool, proceeds: Decimal) -> Decimal:
    realized = case.realized_amount - (proceeds if own else ZERO)
    return max(ZERO, _money(case.applied_amount - realized))


@transaction.atomic
def draw_distribution(
    disposal: Disposal,
    *,
    actor: Any,
    costs: Decimal,
    priority: Sequence[tuple[Case | None, str, Decimal, str]] = (),
) -> Distribution:
    """Draw (or, while still a draft, redraw) the plan for a sold disposal. `costs`: the execution costs
    (valuation, auction, the fee) paid first; `priority`: (creditor's case in this court or None,
    creditor, amount, basis) in their rank — a mortgage, a construction-price claim — given by the
    handler from the evidence. Refused when the proceeds cover every claim (no plan is needed)."""
    disposal = (
        Disposal.objects.select_for_update().select_related("case__court", "asset__party").get(pk=disposal.pk)
    )
    case = disposal.case
    permissions.check_handle_disposal(actor, case)
    if disposal.status != Disposal.SOLD:
        raise ActionError(_("只有已成交的处置财产才能制作分配方案"))
    existing = Distribution.objects.select_for_update().filter(disposal=disposal).first()
    if existing is not None and existing.status != Distribution.DRAFT:
        raise ActionError(_("该处置财产的分配方案已送达，不能重新制作"))
    proceeds = proceeds_of(disposal)
    if proceeds <= 0:
        raise ActionError(_("处置价款尚未到账，不能制作分配方案"))
    costs = _money(costs)
    if costs < 0:
        raise ActionError(_("执行费用不能为负数"))

    claims: list[rules.Claim] = []
    lines: dict[str, dict[str, Any]] = {}
    if costs > 0:
        claims.append(rules.Claim(COSTS_KEY, rules.COSTS, costs))
        lines[COSTS_KEY] = {"category": rules.COSTS, "case": None, "creditor": _("执行费用"), "basis": ""}
    for i, (p_case, creditor, amount, basis) in enumerate(priority):
        amount = _money(amount)
        if amount <= 0 or not str(creditor).strip():
            raise ActionError(_("优先受偿债权须写明债权人和大于零的金额"))
        if p_case is not None and p_case.court_id != case.court_id:
            raise ActionError(_("优先受偿债权人的案件须为本院案件"))
        key = f"p{i}"
        claims.append(rules.Claim(key, rules.PRIORITY, amount, position=i))
        lines[key] = {"category": rules.PRIORITY, "case": p_case, "creditor": str(creditor).strip()[:100],
                      "basis": str(basis)[:200]}  # fmt: skip
    for m in creditor_measures(disposal):
        own = m.case_id == case.pk
        c = case if own else m.case
        seized_on = disposal.seized_on if own else m.start
        claim = _claim_of(c, own, proceeds)
        if claim <= 0:
            continue
        key = f"c{c.pk}"
        claims.append(
            rules.Claim(
                key,
                rules.ORDINARY,
                claim,
                seized_on=seized_on,
                position=m.position or 0,
                wage=c.is_migrant_wage,
            )
        )
        lines[key] = {
            "category": rules.ORDINARY,
            "case": c,
            "creditor": _applicants(c)[:100],
            "basis": (
                _("%(case)s %(date)s查封（%(doc)s）")
                % {
                    "case": c.case_number,
                    "date": seized_on.isoformat() if seized_on else "",
                    "doc": m.document_number,
                }
            )[:200],
            "seized_on": seized_on,
        }
    total = sum((c.amount for c in claims), ZERO)
    if total <= proceeds:
        raise ActionError(
            _("处置价款 %(proceeds)s 元足以清偿全部债权 %(total)s 元，无需制作分配方案，可径行发放")
            % {"proceeds": proceeds, "total": total}
        )
    # Migrant-worker wage claims first among the ordinary ones where the court's setting says so.
    shares = rules.distribute(
        proceeds, claims, wage_first=bool(setting(settings_keys.WAGE_FIRST, case.court))
    )
    amounts = {c.key: c.amount for c in claims}

    on = today()
    if existing is None:
        distribution = Distribution.objects.create(
            disposal=disposal, case=case, proceeds=proceeds, drawn_by=actor, drawn_on=on
        )
    else:
        distribution = existing
        distribution.lines.all().delete()
        distribution.proceeds, distribution.drawn_by, distribution.drawn_on = proceeds, actor, on
        distribution.notified_on = distribution.objection_due_on = None
        distribution.save()
    # rules.distribute fills its result in the legal order: that is the order of the lines.
    DistributionLine.objects.bulk_create(
        [
            DistributionLine(
                distribution=distribution,
                order=n,
                category=lines[key]["category"],
                case=lines[key]["case"],
                creditor=lines[key]["creditor"],
                basis=lines[key]["basis"],
                seized_on=lines[key].get("seized_on"),
                claim=amounts[key],
                share=share,
            )
            for n, (key, share) in enumerate(shares.items(), 1)
        ]
    )
    creditors = sum(1 for key in shares if key != COSTS_KEY)
    case_events.emit(case, events.DISTRIBUTION_DRAWN, actor, amount=str(proceeds), creditors=creditors)
    audit.append(
        "disposal.distribution",
        distribution,
        {"case": case.case_number, "step": "draw", "amount": str(proceeds)},
        actor,
    )
    return distribution


def _lock(distribution: Distribution) -> Distribution:
    return (
        Distribution.objects.select_for_update()
        .select_related("case__court", "disposal")
        .get(pk=distribution.pk)
    )


def _creditor_cases(distribution: Distribution) -> list[Case]:
    seen: dict[int, Case] = {distribution.case_id: distribution.case}
    for line in distribution.lines.select_related("case"):
        if line.case is not None:
            seen.setdefault(line.case_id, line.case)
    return list(seen.values())


@transaction.atomic
def notify_distribution(distribution: Distribution, *, actor: Any) -> Distribution:
    """Serve the plan on the creditors and the debtor: the plan document (财产分配方案) is issued and the
    15-day objection window opens (rules.objection_due; rules §3.2)."""
    distribution = _lock(distribution)
    case = distribution.case
    permissions.check_handle_disposal(actor, case)
    if distribution.status != Distribution.DRAFT:
        raise ActionError(_("该分配方案已送达"))
    on = today()
    distribution.notified_on = on
    distribution.objection_due_on = rules.objection_due(on).on
    distribution.status = Distribution.NOTIFIED
    distribution.save(update_fields=["notified_on", "objection_due_on", "status"])
    _issue_plan(distribution, actor)
    for c in _creditor_cases(distribution):
        case_events.emit(
            c, events.DISTRIBUTION_NOTIFIED, actor, objection_due_on=distribution.objection_due_on.isoformat()
        )
    audit.append(
        "disposal.distribution",
        distribution,
        {"case": case.case_number, "step": "notify", "amount": str(distribution.proceeds)},
        actor,
    )
    return distribution


def _issue_plan(distribution: Distribution, actor: Any) -> Any:
    """The plan as a document of the disposal case (documents kind distribution_plan, helper B's
    disposal.documents); None where that module is not there."""
    try:
        from .. import documents
    except ImportError:  # pragma: no cover - the documents part not yet built
        return None
    from zhixing.core.money import format_yuan
    from zhixing.documents.rules import DISTRIBUTION_PLAN

    labels = dict(rules.CATEGORIES)
    particulars = {
        "asset": distribution.disposal.description,
        "proceeds": format_yuan(distribution.proceeds),
        "objection_due_on": documents.body_date(distribution.objection_due_on),
        "lines": [
            {
                "order": line.order,
                "category": str(labels.get(line.category, line.category)),
                "creditor": line.creditor,
                "basis": line.basis,
                "claim": format_yuan(line.claim),
                "share": format_yuan(line.share),
            }
            for line in distribution.lines.all()
        ],
    }
    return documents.issue(distribution.case, DISTRIBUTION_PLAN, particulars, actor=actor)


@transaction.atomic
def object_distribution(
    distribution: Distribution, creditor: str, reason: str, *, actor: Any
) -> DistributionObjection:
    """Record a creditor's (or the debtor's) written objection, filed within the window (rules §3.2)."""
    distribution = _lock(distribution)
    case = distribution.case
    permissions.check_handle_disposal(actor, case)
    if distribution.status not in (Distribution.NOTIFIED, Distribution.OBJECTED):
        raise ActionError(_("分配方案尚未送达或已确定，不能提出异议"))
    on = today()
    if distribution.objection_due_on is None or on > distribution.objection_due_on:
        raise ActionError(_("异议期限已于 %(due)s 届满") % {"due": distribution.objection_due_on})
    creditor, reason = creditor.strip(), reason.strip()
    if not creditor or not reason:
        raise ActionError(_("须写明异议人和异议理由"))
    objection = DistributionObjection.objects.create(
        distribution=distribution, creditor=creditor[:100], reason=reason[:500], filed_on=on
    )
    distribution.status = Distribution.OBJECTED
    distribution.save(update_fields=["status"])
    case_events.emit(case, events.DISTRIBUTION_OBJECTED, actor, by=objection.creditor)
    audit.append(
        "disposal.distribution",
        distribution,
        {"case": case.case_number, "step": "object", "amount": str(distribution.proceeds)},
        actor,
    )
    return objection


@transaction.atomic
def rule_distribution_objection(
    objection: DistributionObjection, upheld: bool, *, actor: Any
) -> DistributionObjection:
    """A judge or leader who is not the handler rules (permissions.check_rule_objection). Upheld: the
    plan goes back to a draft, to be redrawn (draw_distribution) and served again. Rejected: once no
    objection is pending, the plan is as served again (NOTIFIED) and may be made final."""
    objection = DistributionObjection.objects.select_for_update().get(pk=objection.pk)
    distribution = _lock(objection.distribution)
    case = distribution.case
    permissions.check_rule_objection(actor, case)
    if objection.decided_on is not None:
        raise ActionError(_("该异议已处理"))
    on = today()
    objection.decided_on, objection.upheld = on, bool(upheld)
    objection.decided_by = actor if getattr(actor, "pk", None) else None
    objection.save(update_fields=["decided_on", "upheld", "decided_by"])
    pending = distribution.objections.filter(decided_on__isnull=True).exists()
    if upheld:
        distribution.status = Distribution.DRAFT
    elif not pending and distribution.status == Distribution.OBJECTED:
        distribution.status = Distribution.NOTIFIED
    distribution.save(update_fields=["status"])
    ruling = _("异议成立") if upheld else _("异议驳回")
    case_events.emit(case, events.DISTRIBUTION_RULED, actor, by=objection.creditor, ruling=ruling)
    audit.append(
        "disposal.distribution",
        distribution,
        {
            "case": case.case_number,
            "step": "upheld" if upheld else "rejected",
            "amount": str(distribution.proceeds),
        },
        actor,
    )
    return objection


@transaction.atomic
def finalise_distribution(distribution: Distribution, *, actor: Any) -> Distribution:
    """The plan becomes final once the objection window has passed with no objection pending
    (a judge or leader who is not the handler, permissions.check_finalise_distribution)."""
    distribution = _lock(distribution)
    case = distribution.case
    permissions.check_finalise_distribution(actor, distribution)
    if distribution.objections.filter(decided_on__isnull=True).exists():
        raise ActionError(_("分配方案尚有未处理的异议，不能确定"))
    if distribution.status != Distribution.NOTIFIED:
        raise ActionError(_("分配方案须送达且无待处理异议后才能确定"))
    on = today()
    assert distribution.objection_due_on is not None
    if on <= distribution.objection_due_on:
        raise ActionError(
            _("异议期限至 %(due)s 届满，期满后方可确定分配方案") % {"due": distribution.objection_due_on}
        )
    distribution.status, distribution.final_on = Distribution.FINAL, on
    distribution.save(update_fields=["status", "final_on"])
    case_events.emit(case, events.DISTRIBUTION_FINAL, actor, amount=str(distribution.proceeds))
    audit.append(
        "disposal.distribution",
        distribution,
        {"case": case.case_number, "step": "final", "amount": str(distribution.proceeds)},
        actor,
    )
    return distribution


@transaction.atomic
def pay_distribution(distribution: Distribution, *, actor: Any, payees: Mapping[int, Payee]) -> Distribution:
    """Pay a final plan: each creditor case's share is moved from the disposal case's account into its
    own (funds.transfer_between_cases), and a payout of the share is requested on that case to the
    line's payee (`payees`: DistributionLine id → Payee); the funds maker-checker approves and sends it.
    A share of the disposal case itself, or of a priority creditor without a case here, is requested
    from the disposal case's account. The costs stay in that account (a payee for the costs line is
    optional). Records the node 发放处置价款 (proceeds_payout)."""
    distribution = _lock(distribution)
    case = distribution.case
    permissions.check_handle_disposal(actor, case)
    if distribution.status != Distribution.FINAL:
        raise ActionError(_("分配方案确定后才能发放"))
    lines = list(distribution.lines.select_related("case").filter(share__gt=0))
    missing = [line.creditor for line in lines if line.category != rules.COSTS and line.pk not in payees]
    if missing:
        raise ActionError(_("须填写以下债权人的收款账户：%(names)s") % {"names": "、".join(missing)})
    memo = _("%(case)s 财产分配") % {"case": case.case_number}
    for line in lines:
        target = line.case or case
        if target.pk != case.pk:
            transfer_between_cases(case, target, line.share, memo, actor=actor)
            line.transferred = True
            line.save(update_fields=["transferred"])
            case_events.emit(
                target, events.DISTRIBUTION_SHARE, actor, amount=str(line.share), source=case.case_number
            )
        payee = payees.get(line.pk)
        if payee is None:
            continue
        request_payout(
            target,
            line.share,
            payee_name=payee.name,
            payee_account=payee.account,
            payee_bank=payee.bank,
            party=payee.party,
            account_confirmed=payee.confirmed,
            actor=actor,
        )
    on = today()
    distribution.status, distribution.paid_on = Distribution.PAID, on
    distribution.save(update_fields=["status", "paid_on"])
    record_node(case, "proceeds_payout", on, actor=actor, checked=True)
    audit.append(
        "disposal.distribution",
        distribution,
        {"case": case.case_number, "step": "pay", "amount": str(sum((x.share for x in lines), ZERO))},
        actor,
    )
    return distribution
