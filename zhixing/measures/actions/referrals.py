"""The refusal-to-enforce referral (拒执罪移送, rules §10.3): drafted by the handler, approved by a court
leader, sent to the police with the transfer letter, the execution-status note and the evidence bundle,
then followed through the clocks of 法发〔2025〕8号 (receipt; decision to file in 7 days, 30 if
complex; notice of not filing in 7 days; the procuratorate's supervision, 7 days to answer it, 15 to
file once ordered) and of 法〔2018〕147号 (the private-prosecution route after 60 days with no written
reply). Each step is one action; rules.REFERRAL_NEXT says which step may follow which status, and
`next_steps` adds the private route once the 60 days have passed (REFERRAL_NEXT lists it only after a
refusal). The police's own messages (receipt, decision) are applied in referral_feed.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.cases import events as case_events
from zhixing.cases.actions import open_node, record_node
from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.actions.nodes import cancel_open_nodes
from zhixing.cases.models import Case, Party
from zhixing.core import audit
from zhixing.documents import rules as doc_rules

from .. import documents, events, permissions, rules
from ..models import Agency, Obstruction, Referral
from . import obstructions as obstruction_actions
from . import referral_papers as papers

NODE = "referral_decision"
STEP_LABELS = {
    "approve": gettext_lazy("批准"),
    "send": gettext_lazy("移送"),
    "receive": gettext_lazy("登记公安接收"),
    "file": gettext_lazy("登记立案"),
    "not_file": gettext_lazy("登记不予立案"),
    "escalate": gettext_lazy("提请检察监督"),
    "private": gettext_lazy("转自诉"),
    "prosecute": gettext_lazy("登记提起公诉"),
    "convict": gettext_lazy("登记有罪判决"),
    "performed": gettext_lazy("登记起诉前履行"),
    "withdraw": gettext_lazy("撤回"),
}
OUTCOME_STEPS = {
    Referral.PROSECUTED: "prosecute",
    Referral.CONVICTED: "convict",
    Referral.PERFORMED: "performed",
}


# --- steps and clocks ----------------------------------------------------------------------------


def _not_filed(referral: Referral) -> bool:
    return referral.status in (Referral.NOT_FILED, Referral.ESCALATED)


def private_route_reason(referral: Referral, on: dt.date) -> str:
    """rules §10.3.4: why the applicant may now sue privately ("" when not yet)."""
    if referral.status in (Referral.DRAFTED, Referral.APPROVED, Referral.WITHDRAWN):
        return ""
    return rules.private_prosecution_open(
        referral.sent_on,
        on,
        written_reply=referral.reply_on is not None,
        not_filed=_not_filed(referral),
        not_prosecuted=False,
    )


def next_steps(referral: Referral, on: dt.date | None = None) -> tuple[str, ...]:
    """The steps the case page may offer: rules.REFERRAL_NEXT, plus the private route from a referral
    the police have sat on for 60 days without a written reply (rules §10.3.4)."""
    steps = rules.REFERRAL_NEXT.get(referral.status, ())
    if (
        "private" not in steps
        and referral.status in (Referral.SENT, Referral.RECEIVED)
        and private_route_reason(referral, on or today())
    ):
        steps = (*steps, "private")
    return steps


def _require_step(referral: Referral, step: str) -> None:
    if step not in next_steps(referral):
        raise ActionError(
            _("移送当前状态为“%(status)s”，不能%(step)s")
            % {"status": referral.get_status_display(), "step": STEP_LABELS.get(step, step)}
        )


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case__court", "agency")
        .get(pk=referral.pk)
    )


def _open_case(case: Case) -> None:
    # Only drafting, approving and sending need an open case: 终本 may follow the sending (condition 5
    # is met by it), and what the police, the procuratorate and the trial court do comes after.
    if case.is_closed:
        raise ActionError(_("案件已结案，不能再办理移送"))


def _day_between(day: dt.date, earliest: dt.date | None, what: str) -> None:
    if day > today():
        raise ActionError(_("%(what)s不能晚于今天") % {"what": what})
    if earliest is not None and day < earliest:
        raise ActionError(
            _("%(what)s不能早于%(earliest)s") % {"what": what, "earliest": earliest.isoformat()}
        )


def _progress(referral: Referral, step: str, on: dt.date, actor: Any) -> None:
    """The case event and the audit entry every step writes."""
    case_events.emit(
        referral.case,
        events.REFERRAL_PROGRESS,
        actor,
        status=referral.get_status_display(),
        on=on.isoformat(),
    )
    audit.append(
        "measures.referral",
        referral,
        {"case": referral.case.case_number, "step": step, "status": referral.status},
        actor,
    )


def _close_decision_node(referral: Referral, on: dt.date, why: str) -> None:
    cancel_open_nodes(referral.case, on, why, only=[NODE])


# --- drafting, approving --------------------------------------------------------------------------


@transaction.atomic
def draft_referral(
    case: Case,
    party: Party,
    *,
    actor: Any,
    crime: str,
    facts: str,
    police_unit: str,
    obstructions: Iterable[Obstruction] = (),
    agency: Agency | None = None,
    suspects: str = "",
) -> Referral:
    """The handler drafts a referral of the debtor `party` (a person or a unit, rules §10.3.1: units
    too) for `crime`, naming the obstructions it is about (those are met once it is sent, 终本
    condition 5). `agency`: the police bureau it goes to over HTTP; without one it is delivered by hand
    and its progress recorded here."""
    permissions.check_draft_referral(actor, case)
    _open_case(case)
    if party.case_id != case.pk or party.role != Party.DEBTOR:
        raise ActionError(_("只能移送本案被执行人涉嫌的犯罪"))
    if crime not in dict(rules.CRIMES):
        raise ActionError(_("未知的罪名"))
    problems = []
    if not facts.strip():
        problems.append(_("须写明涉嫌犯罪的事实"))
    if agency is not None and (agency.kind != Agency.POLICE or not agency.active):
        problems.append(_("移送对象须为启用的公安机关"))
    police_unit = police_unit.strip() or (agency.name if agency is not None else "")
    if not police_unit:
        problems.append(_("须写明接收移送的公安机关"))
    rows = list(obstructions)
    if any(o.case_id != case.pk for o in rows):
        problems.append(_("所列妨害执行行为不属于本案"))
    if problems:
        raise ActionError(problems)
    referral = Referral.objects.create(
        case=case,
        party=party,
        suspects=(suspects.strip() or party.name)[:200],
        crime=crime,
        facts=facts.strip(),
        drafted_by=actor,
        drafted_on=today(),
        police_unit=police_unit[:100],
        agency=agency,
    )
    referral.obstructions.set(rows)
    case_events.emit(
        case, events.REFERRAL_DRAFTED, actor, crime=referral.get_crime_display(), suspects=referral.suspects
    )
    audit.append(
        "measures.referral",
        referral,
        {"case": case.case_number, "step": "draft", "status": referral.status},
        actor,
    )
    return referral


@transaction.atomic
def approve_referral(referral: Referral, *, actor: Any) -> Referral:
    referral = _locked(referral)
    permissions.check_approve_referral(actor, referral)
    _open_case(referral.case)
    _require_step(referral, "approve")
    referral.status, referral.approved_by, referral.approved_on = Referral.APPROVED, actor, today()
    referral.save(update_fields=["status", "approved_by", "approved_on"])
    _progress(referral, "approve", referral.approved_on, actor)
    return referral


# --- sending: the letter, the note, the bundle ----------------------------------------------------


def _parse_day(value: Any, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise ActionError(_("公安机关回执中的%(what)s不是日期") % {"what": what}) from err


@transaction.atomic
def send_referral(referral: Referral, *, actor: Any) -> Referral:
    """Issue the transfer letter and the execution-status note, fix the bundle and its fingerprint,
    send (with an agency: over HTTP, its receipt recorded when the answer carries one), and mark the
    referral's obstructions met (终本 condition 5: criminal proceedings started)."""
    referral = _locked(referral)
    case = referral.case
    permissions.check_track_referral(actor, referral)
    _open_case(case)
    _require_step(referral, "send")
    particulars = papers.status_note_particulars(referral)
    letter = documents.issue(case, doc_rules.REFERRAL_LETTER, particulars, actor=actor)
    note = documents.issue(case, doc_rules.EXECUTION_STATUS_NOTE, particulars, actor=actor)
    referral.letter, referral.status_note = letter, note
    referral.bundle = papers.bundle_of(case, letter, note)
    referral.bundle_sha256 = papers.bundle_sha256(referral.bundle)
    referral.sent_on = today()
    referral.private_route_on = rules.private_route_on(referral.sent_on)
    referral.status = Referral.SENT
    answer: dict[str, Any] = {}
    if referral.agency is not None:
        from .. import connector

        try:
            answer = connector.send_referral(referral.agency, case.court, papers.referral_body(referral))
        except connector.ConnectorError as err:
            raise ActionError(str(err)) from err
        referral.agency_ref = str(answer.get("ref") or "")[:64]
        if not referral.agency_ref:
            raise ActionError(_("公安机关未返回受案编号"))
    referral.save()
    obstruction_actions.refresh(referral.obstructions.all(), how=_("移送公安机关"), on=referral.sent_on)
    case_events.emit(case, events.REFERRAL_SENT, actor, police=referral.police_unit, document=letter.number)
    audit.append(
        "measures.referral",
        referral,
        {"case": case.case_number, "step": "send", "status": referral.status},
        actor,
    )
    if answer.get("received_on") and answer.get("receipt_number"):
        # The receipt in the answer is recorded at once; one the court cannot take (a date past its
        # today, the bureau's clock ahead) leaves the referral sent, and the feed brings it again.
        try:
            with transaction.atomic():
                _receive(
                    referral,
                    _parse_day(answer["received_on"], _("接收日期")),
                    str(answer["receipt_number"]),
                    bool(answer.get("complex")),
                    actor,
                )
        except ActionError:
            referral.refresh_from_db()
    return referral


