"""`{% load documents_tags %}{% case_documents case %}`: the documents panel for the case page, with
the issue buttons this user may press. The case page (cases app) includes it; documents stays the only
app that knows about documents."""

from __future__ import annotations

from django import template

from zhixing.documents import queries, rules

register = template.Library()


@register.inclusion_tag("documents/_case_panel.html", takes_context=True)
def case_documents(context, case):
    request = context.get("request")
    user = getattr(request, "user", None)
    docs = list(queries.documents_of(case))
    latest = {d.kind: d for d in docs}  # ordered by version, so the last one wins
    kinds = [
        {
            "code": k.code,
            "title": k.title,
            "next_version": latest[k.code].version + 1 if k.code in latest else 1,
        }
        for k in rules.KINDS.values()
    ]
    return {
        "case": case,
        "documents": docs,
        "kinds": kinds,
        "can_issue": queries.can_issue(user, case),
        "csrf_token": context.get("csrf_token"),
    }


def case_panel(request, case) -> str:
    """The documents panel for the case page (registered with zhixing.cases.panels in apps.ready)."""
    from django.middleware.csrf import get_token
    from django.template.loader import render_to_string

    context = case_documents({"request": request, "csrf_token": get_token(request)}, case)
    return render_to_string("documents/_case_panel.html", context, request=request)
