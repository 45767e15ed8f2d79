"""What the party's case page shows (rules §11.2; issue 11 item 5): filing information, the disclosed
progress, the handler and office phone, the documents for parties and, for a debtor, the payment code.
Nothing here returns another person's full identity code, phone or bank account."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhixing.cases import catalogue
from zhixing.cases import events as case_events
from zhixing.cases.models import Case, CaseEvent, Party
from zhixing.core.identity import mask_for_record
from zhixing.documents.models import Document

# The case events a party is shown: filing, the handler, each node whose kind is disclosed, closing and
# resumption; the credit app's events that it marks for parties (credit.events.DISCLOSED_TO_PARTIES).
PROGRESS_KINDS = (
    case_events.FILED,
    case_events.HANDLER_ASSIGNED,
    case_events.NODE_RECORDED,
    case_events.CLOSED,
    case_events.RESUMED,
)


def _credit_kinds() -> tuple[str, ...]:
    try:
        from zhixing.credit import events as credit_events
    except ImportError:
        return ()
    return tuple(getattr(credit_events, "DISCLOSED_TO_PARTIES", ()))


def progress(case: Case) -> list[case_events.Described]:
    """The case's disclosed events, oldest first, as cases.events.describe reads them."""
    kinds = (*PROGRESS_KINDS, *_credit_kinds())
    nodes = catalogue.kinds()
    shown = [
        e
        for e in CaseEvent.objects.filter(case=case, kind__in=kinds).order_by("at", "id")
        if e.kind != case_events.NODE_RECORDED
        or (nodes.get((e.data or {}).get("node", "")) is not None and nodes[e.data["node"]].disclosed)
    ]
    return case_events.describe(shown)


def handler(case: Case) -> dict[str, str]:
    """The handler's name and office phone (rules §11.2: handler names and phones are told to parties)."""
    user = case.handler
    return {
        "name": (user.full_name or user.username) if user is not None else case.handler_name,
        "office_phone": (getattr(user, "office_phone", "") or "") if user is not None else "",
    }


def parties(case: Case, viewer: Party) -> list[dict[str, Any]]:
    """The parties by name and role; only the viewer's own code is shown, masked."""
    out = []
    for p in Party.objects.filter(case=case).order_by("role", "position"):
        out.append(
            {
                "name": p.name,
                "role": p.get_role_display(),
                "is_viewer": p.pk == viewer.pk,
                "id_masked": mask_for_record(p.id_number) if p.pk == viewer.pk else "",
            }
        )
    return out


def documents(case: Case) -> QuerySet[Document]:
    """Every document issued on the case is meant for its parties (execution notice, property-report
    order, rulings, decisions, certificates), each version as issued."""
    return Document.objects.filter(case=case).order_by("issued_on", "kind", "version")


def payment(case: Case) -> dict[str, Any]:
    """The case's payment code (一案一码) and the amount due, as the payer's page shows them."""
    from zhixing.funds.views.payer import payment_code

    return payment_code(case)
