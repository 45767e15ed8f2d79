"""Rules of coercive measures, field operations and the refusal-to-enforce referral. Pure functions,
no ORM. Each cites shared/domain/rules.md ("rules §6.15"). Every number here is nationally confirmed
there (CPL art 118, 财产调查规定 arts 14–24, 法发〔2025〕8号, 法〔2018〕147号), so none is a rule
setting; the approver of each measure follows CPL art 119 (拘传票; 罚款、拘留经院长批准) and art 259
(搜查令由院长签发), which shared/domain does not quote: read as stated here.

Money is Decimal yuan; times are aware datetimes; day clocks go through core.calendar so that a last
day on a holiday rolls to the next working day (rules §14.1) and a date past the declared calendar is
marked provisional.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.core.calendar import Deadline, provisional_due

CENT = Decimal("0.01")

# --- Obstruction (rules §2.3 art 1 item 5, art 2; §10.3.2) --------------------------------------

REFUSED_REPORT, FALSE_REPORT, BREACHED_RESTRICTION, HID_PROPERTY = (
    "refused_report",
    "false_report",
    "breached_restriction",
    "hid_property",
)
REFUSED_HANDOVER, OBSTRUCTED_OFFICERS, VIOLENCE, MISSING, OTHER = (
    "refused_handover",
    "obstructed",
    "violence",
    "missing",
    "other",
)
OBSTRUCTIONS = [
    (REFUSED_REPORT, gettext_lazy("拒不报告或逾期报告财产")),
    (FALSE_REPORT, gettext_lazy("虚假报告财产")),
    (BREACHED_RESTRICTION, gettext_lazy("违反限制消费令")),
    (HID_PROPERTY, gettext_lazy("隐匿、转移、毁损财产")),
    (REFUSED_HANDOVER, gettext_lazy("拒不交付或迁出")),
    (OBSTRUCTED_OFFICERS, gettext_lazy("阻碍执行人员执行职务")),
    (VIOLENCE, gettext_lazy("暴力、威胁抗拒执行")),
    (MISSING, gettext_lazy("被执行人下落不明")),
    (OTHER, gettext_lazy("其他妨害执行行为")),
]

# --- Coercive measures (rules §6.13–6.16) --------------------------------------------------------

SUMMONS, FINE, DETENTION, SEARCH, EXIT_BAN, REWARD = (
    "summons",
    "fine",
    "detention",
    "search",
    "exit_ban",
    "reward",
)
MEASURE_KINDS = [
    (SUMMONS, gettext_lazy("拘传")),
    (FINE, gettext_lazy("罚款")),
    (DETENTION, gettext_lazy("司法拘留")),
    (SEARCH, gettext_lazy("搜查")),
    (EXIT_BAN, gettext_lazy("限制出境")),
    (REWARD, gettext_lazy("悬赏")),
]
# The measures that meet an obstruction (condition 5 of 终本: "met with fines/detention"; a summons or a
# search finds a missing debtor); a reward notice or an exit ban alone does not punish an obstruction.
PUNISHING = (FINE, DETENTION)
FINDING = (SUMMONS, SEARCH)
# CPL art 119 (罚款、拘留必须经院长批准) and art 259 (搜查令由院长签发): the president (a court leader)
# approves these; a judge or a leader approves the others. Never the proposer (rules §12).
PRESIDENT_APPROVES = (FINE, DETENTION, SEARCH)

PERSON, LEGAL_REP, PRINCIPAL, RESPONSIBLE = "person", "legal_rep", "principal", "responsible"
SUBJECT_ROLES = [
    (PERSON, gettext_lazy("被执行人本人")),
    (LEGAL_REP, gettext_lazy("法定代表人")),
    (PRINCIPAL, gettext_lazy("主要负责人")),
    (RESPONSIBLE, gettext_lazy("直接责任人员")),
]
UNIT_ROLES = (LEGAL_REP, PRINCIPAL, RESPONSIBLE)

# How a measure in force ends: questioning over, released at term or early, lifted (exit ban) on
# payment, guarantee or the applicant's consent (rules §6.16), fine paid, search done, reward paid or
# withdrawn.
QUESTIONED, RELEASED, RELEASED_EARLY, PAID, GUARANTEE, CONSENT, DONE, WITHDRAWN = (
    "questioned",
    "released",
    "released_early",
    "paid",
    "guarantee",
    "consent",
    "done",
    "withdrawn",
)
END_REASONS = [
    (QUESTIONED, gettext_lazy("询问完毕")),
    (RELEASED, gettext_lazy("期满解除拘留")),
    (RELEASED_EARLY, gettext_lazy("提前解除拘留")),
    (PAID, gettext_lazy("已履行或缴清")),
    (GUARANTEE, gettext_lazy("提供充分担保")),
    (CONSENT, gettext_lazy("申请执行人同意")),
    (DONE, gettext_lazy("执行完毕")),
    (WITHDRAWN, gettext_lazy("撤回")),
]
END_REASONS_OF = {
    SUMMONS: (QUESTIONED,),
    FINE: (PAID,),
    DETENTION: (RELEASED, RELEASED_EARLY),
    SEARCH: (DONE,),
    EXIT_BAN: (PAID, GUARANTEE, CONSENT),  # rules §6.16
    REWARD: (DONE, WITHDRAWN),
}

# rules §6.15 (CPL art 118): an individual up to 100,000 yuan; a unit 50,000–1,000,000 yuan.
FINE_PERSON_MAX = Decimal("100000")
FINE_UNIT_MIN = Decimal("50000")
FINE_UNIT_MAX = Decimal("1000000")
# rules §6.15: detention up to 15 days.
DETENTION_MAX_DAYS = 15
# rules §6.14 (财产调查规定 art 15; 民诉解释 art 482): questioning up to 8 hours, 24 if detention may follow.
QUESTIONING_HOURS = 8
QUESTIONING_HOURS_DETENTION = 24
# rules §3.2 (财产调查规定 arts 17, 21): decide on a reward-notice application within 10 days.
REWARD_DECISION_DAYS = 10


def fine_problems(amount: Decimal, is_unit: bool) -> list[str]:
    """Why `amount` is not a lawful fine for a person or a unit (rules §6.15), in Chinese."""
    if amount != amount.quantize(CENT) or amount <= 0:
        return [_("罚款金额须为正数并精确到分")]
    if is_unit and not FINE_UNIT_MIN <= amount <= FINE_UNIT_MAX:
        return [_("对单位的罚款金额为五万元以上一百万元以下（民事诉讼法第118条）")]
    if not is_unit and amount > FINE_PERSON_MAX:
        return [_("对个人的罚款金额为人民币十万元以下（民事诉讼法第118条）")]
    return []


def detention_problems(days: int, is_unit: bool = False) -> list[str]:
    """rules §6.15: 1–15 days, and only a natural person is detained (a unit's representative, never
    the unit)."""
    problems = []
    if not 1 <= days <= DETENTION_MAX_DAYS:
        problems.append(_("拘留期限为十五日以下（民事诉讼法第118条）"))
    if is_unit:
        problems.append(_("不能对单位拘留，应对其主要负责人或直接责任人员采取"))
    return problems


def release_at(started_at: dt.datetime, days: int) -> dt.datetime:
    """When a detention of `days` days taken at `started_at` ends: `days` × 24 hours later."""
    return started_at + dt.timedelta(days=days)


def questioning_ends_by(started_at: dt.datetime, detention_may_follow: bool) -> dt.datetime:
    """rules §6.14: the summoned person is questioned for at most 8 hours, 24 if detention may follow."""
    hours = QUESTIONING_HOURS_DETENTION if detention_may_follow else QUESTIONING_HOURS
    return started_at + dt.timedelta(hours=hours)


def questioning_problems(
    started_at: dt.datetime, ended_at: dt.datetime, detention_may_follow: bool
) -> list[str]:
    if ended_at < started_at:
        return [_("询问结束时间早于开始时间")]
    if ended_at > questioning_ends_by(started_at, detention_may_follow):
        hours = QUESTIONING_HOURS_DETENTION if detention_may_follow else QUESTIONING_HOURS
        return [_("拘传询问时间不得超过%(hours)s小时") % {"hours": hours}]
    return []


def subject_problems(kind: str, is_unit: bool, role: str) -> list[str]:
    """Against a unit, a summons, detention, exit ban or search names its legal representative,
    principal or responsible person (rules §6.14, §6.16); against a person, the person."""
    if kind in (FINE, REWARD, SEARCH):
        return []
    if is_unit and role not in UNIT_ROLES:
        return [_("对单位应对其法定代表人、主要负责人或直接责任人员采取措施")]
    if not is_unit and role != PERSON:
        return [_("对自然人只能对被执行人本人采取措施")]
    return []


def end_problems(kind: str, reason: str) -> list[str]:
    if reason not in END_REASONS_OF.get(kind, ()):
        return [_("该措施不能以此事由结束")]
    return []


def reward_decision_due(applied_on: dt.date) -> Deadline:
    """rules §3.2: decide on the applicant's reward-notice application within 10 days."""
    return provisional_due(applied_on, REWARD_DECISION_DAYS, "days")