# --- the police's receipt and decision --------------------------------------------------------------


def _receive(
    referral: Referral, received_on: dt.date, receipt_number: str, complex_case: bool, actor: Any
) -> None:
    _require_step(referral, "receive")
    _day_between(received_on, referral.sent_on, _("接收日期"))
    if not receipt_number.strip():
        raise ActionError(_("须填写公安机关出具的受案回执号"))
    due = rules.decision_due(received_on, complex_case)
    referral.status, referral.received_on = Referral.RECEIVED, received_on
    referral.receipt_number, referral.complex_case = receipt_number.strip()[:60], complex_case
    referral.decision_due_on = due.on
    referral.save()
    # A case may close (终本) once the referral is sent; its clock is then read from the referral only.
    if not referral.case.is_closed:
        open_node(referral.case, NODE, due, actor=actor, note=referral.receipt_number)
    _progress(referral, "receive", received_on, actor)


def mark_complex(referral: Referral) -> None:
    """The police took the complex case's 30 days (rules §10.3.3): the decision clock and its open
    node move with it."""
    if referral.received_on is None:
        return
    due = rules.decision_due(referral.received_on, True)
    referral.complex_case, referral.decision_due_on = True, due.on
    referral.save(update_fields=["complex_case", "decision_due_on"])
    referral.case.nodes.filter(kind__code=NODE, done_on__isnull=True, cancelled_on__isnull=True).update(
        due_on=due.on, due_provisional=due.provisional, overdue_since=None
    )


