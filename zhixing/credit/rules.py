"""Rules of the credit measures (信用惩戒): the dishonest-debtor list (失信被执行人名单), consumption
restriction (限制消费令), the voluntary-performance certificate and the published record. Pure functions,
no ORM. Each cites shared/domain/rules.md ("rules §7.1.10") or rules-addendum.md ("addendum §3.9").

Deadlines are computed with core.calendar.provisional_due, so a date in a year whose holidays are not
yet declared is answered (weekends only) and marked provisional rather than refused; the holiday table
behind that function is the only database read here. Terms and grace periods are month counts
(add_months: same day-number, clamped to the month end) and are not rolled: they are not time limits
for an act, so they work for any year without the calendar.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zhixing.core.calendar import Deadline, add_months, provisional_due
from zhixing.core.identity import age_at, check_identity, check_resident_id, check_uscc

# --- Grounds of listing (rules §7.1.1) ---------------------------------------------------------

# 《关于公布失信被执行人名单信息的若干规定》(法释〔2017〕7号) art 1, items (1)–(6), in that order. The text
# is also the published "失信行为具体情形" (rules §7.1.6, the public record's disruptTypeName).
GROUNDS: dict[int, str] = {
    1: "有履行能力而拒不履行生效法律文书确定义务",
    2: "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
    3: "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
    4: "违反财产报告制度",
    5: "违反限制消费令",
    6: "无正当理由拒不履行执行和解协议",
}
NO_TERM_GROUND = 1  # rules §7.1.2: ground (1) stays until a removal trigger

# rules §7.1.3 (art 3): ground (1) may not be used in these cases.
EXCLUSIONS: dict[str, str] = {
    "guarantee": "被执行人已提供充分有效担保",
    "frozen_sufficient": "已被查封、扣押、冻结的财产足以清偿生效法律文书确定的债务",
    "later_in_order": "被执行人履行顺位在后，对其依法不应强制执行",
    "not_refusal": "其他不属于有履行能力而拒不履行生效法律文书确定义务的情形",
}

ADULT_AGE = 18  # rules §7.1.4: minors may not be listed
TERM_YEARS = 2  # rules §7.1.2: grounds (2)–(6)
EXTENSION_YEARS = (1, 2, 3)  # rules §7.1.2: extendable by 1–3 years
GRACE_MONTHS = (1, 2, 3)  # rules §7.2.6: optional grace period before publication
RELISTING_LOCK_MONTHS = 6  # rules §7.1.10: after a removal on the applicant's request
REMOVAL_WORKING_DAYS = 3  # rules §7.1.10, §14.3
EMPTY_REINQUIRIES_MIN = 2  # rules §7.1.10 (4)


def _ground_problem(ground: Any) -> str | None:
    if isinstance(ground, bool) or not isinstance(ground, int) or ground not in GROUNDS:
        return _("未知的失信情形“%(ground)s”：应为 1 至 6（失信规定第一条所列六项）") % {"ground": ground}
    return None


def _require_ground(ground: int) -> None:
    problem = _ground_problem(ground)
    if problem:
        raise ValueError(problem)


def extension_problem(ground: int, years: int) -> str | None:
    """Whether an extension of the term by `years` is allowed, rules §7.1.2 (art 2): 0 means none; a
    term of grounds (2)–(6) may be extended by 1–3 years; ground (1) has no term to extend."""
    problem = _ground_problem(ground)
    if problem:
        return problem
    if isinstance(years, bool) or not isinstance(years, int):
        return _("延长年限应为整数")
    if years == 0:
        return None
    if ground == NO_TERM_GROUND:
        return _("以有履行能力而拒不履行为由纳入的失信名单没有期限，不能延长")
    if years not in EXTENSION_YEARS:
        return _("失信期限只能延长 1 至 3 年，%(years)s 年不在此范围内") % {"years": years}
    return None


def term_end(ground: int, start: dt.date, extension_years: int = 0) -> dt.date | None:
    """The last day of the listing's term, rules §7.1.2 (art 2); addendum §3.9. Grounds (2)–(6): 2
    years, extended by 1–3 years, counted from `start` with the start day not counted (rules §14.1):
    the same day-number 24 (36, 48, 60) months later, clamped to the month end (29 Feb → 28 Feb).
    Ground (1): no term, None. Not rolled to a working day: a term end is not an act's deadline.
    An unknown ground or a bad extension raises ValueError."""
    problem = extension_problem(ground, extension_years)
    if problem:
        raise ValueError(problem)
    if ground == NO_TERM_GROUND:
        return None
    return add_months(start, 12 * (TERM_YEARS + extension_years))


def grace_problem(months: int) -> str | None:
    """A grace period before publication, rules §7.2.6 (法发〔2019〕35号): 0 (none) or 1–3 months."""
    if isinstance(months, bool) or not isinstance(months, int):
        return _("宽限期应为整数个月")
    if months == 0 or months in GRACE_MONTHS:
        return None
    return _("宽限期只能为 1 至 3 个月（或不设宽限期），%(months)s 个月不在此范围内") % {"months": months}


def publish_on(decided_on: dt.date, grace_months: int) -> dt.date:
    """The day a listing (or restriction) is published, rules §7.2.6; addendum §3.4: the decision day
    without a grace period, else the same day-number `grace_months` months later (clamped to the month
    end); if the debtor still has not performed by then, it is published and applied."""
    problem = grace_problem(grace_months)
    if problem:
        raise ValueError(problem)
    return add_months(decided_on, grace_months) if grace_months else decided_on


# --- The listing decision (rules §7.1.1–§7.1.4, §7.1.10; addendum §3.9) ---------------------------


@dataclass(frozen=True)
class ListingCheck:
    """The answer of `listing_check`: allowed or not, the Chinese reasons for a refusal, and the term's
    end (None for ground (1) and when refused)."""

    allowed: bool
    reasons: tuple[str, ...]
    term_end: dt.date | None

    def as_json(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed,
            "reasons": list(self.reasons),
            "term_end": self.term_end.isoformat() if self.term_end else None,
        }


def listing_check(
    id_code: str,
    ground: int,
    on: dt.date,
    *,
    exclusions: Iterable[str] = (),
    frozen_total: Decimal | None = None,
    owed: Decimal | None = None,
    extension_years: int = 0,
    relisting_locked_until: dt.date | None = None,
    applicant_requested: bool = False,
) -> ListingCheck:
    """Whether a debtor with identity code `id_code` may be listed on `ground` (1–6) on `on`, by the
    rules that need no case file. Refused, each with its Chinese reason:

    - an unknown ground (rules §7.1.1, art 1);
    - an invalid identity code (rules §13);
    - a minor: a natural person under 18 on `on`, age from the resident ID's birth date (rules §7.1.4);
      a unit's code has no age;
    - for ground (1), any declared exclusion of rules §7.1.3 (art 3), and the frozen total reaching what
      is owed when both are given (frozen property suffices); exclusions are ignored for grounds 2–6,
      to which art 3 does not apply;
    - an extension outside 1–3 years, or any extension for ground (1) (rules §7.1.2);
    - a listing on the applicant's request before `relisting_locked_until`, the end of the 6-month bar
      after a removal on the applicant's request (rules §7.1.10; addendum §3.9).

    `term_end` is the term's last day for grounds (2)–(6) when allowed (`term_end`), else None.
    """
    reasons: list[str] = []
    ground_problem = _ground_problem(ground)
    if ground_problem:
        reasons.append(ground_problem)
    identity = check_identity(id_code, on)
    if not identity.valid:
        reasons.append(_("证件号码无效：%(error)s") % {"error": identity.error})
    elif identity.is_person and identity.birth_date is not None:
        age = age_at(identity.birth_date, on)
        if age < ADULT_AGE:
            reasons.append(
                _("被执行人在 %(on)s 未满十八周岁（%(age)d 岁），未成年人不得纳入失信被执行人名单")
                % {"on": on.isoformat(), "age": age}
            )
    if ground == NO_TERM_GROUND:
        declared = list(dict.fromkeys(exclusions))
        for key in declared:
            if key in EXCLUSIONS:
                reasons.append(
                    _("%(exclusion)s，不得以有履行能力而拒不履行为由纳入失信被执行人名单")
                    % {"exclusion": EXCLUSIONS[key]}
                )
            else:
                reasons.append(_("未知的排除情形“%(key)s”") % {"key": key})
        if (
            "frozen_sufficient" not in declared
            and frozen_total is not None
            and owed is not None
            and frozen_total >= owed
        ):
            reasons.append(
                _(
                    "已冻结、查封、扣押的财产（%(frozen)s 元）足以清偿债务（%(owed)s 元），"
                    "不得以有履行能力而拒不履行为由纳入失信被执行人名单"
                )
                % {"frozen": frozen_total, "owed": owed}
            )
    if not ground_problem:
        problem = extension_problem(ground, extension_years)
        if problem:
            reasons.append(problem)
    if applicant_requested and relisting_locked_until is not None and on < relisting_locked_until:
        reasons.append(
            _("申请执行人申请删除失信信息后六个月内不得再申请纳入，%(until)s 起方可申请")
            % {"until": relisting_locked_until.isoformat()}
        )
    if reasons:
        return ListingCheck(False, tuple(reasons), None)
    return ListingCheck(True, (), term_end(ground, on, extension_years))


# --- Removal (rules §7.1.10; addendum §3.9) ----------------------------------------------------

# rules §7.1.10 (art 10): the seven triggers of removal for listings without a term, and the expiry of
# a term.
REMOVAL_TRIGGERS: dict[str, str] = {
    "performed": "被执行人已履行生效法律文书确定的义务或人民法院已执行完毕",
    "settlement_performed": "当事人达成执行和解协议且已履行完毕",
    "applicant_request": "申请执行人书面申请删除失信信息，人民法院审查同意",
    "empty_reinquiries": (
        "终结本次执行程序后，通过网络执行查控系统查询被执行人财产两次以上，未发现有可供执行财产，"
        "且申请执行人或者其他人未提供有效财产线索"
    ),
    "suspended": "因审判监督或破产程序，人民法院依法裁定对失信被执行人中止执行",
    "not_enforced": "人民法院依法裁定不予执行",
    "terminated": "人民法院依法裁定终结执行",
    "term_expired": "失信期限届满",
}
TERM_EXPIRED = "term_expired"
UNTERMED_TRIGGERS: tuple[str, ...] = tuple(k for k in REMOVAL_TRIGGERS if k != TERM_EXPIRED)

EARLY_REMOVAL: tuple[str, ...] = ("performed",)
"""Triggers on which the court may remove a listing with a term (grounds 2–6) before it ends, at its
discretion: rules §7.1.2 (art 2 para 2) lets the court delete early when the debtor performs or corrects,
although rules §7.1.10 says its seven triggers do not apply to listings with a term. The action offers
it as `performed`; it is not in `triggers_for`, which lists what obliges removal."""


def triggers_for(ground: int) -> tuple[str, ...]:
    """The triggers that oblige removal within 3 working days, rules §7.1.10 (art 10); addendum §3.9:
    for ground (1), the seven of art 10; for grounds (2)–(6), which have a term, those do not apply and
    only the term's expiry does (see EARLY_REMOVAL for the court's discretion of rules §7.1.2)."""
    _require_ground(ground)
    return UNTERMED_TRIGGERS if ground == NO_TERM_GROUND else (TERM_EXPIRED,)


def removal_due_on(trigger_on: dt.date) -> Deadline:
    """The last day to remove a listing: 3 working days after the trigger (or the term's end), rules
    §7.1.10, §14.3; addendum §3.9. Provisional in a year whose holidays are not declared."""
    return provisional_due(trigger_on, REMOVAL_WORKING_DAYS, "working-days")


def relisting_locked_until(removed_on: dt.date, trigger: str) -> dt.date | None:
    """After a removal on the applicant's request (art 10 item (3)), the applicant may not ask for
    listing again for 6 months: the first day they may, the same day-number 6 months later (rules
    §7.1.10; addendum §3.9). None for every other trigger: the court may list again if a ground recurs."""
    if trigger not in REMOVAL_TRIGGERS:
        raise ValueError(_("未知的删除事由“%(trigger)s”") % {"trigger": trigger})
    if trigger != "applicant_request":
        return None
    return add_months(removed_on, RELISTING_LOCK_MONTHS)


def empty_reinquiries_enough(count: int) -> bool:
    """rules §7.1.10 (4): after 终本, at least two network inquiries that found nothing (and no valid
    lead from anyone) oblige removal."""
    return count >= EMPTY_REINQUIRIES_MIN


# --- Revocation and correction (rules §7.1.9, §7.1.11; addendum §3.8, §3.10, §3.11) -----------------

# addendum §3.10 (art 11): what the listed person may ask the executing court to correct.
CORRECTION_GROUNDS: dict[str, str] = {
    "wrongly_listed": "不应被纳入失信被执行人名单",
    "inaccurate": "记载和公布的失信信息不准确",
    "should_be_removed": "失信信息应予删除",
}
CORRECTION_REVIEW_DAYS = 15  # addendum §3.11: calendar days, not working days
CORRECTION_WORKING_DAYS = 3  # addendum §3.8, §3.11
RECONSIDERATION_DAYS = 10  # addendum §3.11
HIGHER_COURT_DAYS = 15  # addendum §3.11


def review_due_on(filed_on: dt.date) -> Deadline:
    """The executing court decides a written correction request within 15 (calendar) days of receiving
    it, rules §7.1.11; addendum §3.11 (art 12); a last day off work rolls to the next working day
    (rules §14.1, CPL art 85)."""
    return provisional_due(filed_on, CORRECTION_REVIEW_DAYS, "days")


def correct_due_on(decided_on: dt.date) -> Deadline:
    """A founded correction request is corrected within 3 working days of the decision, rules §7.1.11;
    addendum §3.11 (art 12), §14.3."""
    return provisional_due(decided_on, CORRECTION_WORKING_DAYS, "working-days")


def reconsideration_deadline(served_on: dt.date) -> Deadline:
    """The listed person may ask the next-higher court to reconsider a rejection within 10 days of its
    service, rules §7.1.11; addendum §3.11; rolled as rules §14.1. No stay meanwhile."""
    return provisional_due(served_on, RECONSIDERATION_DAYS, "days")


def higher_court_due_on(filed_on: dt.date) -> Deadline:
    """The higher court decides the reconsideration within 15 days of receiving it, rules §7.1.11;
    addendum §3.11; rolled as rules §14.1."""
    return provisional_due(filed_on, HIGHER_COURT_DAYS, "days")


def revocation_due_on(found_on: dt.date) -> Deadline:
    """A wrongly listed person's listing is revoked (inaccurate data corrected) within 3 working days
    of the court finding it, rules §7.1.9; addendum §3.8 (art 9), rules §14.3."""
    return provisional_due(found_on, CORRECTION_WORKING_DAYS, "working-days")


# --- Consumption restriction (rules §7.2; addendum §4) -------------------------------------------

PERSON = "person"
UNIT = "unit"
PARTY_KINDS = (PERSON, UNIT)

# rules §7.2.3; addendum §4.9 (art 3 para 2): the persons bound with a restricted unit.
BOUND_CAPACITIES: dict[str, str] = {
    "legal_representative": "法定代表人",
    "principal": "主要负责人",
    "responsible": "影响债务履行的直接责任人员",
    "controller": "实际控制人",
}
HEAD_CAPACITIES = ("legal_representative", "principal")

# rules §7.2.2; addendum §4.9 (art 3, 2015 text): what a restricted debtor may not do, as printed on the
# order (addendum §4.2: the order states the items restricted).
RESTRICTED_ITEMS: tuple[str, ...] = (
    "乘坐交通工具时，选择飞机、列车软卧、轮船二等以上舱位",
    "在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费",
    "购买不动产或者新建、扩建、高档装修房屋",
    "租赁高档写字楼、宾馆、公寓等场所办公",
    "购买非经营必需车辆",
    "旅游、度假",
    "子女就读高收费私立学校",
    "支付高额保费购买保险理财产品",
    "乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位",
    "其他非生活和工作必需的消费行为",
)

# addendum §4.6 (art 9): the court must lift the order once the obligation is fully performed, and may
# lift it on a real, effective guarantee or the applicant's consent.
LIFT_REASONS: dict[str, str] = {
    "performed": "被执行人已全部履行生效法律文书确定的义务",
    "guarantee": "被执行人提供确实有效的担保",
    "applicant_consent": "申请执行人同意解除",
}
MANDATORY_LIFT = ("performed",)

# addendum §4.5 (art 8, practice of single-use unlocks) and §4.10 (善意文明 opinion art 17 (1)).
PERMIT_REASONS: dict[str, str] = {
    "illness": "本人或近亲属重病就医",
    "funeral": "近亲属丧葬",
    "official_duty": "因公务出行",
    "foreign_affairs": "参加外事活动",
    "exam": "参加重要考试",
    "personal_funds": "单位的约束人员以个人财产实施个人消费",
    "other": "其他生活或者经营必需的消费",
}


def restriction_required(listed: bool) -> bool:
    """rules §7.2.1; addendum §4.9 (art 1): a listed debtor's consumption shall be restricted; for others
    the court may restrict it after the notice period (its discretion, not a rule here)."""
    return bool(listed)


def restriction_problem(
    party_kind: str, bound: Iterable[tuple[str, str]], on: dt.date | None = None
) -> str | None:
    """What is wrong with a consumption-restriction order's persons, or None, rules §7.2.3; addendum
    §4.9 (art 3 para 2). A person's order binds the person alone (no bound persons). A unit's order
    binds the unit and its legal representative, principal, person directly responsible and actual
    controller: it must name at least the legal representative or the principal; every capacity must
    be one of BOUND_CAPACITIES and every bound person's code a valid resident ID (checked on `on`,
    default today). One person may hold several capacities; the same pair twice is refused."""
    if party_kind not in PARTY_KINDS:
        return _("未知的被执行人类型“%(kind)s”：应为自然人（person）或单位（unit）") % {"kind": party_kind}
    pairs = [(capacity, (code or "").strip().upper()) for capacity, code in bound]
    if party_kind == PERSON:
        if pairs:
            return _("自然人的限制消费令只约束被执行人本人，不另列约束人员")
        return None
    seen: set[tuple[str, str]] = set()
    for capacity, code in pairs:
        if capacity not in BOUND_CAPACITIES:
            return _("未知的约束人员身份“%(capacity)s”") % {"capacity": capacity}
        label = BOUND_CAPACITIES[capacity]
        check = check_resident_id(code, on)
        if not check.valid:
            return _("%(capacity)s的居民身份证号码无效：%(error)s") % {
                "capacity": label,
                "error": check.error,
            }
        if (capacity, check.normalized) in seen:
            return _("%(capacity)s重复列明") % {"capacity": label}
        seen.add((capacity, check.normalized))
    if not any(capacity in HEAD_CAPACITIES for capacity, _code in seen):
        return _("单位的限制消费令应至少列明其法定代表人或主要负责人")
    return None


def lift_is_mandatory(reason: str) -> bool:
    """addendum §4.6 (art 9), resolving rules §7.2.5: full performance obliges lifting; a guarantee or
    the applicant's consent only allows it."""
    if reason not in LIFT_REASONS:
        raise ValueError(_("未知的解除事由“%(reason)s”") % {"reason": reason})
    return reason in MANDATORY_LIFT