def reward_problems(amount: Decimal, recovered_available: Decimal) -> list[str]:
    """rules §6.13: the reward is paid from the applicant's recovered money, so never more than what
    the case account holds for the applicant."""
    if amount <= 0 or amount != amount.quantize(CENT):
        return [_("悬赏金额须为正数并精确到分")]
    if amount > recovered_available:
        return [_("悬赏金从申请执行人执行到位的款项中支付，案件账户可用余额不足")]
    return []


@dataclass(frozen=True)
class Lead:
    seq: int
    confirmed: bool


def rewarded(leads: Sequence[Lead]) -> int | None:
    """rules §6.13: informants are registered in order; the first (lowest seq) whose lead checks out is
    the one rewarded."""
    ok = [lead.seq for lead in leads if lead.confirmed]
    return min(ok) if ok else None


# Allowed next steps of a measure (the case page offers exactly these).
NEXT = {
    "proposed": ("approve", "refuse", "cancel"),
    "approved": ("carry_out", "cancel"),
    "in_force": ("end",),
    "refused": (),
    "ended": (),
    "cancelled": (),
}


def obstruction_met(kind: str, measure_kinds: Iterable[str], referred: bool) -> bool:
    """rules §2.3 art 1 item 5 and art 2: an obstruction is met by a fine or detention, or by a
    referral for the crime; a missing debtor is met when a summons or a search was carried out (the
    debtor was looked for)."""
    kinds = set(measure_kinds)
    if referred or kinds & set(PUNISHING):
        return True
    return kind == MISSING and bool(kinds & set(FINDING))


