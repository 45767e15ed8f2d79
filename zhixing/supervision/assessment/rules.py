"""Scoring rules of the annual assessment (述职评议): pure functions, no database.

The assessment score, the review score, the composite and the grade follow issue 3 item 7. Every score
is a Decimal rounded half-up to two places, so a published figure is reproducible by hand.
"""

from __future__ import annotations

import hmac
import math
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from hashlib import sha256
from typing import Any

from django.utils.translation import gettext as _

HIGHER = "higher"
LOWER = "lower"  # e.g. average_days: fewer days is better
THRESHOLDS = "thresholds"
QUOTA = "quota"

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ONE = Decimal(1)

# Default settings of a new round: the weights and targets a high court starts from and edits.
DEFAULT_INDICATORS: dict[str, dict[str, str]] = {
    "closure_rate": {"weight": "0.3", "target": "0.9", "direction": HIGHER},
    "actual_execution_rate": {"weight": "0.2", "target": "0.5", "direction": HIGHER},
    "realization_rate": {"weight": "0.2", "target": "0.6", "direction": HIGHER},
    "statutory_period_rate": {"weight": "0.2", "target": "0.95", "direction": HIGHER},
    "average_days": {"weight": "0.1", "target": "120", "direction": LOWER},
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
    weight: Decimal
    target: Decimal
    direction: str


def parse_indicators(config: Mapping[str, Mapping[str, Any]]) -> list[Indicator]:
    """The round's indicator settings; raises ValueError with the reasons in Chinese."""
    problems = []
    out = []
    for key, item in config.items():
        try:
            weight, target = _dec(item.get("weight")), _dec(item.get("target"))
        except ValueError:
            problems.append(_("指标 %(key)s 的权重或目标值不是数字") % {"key": key})
            continue
        direction = item.get("direction", HIGHER)
        if direction not in (HIGHER, LOWER):
            problems.append(
                _("指标 %(key)s 的方向应为 higher（越高越好）或 lower（越低越好）") % {"key": key}
            )
        if weight < 0:
            problems.append(_("指标 %(key)s 的权重不能为负数") % {"key": key})
        if target <= 0:
            problems.append(_("指标 %(key)s 的目标值应大于 0") % {"key": key})
        out.append(Indicator(key, weight, target, direction))
    if not out and not problems:
        problems.append(_("至少需要设置一项考核指标"))
    elif out and sum(i.weight for i in out) != ONE:
        problems.append(_("各考核指标的权重之和应等于 1"))
    if problems:
        raise ValueError("；".join(problems))
    return out


def check_weights(assessment_weight: Any, review_weight: Any) -> None:
    """Issue 3 item 7: composite = wa × assessment + wr × review, with wa + wr = 1 and both ≥ 0, so the
    composite lies between its two parts."""
    wa, wr = _dec(assessment_weight), _dec(review_weight)
    if wa < 0 or wr < 0 or wa + wr != ONE:
        raise ValueError(_("考核得分权重与评议得分权重均不能为负数，且两者之和应等于 1"))


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
        raise ValueError(_("等次评定方式应为 thresholds（分数线）或 quota（名额比例）"))
    grades = []
    for g in config.get("grades", []):
        name = str(g.get("name", "")).strip()
        if not name:
            raise ValueError(_("等次名称不能为空"))
        share = _dec(g["share"]) if g.get("share") not in (None, "") else None
        if share is not None and not (0 <= share <= 1):
            raise ValueError(_("等次 %(name)s 的名额比例应在 0 与 1 之间") % {"name": name})
        grades.append(Grade(name, _dec(g.get("min", 0)), share))
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
    value scores 0 for that indicator (publishing refuses a round with missing values)."""
    total = Decimal(0)
    for ind in indicators:
        raw = values.get(ind.key)
        if raw is None or raw == "":
            continue
        total += ind.weight * indicator_attainment(ind, _dec(raw))
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


def grade_rank(name: str, rule: GradingRule) -> int:
    """0 for the best grade, len(grades) for the fallback (for comparing grades)."""
    names = [g.name for g in rule.grades]
    return names.index(name) if name in names else len(names)