# --- Voluntary-performance certificate (rules §10.4) -----------------------------------------------


def certificate_problems(
    paid_in_full: bool, coercive_measures: int, listed_or_restricted: bool, applicant_confirmed: bool
) -> list[str]:
    """Why a voluntary-performance certificate (自动履行证明) may not be issued yet, rules §10.4 (local
    practice: 郑州中原区 collects the applicant's written confirmation first): the debtor performed in
    full, before any coercive measure, was never listed or restricted in the case, and the applicant
    confirmed the performance. An empty list means it may be issued."""
    if coercive_measures < 0:
        raise ValueError(_("强制措施数不能为负数"))
    problems: list[str] = []
    if not paid_in_full:
        problems.append(_("被执行人尚未全部履行生效法律文书确定的义务"))
    if coercive_measures:
        problems.append(
            _("本案已对被执行人采取 %(n)d 项强制执行措施，不属于自动履行") % {"n": coercive_measures}
        )
    if listed_or_restricted:
        problems.append(_("被执行人在本案中曾被纳入失信名单或限制消费，不属于自动履行"))
    if not applicant_confirmed:
        problems.append(_("尚未取得申请执行人对履行情况的确认"))
    return problems


# --- The published record (rules §7.1.6, §7.1.12; addendum §3.5) --------------------------------------

