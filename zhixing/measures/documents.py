"""The measures app's documents (拘传票, 罚款决定书, 拘留决定书, 搜查令, 限制出境决定书, 悬赏公告, 移送函,
执行情况说明) are issued through zhixing.documents like every other document of the case. Their
particulars — the person, the amount or days, the place, the facts and the evidence list — are this
app's, handed to the document's context for the length of one issue through a context variable that
the extra registered from wiring.py reads (zhixing/disposal/documents.py does the same)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from zhixing.documents import rules as doc_rules
from zhixing.documents.actions import issue_document
from zhixing.documents.models import Document
from zhixing.documents.rules import body_date  # noqa: F401 - callers write documents.body_date

from . import rules

KIND_OF_MEASURE = {
    rules.SUMMONS: doc_rules.SUMMONS_WARRANT,
    rules.FINE: doc_rules.FINE_DECISION,
    rules.DETENTION: doc_rules.DETENTION_DECISION,
    rules.SEARCH: doc_rules.SEARCH_WARRANT,
    rules.EXIT_BAN: doc_rules.EXIT_BAN_DECISION,
    rules.REWARD: doc_rules.REWARD_NOTICE,
}
KINDS = (*KIND_OF_MEASURE.values(), doc_rules.REFERRAL_LETTER, doc_rules.EXECUTION_STATUS_NOTE)
_particulars: ContextVar[dict[str, Any] | None] = ContextVar("measures_document", default=None)


def context(case: Any, kind: str) -> dict:
    """documents.rendering's context extra: the particulars of the measure document being issued,
    as `measure` in the template."""
    if kind not in KINDS:
        return {}
    return {"measure": dict(_particulars.get() or {})}


def issue(case: Any, kind: str, particulars: dict[str, Any], *, actor: Any) -> Document:
    token = _particulars.set(particulars)
    try:
        return issue_document(case, kind, actor=actor)
    finally:
        _particulars.reset(token)
