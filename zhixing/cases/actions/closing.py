"""Closing a case (结案) by one of the six methods, its approval, and resumption (执恢)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.core import audit
from zhixing.courts import rules as court_rules

from .. import catalogue, events, rules, settings_keys
from ..models import Case, ClosureRequest, Node
from .common import ActionError, require_role, setting, today
from .filing import PartyInput, file_case


def closing_blockers(case: Case, method: str, closed_on: dt.date) -> list[str]:
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
    return problems


@transaction.atomic
def request_closure(case: Case, method: str, closed_on: dt.date | None = None, reason: str = "", actor=None):
    """The handler asks to close the case; a judge decides (approve_closure)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    closed_on = closed_on or today()
    if actor is not None and case.handler_id != actor.pk:
        require_role(actor, [court_rules.JUDGE, court_rules.LEADER], case.court, _("提请结案"))
    problems = closing_blockers(case, method, closed_on)
    if problems:
        raise ActionError(problems)
    if case.closure_requests.filter(status=ClosureRequest.PENDING).exists():
        raise ActionError(_("本案已有待审批的结案申请"))
    req = ClosureRequest.objects.create(
        case=case, method=method, closed_on=closed_on, reason=reason, requested_by=actor
    )
    events.emit(case, events.CLOSURE_REQUESTED, actor, method=method, closed_on=closed_on.isoformat())
    audit.append("case.request_closure", req, {"case": case.case_number, "method": method}, actor)
    return req


def _check_approver(case: Case, approver, requester_id: int | None, method: str) -> None:
    roles = setting(settings_keys.CLOSURE_APPROVER_ROLES, case.court)
    roles = roles.get(method, roles.get("default")) if isinstance(roles, dict) else roles
    require_role(approver, roles, case.court, _("审批结案"))
    why = rules.approver_allowed(approver.pk, case.handler_id, requester_id)
    if why:
        raise ActionError(why)


@transaction.atomic
def approve_closure(
    case: Case,
    method: str | None = None,
    closed_on: dt.date | None = None,
    actor=None,
    request: ClosureRequest | None = None,
    note: str = "",
) -> Case:
    """Close the case. The approver must hold an approving role (rule setting
    `closing.approver_roles`, default 执行法官 or 院领导) and may not be the handler or the requester
    (rules §12). 终本 is refused until the five conditions of rules §2.3 are on file."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if actor is None:
        raise ActionError(_("结案必须由审批人批准"))
    if request is None:
        request = case.closure_requests.filter(status=ClosureRequest.PENDING).first()
    elif request.status != ClosureRequest.PENDING:
        raise ActionError(_("该结案申请已处理"))
    method = method or (request.method if request else None)
    closed_on = closed_on or (request.closed_on if request else today())
    if not method:
        raise ActionError(_("请选择结案方式"))
    _check_approver(case, actor, request.requested_by_id if request else None, method)
    problems = closing_blockers(case, method, closed_on)
    if problems:
        raise ActionError(problems)
    case.status, case.closed_on, case.closure_method = Case.CLOSED, closed_on, method
    case.save(update_fields=["status", "closed_on", "closure_method"])
    if request is not None:
        request.status, request.decided_by, request.decided_at = (
            ClosureRequest.APPROVED,
            actor,
            timezone.now(),
        )
        request.decision_note = note
        request.save()
    # Open process nodes end with the case; their deadlines no longer run.
    case.nodes.filter(done_on__isnull=True).exclude(kind__code="reinquiry").delete()
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
def refuse_closure(request: ClosureRequest, note: str, actor=None) -> ClosureRequest:
    case = request.case
    _check_approver(case, actor, request.requested_by_id, request.method)
    if request.status != ClosureRequest.PENDING:
        raise ActionError(_("该结案申请已处理"))
    if not note.strip():
        raise ActionError(_("不批准结案时须写明理由"))
    request.status, request.decided_by, request.decided_at = ClosureRequest.REFUSED, actor, timezone.now()
    request.decision_note = note
    request.save()
    events.emit(case, events.CLOSURE_REFUSED, actor, method=request.method, note=note)
    audit.append("case.refuse_closure", request, {"case": case.case_number, "note": note}, actor)
    return request


@transaction.atomic
def resume_case(case: Case, filed_on: dt.date | None = None, reason: str = "", actor=None) -> Case:
    """Resumption (rules §2.1.10, §1.4): after 终本 or 终结执行 the same basis is filed as a linked 执恢
    case with the same parties; the claim is what the earlier case did not recover."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.closure_method not in (rules.TERMINATED_THIS_ROUND, rules.TERMINATED):
        raise ActionError(_("只有终结本次执行程序或终结执行的案件可以恢复执行"))
    remaining = max(case.applied_amount - case.realized_amount, 0)
    parties = [PartyInput(p.role, p.name, p.id_number, p.kind) for p in case.parties.all()]
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
    case.nodes.filter(kind__code="reinquiry", done_on__isnull=True).delete()
    events.emit(case, events.RESUMED, actor, resumed_as=new.case_number, reason=reason)
    audit.append("case.resume", case, {"case": case.case_number, "resumed_as": new.case_number}, actor)
    return new
