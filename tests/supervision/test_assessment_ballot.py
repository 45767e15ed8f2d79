"""A test round of the annual assessment (述职评议): a panel of 7 votes with one-time codes, refusals,
secrecy of the ballot, composite scores and grades, publishing and the PDF."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models

from zhixing.cases.actions import ActionError
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.courts import actions as court_actions
from zhixing.courts import actors
from zhixing.supervision.assessment import actions, queries, rules
from zhixing.supervision.models import AssessmentRound, AssessmentVote, BallotCode

from ..documents.pdfinspect import embedded_fonts

CONFIG = {
    "closure_rate": {"weight": "0.5", "target": "0.9", "direction": "higher"},
    "realization_rate": {"weight": "0.3", "target": "0.6", "direction": "higher"},
    "average_days": {"weight": "0.2", "target": "120", "direction": "lower"},
}
VALUES = {
    # 0.5×1 + 0.3×(0.45/0.6=0.75) + 0.2×(120/150=0.8) = 0.5 + 0.225 + 0.16 = 0.885 → 88.50
    "冀96": {"closure_rate": "0.95", "realization_rate": "0.45", "average_days": "150"},
    # 0.5×(0.81/0.9=0.9) + 0.3×1 + 0.2×1 = 0.45 + 0.3 + 0.2 = 0.95 → 95.00
    "冀01": {"closure_rate": "0.81", "realization_rate": "0.66", "average_days": "100"},
    # 0.5×(0.72/0.9=0.8) + 0.3×(0.3/0.6=0.5) + 0.2×(120/240=0.5) = 0.4 + 0.15 + 0.1 = 0.65 → 65.00
    "冀02": {"closure_rate": "0.72", "realization_rate": "0.30", "average_days": "240"},
}
REASON = "按年度统计报表录入"  # no bulletin is stored in these tests: every value is a person's entry
# Seven ballots; column i is member i's ballot.
PANEL = {
    "冀96": [90, 85, 88, 92, 80, 95, 87],  # Σ 617 / 7 = 88.142… → 88.14
    "冀01": [70, 75, 80, 72, 68, 74, 71],  # Σ 510 / 7 = 72.857… → 72.86
    "冀02": [60, 65, 58, 62, 70, 55, 61],  # Σ 431 / 7 = 61.571… → 61.57
}


@pytest.fixture
def chair(courts):
    """The chair of the meeting: a court leader of the high court that runs the round."""
    from zhixing.courts import rules as court_rules

    return court_actions.create_user("wu", "吴院长", "pw-wu", courts.high, [court_rules.LEADER], actor=CLI)


@pytest.fixture
def tangshan(courts):
    return court_actions.create_court("冀02", "唐山市中级人民法院", parent=courts.high, actor=CLI)


def _create_round(courts, cast, **settings):
    """The high court's 2025 round over CONFIG, created by the administrator; `settings` replace the
    defaults (70/30 weights, the default grading)."""
    defaults = {
        "court": courts.high,
        "year": 2025,
        "title": "2025年度全省中级法院执行局长述职评议",
        "held_on": dt.date(2026, 1, 20),
        "assessment_weight": "0.7",
        "review_weight": "0.3",
        "indicator_config": CONFIG,
        "actor": cast.admin,
    }
    return actions.create_round(**{**defaults, **settings})


@pytest.fixture
def rnd(courts, cast, tangshan):
    return _create_round(courts, cast)


def ballot(rnd, member: int) -> dict[int, int]:
    by_code = {c.code: c.id for c in rnd.courts.all()}
    return {by_code[code]: scores[member] for code, scores in PANEL.items()}


@pytest.fixture
def voted(rnd, cast):
    actions.set_indicator_values(rnd, VALUES, reason=REASON, actor=cast.admin)
    codes = actions.issue_codes(rnd, 7, actor=cast.admin)
    for member, code in enumerate(codes):
        actions.cast_ballot(rnd, code, ballot(rnd, member))
    return rnd, codes


def test_round_covers_the_intermediate_courts_below_the_high_court(rnd):
    assert sorted(c.code for c in rnd.courts.all()) == ["冀01", "冀02", "冀96"]
    assert rnd.status == AssessmentRound.DRAFT


def test_only_a_leader_or_admin_of_the_high_court_runs_a_round(courts, cast, tangshan, rnd):
    # 刘院长 leads 冀96, not the high court.
    with pytest.raises(PermissionDenied):
        actions.create_round(
            court=courts.high, year=2024, title="x", held_on=dt.date(2025, 1, 1), actor=cast.president
        )
    with pytest.raises(PermissionDenied):
        actions.issue_codes(rnd, 7, actor=cast.outsider)
    with pytest.raises(ActionError, match="高级人民法院"):
        actions.create_round(
            court=courts.xiongan, year=2024, title="x", held_on=dt.date(2025, 1, 1), actor=actors.CLI
        )


def test_a_panel_of_seven_votes_and_the_tally_matches_what_each_voted(voted):
    rnd, codes = voted
    assert len(codes) == 7 and len(set(codes)) == 7
    assert queries.ballot_counts(rnd) == {"issued": 7, "used": 7}
    tally = queries.tally(rnd)
    for court in rnd.courts.all():
        # Any member can find their own score in the sorted list of the court's scores.
        assert tally[court.id] == sorted(PANEL[court.code])


def test_reused_and_unknown_codes_are_refused(voted):
    rnd, codes = voted
    with pytest.raises(ActionError) as used:
        actions.cast_ballot(rnd, codes[0], ballot(rnd, 0))
    assert "只能使用一次" in used.value.messages[0]
    # Same code typed differently is still the same code.
    with pytest.raises(ActionError, match="只能使用一次"):
        actions.cast_ballot(rnd, codes[3].lower().replace("-", " "), ballot(rnd, 0))
    unknown = rules.format_code(rules.new_code())
    with pytest.raises(ActionError) as bad:
        actions.cast_ballot(rnd, unknown, ballot(rnd, 0))
    assert "投票码无效" in bad.value.messages[0]
    with pytest.raises(ActionError, match="投票码无效"):
        actions.cast_ballot(rnd, "not a code", ballot(rnd, 0))
    assert AssessmentVote.objects.filter(round=rnd).count() == 21


def test_a_ballot_needs_a_valid_score_for_every_court_and_spends_no_code_when_refused(rnd, cast):
    code = actions.issue_codes(rnd, 1, actor=cast.admin)[0]
    partial = ballot(rnd, 0)
    partial.pop(next(iter(partial)))
    with pytest.raises(ActionError, match="0 至 100"):
        actions.cast_ballot(rnd, code, partial)
    over = {k: 101 for k in ballot(rnd, 0)}
    with pytest.raises(ActionError, match="0 至 100"):
        actions.cast_ballot(rnd, code, over)
    assert not BallotCode.objects.filter(round=rnd, used=True).exists()
    actions.cast_ballot(rnd, code, ballot(rnd, 0))  # the code still works


def test_a_failure_after_the_code_is_marked_rolls_the_code_back(rnd, cast, monkeypatch):
    code = actions.issue_codes(rnd, 1, actor=cast.admin)[0]

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions.audit, "append", boom)
    with pytest.raises(RuntimeError):
        actions.cast_ballot(rnd, code, ballot(rnd, 0))
    assert not BallotCode.objects.filter(round=rnd, used=True).exists()
    assert not AssessmentVote.objects.filter(round=rnd).exists()


def test_nothing_stored_links_a_vote_to_a_member_or_a_code(voted, cast):
    rnd, codes = voted
    vote_fields = {f.name for f in AssessmentVote._meta.get_fields()}
    assert vote_fields == {"id", "round", "court", "score"}
    assert isinstance(AssessmentVote._meta.pk, models.UUIDField)  # no sequential id telling the order
    code_fields = {f.name for f in BallotCode._meta.get_fields()}
    assert code_fields == {"id", "round", "code_hash", "used"}
    for model in (AssessmentVote, BallotCode):
        for f in model._meta.get_fields():
            # No time finer than the round's date, no user, no relation between codes and votes.
            assert not isinstance(f, models.DateField | models.DateTimeField | models.TimeField), f
            if f.is_relation:
                assert f.related_model.__name__ in {"AssessmentRound", "Court"}, f
    # The codes themselves are nowhere: only their keyed hashes.
    hashes = set(BallotCode.objects.values_list("code_hash", flat=True))
    assert hashes == {rules.code_hash(rnd.salt, rules.normalize_code(c)) for c in codes}
    # The audit log says how many codes were issued and that votes were cast, nothing about which.
    entries = list(AssessmentEntries(rnd))
    issued = [e for e in entries if e.action == "assessment_codes_issued"]
    assert [e.detail for e in issued] == [{"issued": 7}]
    cast_entries = [e for e in entries if e.action == "assessment_vote_cast"]
    assert len(cast_entries) == 7
    assert all(e.detail == {} and e.actor_id is None for e in cast_entries)
    everything = json.dumps([e.detail for e in AuditEntry.objects.all()], ensure_ascii=False)
    for c in codes:
        assert rules.normalize_code(c) not in everything.replace("-", "")
    for h in hashes:
        assert h not in everything
    assert rnd.salt not in everything


def AssessmentEntries(rnd):  # noqa: N802 - reads like the table it filters
    return AuditEntry.objects.filter(object_type="supervision.assessmentround", object_id=str(rnd.pk))


def test_composite_scores_and_grades_follow_the_settings(voted, cast):
    rnd, _codes = voted
    rows = {row["court_code"]: row for row in queries.compute_results(rnd)["rows"]}
    # 冀96: 0.7 × 88.50 + 0.3 × 88.14 = 61.95 + 26.442 = 88.392 → 88.39 → 良好 (80 ≤ 88.39 < 90)
    # 冀01: 0.7 × 95.00 + 0.3 × 72.86 = 66.50 + 21.858 = 88.358 → 88.36 → 良好; the panel's lower
    #       review puts it second although its indicators are better
    # 冀02: 0.7 × 65.00 + 0.3 × 61.57 = 45.50 + 18.471 = 63.971 → 63.97 → 合格
    expect = {
        "冀96": ("88.50", "88.14", "88.39", "良好", 1),
        "冀01": ("95.00", "72.86", "88.36", "良好", 2),
        "冀02": ("65.00", "61.57", "63.97", "合格", 3),
    }
    for code, (a, r, c, grade, rank) in expect.items():
        row = rows[code]
        assert (row["assessment_score"], row["review_score"], row["composite"], row["grade"], row["rank"]) == (
            a, r, c, grade, rank,
        )  # fmt: skip
        assert row["votes"] == 7


def test_other_weights_and_a_quota_change_the_outcome(courts, cast, tangshan):
    rnd = _create_round(
        courts,
        cast,
        title="配额评定",
        assessment_weight="0.5",
        review_weight="0.5",
        grading={
            "mode": "quota",
            "grades": [{"name": "优秀", "min": "75", "share": "0.34"}, {"name": "良好", "min": "70"}],
            "fallback": "一般",
        },
    )
    actions.set_indicator_values(rnd, VALUES, reason=REASON, actor=cast.admin)
    for member, code in enumerate(actions.issue_codes(rnd, 7, actor=cast.admin)):
        actions.cast_ballot(rnd, code, ballot(rnd, member))
    rows = {row["court_code"]: row for row in queries.compute_results(rnd)["rows"]}
    # 冀96: 0.5 × 88.50 + 0.5 × 88.14 = 88.32; 冀01: 0.5 × 95.00 + 0.5 × 72.86 = 83.93;
    # 冀02: 0.5 × 65.00 + 0.5 × 61.57 = 63.285 → 63.29.
    # 优秀 needs ≥ 75 and at most floor(0.34 × 3) = 1 court: 冀96 takes it; 冀01 (83.93 ≥ 75) is pushed
    # down to 良好 by the quota; 冀02 is below 70 → 一般.
    assert {k: (v["composite"], v["grade"]) for k, v in rows.items()} == {
        "冀96": ("88.32", "优秀"),
        "冀01": ("83.93", "良好"),
        "冀02": ("63.29", "一般"),
    }


def test_publishing_closes_voting_freezes_results_and_renders_a_cjk_pdf(voted, cast):
    rnd, codes = voted
    with pytest.raises(PermissionDenied):
        actions.publish_round(rnd, actor=cast.president)
    published = actions.publish_round(rnd, actor=cast.admin)
    assert published.status == AssessmentRound.PUBLISHED
    pdf = bytes(published.result_pdf)
    assert pdf.startswith(b"%PDF")
    fonts = embedded_fonts(pdf)
    assert any("NotoSerifCJK" in f or "NotoSansCJK" in f for f in fonts), fonts
    frozen = published.results
    assert [r["composite"] for r in frozen["rows"]] == ["88.39", "88.36", "63.97"]
    assert frozen["ballots_cast"] == 7
    # Voting is closed, values frozen, and publishing twice is refused.
    with pytest.raises(ActionError, match="不在投票期间"):
        actions.cast_ballot(rnd, rules.format_code(rules.new_code()), ballot(rnd, 0))
    with pytest.raises(ActionError, match="已公布"):
        actions.set_indicator_values(rnd, VALUES, reason=REASON, actor=cast.admin)
    with pytest.raises(ActionError, match="已公布"):
        actions.publish_round(rnd, actor=cast.admin)


def test_the_pdf_lists_the_verifiable_tally(voted, cast):
    from zhixing.supervision.assessment import render

    rnd, _codes = voted
    html = render.results_html(queries.compute_results(rnd))
    assert "80、85、87、88、90、92、95" in html  # 冀96's seven scores, sorted
    assert "88.39" in html and "良好" in html and "河北雄安新区中级人民法院" in html


def test_publishing_needs_every_indicator_value_and_a_vote(rnd, cast, chair):
    code = actions.issue_codes(rnd, 3, actor=cast.admin)[0]
    with pytest.raises(ActionError, match="尚未录入"):
        actions.publish_round(rnd, actor=cast.admin)
    actions.set_indicator_values(rnd, VALUES, reason=REASON, actor=cast.admin)
    with pytest.raises(ActionError, match="尚无人投票"):
        actions.publish_round(rnd, actor=cast.admin)
    actions.cast_ballot(rnd, code, ballot(rnd, 0))
    # One of three: only with the chair's recorded quorum decision (tests/…/test_assessment_safeguards.py).
    with pytest.raises(ActionError, match="法定人数"):
        actions.publish_round(rnd, actor=cast.admin)
    actions.record_quorum_decision(rnd, "应到 3 人，实到 1 人，主持人宣布投票有效", actor=chair)
    assert actions.publish_round(rnd, actor=cast.admin).status == AssessmentRound.PUBLISHED


def test_indicator_values_are_checked_in_stored_units(rnd):
    with pytest.raises(ActionError) as exc:
        actions.set_indicator_values(
            rnd,
            {"冀9601": {"closure_rate": 1}, "冀96": {"closure_rate": "abc", "x": 1}},
            reason=REASON,
            actor=actors.CLI,
        )
    text = "；".join(exc.value.messages)
    assert "冀9601 不是本轮被考核的法院" in text and "不是数字" in text and "x 不是本轮的考核指标" in text
    actions.set_indicator_values(rnd, {"冀96": {"closure_rate": D("0.93")}}, reason=REASON, actor=actors.CLI)
    rnd.refresh_from_db()
    assert rnd.indicator_values == {"冀96": {"closure_rate": "0.93"}}


def test_codes_are_issued_once(rnd, cast):
    actions.issue_codes(rnd, 5, actor=cast.admin)
    with pytest.raises(ActionError, match="不能重复发放"):
        actions.issue_codes(rnd, 5, actor=cast.admin)