# --- Field operations (rules §5.3; glossary 外勤) -----------------------------------------------

VEHICLE, DRONE, BODY_CAMERA, PRINTER, VEST, OTHER_EQUIPMENT = (
    "vehicle",
    "drone",
    "body_camera",
    "printer",
    "vest",
    "other",
)
EQUIPMENT_KINDS = [
    (VEHICLE, gettext_lazy("执行车辆")),
    (DRONE, gettext_lazy("无人机")),
    (BODY_CAMERA, gettext_lazy("执法记录仪")),
    (PRINTER, gettext_lazy("便携式打印机")),
    (VEST, gettext_lazy("防刺背心")),
    (OTHER_EQUIPMENT, gettext_lazy("其他装备")),
]
DUTY_ROLES = [
    ("commander", gettext_lazy("指挥长")),
    ("officer", gettext_lazy("值班执行员")),
    ("driver", gettext_lazy("驾驶员")),
    ("police", gettext_lazy("司法警察")),
]
OPERATION_KINDS = [
    ("ordinary", gettext_lazy("日常外勤")),
    ("concentrated", gettext_lazy("集中执行行动")),
    ("night", gettext_lazy("凌晨或夜间执行")),
    ("urgent", gettext_lazy("执行110快速反应")),
]
LEADER_ROLE, OFFICER_ROLE, POLICE_ROLE, CLERK_ROLE = "leader", "officer", "police", "clerk"
TEAM_ROLES = [
    (LEADER_ROLE, gettext_lazy("带队")),
    (OFFICER_ROLE, gettext_lazy("执行人员")),
    (POLICE_ROLE, gettext_lazy("司法警察")),
    (CLERK_ROLE, gettext_lazy("书记员")),
]
# Who counts as an officer for the two-officer rule (rules §5.3: 执行人员).
OFFICER_ROLES = (LEADER_ROLE, OFFICER_ROLE)
WITNESS_KINDS = [
    ("deputy", gettext_lazy("人大代表")),
    ("cppcc", gettext_lazy("政协委员")),
    ("procurator", gettext_lazy("检察官")),
    ("media", gettext_lazy("媒体记者")),
    ("community", gettext_lazy("基层组织人员")),
    ("other", gettext_lazy("其他见证人")),
]
CHECK_IN, FINDING_RECORD, CASH, SEIZURE, MEASURE_RECORD, NOTE = (
    "check_in",
    "finding",
    "cash",
    "seizure",
    "measure",
    "note",
)
RECORD_KINDS = [
    (CHECK_IN, gettext_lazy("到达签到")),
    (FINDING_RECORD, gettext_lazy("现场情况")),
    (CASH, gettext_lazy("现场收款")),
    (SEIZURE, gettext_lazy("查封扣押")),
    (MEASURE_RECORD, gettext_lazy("强制措施")),
    (NOTE, gettext_lazy("备注")),
]
PHOTO, VIDEO, AUDIO, SCAN = "photo", "video", "audio", "scan"
EVIDENCE_KINDS = [
    (PHOTO, gettext_lazy("照片")),
    (VIDEO, gettext_lazy("执法记录仪视频")),
    (AUDIO, gettext_lazy("录音")),
    (SCAN, gettext_lazy("扫描件")),
]

