"""Scoring rules of the annual assessment (述职评议): pure functions, no database.

The assessment score, the review score, the composite and the grade follow issue 3 item 7. Every score
is a Decimal rounded half-up to two places, so a published figure is reproducible by hand.

Units (issue 7, "assessment that cannot be fooled"): a round stores every rate, target of a rate,
weight and share as a fraction of 1 (0.474), as the bulletin does, and an average in days. People type
and read them in per cent (47.4). `typed_to_stored` and `stored_to_typed` are the only conversion
between the two; every stored figure is range-checked against its unit (a rate above 1 is refused), so
a percentage can never be scored against a fractional target.
"""

from __future__ import annotations

import datetime as dt
import hmac
import math
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from hashlib import sha256
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

HIGHER = "higher"
LOWER = "lower"  # e.g. average_days: fewer days is better
DIRECTIONS = {HIGHER: _noop("越高越好"), LOWER: _noop("越低越好")}

# Units of an assessed indicator: a rate (stored as a fraction of 1, typed in per cent) or an average
# number of days. Weights, score shares and grade quotas are shares too, so they use RATE.
RATE = "rate"
DAYS = "days"
UNIT_OF_KIND = {"rate": RATE, "average": DAYS}  # IndicatorDefinition.kind → unit
MAX_DAYS = Decimal(3650)  # an average of ten years to close a case is a typing error
THRESHOLDS = "thresholds"
QUOTA = "quota"

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ONE = Decimal(1)

# Default settings of a new round: the weights and targets a high court starts from and edits.
# Stored units: the 0.9 below is 90 %.
DEFAULT_INDICATORS: dict[str, dict[str, str]] = {
    "closure_rate": {"weight": "0.3", "target": "0.9", "direction": HIGHER, "unit": RATE},
    "actual_execution_rate": {"weight": "0.2", "target": "0.5", "direction": HIGHER, "unit": RATE},
    "realization_rate": {"weight": "0.2", "target": "0.6", "direction": HIGHER, "unit": RATE},
    "statutory_period_rate": {"weight": "0.2", "target": "0.95", "direction": HIGHER, "unit": RATE},
    "average_days": {"weight": "0.1", "target": "120", "direction": LOWER, "unit": DAYS},
}
DEFAULT_GRADING: dict[str, Any] = {
    "mode": THRESHOLDS,
    "grades": [
        {"name": "优秀", "min": "90", "share": "0.3"},
        {"name": "良好", "min": "80"},
        {"name": "合格", "min": "60"},
    ],
    "fallback": "不合格",
}

# Ballot codes: 12 characters from 31 that cannot be mistaken for one another when read off paper
# (no 0/O, 1/I/L): 31^12 ≈ 2^59, so guessing one within the rate limit is hopeless.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def _dec(value: Any) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(_("“%(value)s”不是数字") % {"value": value})
    if not d.is_finite():
        raise ValueError(_("“%(value)s”不是有限的数字") % {"value": value})
    return d


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- units -------------------------------------------------------------------------------------------


def typed_to_stored(unit: str, typed: Any) -> Decimal:
    """What a person typed (per cent for a rate or share, days for an average) as the round stores it
    (a fraction of 1, or days). The only conversion from typed to stored figures."""
    value = _dec(str(typed).strip().rstrip("%％").strip())
    return value / HUNDRED if unit == RATE else value


def stored_to_typed(unit: str, stored: Any) -> Decimal:
    """A stored figure as a person reads and types it: per cent for a rate, days for an average.
    Exact (no rounding), so showing a value in a form and saving it back changes nothing."""
    value = _dec(stored)
    shown = value * HUNDRED if unit == RATE else value
    return plain(shown)


def plain(value: Decimal) -> Decimal:
    """The value without trailing zeros and never in exponent form (4740, not 4.74E+3)."""
    return Decimal(format(value.normalize(), "f"))


def shown_text(unit: str, stored: Any) -> str:
    """A stored figure as printed: "95.79%" for a rate (two decimals), "132.5 天" for days (one)."""
    if stored is None or stored == "":
        return "—"
    value = _dec(stored)
    if unit == RATE:
        return f"{(value * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)}%"
    return _("%(days)s 天") % {"days": value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)}


def from_bulletin(unit: str, value: Any) -> Decimal | None:
    """A bulletin figure (a float: a fraction for a rate, days for an average) at the precision the
    bulletin prints it, 95.79 % or 132.5 days, so the round's value can be checked against the
    printed bulletin; None when the bulletin has none (no denominator)."""
    if value is None:
        return None
    d = _dec(repr(value) if isinstance(value, float) else value)
    return d.quantize(Decimal("0.0001") if unit == RATE else Decimal("0.1"), rounding=ROUND_HALF_UP)


