"""Which actions the case page offers this user. The page asks the actions' own predicates
(cases.permissions), so it shows exactly what the actions would accept."""

from __future__ import annotations

from dataclasses import dataclass

from .. import permissions
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
    return Abilities(
        record_node=not case.is_closed and permissions.may_record_node(user, case),
        record_reinquiry=case.is_closed
        and has_open_reinquiry
        and permissions.may_record_node(user, case, "reinquiry"),
        assign_self=permissions.may_take_case(user, case),
        assign_other=permissions.may_assign_handler(user, case),
        request_closure=permissions.may_request_closure(user, case, pending),
        decide_closure=permissions.may_decide_closure(user, case, pending),
        periods=permissions.may_excluded_period(user, case),
        extend=permissions.may_approve_extension(user, case),
        resume=permissions.may_resume(user, case),
    )