# rules §5.3: at least two officers present where money or property is taken.
MIN_OFFICERS_FOR_PROPERTY = 2


def team_problems(officer_count: int, takes_property: bool) -> list[str]:
    if takes_property and officer_count < MIN_OFFICERS_FOR_PROPERTY:
        return [_("涉及收取款物的外勤须有两名以上执行人员")]
    if officer_count < 1:
        return [_("外勤行动须至少有一名执行人员")]
    return []


def cash_problems(officer_ids: Iterable[object], receipt_number: str, amount: Decimal) -> list[str]:
    """rules §5.3: two officers present, a receipt issued on the spot."""
    problems = []
    if len(set(officer_ids)) < MIN_OFFICERS_FOR_PROPERTY:
        problems.append(_("现场收取现金须有两名以上执行人员在场"))
    if not receipt_number.strip():
        problems.append(_("须填写现场开具的收据号"))
    if amount <= 0 or amount != amount.quantize(CENT):
        problems.append(_("收款金额须为正数并精确到分"))
    return problems


def handover_problems(taken_on: dt.date, handed_on: dt.date, late_reason: str) -> list[str]:
    """rules §5.3: handed to finance the same day, or within 1 day with reasons."""
    if handed_on < taken_on:
        return [_("移交日期早于收款日期")]
    late = (handed_on - taken_on).days
    if late == 0:
        return []
    if late == 1 and late_reason.strip():
        return []
    if late == 1:
        return [_("现场收取的款项应当日移交财务；次日移交须说明理由")]
    return [_("现场收取的款项移交财务已超过一日")]


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    """Two bookings [start, end) overlap when each starts before the other ends (touching is fine)."""
    return a_start < b_end and b_start < a_end


