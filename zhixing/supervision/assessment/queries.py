"""Reads of the annual assessment shared by the staff pages, the public pages and publishing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from zhixing.courts import rules as court_rules
from zhixing.courts.queries import courts_for, has_role
from zhixing.supervision.models import (
    AssessmentRound,
    AssessmentVote,
    BallotCode,
    Bulletin,
    IndicatorDefinition,
)

from .. import permissions
from . import rules


def is_chair(user, rnd: AssessmentRound) -> bool:
    """Whether `user` may take the chair's decisions on the round (the quorum): a court leader of the
    organising court or of a court above it. Not an administrator, and not merely a superuser."""
    return permissions.may_chair(user, rnd.court)


@dataclass(frozen=True)
class Assessable:
    """An indicator a round may assess: a rate or an average of the nationwide definitions."""

    key: str
    name: str
    unit: str
    higher_is_better: bool


def assessable_indicators() -> list[Assessable]:
    """Every rate and average indicator, in the bulletin's order, with its current nationwide name."""
    out: dict[str, Assessable] = {}
    for d in IndicatorDefinition.objects.filter(court=None, kind__in=list(rules.UNIT_OF_KIND)).order_by(
        "position", "key", "-effective_from"
    ):
        out.setdefault(d.key, Assessable(d.key, d.name, rules.UNIT_OF_KIND[d.kind], d.higher_is_better))
    return list(out.values())


@dataclass(frozen=True)
class BulletinFigures:
    bulletin: int
    week: str
    end: dt.date
    values: dict[str, float | None]  # indicator key → the bulletin's value (a fraction, or days)


def year_end_figures(year: int, codes: set[str], keys: list[str]) -> dict[str, BulletinFigures]:
    """For each court code, its area figures (the court with the courts below it) in the last stored
    bulletin of `year` that reports the court: the bulletin whose period ends latest in that year (a
    bulletin covers 1 January to a Sunday), the newest made when a week was made more than once."""
    found: dict[str, BulletinFigures] = {}
    bulletins = Bulletin.objects.filter(end__year=year).order_by("-end", "-made_at", "-id")
    for b in bulletins.only("id", "week", "end", "content").iterator():
        if found.keys() >= codes:
            break
        data = json.loads(b.content)
        for row in data.get("courts", []):
            code = row.get("court_code")
            if row.get("area") is not True or code not in codes or code in found:
                continue
            figures = row.get("indicators", {})
            values = {k: figures[k].get("value") if isinstance(figures.get(k), dict) else None for k in keys}
            found[code] = BulletinFigures(b.pk, b.week, b.end, values)
    return found


def can_manage(user, rnd: AssessmentRound) -> bool:
    """A leader or an administrator of the high court that runs the round (or of a court above it)."""
    return permissions.may_manage_round(user, rnd.court)


def can_view_results(user, rnd: AssessmentRound) -> bool:
    """Anyone holding any role at the organising court sees the published results (the panel are its
    staff); managers see them before publication too."""
    if can_manage(user, rnd):
        return True
    return rnd.status == AssessmentRound.PUBLISHED and has_role(
        user, list(court_rules.ROLE_LABELS), rnd.court
    )


def rounds_for(user) -> QuerySet[AssessmentRound]:
    qs = AssessmentRound.objects.select_related("court")
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(court__in=courts_for(user, list(court_rules.ROLE_LABELS)))


def assessed_courts(rnd: AssessmentRound):
    return list(rnd.courts.order_by("code"))


def ballot_counts(rnd: AssessmentRound) -> dict[str, int]:
    row = BallotCode.objects.filter(round=rnd).aggregate(
        issued=Count("id"), used=Count("id", filter=Q(used=True))
    )
    return {"issued": row["issued"], "used": row["used"]}


def tally(rnd: AssessmentRound) -> dict[int, list[int]]:
    """Every score each court received, sorted (court id → scores). One query."""
    out: dict[int, list[int]] = {}
    for court_id, score in (
        AssessmentVote.objects.filter(round=rnd)
        .order_by("court_id", "score")
        .values_list("court_id", "score")
    ):
        out.setdefault(court_id, []).append(score)
    return out


def indicator_name(rnd: AssessmentRound, key: str) -> str:
    return str(rnd.indicator_config.get(key, {}).get("name") or key)


def missing_values(rnd: AssessmentRound, courts=None) -> list[str]:
    """ "court: indicator" for every value the round still lacks."""
    courts = assessed_courts(rnd) if courts is None else courts
    missing = []
    for c in courts:
        have = rnd.indicator_values.get(c.code, {})
        missing += [
            f"{c.name}：{indicator_name(rnd, k)}" for k in rnd.indicator_config if have.get(k) in (None, "")
        ]
    return missing


def compute_results(rnd: AssessmentRound) -> dict:
    """The results as they would be published now: per court the indicator score, the tally, the review
    score, the composite and the grade, ranked by composite. Decimals are strings (JSON-safe, exact)."""
    indicators = rules.parse_indicators(rnd.indicator_config)
    grading = rules.parse_grading(rnd.grading)
    courts = assessed_courts(rnd)
    votes = tally(rnd)
    rows = []
    composites = {}
    for c in courts:
        values = rnd.indicator_values.get(c.code, {})
        try:
            a = rules.assessment_score(indicators, values)
        except ValueError as exc:
            raise ValueError(f"{c.name}：{exc}") from exc
        scores = votes.get(c.id, [])
        r = rules.review_score(scores)
        comp = (
            rules.composite_score(a, r, rnd.assessment_weight, rnd.review_weight) if r is not None else None
        )
        if comp is not None:
            composites[c.code] = comp
        rows.append(
            {
                "court_code": c.code,
                "court_name": c.name,
                "indicators": {i.key: values.get(i.key) for i in indicators},
                "assessment_score": str(a),
                "votes": len(scores),
                "scores": scores,
                "review_score": None if r is None else str(r),
                "composite": None if comp is None else str(comp),
            }
        )
    grades = rules.grade_all(composites, grading)
    order = sorted(composites, key=lambda k: composites[k], reverse=True)
    ranks = {}
    for k in order:  # competition ranking: equal composites share a rank
        ranks[k] = next(i for i, o in enumerate(order, start=1) if composites[o] == composites[k])
    for row in rows:
        row["grade"] = grades.get(row["court_code"], "")
        row["rank"] = ranks.get(row["court_code"])
    rows.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0, row["court_code"]))
    counts = ballot_counts(rnd)
    return {
        "round": rnd.pk,
        "year": rnd.year,
        "title": rnd.title,
        "court": rnd.court.name,
        "held_on": rnd.held_on.isoformat(),
        "assessment_weight": str(rnd.assessment_weight),
        "review_weight": str(rnd.review_weight),
        "grading_mode": grading.mode,
        "indicator_config": rnd.indicator_config,
        "panel_size": rnd.panel_size,
        "ballots_cast": counts["used"],
        "value_sources": rnd.value_sources,
        "rows": rows,
    }


def results_for_display(rnd: AssessmentRound) -> dict:
    """The frozen results once published, else the live preview."""
    if rnd.status == AssessmentRound.PUBLISHED and rnd.results:
        return rnd.results
    return compute_results(rnd)