@transaction.atomic
def record_receipt(
    referral: Referral, received_on: dt.date, receipt_number: str, *, actor: Any, complex_case: bool = False
) -> Referral:
    """The police accepted the referral and gave a receipt (rules §10.3.3): the decision is due 7 days
    later, 30 for a complex case; the node `referral_decision` opens with that deadline."""
    referral = _locked(referral)
    permissions.check_track_referral(actor, referral)
    _receive(referral, received_on, receipt_number, complex_case, actor)
    return referral


def _decide(
    referral: Referral,
    filed: bool,
    decided_on: dt.date,
    reason: str,
    noticed_on: dt.date | None,
    actor: Any,
) -> None:
    _require_step(referral, "file" if filed else "not_file")
    earliest = referral.escalated_on if referral.status == Referral.ESCALATED else referral.received_on
    _day_between(decided_on, earliest, _("决定日期"))
    if noticed_on is not None:
        _day_between(noticed_on, decided_on, _("收到告知日期"))
    referral.decided_on = decided_on
    if filed:
        referral.status = Referral.FILED
        # The decision to file reaches the court in writing: the police have replied (rules §10.3.4).
        referral.reply_on = noticed_on or decided_on
    else:
        referral.status = Referral.NOT_FILED
        referral.not_filed_reason = reason.strip()[:300]
        referral.notice_due_on = rules.not_filed_notice_due(decided_on).on
        referral.noticed_on = noticed_on
        referral.reply_on = noticed_on
    referral.save()
    if referral.case.nodes.filter(kind__code=NODE, done_on__isnull=True, cancelled_on__isnull=True).exists():
        record_node(referral.case, NODE, decided_on, actor=actor, note=referral.receipt_number, checked=True)
    _progress(referral, "file" if filed else "not_file", decided_on, actor)


