"""Rules of enforcement cases: pure functions, no database access. Each cites shared/domain/rules.md."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from zhixing.core.calendar import add_months

# rules §1.3: type codes of enforcement cases (2015 standard).
ENFORCEMENT_TYPES = {
    "执": "首次执行",
    "执恢": "恢复执行",
    "执保": "财产保全执行",
    "执异": "执行异议",
    "执复": "执行复议",
    "执监": "执行监督",
    "执协": "执行协调",
    "执他": "其他执行",
}
IMPLEMENTATION_TYPES = ("执", "执恢", "执保")  # 执行实施类 (rules §1.3 code 1001)

# rules §2.2.1: the six closing methods; code names from the glossary.
COMPLETED = "completed"
TERMINATED_THIS_ROUND = "terminated_this_round"
TERMINATED = "terminated"
WITHDRAWN = "withdrawn"
REFUSED = "refused"
REJECTED = "rejected"
CLOSURE_LABELS = {
    COMPLETED: "执行完毕",
    TERMINATED_THIS_ROUND: "终结本次执行程序",
    TERMINATED: "终结执行",
    WITHDRAWN: "销案",
    REFUSED: "不予执行",
    REJECTED: "驳回申请",
}
_CLOSURE_BY_TEXT = {v: k for k, v in CLOSURE_LABELS.items()} | {"终本": TERMINATED_THIS_ROUND}

# rules §3.1.5: periods not counted in the statutory period.
EXCLUDED_KIND_LABELS = {
    "suspension": "中止",
    "deferral": "暂缓",
    "auction": "拍卖、变卖",
    "valuation": "评估、鉴定、审计",
    "notice": "公告",
    "coordination": "协调",
}


# Why a case closes as 执行完毕 with less realised than applied (rules §2.2, §10.2: a settlement
# performed, or the applicant giving up the rest): asked and recorded at closing (issue 9 item 5).
SHORTFALL_LABELS = {
    "settlement": "执行和解并已履行完毕",
    "waiver": "申请执行人放弃剩余债权",
    "other": "其他（须在结案理由中说明）",
}


def completion_shortfall_problem(
    method: str, applied: Decimal, realized: Decimal, shortfall: str, reason: str
) -> str | None:
    """执行完毕 with less realised than applied needs the reason for the difference (rules §2.2)."""
    if method != COMPLETED or realized >= applied:
        return None
    if shortfall not in SHORTFALL_LABELS:
        return (
            f"以执行完毕结案，但已执行到位 {realized:.2f} 元少于申请执行标的 {applied:.2f} 元："
            "请选择差额原因（执行和解、放弃剩余债权或其他）"
        )
    if shortfall == "other" and not reason.strip():
        return "差额原因为“其他”时须在结案理由中说明"
    return None


def closure_method_from_text(text: str) -> str | None:
    """The closure method code for its Chinese name (or 终本), None when unknown."""
    return _CLOSURE_BY_TEXT.get((text or "").strip())


# --- Case numbers (rules §1.1) -------------------------------------------------------------

_NUMBER = re.compile(
    r"^[（(]\s*(?P<year>\d{4})\s*[)）](?P<court>最高法|[\u4e00-\u9fa5]\d{0,4})"
    r"(?P<type>[\u4e00-\u9fa5]{1,4}?)(?P<serial>\d+)号$"
)
_LEGACY_YEAR = re.compile(r"(\d{4})")


@dataclass(frozen=True)
class CaseNumber:
    year: int
    court_code: str
    type_code: str
    serial: int | None
    legacy: bool = False
    text: str = ""

    def __str__(self) -> str:
        return self.text or format_case_number(self.year, self.court_code, self.type_code, self.serial or 0)


class InvalidCaseNumber(ValueError):
    pass


def format_case_number(year: int, court_code: str, type_code: str, serial: int) -> str:
    """The canonical form, with full-width brackets: `（2021）冀96执123号` (rules §1.1.1)."""
    return f"（{year}）{court_code}{type_code}{serial}号"


def parse_case_number(text: str) -> CaseNumber:
    """Parse a case number written with full- or half-width brackets (rules §1.1, OBSERVED S45).

    Pre-2016 numbers in the old `字第` style are kept as legacy strings with only their year read
    (rules §1.1 "a migration must store them as legacy strings"). Raises InvalidCaseNumber with a
    message in Chinese.
    """
    raw = (text or "").strip().replace(" ", "").replace("\u3000", "")
    if not raw:
        raise InvalidCaseNumber(_("案号为空"))
    if "字第" in raw:
        m = _LEGACY_YEAR.search(raw)
        if not m:
            raise InvalidCaseNumber(_("旧式案号“%(raw)s”中找不到年份") % {"raw": raw})
        return CaseNumber(int(m.group(1)), "", "", None, legacy=True, text=raw)
    m = _NUMBER.match(raw)
    if not m:
        raise InvalidCaseNumber(_("案号“%(raw)s”格式不正确，应如“（2021）冀96执123号”") % {"raw": raw})
    year, court, type_code, serial = int(m["year"]), m["court"], m["type"], int(m["serial"])
    if serial <= 0:
        raise InvalidCaseNumber(_("案号“%(raw)s”的序号应为正整数") % {"raw": raw})
    if year < 1949 or year > 2100:
        raise InvalidCaseNumber(_("案号“%(raw)s”的年份不合理") % {"raw": raw})
    return CaseNumber(year, court, type_code, serial, text=format_case_number(year, court, type_code, serial))


def is_enforcement_type(type_code: str) -> bool:
    return type_code in ENFORCEMENT_TYPES


# --- Statutory period (rules §3.1, indicators.md) ------------------------------------------


def statutory_due_on(
    filed_on: dt.date, base_months: int, extension_months: int = 0, excluded_days: int = 0
) -> dt.date:
    """Statutory deadline of a case: filing date + (6, or 3 for non-litigation, + approved extension)
    months, then + excluded days (rules §3.1.1–3.1.5; the arithmetic of indicators.md)."""
    return add_months(filed_on, base_months + extension_months) + dt.timedelta(days=excluded_days)


def excluded_days_total(periods: Iterable[tuple[dt.date, dt.date | None]], today: dt.date) -> int:
    """Days covered by the union of excluded periods (rules §3.1 "System check": elapsed days minus the
    union of excluded intervals). Both ends count; an open period runs to `today`."""
    spans = sorted((s, e or today) for s, e in periods if (e or today) >= s)
    total, cur_s, cur_e = 0, None, None
    for s, e in spans:
        if cur_e is not None and s <= cur_e + dt.timedelta(days=1):
            cur_e = max(cur_e, e)
            continue
        if cur_s is not None and cur_e is not None:
            total += (cur_e - cur_s).days + 1
        cur_s, cur_e = s, e
    if cur_s is not None and cur_e is not None:
        total += (cur_e - cur_s).days + 1
    return total


# --- Node states (rules §3.2) ---------------------------------------------------------------

DONE = "done"
OVERDUE = "overdue"
DUE_SOON = "due_soon"
NORMAL = "normal"
WAITING = "waiting"
CANCELLED = "cancelled"
STATE_LABELS = {
    DONE: "已完成",
    OVERDUE: "超期",
    DUE_SOON: "临期",
    NORMAL: "正常",
    WAITING: "待起算",
    CANCELLED: "已取消",
}
STATE_URGENCY = {OVERDUE: 0, DUE_SOON: 1, NORMAL: 2, WAITING: 3, DONE: 4, CANCELLED: 5}


# Each state as a conjunction of conditions on a node's dates, written once: `node_state` reads it in
# Python and `queries.state_q` turns it into a database filter, so the two cannot drift apart. A
# condition is (field, op, bound): op "null" / "set" takes no bound; "lt" / "lte" / "gt" / "gte"
# compare with "today" or "soon" (today + due_soon_days). The states are disjoint and cover every node.
Condition = tuple[str, str, str | None]
_OPEN: tuple[Condition, ...] = (("done_on", "null", None), ("cancelled_on", "null", None))
STATE_CONDITIONS: dict[str, tuple[Condition, ...]] = {
    DONE: (("done_on", "set", None),),
    CANCELLED: (("done_on", "null", None), ("cancelled_on", "set", None)),
    WAITING: (*_OPEN, ("due_on", "null", None)),
    OVERDUE: (*_OPEN, ("due_on", "lt", "today")),
    DUE_SOON: (*_OPEN, ("due_on", "gte", "today"), ("due_on", "lte", "soon")),
    NORMAL: (*_OPEN, ("due_on", "gt", "soon")),
}
# Open with a deadline, what the inbox, the command centre and the overdue scan work on: exactly the
# nodes in one of OPEN_STATES (tests/cases/test_node_states.py).
OPEN_STATES = (OVERDUE, DUE_SOON, NORMAL)
OPEN_CONDITIONS: tuple[Condition, ...] = (*_OPEN, ("due_on", "set", None))
COMPARE = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


def state_bounds(today: dt.date, due_soon_days: int) -> dict[str, dt.date]:
    """The dates the state conditions compare with: due soon means due within `due_soon_days` of today."""
    return {"today": today, "soon": today + dt.timedelta(days=due_soon_days)}


def _holds(cond: Condition, dates: Mapping[str, dt.date | None], bounds: Mapping[str, dt.date]) -> bool:
    field, op, bound = cond
    value = dates[field]
    if op == "null":
        return value is None
    if op == "set":
        return value is not None
    return value is not None and bound is not None and bool(COMPARE[op](value, bounds[bound]))


def node_state(
    due_on: dt.date | None,
    done_on: dt.date | None,
    today: dt.date,
    due_soon_days: int,
    cancelled_on: dt.date | None = None,
) -> str:
    """rules §3.2: a node is done once recorded; cancelled when its case closed (or was resumed) with it
    still open (rules §2.1: the process ends with the case, the node is kept with the reason); overdue
    when open past its deadline; due soon within `due_soon_days` (rule setting `node.due_soon_days`) of
    it; waiting while its anchor has not happened. Open means neither done nor cancelled. Read from
    STATE_CONDITIONS, which the database filters are made from too."""
    dates = {"due_on": due_on, "done_on": done_on, "cancelled_on": cancelled_on}
    bounds = state_bounds(today, due_soon_days)
    for state, conds in STATE_CONDITIONS.items():
        if all(_holds(c, dates, bounds) for c in conds):
            return state
    raise AssertionError(f"no node state for {dates}")  # the states cover every node


# --- Filing (rules §1.4, §10.1) -------------------------------------------------------------


def first_enforcement_conflict(type_code: str, existing: Iterable[tuple[str, str, str | None]]) -> str | None:
    """rules §1.4 (法明传〔2018〕335号): one basis has one first-enforcement (执) case. `existing` are
    (case_number, type_code, closure_method) of cases on the same basis. A case closed as 销案
    (elevation, designation, whole-case delegation) does not count: the receiving court files anew.
    Returns the case number that blocks the filing, or None."""
    if type_code != "执":
        return None
    for number, code, method in existing:
        if code == "执" and method != WITHDRAWN:
            return number
    return None


def cause_flags(cause: str, livelihood: Iterable[str], migrant_wage: Iterable[str]) -> tuple[bool, bool]:
    """(is_livelihood, is_migrant_wage) implied by the cause of action (rules §10.1 "System"). A
    migrant-worker wage case is always a livelihood case. The lists are rule settings."""
    cause = (cause or "").strip()
    wage = any(w and w in cause for w in migrant_wage)
    return (wage or any(w and w in cause for w in livelihood)), wage


# --- Closing (rules §2.2, §2.3) --------------------------------------------------------------

# What the case file must record for each of the five 终本 conditions (rules §2.3 art 1). Each entry:
# condition text, and the node kinds of which all groups must be present (a group is satisfied by
# any one of its kinds).
TTR_CONDITIONS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("已发出执行通知书并责令被执行人报告财产", (("execution_notice",), ("property_report_order",))),
    (
        "已发出限制消费令，并将符合条件的被执行人纳入失信被执行人名单",
        (("consumption_restriction",), ("dishonest_listing", "dishonest_not_applicable")),
    ),
    (
        "已穷尽财产调查措施，未发现可供执行的财产或财产不能处置",
        (("first_network_inquiry",), ("property_investigation",)),
    ),
    ("被执行人下落不明的已查找、妨害执行行为已依法处理", (("debtor_conduct_handled",),)),
)


def terminated_this_round_missing(
    recorded_kinds: Iterable[str],
    filed_on: dt.date,
    closed_on: dt.date,
    min_months: int,
    labels: Mapping[str, str] | None = None,
) -> list[str]:
    """The 终本 conditions (rules §2.3 art 1, 法〔2016〕373号) the case file does not yet meet, in Chinese;
    empty when 终本 is allowed. Condition 4: more than `min_months` (3) months since filing, read as
    closing strictly after filing date + 3 months (rules §14 open point on whether the filing day counts)."""
    have = set(recorded_kinds)
    labels = labels or {}
    missing: list[str] = []
    for text, groups in TTR_CONDITIONS:
        lacking = [g for g in groups if not have.intersection(g)]
        if lacking:
            names = "、".join("或".join(labels.get(k, k) for k in g) for g in lacking)
            missing.append(_("%(text)s（缺少：%(names)s）") % {"text": text, "names": names})
    limit = add_months(filed_on, min_months)
    if closed_on <= limit:
        missing.append(
            _("自立案之日起已超过%(min_months)s个月（须在 %(limit_isoformat)s 之后方可终本）")
            % {"min_months": min_months, "limit_isoformat": limit.isoformat()}
        )
    return missing


def approver_allowed(
    approver_id: int,
    handler_id: int | None,
    requester_id: int | None,
    former_handler_ids: Iterable[int] = (),
) -> str | None:
    """rules §12 (审执分离) and §2.3 (collegial review and president's approval): the person who handles
    the case, who handled it before (a handler who hands the case on stays its implementer), or who
    asked to close it, may not approve its closing, whatever roles they hold. Returns the reason, or
    None."""
    if handler_id is not None and approver_id == handler_id:
        return _("承办人不得审批本人承办案件的结案")
    if approver_id in set(former_handler_ids):
        return _("曾承办本案的人员不得审批本案的结案")
    if requester_id is not None and approver_id == requester_id:
        return _("结案申请人不得自行审批")
    return None


def reinquiry_dates(closed_on: dt.date, interval_months: int, years: int) -> list[dt.date]:
    """After 终本, query the debtor's property every 6 months for 5 years (rules §2.3, 终本规定 art 9)."""
    count = years * 12 // interval_months
    return [add_months(closed_on, interval_months * i) for i in range(1, count + 1)]


# Parties of one case, applicants and debtors together. Not a legal rule: a guard against a filing or
# an import row that lists thousands (issue 7, "Security": a case was filed with 2,001 parties, each
# shown, masked and checked on every page of the case). Enforced by filing, adding a party and the
# import.
MAX_PARTIES = 200


def parties_problem(count: int) -> str | None:
    """Why a case cannot have `count` parties, or None."""
    if count > MAX_PARTIES:
        return _("当事人共 %(n)d 名，超过每案 %(m)d 名的上限") % {"n": count, "m": MAX_PARTIES}
    return None
