"""Which actions the case page offers this user. The page shows only what the actions would accept;
the actions check again, so this is about not showing buttons that can only fail."""

from __future__ import annotations

from dataclasses import dataclass

from zhixing.courts import rules as court_rules
from zhixing.courts.queries import has_role

from .. import permissions, rules
from ..models import Case, ClosureRequest


@dataclass(frozen=True)
class Abilities:
    record_node: bool = False
    record_reinquiry: bool = False  # after 终本 the periodic re-inquiries are still recorded
    assign_self: bool = False
    assign_other: bool = False
    request_closure: bool = False
    decide_closure: bool = False
    periods: bool = False
    extend: bool = False
    resume: bool = False

    @property
    def any(self) -> bool:
        return any(getattr(self, f) for f in self.__dataclass_fields__)


def abilities(user, case: Case, pending: ClosureRequest | None, has_open_reinquiry: bool) -> Abilities:
    court = case.court
    is_handler = case.handler_id is not None and case.handler_id == user.pk

    def may(roles) -> bool:
        return bool(user.is_superuser) or has_role(user, roles, court)

    is_open = not case.is_closed
    handles_or_judges = is_handler or may([court_rules.JUDGE, court_rules.LEADER])
    return Abilities(
        record_node=is_open and handles_or_judges,
        record_reinquiry=case.is_closed and has_open_reinquiry and handles_or_judges,
        # Taking a case is for an unassigned case; reassigning is for the clerk, judge or leader.
        assign_self=is_open and case.handler_id is None and has_role(user, court_rules.OFFICER, court),
        assign_other=is_open and may([court_rules.CLERK, court_rules.LEADER, court_rules.JUDGE]),
        # Closing is asked by one person and decided by another (permissions: the actions' own checks).
        request_closure=permissions.may_request_closure(user, case, pending),
        decide_closure=permissions.may_decide_closure(user, case, pending),
        periods=is_open and handles_or_judges,
        extend=is_open and not is_handler and may([court_rules.LEADER]),
        resume=(
            case.closure_method in (rules.TERMINATED_THIS_ROUND, rules.TERMINATED)
            and may([court_rules.CLERK, court_rules.OFFICER, court_rules.LEADER])
        ),
    )