@transaction.atomic
def record_decision(
    referral: Referral,
    filed: bool,
    decided_on: dt.date,
    *,
    actor: Any,
    reason: str = "",
    noticed_on: dt.date | None = None,
) -> Referral:
    """The police decided whether to file (the node `referral_decision` is done). Not filing, they
    owe the court a written notice with reasons within 7 days (`notice_due_on`); `noticed_on` is the
    day it came. From ESCALATED, filing is the police acting on the procuratorate's supervision."""
    referral = _locked(referral)
    permissions.check_track_referral(actor, referral)
    _decide(referral, filed, decided_on, reason, noticed_on, actor)
    return referral


@transaction.atomic
def record_notice(referral: Referral, noticed_on: dt.date, *, actor: Any, reason: str = "") -> Referral:
    """The written notice of not filing arrived (rules §10.3.3: within 7 days of the decision)."""
    referral = _locked(referral)
    permissions.check_track_referral(actor, referral)
    if referral.status not in (Referral.NOT_FILED, Referral.ESCALATED) or referral.decided_on is None:
        raise ActionError(_("公安机关尚未决定不予立案"))
    if referral.noticed_on is not None:
        raise ActionError(_("已登记不予立案告知"))
    _day_between(noticed_on, referral.decided_on, _("收到告知日期"))
    referral.noticed_on = referral.reply_on = noticed_on
    if reason.strip():
        referral.not_filed_reason = reason.strip()[:300]
    referral.save(update_fields=["noticed_on", "reply_on", "not_filed_reason"])
    _progress(referral, "notice", noticed_on, actor)
    return referral


# --- supervision, private route, outcome, withdrawal ---------------------------------------------


@transaction.atomic
def escalate(referral: Referral, escalated_on: dt.date, procuratorate: str, *, actor: Any) -> Referral:
    """The court asks the procuratorate to supervise a refusal to file (rules §10.3.3); the police
    answer the procuratorate within 7 days."""
    referral = _locked(referral)
    permissions.check_track_referral(actor, referral)
    _require_step(referral, "escalate")
    _day_between(escalated_on, referral.decided_on, _("提请监督日期"))
    if not procuratorate.strip():
        raise ActionError(_("须写明提请监督的人民检察院"))
    referral.status, referral.escalated_on = Referral.ESCALATED, escalated_on
    referral.procuratorate = procuratorate.strip()[:100]
    referral.procuratorate_reply_due_on = rules.procuratorate_reply_due(escalated_on).on
    referral.save()
    _progress(referral, "escalate", escalated_on, actor)
    return referral


@transaction.atomic
def record_order_to_file(referral: Referral, ordered_on: dt.date, *, actor: Any) -> Referral:
    """The procuratorate ordered the police to file: they must within 15 days (rules §10.3.3). The
    referral stays ESCALATED until the filing is recorded (record_decision, filed)."""
    referral = _locked(referral)
    permissions.check_track_referral(actor, referral)
    if referral.status != Referral.ESCALATED:
        raise ActionError(_("只有已提请检察监督的移送才能登记通知立案"))
    if referral.ordered_to_file_on is not None:
        raise ActionError(_("已登记检察院通知立案"))
    _day_between(ordered_on, referral.escalated_on, _("通知立案日期"))
    referral.ordered_to_file_on = ordered_on
    referral.file_by = rules.file_after_order_due(ordered_on).on
    referral.save(update_fields=["ordered_to_file_on", "file_by"])
    _progress(referral, "order_to_file", ordered_on, actor)
    return referral


@transaction.atomic
def take_private_route(referral: Referral, on: dt.date, *, actor: Any) -> Referral:
    """The applicant's private prosecution was accepted (法〔2018〕147号, rules §10.3.4): only when the
    police refused to file, or 60 days passed from the referral with no written reply."""
    referral = _locked(referral)
    permissions.check_track_referral(actor, referral)
    _day_between(on, referral.sent_on, _("自诉立案日期"))
    why = private_route_reason(referral, on)
    if not why:
        raise ActionError(
            _("尚不能转自诉：公安机关未决定不予立案，且移送未满六十日或已书面答复（最早 %(day)s）")
            % {"day": referral.private_route_on.isoformat() if referral.private_route_on else "—"}
        )
    _require_step(referral, "private")
    referral.status, referral.private_filed_on = Referral.PRIVATE, on
    referral.outcome_on, referral.outcome_note = on, why[:300]
    referral.save()
    _close_decision_node(referral, on, _("转自诉（%(why)s）") % {"why": why})
    _progress(referral, "private", on, actor)
    return referral


