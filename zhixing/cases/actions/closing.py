"""Closing a case (结案) by one of the six methods, its approval, and resumption (执恢)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.core import audit

from .. import catalogue, closing_checks, events, permissions, rules, settings_keys
from ..models import Case, ClosureRequest, Node
from .common import ActionError, setting, today
from .filing import PartyInput, file_case
from .nodes import cancel_open_nodes


def closing_reason(method: str) -> str:
    """Why the nodes a closing leaves open were cancelled, as the case page shows it: 结案（执行完毕）."""
    if not method:
        return _("结案")
    return _("结案（%(method)s）") % {"method": rules.CLOSURE_LABELS.get(method, method)}


def closing_blockers(
    case: Case, method: str, closed_on: dt.date, shortfall: str = "", reason: str = ""
) -> list[str]:
    """Why `case` may not be closed by `method` on `closed_on` (empty when it may)."""
    problems: list[str] = []
    if method not in rules.CLOSURE_LABELS:
        return [_("未知的结案方式：%(method)s") % {"method": method}]
    if case.is_closed:
        problems.append(_("案件已经结案"))
    if closed_on < case.filed_on:
        problems.append(
            _("结案日期 %(closed_on)s 早于立案日期 %(case_filed_on)s")
            % {"closed_on": closed_on, "case_filed_on": case.filed_on}
        )
    if closed_on > today():
        problems.append(_("结案日期不能晚于今天"))
    if case.excluded_periods.filter(end_on__isnull=True, kind__in=["suspension", "deferral"]).exists():
        problems.append(_("案件处于中止或暂缓执行期间，不能结案（须先恢复执行）"))
    short = rules.completion_shortfall_problem(
        method, case.applied_amount, case.realized_amount, shortfall, reason
    )
    if short:
        problems.append(short)
    if method == rules.TERMINATED_THIS_ROUND:
        recorded = case.nodes.filter(done_on__isnull=False, done_on__lte=closed_on).values_list(
            "kind__code", flat=True
        )
        problems += rules.terminated_this_round_missing(
            recorded,
            case.filed_on,
            closed_on,
            int(setting(settings_keys.TTR_MIN_MONTHS, case.court, closed_on)),
            catalogue.labels(),
        )
    problems += closing_checks.problems(case, method, closed_on)
    return problems


@transaction.atomic
def request_closure(
    case: Case, method: str, closed_on: dt.date | None = None, reason: str = "", shortfall: str = "", *, actor
):
    """The handler asks to close the case; a judge decides (approve_closure). 执行完毕 with less
    realised than applied names why (`shortfall`, rules.SHORTFALL_LABELS)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    closed_on = closed_on or today()
    permissions.check_request_closure(actor, case)
    problems = closing_blockers(case, method, closed_on, shortfall, reason)
    if problems:
        raise ActionError(problems)
    if case.closure_requests.filter(status=ClosureRequest.PENDING).exists():
        raise ActionError(_("本案已有待审批的结案申请"))
    req = ClosureRequest.objects.create(
        case=case, method=method, closed_on=closed_on, reason=reason, shortfall=shortfall, requested_by=actor
    )
    events.emit(case, events.CLOSURE_REQUESTED, actor, method=method, closed_on=closed_on.isoformat())
    audit.append("case.request_closure", req, {"case": case.case_number, "method": method}, actor)
    return req