# The items of art 6 in the layout of the public list's records (rules §7.1, fields seen in public
# records): what the public search shows and what pushes to agencies carry.
PUBLISHED_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "被执行人姓名/名称"),
    ("party_type", "主体类型"),
    ("id_code_masked", "身份证号码/统一社会信用代码"),
    ("sex", "性别"),
    ("age", "年龄"),
    ("legal_representative", "法定代表人或者负责人姓名"),
    ("province", "省份"),
    ("case_number", "案号"),
    ("filed_on", "立案时间"),
    ("court_name", "执行法院"),
    ("basis_number", "执行依据文号"),
    ("basis_unit", "做出执行依据单位"),
    ("duty", "生效法律文书确定的义务"),
    ("performance", "被执行人的履行情况"),
    ("conduct", "失信被执行人行为具体情形"),
    ("published_on", "发布时间"),
)

ALL_UNPERFORMED = "全部未履行"
PARTLY_UNPERFORMED = "部分未履行"
ALL_PERFORMED = "全部履行"


def sex_from_id(code: str) -> str:
    """rules §7.1.6, §13.1 (GB 11643): the sequence code's last digit, the 17th of an 18-digit ID or the
    15th of a 15-digit one, is odd for a man (男) and even for a woman (女); "" for anything that is not a
    valid resident ID (a unit's code; its birth date is not compared with today)."""
    code = (code or "").strip().upper()
    if not check_resident_id(code, dt.date.max).valid:  # e.g. an all-digit USCC has the same shape
        return ""
    return "男" if int(code[16] if len(code) == 18 else code[14]) % 2 else "女"