@transaction.atomic
def record_outcome(referral: Referral, status: str, on: dt.date, note: str, *, actor: Any) -> Referral:
    """What came of it: prosecuted, convicted, or the debtor performed before prosecution (rules
    §10.3.2: which may lead to no prosecution). rules.REFERRAL_NEXT says from where."""
    referral = _locked(referral)
    permissions.check_track_referral(actor, referral)
    step = OUTCOME_STEPS.get(status)
    if step is None:
        raise ActionError(_("结果应为已提起公诉、已判决有罪或起诉前履行"))
    _require_step(referral, step)
    _day_between(on, referral.decided_on or referral.received_on or referral.sent_on, _("结果日期"))
    referral.status, referral.outcome_on, referral.outcome_note = status, on, note.strip()[:300]
    referral.save(update_fields=["status", "outcome_on", "outcome_note"])
    _close_decision_node(referral, on, referral.get_status_display())
    _progress(referral, step, on, actor)
    return referral


@transaction.atomic
def withdraw_referral(referral: Referral, reason: str, *, actor: Any) -> Referral:
    """Withdraw before the police decided (rules §10.3.3 names a withdrawn case). An obstruction the
    referral met stays met: it was handled when the referral was sent."""
    referral = _locked(referral)
    permissions.check_track_referral(actor, referral)
    _require_step(referral, "withdraw")
    if not reason.strip():
        raise ActionError(_("须写明撤回移送的理由"))
    referral.status, referral.outcome_on, referral.outcome_note = (
        Referral.WITHDRAWN,
        today(),
        reason.strip()[:300],
    )
    referral.save(update_fields=["status", "outcome_on", "outcome_note"])
    _close_decision_node(referral, today(), _("撤回移送"))
    _progress(referral, "withdraw", today(), actor)
    return referral


# --- the board's overdue clocks ------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueClock:
    referral: Referral
    clock: str  # what is late, in Chinese
    due_on: dt.date


def overdue_referrals(court: Any, on: dt.date) -> list[OverdueClock]:
    """The referrals of `court` and the courts below it whose clock ran out by `on` (the command
    centre's board): no decision by its due day, no written notice of not filing, no answer to the
    procuratorate, no filing after the order, or 60 days with no written reply (the private route)."""
    # Only the rows with a clock run out are read (the board of a court with thousands of referrals).
    late = (
        Q(status=Referral.RECEIVED, decision_due_on__lt=on)
        | Q(status=Referral.NOT_FILED, noticed_on__isnull=True, notice_due_on__lt=on)
        | Q(status=Referral.ESCALATED, ordered_to_file_on__isnull=True, procuratorate_reply_due_on__lt=on)
        | Q(status=Referral.ESCALATED, file_by__lt=on)
        | Q(status__in=[Referral.SENT, Referral.RECEIVED], reply_on__isnull=True, private_route_on__lte=on)
    )
    rows = (
        Referral.objects.filter(case__court__in=court.subtree())
        .filter(late)
        .select_related("case")
        .order_by("sent_on", "id")
    )
    out: list[OverdueClock] = []
    for r in rows:
        if r.status == Referral.RECEIVED and r.decision_due_on and r.decision_due_on < on:
            out.append(OverdueClock(r, _("公安机关逾期未作出立案决定"), r.decision_due_on))
        if (
            r.status == Referral.NOT_FILED
            and r.noticed_on is None
            and r.notice_due_on
            and r.notice_due_on < on
        ):
            out.append(OverdueClock(r, _("公安机关逾期未书面告知不立案理由"), r.notice_due_on))
        if r.status == Referral.ESCALATED:
            if (
                r.ordered_to_file_on is None
                and r.procuratorate_reply_due_on
                and r.procuratorate_reply_due_on < on
            ):
                out.append(OverdueClock(r, _("公安机关逾期未答复检察机关"), r.procuratorate_reply_due_on))
            if r.file_by and r.file_by < on:
                out.append(OverdueClock(r, _("检察院通知立案后逾期未立案"), r.file_by))
        if (
            r.status in (Referral.SENT, Referral.RECEIVED)
            and r.reply_on is None
            and r.private_route_on
            and r.private_route_on <= on
        ):
            out.append(OverdueClock(r, _("移送六十日未获书面答复，可转自诉"), r.private_route_on))
    return out