def value_problem(unit: str, stored: Decimal, name: str) -> str | None:
    """Why a stored indicator value cannot be right for its unit, or None."""
    if unit == RATE and not (0 <= stored <= 1):
        return _("%(name)s应在 0%% 至 100%% 之间（收到 %(value)s%%）") % {
            "name": name,
            "value": stored_to_typed(RATE, stored),
        }
    if unit == DAYS and not (0 <= stored <= MAX_DAYS):
        return _("%(name)s应在 0 至 %(max)s 天之间（收到 %(value)s）") % {
            "name": name,
            "max": MAX_DAYS,
            "value": stored,
        }
    return None


# --- ballot codes ------------------------------------------------------------------------------------


def new_code(rng: secrets.SystemRandom | None = None) -> str:
    rng = rng or secrets.SystemRandom()
    return "".join(rng.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """Groups of four, as printed: "ABCD-EFGH-JKMN"."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_code(typed: str) -> str | None:
    """The code as stored, from what a member typed (spaces, hyphens and case ignored), or None when it
    cannot be a code at all."""
    code = "".join(ch for ch in (typed or "").upper() if ch not in " -\u3000")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def code_hash(salt: str, code: str) -> str:
    """HMAC-SHA256 of the normalised code under the round's secret salt."""
    return hmac.new(salt.encode(), code.encode(), sha256).hexdigest()


# --- configuration -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    key: str
    weight: Decimal  # a share of 1
    target: Decimal  # stored unit: a fraction of 1 for a rate, days for an average
    direction: str
    unit: str
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.key


def parse_indicators(config: Mapping[str, Mapping[str, Any]]) -> list[Indicator]:
    """The round's indicator settings, in stored units; raises ValueError with the reasons in Chinese.
    Each needs a positive weight (the weights add up to 1), a direction, a unit, and a target in range
    for its unit: a rate's target above 1 (that is, above 100 %) is refused."""
    problems = []
    out = []
    for key, item in config.items():
        name = str(item.get("name") or key)
        try:
            weight, target = _dec(item.get("weight")), _dec(item.get("target"))
        except ValueError:
            problems.append(_("%(name)s的权重或目标值不是数字") % {"name": name})
            continue
        direction = item.get("direction", HIGHER)
        if direction not in DIRECTIONS:
            problems.append(_("%(name)s的方向应为“越高越好”或“越低越好”") % {"name": name})
        unit = str(item.get("unit") or "")
        if unit not in (RATE, DAYS):
            problems.append(_("%(name)s未注明计量单位（百分比或天数）") % {"name": name})
        if weight <= 0:
            problems.append(_("%(name)s的权重应大于 0") % {"name": name})
        if target <= 0:
            problems.append(_("%(name)s的目标值应大于 0") % {"name": name})
        elif unit in (RATE, DAYS) and (problem := value_problem(unit, target, name + _("的目标值"))):
            problems.append(problem)
        out.append(Indicator(key, weight, target, direction, unit, str(item.get("name") or "")))
    if not out and not problems:
        problems.append(_("至少需要设置一项考核指标"))
    elif out and sum(i.weight for i in out) != ONE:
        problems.append(
            _("各考核指标的权重之和应等于 100%%（现为 %(sum)s%%）")
            % {"sum": stored_to_typed(RATE, sum(i.weight for i in out))}
        )
    if problems:
        raise ValueError("；".join(problems))
    return out


def check_weights(assessment_weight: Any, review_weight: Any) -> None:
    """Issue 3 item 7: composite = wa × assessment + wr × review, with wa + wr = 1 and both ≥ 0, so the
    composite lies between its two parts."""
    wa, wr = _dec(assessment_weight), _dec(review_weight)
    if wa < 0 or wr < 0 or wa + wr != ONE:
        raise ValueError(_("考核得分与评议得分的占比均不能为负数，且两者之和应等于 100%"))


@dataclass(frozen=True)
class Grade:
    name: str
    min: Decimal
    share: Decimal | None  # largest share of the courts that may get this grade (quota mode)


@dataclass(frozen=True)
class GradingRule:
    mode: str
    grades: tuple[Grade, ...]  # best first
    fallback: str


def parse_grading(config: Mapping[str, Any]) -> GradingRule:
    mode = config.get("mode", THRESHOLDS)
    if mode not in (THRESHOLDS, QUOTA):
        raise ValueError(_("等次评定方式应为“按分数线”或“按分数线并限定名额比例”"))
    grades = []
    for g in config.get("grades", []):
        name = str(g.get("name", "")).strip()
        if not name:
            raise ValueError(_("等次名称不能为空"))
        share = _dec(g["share"]) if g.get("share") not in (None, "") else None
        if share is not None and not (0 <= share <= 1):
            raise ValueError(_("等次“%(name)s”的名额比例应在 0%% 至 100%% 之间") % {"name": name})
        minimum = _dec(g.get("min", 0))
        if not (0 <= minimum <= HUNDRED):
            raise ValueError(_("等次“%(name)s”的分数线应在 0 至 100 之间") % {"name": name})
        grades.append(Grade(name, minimum, share))
    mins = [g.min for g in grades]
    if mins != sorted(mins, reverse=True):
        raise ValueError(_("等次应按分数线从高到低排列"))
    fallback = str(config.get("fallback", "")).strip()
    if not fallback:
        raise ValueError(_("应设置未达到任何分数线时的等次（如“不合格”）"))
    return GradingRule(mode, tuple(grades), fallback)


# --- scores ------------------------------------------------------------------------------------------


def indicator_attainment(ind: Indicator, actual: Decimal) -> Decimal:
    """How far a court reached the target, capped at 1: actual / target when higher is better, target /
    actual when lower is better (an actual of 0 days or fewer meets any target)."""
    actual = max(actual, Decimal(0))
    if ind.direction == LOWER:
        return ONE if actual <= ind.target else ind.target / actual
    return min(actual / ind.target, ONE)


def assessment_score(indicators: Iterable[Indicator], values: Mapping[str, Any]) -> Decimal:
    """Issue 3 item 7: Σ weight × min(actual / target, 1) × 100, rounded to two places. A missing
    value scores 0 for that indicator (publishing refuses a round with missing values); a value out of
    range for its unit (a rate above 100 %) is refused, never capped into a full score."""
    total = Decimal(0)
    for ind in indicators:
        raw = values.get(ind.key)
        if raw is None or raw == "":
            continue
        actual = _dec(raw)
        if problem := value_problem(ind.unit, actual, ind.label):
            raise ValueError(problem)
        total += ind.weight * indicator_attainment(ind, actual)
    return q2(total * HUNDRED)


def review_score(scores: Iterable[int]) -> Decimal | None:
    """The mean of the panel's scores, two places; None when nobody voted."""
    scores = list(scores)
    if not scores:
        return None
    return q2(Decimal(sum(scores)) / Decimal(len(scores)))


def composite_score(assessment: Decimal, review: Decimal, wa: Any, wr: Any) -> Decimal:
    return q2(_dec(wa) * assessment + _dec(wr) * review)


def grade_thresholds(score: Decimal, rule: GradingRule) -> str:
    for g in rule.grades:
        if score >= g.min:
            return g.name
    return rule.fallback


def grade_all(scores: Mapping[str, Decimal], rule: GradingRule) -> dict[str, str]:
    """The grade of each court. Thresholds: the best grade whose line the score reaches. Quota: the
    same, and a grade with a share takes at most floor(share × courts) courts by rank. Courts with equal
    scores get the same grade: if a tied group does not fit in what is left of a grade's places, the
    whole group goes down (a quota is a ceiling), and that grade is closed to every lower score, so a
    lower score never gets a better grade than a higher one."""
    if rule.mode == THRESHOLDS:
        return {k: grade_thresholds(s, rule) for k, s in scores.items()}
    n = len(scores)
    caps = [math.inf if g.share is None else math.floor(g.share * n) for g in rule.grades]
    taken = [0] * len(rule.grades)
    closed: set[int] = set()
    out: dict[str, str] = {}
    by_score: dict[Decimal, list[str]] = {}
    for k, s in scores.items():
        by_score.setdefault(s, []).append(k)
    for s in sorted(by_score, reverse=True):
        group = by_score[s]
        name = rule.fallback
        for i, g in enumerate(rule.grades):
            if i in closed or s < g.min:
                continue
            if taken[i] + len(group) > caps[i]:
                closed.add(i)
                continue
            taken[i] += len(group)
            name = g.name
            break
        for k in group:
            out[k] = name
    return out


def publish_refusals(
    *,
    issued: int,
    used: int,
    quorum_decided: bool,
    today: dt.date,
    held_on: dt.date,
    early_confirmed: bool,
) -> list[str]:
    """Why a round may not be published yet (empty when it may). Every code issued must have voted,
    unless the chair has recorded a quorum decision; and a result is not published before the day of
    the meeting unless that is explicitly confirmed."""
    out = []
    if used == 0:
        out.append(_("尚无人投票，不能公布结果"))
    elif used < issued and not quorum_decided:
        out.append(
            _("已发放投票码 %(issued)d 个，仅投票 %(used)d 票：须由评议会主持人记录法定人数决定后才能公布")
            % {"issued": issued, "used": used}
        )
    if today < held_on and not early_confirmed:
        out.append(
            _("述职评议会日期为 %(held)s，今天是 %(today)s：在评议会日期之前公布须明确确认并说明理由")
            % {"held": held_on.isoformat(), "today": today.isoformat()}
        )
    return out


def grade_rank(name: str, rule: GradingRule) -> int:
    """0 for the best grade, len(grades) for the fallback (for comparing grades)."""
    names = [g.name for g in rule.grades]
    return names.index(name) if name in names else len(names)
