"""An assessment that cannot be fooled (issue 7): rates in one stored unit so that a percentage never
meets a fractional target; values from the year's last bulletin, edited only with a recorded reason;
publishing only with every code used or the chair's quorum decision, and not before the meeting date
unless confirmed."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhixing.cases.actions import ActionError
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as court_rules
from zhixing.supervision.assessment import actions, queries, render, rules
from zhixing.supervision.models import AssessmentRound, Bulletin, Snapshot

from .test_assessment_ballot import CONFIG, REASON, VALUES, ballot


@pytest.fixture
def chair(courts):
    """The chair of the meeting: a court leader of the high court."""
    return court_actions.create_user("wu", "吴院长", "pw-wu", courts.high, [court_rules.LEADER], actor=CLI)


@pytest.fixture
def make_round(courts, cast):
    court_actions.create_court("冀02", "唐山市中级人民法院", parent=courts.high, actor=CLI)

    def make(held_on=dt.date(2026, 1, 20), config=CONFIG, values=VALUES, title="述职评议"):
        rnd = actions.create_round(
            court=courts.high,
            year=2025,
            title=title,
            held_on=held_on,
            indicator_config=config,
            actor=cast.admin,
        )
        if values:
            actions.set_indicator_values(rnd, values, reason=REASON, actor=cast.admin)
        return rnd

    return make


def entries(rnd, action):
    return list(
        AuditEntry.objects.filter(
            object_type="supervision.assessmentround", object_id=str(rnd.pk), action=action
        )
    )


# --- one unit: a percentage never meets a fractional target ------------------------------------------


def test_the_one_conversion_between_typed_per_cent_and_stored_fractions():
    assert rules.typed_to_stored(rules.RATE, "47.4") == D("0.474")
    assert rules.typed_to_stored(rules.RATE, "47.4%") == D("0.474")
    assert rules.typed_to_stored(rules.DAYS, "132.5") == D("132.5")
    for typed in ("0", "0.5", "47.4", "90", "100", "33.3333"):
        assert rules.stored_to_typed(rules.RATE, rules.typed_to_stored(rules.RATE, typed)) == D(typed)
    assert rules.shown_text(rules.RATE, "0.474") == "47.40%"
    assert rules.shown_text(rules.DAYS, "132.46") == "132.5 天"


def test_a_percentage_is_refused_where_a_fraction_is_stored(make_round, cast):
    # The settings: a rate's target of 90 (meant as 90 %) is above 100 % in stored units.
    with pytest.raises(ValueError, match="结案率的目标值应在 0% 至 100% 之间"):
        rules.parse_indicators(
            {"closure_rate": {"weight": "1", "target": "90", "unit": "rate", "name": "结案率"}}
        )
    with pytest.raises(ActionError, match="目标值应在 0% 至 100% 之间"):
        make_round(
            config={"closure_rate": {"weight": "1", "target": "90", "direction": "higher"}}, values=None
        )
    # The rules: 47.4 against a target of 0.9 is refused, not capped into a full score.
    inds = rules.parse_indicators(rules.DEFAULT_INDICATORS)
    with pytest.raises(ValueError, match="应在 0% 至 100% 之间（收到 4740%）"):
        rules.assessment_score(inds, {"closure_rate": "47.4"})
    # The action: values in stored units, range-checked.
    rnd = make_round()
    with pytest.raises(ActionError, match="冀96 的结案率应在 0% 至 100% 之间"):
        actions.set_indicator_values(
            rnd, {"冀96": {"closure_rate": "47.4"}}, reason="按百分数录入", actor=cast.admin
        )
    rnd.refresh_from_db()
    assert rnd.indicator_values["冀96"]["closure_rate"] == "0.95"


def test_a_value_written_around_the_actions_stops_scoring_and_publishing(make_round, cast, client):
    rnd = make_round()
    for code in actions.issue_codes(rnd, 1, actor=cast.admin):
        actions.cast_ballot(rnd, code, ballot(rnd, 0))
    # As the issue saw it: every rate typed in per cent, straight into the table.
    table = {code: {**row, "closure_rate": "47.4"} for code, row in rnd.indicator_values.items()}
    AssessmentRound.objects.filter(pk=rnd.pk).update(indicator_values=table)
    rnd.refresh_from_db()
    with pytest.raises(ValueError, match="结案率应在 0% 至 100% 之间"):
        queries.compute_results(rnd)
    with pytest.raises(ActionError, match="结案率应在 0% 至 100% 之间"):
        actions.publish_round(rnd, actor=cast.admin)
    client.force_login(cast.admin)
    page = client.get(f"/assessment/{rnd.pk}/").content.decode()
    assert 'id="results-error"' in page and "100.00" not in page


def test_the_page_takes_per_cent_and_stores_a_fraction(make_round, cast, client):
    rnd = make_round()
    client.force_login(cast.admin)
    client.post(
        f"/assessment/{rnd.pk}/values/", {"v-冀96-closure_rate": "47.4", "reason": "按年度统计报表更正"}
    )
    rnd.refresh_from_db()
    assert rnd.indicator_values["冀96"]["closure_rate"] == "0.474"
    row = next(r for r in queries.compute_results(rnd)["rows"] if r["court_code"] == "冀96")
    # 0.5 × (0.474 / 0.9 = 0.52666…) + 0.3 × (0.45 / 0.6 = 0.75) + 0.2 × (120 / 150 = 0.8)
    # = 0.263333… + 0.225 + 0.16 = 0.648333… → 64.83, not 100.00
    assert row["assessment_score"] == "64.83"


def test_the_set_up_form_refuses_a_fraction_typed_for_a_per_cent_target(client, courts, cast):
    client.force_login(cast.admin)
    form = {
        "court": courts.high.pk, "year": 2025, "held_on": "2026-01-20",
        "assessment_share": "70", "review_share": "30",
        "w-closure_rate": "100", "t-closure_rate": "0.9", "d-closure_rate": "higher",
        "grading_mode": "thresholds", "fallback": "不合格", "g0-name": "合格", "g0-min": "60",
    }  # fmt: skip
    page = client.post("/assessment/new/", form).content.decode()
    assert "目标值按百分数填写，如 90 表示 90%" in page and not AssessmentRound.objects.exists()
    weights = client.post("/assessment/new/", {**form, "t-closure_rate": "90", "w-closure_rate": "90"})
    assert "各指标权重之和应为 100%（现为 90%）" in weights.content.decode()
    shares = client.post("/assessment/new/", {**form, "t-closure_rate": "90", "review_share": "40"})
    assert "考核得分占比与评议得分占比之和应为 100%" in shares.content.decode()
    over = client.post("/assessment/new/", {**form, "t-closure_rate": "120"})
    assert not AssessmentRound.objects.exists() and over.status_code == 200
    ok = client.post("/assessment/new/", {**form, "t-closure_rate": "90"})
    assert ok.status_code == 302
    assert AssessmentRound.objects.get().indicator_config["closure_rate"]["target"] == "0.9"


# --- values from the year's last bulletin; edits with a reason ----------------------------------------


def store_bulletin(year: int, week: int, figures: dict[str, tuple[float, float]]) -> Bulletin:
    """A stored bulletin with each court's closure rate and average days (area rows; the court's own
    rows carry other figures, which the assessment must not take)."""
    end = dt.date.fromisocalendar(year, week, 7)
    snap = Snapshot.objects.create(
        made_at=timezone.now(), as_of=end, path="x.parquet", rows=0, sha256="0" * 64
    )
    rows = []
    for code, (rate, days) in figures.items():
        for area in (False, True):
            k = 1 if area else 0.5
            rows.append(
                {
                    "court_code": code,
                    "court_name": code,
                    "area": area,
                    "indicators": {
                        "closure_rate": {"numerator": 1, "denominator": 1, "value": rate * k},
                        "realization_rate": {"numerator": 0, "denominator": 0, "value": None},
                        "average_days": {"numerator": 1, "denominator": 1, "value": days * k},
                    },
                }
            )
    content = {"period": {"start": f"{end.year}-01-01", "end": end.isoformat()}, "courts": rows}
    return Bulletin.objects.create(
        week=f"{year}-W{week:02d}", start=dt.date(end.year, 1, 1), end=end, snapshot=snap,
        made_at=timezone.now(), content=json.dumps(content),
    )  # fmt: skip


def test_values_come_from_the_years_last_bulletin_area_figures(make_round, cast, client):
    store_bulletin(2025, 51, {"冀96": (0.5, 100.0), "冀01": (0.5, 100.0), "冀02": (0.5, 100.0)})
    last = store_bulletin(2025, 52, {"冀96": (0.9579166, 132.46), "冀01": (0.81, 95.0)})  # ends 2025-12-28
    store_bulletin(2026, 1, {"冀96": (0.1, 10.0), "冀01": (0.1, 10.0), "冀02": (0.1, 10.0)})  # 2026's
    rnd = make_round(values=None)
    # The last bulletin of 2025 for 冀96 and 冀01 (area figures, at the bulletin's printed precision);
    # 冀02 is not in it, so its values come from its own last bulletin of the year, week 51.
    assert rnd.indicator_values["冀96"] == {"closure_rate": "0.9579", "average_days": "132.5"}
    assert rnd.indicator_values["冀01"] == {"closure_rate": "0.8100", "average_days": "95.0"}
    assert rnd.indicator_values["冀02"] == {"closure_rate": "0.5000", "average_days": "100.0"}
    assert rnd.value_sources["冀96"]["closure_rate"] == {
        "source": "bulletin",
        "week": "2025-W52",
        "bulletin": last.pk,
    }
    # The bulletin has no 执行到位率 (no denominator): left for a person to enter, with a reason.
    assert "河北雄安新区中级人民法院：执行到位率" in queries.missing_values(rnd)
    [filled] = entries(rnd, "assessment_values_filled")
    assert filled.detail["bulletins"]["冀96"] == {"week": "2025-W52", "bulletin": last.pk}
    client.force_login(cast.admin)
    page = client.get(f"/assessment/{rnd.pk}/").content.decode()
    assert "2025-W52 周通报" in page and 'name="v-冀96-closure_rate" value="95.79"' in page


def test_a_person_edit_needs_a_reason_is_audited_and_survives_a_refill(make_round, cast, client):
    store_bulletin(2025, 52, {"冀96": (0.9, 120.0), "冀01": (0.8, 100.0), "冀02": (0.7, 90.0)})
    rnd = make_round(values=None)
    with pytest.raises(ActionError, match="须填写修改理由"):
        actions.set_indicator_values(rnd, {"冀96": {"closure_rate": "0.95"}}, actor=cast.admin)
    rnd.refresh_from_db()
    assert rnd.indicator_values["冀96"]["closure_rate"] == "0.9000"
    assert entries(rnd, "assessment_values_edited") == []
    # The page refuses it the same way and keeps the value.
    client.force_login(cast.admin)
    refused = client.post(f"/assessment/{rnd.pk}/values/", {"v-冀96-closure_rate": "95"})
    page = refused.content.decode()
    assert refused.status_code == 400 and "须填写修改理由" in page
    assert 'name="v-冀96-closure_rate" value="95"' in page  # what was typed is still there
    rnd.refresh_from_db()
    assert rnd.indicator_values["冀96"]["closure_rate"] == "0.9000"
    # Submitting the values unchanged is no edit and needs no reason.
    client.post(f"/assessment/{rnd.pk}/values/", {"v-冀96-closure_rate": "90"})
    assert entries(rnd, "assessment_values_edited") == []
    # With a reason: saved, audited with old and new value, and shown beside the value.
    why = "第52周通报后补录12月29日至31日结案"
    client.post(f"/assessment/{rnd.pk}/values/", {"v-冀96-closure_rate": "95", "reason": why})
    rnd.refresh_from_db()
    assert rnd.indicator_values["冀96"]["closure_rate"] == "0.95"
    assert rnd.value_sources["冀96"]["closure_rate"] == {"source": "edited", "reason": why, "by": "周管理"}
    [edit] = entries(rnd, "assessment_values_edited")
    assert edit.actor_id == cast.admin.pk
    assert edit.detail == {
        "reason": why,
        "changes": [{"court": "冀96", "indicator": "closure_rate", "old": "0.9000", "new": "0.95"}],
    }
    assert f"周管理修改：{why}" in client.get(f"/assessment/{rnd.pk}/").content.decode()
    # Filling again from a newer bulletin keeps the person's value and updates the others.
    store_bulletin(2025, 52, {"冀96": (0.6, 150.0), "冀01": (0.6, 150.0), "冀02": (0.6, 150.0)})
    actions.fill_values_from_bulletin(rnd, actor=cast.admin)
    rnd.refresh_from_db()
    assert rnd.indicator_values["冀96"] == {"closure_rate": "0.95", "average_days": "150.0"}
    assert rnd.indicator_values["冀01"]["closure_rate"] == "0.6000"
    # The published result names the edit and its reason.
    html = render.results_html({**queries.compute_results(rnd), "value_sources": rnd.value_sources})
    assert why in html and "2025-W52" in html


# --- publishing: every code used or the chair's quorum decision; not before the meeting ---------------


def test_one_vote_of_three_is_not_published_without_the_chairs_quorum_decision(make_round, cast, chair):
    rnd = make_round()
    codes = actions.issue_codes(rnd, 3, actor=cast.admin)
    actions.cast_ballot(rnd, codes[0], ballot(rnd, 0))
    with pytest.raises(ActionError, match="已发放投票码 3 个，仅投票 1 票：须由评议会主持人记录法定人数决定"):
        actions.publish_round(rnd, actor=cast.admin)
    # Only the chair (a court leader of the organising court) decides; not the administrator, not a
    # leader of an assessed court; and never without a reason.
    with pytest.raises(PermissionDenied):
        actions.record_quorum_decision(rnd, "应到 3 人，实到 1 人", actor=cast.admin)
    with pytest.raises(PermissionDenied):
        actions.record_quorum_decision(rnd, "应到 3 人，实到 1 人", actor=cast.president)
    with pytest.raises(ActionError, match="理由"):
        actions.record_quorum_decision(rnd, "  ", actor=chair)
    assert AssessmentRound.objects.get(pk=rnd.pk).status == AssessmentRound.VOTING
    reason = "应到 3 人，实到 1 人，2 人因公缺席；主持人宣布投票有效"
    actions.record_quorum_decision(rnd, reason, actor=chair)
    [decided] = entries(rnd, "assessment_quorum_decided")
    assert decided.actor_id == chair.pk
    assert decided.detail == {"ballots_cast": 1, "issued": 3, "reason": reason}
    published = actions.publish_round(rnd, actor=cast.admin)
    assert published.status == AssessmentRound.PUBLISHED
    assert published.results["quorum"] == {"chair": "吴院长", "reason": reason, "ballots_cast": 1}
    [entry] = entries(rnd, "assessment_published")
    assert entry.detail["quorum"]["chair"] == "吴院长" and entry.detail["issued"] == 3
    assert "评议会主持人 吴院长 在已投 1 票时决定达到法定人数" in render.results_html(published.results)


def test_every_code_used_needs_no_quorum_decision(make_round, cast, chair):
    rnd = make_round()
    for member, code in enumerate(actions.issue_codes(rnd, 2, actor=cast.admin)):
        actions.cast_ballot(rnd, code, ballot(rnd, member))
    with pytest.raises(ActionError, match="无需作出法定人数决定"):
        actions.record_quorum_decision(rnd, "全部到会", actor=chair)
    assert actions.publish_round(rnd, actor=cast.admin).results["quorum"] is None


def test_publishing_before_the_meeting_date_needs_an_explicit_confirmation(make_round, cast, clock, client):
    held_on = clock.today + dt.timedelta(days=10)
    rnd = make_round(held_on=held_on)
    for member, code in enumerate(actions.issue_codes(rnd, 2, actor=cast.admin)):
        actions.cast_ballot(rnd, code, ballot(rnd, member))
    with pytest.raises(ActionError, match=f"述职评议会日期为 {held_on.isoformat()}"):
        actions.publish_round(rnd, actor=cast.admin)
    with pytest.raises(ActionError, match="须明确确认并说明理由"):
        actions.publish_round(rnd, actor=cast.admin, confirm_before_meeting=True)
    with pytest.raises(ActionError, match="须明确确认"):
        actions.publish_round(rnd, actor=cast.admin, early_reason="会期提前")
    # The page asks for the same: the checkbox and the reason.
    client.force_login(cast.admin)
    page = client.get(f"/assessment/{rnd.pk}/").content.decode()
    assert 'id="confirm-early"' in page and "早于述职评议会日期" in page
    refused = client.post(f"/assessment/{rnd.pk}/publish/", {"early_reason": "会期提前"}, follow=True)
    assert "须明确确认" in refused.content.decode()
    reason = "评议会改为线上提前举行，经党组会议同意"
    client.post(f"/assessment/{rnd.pk}/publish/", {"confirm_early": "1", "early_reason": reason})
    rnd.refresh_from_db()
    assert rnd.status == AssessmentRound.PUBLISHED
    assert rnd.results["before_meeting"] == {"confirmed_by": "周管理", "reason": reason}
    [entry] = entries(rnd, "assessment_published")
    assert entry.detail["before_meeting"] == {"confirmed_by": "周管理", "reason": reason}


def test_on_the_meeting_date_no_confirmation_is_needed(make_round, cast, clock):
    rnd = make_round(held_on=clock.today)
    for member, code in enumerate(actions.issue_codes(rnd, 1, actor=cast.admin)):
        actions.cast_ballot(rnd, code, ballot(rnd, member))
    assert actions.publish_round(rnd, actor=cast.admin).results["before_meeting"] is None