def age_from_id(code: str, on: dt.date) -> int | None:
    """rules §7.1.4, §7.1.6: whole years of age on `on` from a valid resident ID's birth date; None for
    a unit code or an invalid code."""
    check = check_resident_id(code, on)
    if not check.valid or check.birth_date is None:
        return None
    return age_at(check.birth_date, on)


def performance_status(owed: Decimal, paid: Decimal) -> str:
    """rules §7.1.6 (the public record's `performance`): 全部未履行 when nothing is paid, 全部履行 when what
    is paid reaches what is owed, else 部分未履行."""
    if paid <= 0:
        return ALL_UNPERFORMED if owed > 0 else ALL_PERFORMED
    return ALL_PERFORMED if paid >= owed else PARTLY_UNPERFORMED


# --- Public search (issue 11 item 4; rules §11) -------------------------------------------------------

PUBLIC_NAME_MIN = 3  # a partial (substring) name search needs at least 3 characters (issue 11 item 4)
NAME_MIN = 2  # a full name for an exact match has at least 2 characters
_ID_SHAPE = re.compile(r"\d{15}|\d{17}[\dX]")


def search_problem(name: str, id_code: str) -> str | None:
    """Why a public search cannot run, or None (issue 11 item 4): it needs a name or an identity code
    (or both); a name of one character is refused (a full name has at least 2, and a partial one needs
    PUBLIC_NAME_MIN; which kind of match to run is the query's choice); an identity code must have the
    shape of a resident ID (15 or 18 characters) or be a valid unified social credit code."""
    name = (name or "").strip()
    code = (id_code or "").strip().upper()
    if not name and not code:
        return _("请输入被执行人姓名/名称或证件号码")
    if name and len(name) < NAME_MIN:
        return _("姓名/名称至少输入 %(n)d 个字") % {"n": NAME_MIN}
    if code and not _ID_SHAPE.fullmatch(code) and not check_uscc(code).valid:
        return _("证件号码应为15位或18位居民身份证号码，或18位统一社会信用代码")
    return None