@transaction.atomic
def approve_closure(
    case: Case,
    method: str | None = None,
    closed_on: dt.date | None = None,
    *,
    actor,
    request: ClosureRequest | None = None,
    note: str = "",
) -> Case:
    """Close the case as a pending closure request asks (the pending one when `request` is not
    given). The approver must hold an approving role (rule setting `closing.approver_roles`, default
    执行法官 or 院领导) and may not be the handler, a former handler or the requester (rules §12), so a
    case never closes on one person's word. `method` and `closed_on`, when given, must be the
    request's. 终本 is refused until the five conditions of rules §2.3 are on file.

    People close cases only here; the import records cases closed before the platform (a system
    actor writing history, zhixing.cases.actions.importing), not through this action."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if request is None:
        request = case.closure_requests.filter(status=ClosureRequest.PENDING).first()
    else:
        request = ClosureRequest.objects.select_for_update().filter(pk=request.pk, case=case).first()
    permissions.check_decide_closure(actor, case, request, method)
    assert request is not None  # check_decide_closure refuses a closing nobody asked for
    if method and method != request.method:
        raise ActionError(
            _("只能按结案申请的结案方式（%(method)s）批准；如需改变，请不批准，由申请人重新提请")
            % {"method": rules.CLOSURE_LABELS.get(request.method, request.method)}
        )
    if closed_on and closed_on != request.closed_on:
        raise ActionError(
            _("只能按结案申请的结案日期（%(on)s）批准；如需改变，请不批准，由申请人重新提请")
            % {"on": request.closed_on.isoformat()}
        )
    method, closed_on = request.method, request.closed_on
    problems = closing_blockers(case, method, closed_on, request.shortfall, request.reason)
    if problems:
        raise ActionError(problems)
    case.status, case.closed_on, case.closure_method = Case.CLOSED, closed_on, method
    case.save(update_fields=["status", "closed_on", "closure_method"])
    request.status, request.decided_by, request.decided_at = ClosureRequest.APPROVED, actor, timezone.now()
    request.decision_note = note
    request.save()
    # Open process nodes end with the case: kept, cancelled with the closing as reason.
    cancel_open_nodes(case, closed_on, closing_reason(method), keep=("reinquiry",))
    if method == rules.TERMINATED_THIS_ROUND:
        _schedule_reinquiry(case, closed_on)
    events.emit(case, events.CLOSED, actor, method=method, closed_on=closed_on.isoformat())
    audit.append(
        "case.close", case, {"case": case.case_number, "method": method, "closed_on": closed_on}, actor
    )
    return case


def _schedule_reinquiry(case: Case, closed_on: dt.date) -> None:
    """rules §2.3 (终本规定 art 9): network re-inquiry every 6 months for 5 years after 终本."""
    interval = int(setting(settings_keys.REINQUIRY_INTERVAL_MONTHS, case.court, closed_on))
    years = int(setting(settings_keys.REINQUIRY_YEARS, case.court, closed_on))
    kind = catalogue.kind("reinquiry")
    Node.objects.bulk_create(
        [
            Node(case=case, kind=kind, sequence=i, due_on=d)
            for i, d in enumerate(rules.reinquiry_dates(closed_on, interval, years), start=1)
        ]
    )


@transaction.atomic
def refuse_closure(request: ClosureRequest, note: str, *, actor) -> ClosureRequest:
    request = ClosureRequest.objects.select_for_update().select_related("case__court").get(pk=request.pk)
    case = request.case
    permissions.check_decide_closure(actor, case, request)
    if not note.strip():
        raise ActionError(_("不批准结案时须写明理由"))
    request.status, request.decided_by, request.decided_at = ClosureRequest.REFUSED, actor, timezone.now()
    request.decision_note = note
    request.save()
    events.emit(case, events.CLOSURE_REFUSED, actor, method=request.method, note=note)
    audit.append("case.refuse_closure", request, {"case": case.case_number, "note": note}, actor)
    return request


@transaction.atomic
def resume_case(case: Case, filed_on: dt.date | None = None, reason: str = "", *, actor) -> Case:
    """Resumption (rules §2.1.10, §1.4): after 终本 or 终结执行 the same basis is filed as a linked 执恢
    case with the same parties; the claim is what the earlier case did not recover."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    permissions.check_resume(actor, case)
    remaining = max(case.applied_amount - case.realized_amount, Decimal(0))
    # A party with a code takes its kind from the code (filing checks it); the stored kind is kept
    # only where there is no code to read it from.
    parties = [
        PartyInput(p.role, p.name, p.id_number, "" if p.id_number else p.kind) for p in case.parties.all()
    ]
    new = file_case(
        court=case.court,
        type_code="执恢",
        filed_on=filed_on,
        applied_amount=remaining,
        parties=parties,
        basis_number=case.basis.number if case.basis else "",
        cause=case.cause,
        non_litigation=case.non_litigation,
        resumed_from=case,
        actor=actor,
    )
    # The re-inquiries of 终本 end with the resumption: the new case's own inquiries take over.
    cancel_open_nodes(
        case, new.filed_on, _("恢复执行（%(case)s）") % {"case": new.case_number}, only=("reinquiry",)
    )
    events.emit(case, events.RESUMED, actor, resumed_as=new.case_number, reason=reason)
    audit.append("case.resume", case, {"case": case.case_number, "resumed_as": new.case_number}, actor)
    return new
