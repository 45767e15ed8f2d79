"""The case page: header, parties, node timeline, periods, events, and the actions this user may take."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from zhixing.core.identity import KIND_LABELS as ID_KIND_LABELS
from zhixing.core.identity import mask_identity

from .. import catalogue, events, panels, queries, rules
from ..actions import log_identity_reads
from ..actions.common import today
from ..forms import (
    AssignForm,
    ClosureRequestForm,
    DecideClosureForm,
    EndPeriodForm,
    ExtensionForm,
    RecordNodeForm,
    ResumeForm,
    SelfAssignForm,
    StartPeriodForm,
)
from ..models import Case, ClosureRequest
from .abilities import abilities
from .base import days_text, render_page, staff_view, visible_case, with_case, yuan
from .display import node_row

REINQUIRY = "reinquiry"
OPEN_STATES = (rules.OVERDUE, rules.DUE_SOON, rules.NORMAL, rules.WAITING)


def node_kind_choices(case: Case, nodes) -> list[tuple[str, str]]:
    """Kinds the record-node form offers: open nodes of the case and the records without a deadline
    that apply to its type; planned kinds already done are left out (the action refuses them)."""
    if case.is_closed:
        return (
            [(REINQUIRY, catalogue.kind(REINQUIRY).name)]
            if any(n.kind.code == REINQUIRY and n.done_on is None and n.cancelled_on is None for n in nodes)
            else []
        )
    done = {n.kind.code for n in nodes if n.done_on is not None}
    kinds = sorted(catalogue.kinds().values(), key=lambda k: (k.order, k.code))
    return [
        (k.code, k.name)
        for k in kinds
        if k.code != REINQUIRY
        and case.type_code in (k.applies_to or [])
        and not (k.created_on_filing and k.code in done)
    ]


def party_rows(parties, revealed: set[int]) -> list[dict]:
    rows = []
    for p in parties:
        masked = mask_identity(p.id_number) if p.has_personal_code else p.id_number
        rows.append(
            {
                "party": p,
                "id_kind": ID_KIND_LABELS.get(p.id_kind, p.id_kind),
                "number": p.id_number if p.pk in revealed else masked,
                "maskable": masked != p.id_number and p.pk not in revealed,
            }
        )
    return rows


def case_context(request, case: Case, revealed: set[int] | None = None) -> dict:
    user, on = request.user, today()
    soon = queries.due_soon_days(case.court)
    nodes = list(case.nodes.select_related("kind", "done_by"))
    rows = [node_row(n, on, soon) for n in nodes]
    open_due = [r for r in rows if r.state in OPEN_STATES and r.node.due_on is not None]
    next_row = min(open_due, key=lambda r: (r.node.due_on, r.node.kind.order, r.node.sequence), default=None)
    requests = list(case.closure_requests.select_related("requested_by", "decided_by"))
    pending = next((r for r in requests if r.status == ClosureRequest.PENDING), None)
    kind_choices = node_kind_choices(case, nodes)
    can = abilities(user, case, pending, has_open_reinquiry=case.is_closed and bool(kind_choices))
    periods = list(case.excluded_periods.all())
    ctx = {
        "case": case,
        "type_label": rules.ENFORCEMENT_TYPES.get(case.type_code, ""),
        "closure_label": rules.CLOSURE_LABELS.get(case.closure_method, ""),
        "applied": yuan(case.applied_amount),
        "realized": yuan(case.realized_amount),
        "statutory_days": days_text(case.statutory_due_on, on) if not case.is_closed else "",
        "next_row": next_row,
        "parties": party_rows(case.parties.all(), revealed or set()),
        "nodes": rows,
        "periods": [
            {"period": p, "label": rules.EXCLUDED_KIND_LABELS.get(p.kind, p.kind), "end_form": None}
            for p in periods
        ],
        "extensions": list(case.extensions.select_related("approved_by")),
        "events": events.describe(case.events.select_related("actor").order_by("-at", "-id")[:200]),
        "requests": requests,
        "pending": pending,
        "resumptions": list(case.resumptions.all()),
        "can": can,
        "panels": panels.render_all(request, case),
    }
    if can.record_node or can.record_reinquiry:
        first_open = next((r.node.kind.code for r in rows if r.state in OPEN_STATES), None)
        ctx["record_form"] = RecordNodeForm(kinds=kind_choices, initial={"kind": first_open})
    if can.assign_self:
        ctx["self_assign_form"] = SelfAssignForm()
    if can.assign_other:
        ctx["assign_form"] = AssignForm(officers=queries.officers_for(case.court))
    if can.request_closure:
        ctx["request_form"] = ClosureRequestForm()
    if can.decide_closure:
        ctx["decide_form"] = DecideClosureForm(initial={"request_id": pending.pk})
    if can.periods:
        ctx["period_form"] = StartPeriodForm()
        for row in ctx["periods"]:
            if row["period"].end_on is None:
                row["end_form"] = EndPeriodForm(initial={"period_id": row["period"].pk}, auto_id=False)
    if can.extend:
        ctx["extension_form"] = ExtensionForm()
    if can.resume:
        ctx["resume_form"] = ResumeForm()
    return ctx


@staff_view
def case_detail(request, pk: int):
    case = visible_case(request.user, pk)
    return render_page(request, "cases/detail.html", case_context(request, case), active="cases")


@with_case
def reveal_identity(request, case: Case, party_id: int):
    """Show a party's full ID number. Every read of personal data by staff is logged (one audit entry
    per read), so the number is only sent in answer to a POST."""
    party = get_object_or_404(case.parties, pk=party_id)
    party.case = case
    log_identity_reads([party], request.user, purpose="case_page")
    if request.headers.get("HX-Request"):
        return render(request, "cases/_identity.html", {"number": party.id_number})
    ctx = case_context(request, case, revealed={party.pk})
    return render_page(request, "cases/detail.html", ctx, active="cases")
