"""Who may issue legal documents (ARCHITECTURE §10): one predicate, enforced by
documents.actions.issue_document and asked by the case page before offering the buttons."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhixing.cases.actions.common import passes, require_role
from zhixing.cases.models import Case
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import require_actor

# Issuing a document of a case one does not handle: a judge, or a court leader, who signs the decisions
# the law reserves to the president (addendum §3.4, §4.2).
ISSUING_ROLES = (court_rules.JUDGE, court_rules.LEADER)


def check_issue_document(user, case: Case) -> None:
    """The case handler issues the documents of the case; otherwise a judge of the court (or a court
    above it) must. The case's state (closed, dates) is actions.issue_blockers."""
    require_actor(user)
    if case.handler_id is None or case.handler_id != getattr(user, "pk", None):
        require_role(user, ISSUING_ROLES, case.court, _("签发非本人承办案件的法律文书"))


def may_issue_document(user, case: Case) -> bool:
    if not getattr(user, "is_authenticated", False) or case.is_closed:
        return False
    return passes(check_issue_document, user, case)