def booking_conflicts(
    start: dt.datetime, end: dt.datetime, existing: Iterable[tuple[dt.datetime, dt.datetime]]
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The existing bookings of one item that [start, end) would double-book."""
    return [(s, e) for s, e in existing if overlaps(start, end, s, e)]


def fingerprint(data: bytes) -> str:
    """The SHA-256 of an evidence file, as hex: what the file keeps and `zhixing check` proves."""
    return hashlib.sha256(data).hexdigest()


# --- Refusal-to-enforce referral (rules §10.3) --------------------------------------------------

REFUSAL, WAGE = "art313", "art276_1"
CRIMES = [
    (REFUSAL, gettext_lazy("拒不执行判决、裁定罪（刑法第313条）")),
    (WAGE, gettext_lazy("拒不支付劳动报酬罪（刑法第276条之一）")),
]
# rules §10.3.3 (法发〔2025〕8号): decide to file within 7 days of receipt, 30 if complex; tell the court
# within 7 days of deciding not to file; answer the procuratorate within 7 days; file within 15 days
# of being ordered to.
DECISION_DAYS = 7
COMPLEX_DECISION_DAYS = 30
NOT_FILED_NOTICE_DAYS = 7
PROCURATORATE_REPLY_DAYS = 7
FILE_AFTER_ORDER_DAYS = 15
# rules §10.3.4 (法〔2018〕147号): 60 days without a written reply opens private prosecution.
PRIVATE_PROSECUTION_DAYS = 60


def decision_due(received_on: dt.date, complex_case: bool) -> Deadline:
    return provisional_due(received_on, COMPLEX_DECISION_DAYS if complex_case else DECISION_DAYS, "days")


def not_filed_notice_due(decided_on: dt.date) -> Deadline:
    return provisional_due(decided_on, NOT_FILED_NOTICE_DAYS, "days")


def procuratorate_reply_due(escalated_on: dt.date) -> Deadline:
    return provisional_due(escalated_on, PROCURATORATE_REPLY_DAYS, "days")


def file_after_order_due(ordered_on: dt.date) -> Deadline:
    return provisional_due(ordered_on, FILE_AFTER_ORDER_DAYS, "days")


def private_route_on(sent_on: dt.date) -> dt.date:
    """The first day the applicant may sue privately when the police have not replied in writing: the
    day after 60 days from the referral (CPL art 85: the starting day is not counted)."""
    return sent_on + dt.timedelta(days=PRIVATE_PROSECUTION_DAYS + 1)


def private_prosecution_open(
    sent_on: dt.date | None,
    today: dt.date,
    written_reply: bool,
    not_filed: bool,
    not_prosecuted: bool,
) -> str:
    """rules §10.3.4: why a private prosecution is open ("" when it is not): the police declined to
    file, the procuratorate declined to prosecute, or 60 days passed with no written reply."""
    if not_filed:
        return _("公安机关决定不予立案")
    if not_prosecuted:
        return _("人民检察院决定不起诉")
    if sent_on and not written_reply and today >= private_route_on(sent_on):
        return _("移送后六十日内公安机关未书面答复")
    return ""


# The referral's allowed next steps (the case page offers exactly these).
REFERRAL_NEXT = {
    "drafted": ("approve", "withdraw"),
    "approved": ("send", "withdraw"),
    "sent": ("receive", "withdraw"),
    "received": ("file", "not_file", "performed", "withdraw"),
    "filed": ("prosecute", "performed"),
    "not_filed": ("escalate", "private"),
    "escalated": ("file", "private"),
    "prosecuted": ("convict", "performed"),
    "private": (),
    "convicted": (),
    "performed": (),
    "withdrawn": (),
}
# A referral counts for condition 5 of 终本 once it has been sent (rules §2.3 art 1 item 5:
# "criminal proceedings started").
REFERRED = (
    "sent",
    "received",
    "filed",
    "not_filed",
    "escalated",
    "private",
    "prosecuted",
    "convicted",
    "performed",
)
