"""The write path of the annual assessment (ARCHITECTURE §2): every change checks permission, writes
and appends an audit entry in one transaction.

Figures that cannot be fooled (issue 7): the settings and values an action takes are in stored units
(rules.py: a rate as a fraction of 1) and range-checked, so 47.4 for a rate is refused; the pages
convert what people type in per cent through rules.typed_to_stored. Values come from the year's last
bulletin (`fill_values_from_bulletin`); a person's edit needs a reason, recorded with the old and new
value. Publishing needs every code used or the chair's recorded quorum decision, and is not done
before the meeting date unless confirmed with a reason.

Secrecy of the ballot (issue 3 item 7): `issue_codes` returns the codes once and stores only their
keyed hashes; its audit entry says how many were issued, nothing more. `cast_ballot` marks a code used
with a conditional UPDATE in the same transaction that inserts the votes, so two uses of one code
cannot both succeed; the votes carry no link to the code and its audit entry names only the round.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhixing.cases.actions import ActionError
from zhixing.core import audit
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import PUBLIC
from zhixing.courts.models import Court
from zhixing.supervision.models import AssessmentRound, AssessmentVote, BallotCode

from .. import permissions
from . import queries, rules

MAX_PANEL = 200
_rng = secrets.SystemRandom()


def _require_manager(actor, court: Court, what: str) -> None:
    """A leader or an administrator of the high court, or a named system actor (the bulletin job)."""
    permissions.check_manage_round(actor, court, what)


def _check(fn, *args) -> None:
    try:
        fn(*args)
    except ValueError as exc:
        raise ActionError(str(exc))


def _locked(rnd: AssessmentRound) -> AssessmentRound:
    return AssessmentRound.objects.select_for_update().select_related("court").get(pk=rnd.pk)


def _refresh(caller: AssessmentRound, written: AssessmentRound) -> AssessmentRound:
    """The caller's instance shows what was written (actions work on a locked copy)."""
    if caller is not written:
        caller.refresh_from_db()
    return caller


def create_round(
    *,
    court: Court,
    year: int,
    title: str,
    held_on: dt.date,
    assessment_weight: Decimal | str = "0.7",
    review_weight: Decimal | str = "0.3",
    indicator_config: Mapping | None = None,
    grading: Mapping | None = None,
    courts: Iterable[Court] | None = None,
    actor,
) -> AssessmentRound:
    """A new round run by a high court over intermediate courts below it (all of them by default)."""
    _require_manager(actor, court, _("组织述职评议"))
    if court.level != court_rules.HIGH:
        raise ActionError(_("述职评议由高级人民法院组织"))
    indicator_config = _with_units(indicator_config or rules.DEFAULT_INDICATORS)
    grading = dict(grading or rules.DEFAULT_GRADING)
    _check(rules.parse_indicators, indicator_config)
    _check(rules.parse_grading, grading)
    _check(rules.check_weights, assessment_weight, review_weight)
    below = Court.objects.filter(parent=court, level=court_rules.INTERMEDIATE)
    chosen = list(below) if courts is None else list(courts)
    if not chosen:
        raise ActionError(_("至少需要一家被考核的中级人民法院"))
    stray = [c.name for c in chosen if c.parent_id != court.pk or c.level != court_rules.INTERMEDIATE]
    if stray:
        raise ActionError(
            _("只能考核%(court)s辖下的中级人民法院：%(names)s")
            % {"court": court.name, "names": "、".join(stray)}
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                rnd = AssessmentRound.objects.create(
                    court=court,
                    year=year,
                    title=title.strip() or _("%(year)d年度执行工作述职评议") % {"year": year},
                    held_on=held_on,
                    assessment_weight=Decimal(str(assessment_weight)),
                    review_weight=Decimal(str(review_weight)),
                    indicator_config=indicator_config,
                    grading=grading,
                    salt=secrets.token_hex(32),
                )
        except IntegrityError:
            raise ActionError(_("同一年度已有同名的述职评议"))
        rnd.courts.set(chosen)
        audit.append(
            "assessment_round_created",
            rnd,
            {"year": year, "courts": sorted(c.code for c in chosen)},
            actor=actor,
        )
        _fill_from_bulletins(rnd, actor)
    return rnd


def _with_units(config: Mapping[str, Mapping]) -> dict[str, dict]:
    """The settings with each indicator's unit and Chinese name from its definition: a rate is stored
    as a fraction of 1, an average in days. An indicator that is not a rate or an average of the
    definitions, or whose stated unit disagrees with its definition, is refused."""
    known = {a.key: a for a in queries.assessable_indicators()}
    out: dict[str, dict] = {}
    problems = []
    for key, item in config.items():
        a = known.get(key)
        if a is None:
            problems.append(_("“%(key)s”不是可用于考核的比率或平均值指标") % {"key": key})
            continue
        if item.get("unit") not in (None, a.unit):
            problems.append(_("%(name)s的计量单位与指标定义不符") % {"name": a.name})
            continue
        out[key] = {**item, "name": a.name, "unit": a.unit}
    if problems:
        raise ActionError(problems)
    return out


def _stored(rnd: AssessmentRound, code: str, key: str, raw) -> tuple[str | None, str | None]:
    """(the stored text of a value, or None to clear it; a problem, or None)."""
    if raw is None or raw == "":
        return None, None
    item = rnd.indicator_config[key]
    name = item.get("name") or key
    try:
        value = rules._dec(raw)
    except ValueError:
        return None, _("%(code)s 的%(name)s不是数字") % {"code": code, "name": name}
    problem = rules.value_problem(item.get("unit"), value, f"{code} 的{name}")
    return str(value), problem


def set_indicator_values(
    rnd: AssessmentRound, values: Mapping[str, Mapping[str, object]], reason: str = "", *, actor
):
    """A person's edit of the round's input table: {court_code: {indicator_key: value}} in stored
    units (a rate as a fraction of 1: 0.474, not 47.4), merged in; an empty value clears one. Any
    change needs a reason, recorded in the audit entry with each old and new value and shown beside
    the value. Refused once the round is published."""
    _require_manager(actor, rnd.court, _("修改考核指标值"))
    reason = (reason or "").strip()
    caller = rnd
    with transaction.atomic():
        rnd = _locked(rnd)
        if rnd.status == AssessmentRound.PUBLISHED:
            raise ActionError(_("评议结果已公布，不能再修改指标值"))
        codes = set(rnd.courts.values_list("code", flat=True))
        problems = []
        table = {k: dict(v) for k, v in rnd.indicator_values.items()}
        sources = {k: dict(v) for k, v in rnd.value_sources.items()}
        changes = []
        for code, row in values.items():
            if code not in codes:
                problems.append(_("%(code)s 不是本轮被考核的法院") % {"code": code})
                continue
            for key, raw in row.items():
                if key not in rnd.indicator_config:
                    problems.append(_("%(key)s 不是本轮的考核指标") % {"key": key})
                    continue
                new, problem = _stored(rnd, code, key, raw)
                if problem:
                    problems.append(problem)
                    continue
                old = table.get(code, {}).get(key)
                if old == new or (old is not None and new is not None and rules._dec(old) == rules._dec(new)):
                    continue
                changes.append({"court": code, "indicator": key, "old": old, "new": new})
        if problems:
            raise ActionError(problems)
        if not changes:
            return _refresh(caller, rnd)
        if not reason:
            raise ActionError(_("修改指标值须填写修改理由"))
        for ch in changes:
            code, key = ch["court"], ch["indicator"]
            if ch["new"] is None:
                table.setdefault(code, {}).pop(key, None)
            else:
                table.setdefault(code, {})[key] = ch["new"]
            sources.setdefault(code, {})[key] = {
                "source": "edited",
                "reason": reason,
                "by": str(actor) if actor is not None else "",
            }
        rnd.indicator_values = table
        rnd.value_sources = sources
        rnd.save(update_fields=["indicator_values", "value_sources"])
        audit.append("assessment_values_edited", rnd, {"reason": reason, "changes": changes}, actor)
    return _refresh(caller, rnd)


def fill_values_from_bulletin(rnd: AssessmentRound, *, actor) -> dict[str, str]:
    """Fill the round's values from the year's last stored bulletin of each assessed court (its area
    figures: the court with the courts below it), at the precision the bulletin prints. A value a
    person edited (with a reason) is kept. Returns {court_code: bulletin week} of the courts found."""
    _require_manager(actor, rnd.court, _("录入考核指标值"))
    caller = rnd
    with transaction.atomic():
        rnd = _locked(rnd)
        if rnd.status == AssessmentRound.PUBLISHED:
            raise ActionError(_("评议结果已公布，不能再修改指标值"))
        weeks = _fill_from_bulletins(rnd, actor)
    _refresh(caller, rnd)
    return weeks


def _fill_from_bulletins(rnd: AssessmentRound, actor) -> dict[str, str]:
    codes = set(rnd.courts.values_list("code", flat=True))
    keys = list(rnd.indicator_config)
    found = queries.year_end_figures(rnd.year, codes, keys)
    if not found:
        return {}
    table = {k: dict(v) for k, v in rnd.indicator_values.items()}
    sources = {k: dict(v) for k, v in rnd.value_sources.items()}
    changes, out_of_range = [], []
    for code, figures in sorted(found.items()):
        for key in keys:
            old = table.get(code, {}).get(key)
            source = sources.get(code, {}).get(key) or {}
            if old is not None and source.get("source") != "bulletin":
                continue  # a person's value (edited with a reason) stays
            unit = rnd.indicator_config[key].get("unit")
            value = rules.from_bulletin(unit, figures.values.get(key))
            if value is not None and rules.value_problem(unit, value, key):
                out_of_range.append({"court": code, "indicator": key, "value": str(value)})
                value = None
            new = None if value is None else str(value)
            if new is None:
                table.setdefault(code, {}).pop(key, None)
                sources.get(code, {}).pop(key, None)
            else:
                table.setdefault(code, {})[key] = new
                sources.setdefault(code, {})[key] = {
                    "source": "bulletin",
                    "week": figures.week,
                    "bulletin": figures.bulletin,
                }
            if old != new:
                changes.append({"court": code, "indicator": key, "old": old, "new": new})
    rnd.indicator_values = table
    rnd.value_sources = sources
    rnd.save(update_fields=["indicator_values", "value_sources"])
    weeks = {code: f.week for code, f in found.items()}
    audit.append(
        "assessment_values_filled",
        rnd,
        {
            "bulletins": {
                code: {"week": f.week, "bulletin": f.bulletin} for code, f in sorted(found.items())
            },
            "changes": changes,
            "out_of_range": out_of_range,
        },
        actor,
    )
    return weeks


def issue_codes(rnd: AssessmentRound, panel_size: int, *, actor) -> list[str]:
    """Issue one code per panel member and open voting. The codes are returned this once, for printing;
    only their hashes are kept, so a lost code cannot be shown again."""
    _require_manager(actor, rnd.court, _("发放投票码"))
    if not 1 <= int(panel_size) <= MAX_PANEL:
        raise ActionError(_("评议组人数应在 1 至 %(max)d 之间") % {"max": MAX_PANEL})
    caller = rnd
    with transaction.atomic():
        rnd = _locked(rnd)
        if rnd.status != AssessmentRound.DRAFT or rnd.codes.exists():
            raise ActionError(_("本轮投票码已经发放，不能重复发放"))
        codes: set[str] = set()
        while len(codes) < panel_size:
            codes.add(rules.new_code(_rng))
        plain = list(codes)
        # Store in an order unrelated to the printed order, so row ids say nothing of the sheets either.
        hashed = [rules.code_hash(rnd.salt, c) for c in plain]
        _rng.shuffle(hashed)
        BallotCode.objects.bulk_create([BallotCode(round=rnd, code_hash=h) for h in hashed])
        rnd.panel_size = panel_size
        rnd.status = AssessmentRound.VOTING
        rnd.save(update_fields=["panel_size", "status"])
        audit.append("assessment_codes_issued", rnd, {"issued": panel_size}, actor)
    _refresh(caller, rnd)
    return [rules.format_code(c) for c in plain]


UNKNOWN_CODE = gettext_noop("投票码无效，请核对后重新输入。")
USED_CODE = gettext_noop("该投票码已经投过票，每个投票码只能使用一次。")


def cast_ballot(rnd: AssessmentRound, typed_code: str, scores: Mapping[int, object]) -> int:
    """One panel member's ballot: a score from 0 to 100 for every assessed court (court id → score).
    Public: no actor. Returns the number of votes stored."""
    courts = set(rnd.courts.values_list("id", flat=True))
    parsed: dict[int, int] = {}
    problems = []
    for cid in courts:
        raw = scores.get(cid)
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            problems.append(_("请为每一家被考核法院填写 0 至 100 的整数分"))
            break
        if not 0 <= value <= 100:
            problems.append(_("评议得分应在 0 至 100 之间"))
            break
        parsed[cid] = value
    if set(scores) - courts:
        problems.append(_("选票中有不属于本轮的法院"))
    code = rules.normalize_code(typed_code)
    if code is None:
        problems.insert(0, _(UNKNOWN_CODE))
    if problems:
        raise ActionError(problems)
    h = rules.code_hash(rnd.salt, code)
    with transaction.atomic():
        # Locking the round orders a ballot against publishing: a vote is either in the results or
        # refused, never counted as cast but left out.
        state = (
            AssessmentRound.objects.select_for_update()
            .filter(pk=rnd.pk)
            .values_list("status", flat=True)
            .first()
        )
        if state != AssessmentRound.VOTING:
            raise ActionError(_("本轮评议不在投票期间"))
        # The conditional UPDATE is the lock: of two simultaneous uses of a code, one changes the row
        # and the other changes nothing and is refused.
        if not BallotCode.objects.filter(round_id=rnd.pk, code_hash=h, used=False).update(used=True):
            known = BallotCode.objects.filter(round_id=rnd.pk, code_hash=h).exists()
            raise ActionError(_(USED_CODE) if known else _(UNKNOWN_CODE))
        votes = [AssessmentVote(round_id=rnd.pk, court_id=cid, score=s) for cid, s in parsed.items()]
        random.shuffle(votes)
        AssessmentVote.objects.bulk_create(votes)
        audit.append("assessment_vote_cast", rnd, {}, actor=PUBLIC)  # anonymous: 公众（匿名投票）
    return len(votes)


def record_quorum_decision(rnd: AssessmentRound, reason: str, *, actor) -> AssessmentRound:
    """The chair's decision that the ballots cast so far suffice although not every code was used (a
    member absent, a code spoilt), with the reason. Only a court leader of the organising court, as
    chair of the meeting, takes it; it is recorded on the round, in the audit log and in the result."""
    if actor is None or not queries.is_chair(actor, rnd):
        raise PermissionDenied(
            _("法定人数决定须由评议会主持人（%(court)s院领导）作出") % {"court": rnd.court.name}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("请写明法定人数决定的理由（如应到、实到人数）"))
    caller = rnd
    with transaction.atomic():
        rnd = _locked(rnd)
        if rnd.status != AssessmentRound.VOTING:
            raise ActionError(_("本轮评议不在投票期间"))
        counts = queries.ballot_counts(rnd)
        if counts["used"] == 0:
            raise ActionError(_("尚无人投票，不能作出法定人数决定"))
        if counts["used"] >= counts["issued"]:
            raise ActionError(_("投票码已全部使用，无需作出法定人数决定"))
        rnd.quorum_reason = reason
        rnd.quorum_by = actor
        rnd.quorum_ballots = counts["used"]
        rnd.save(update_fields=["quorum_reason", "quorum_by", "quorum_ballots"])
        audit.append(
            "assessment_quorum_decided",
            rnd,
            {"ballots_cast": counts["used"], "issued": counts["issued"], "reason": reason},
            actor,
        )
    return _refresh(caller, rnd)


def publish_round(
    rnd: AssessmentRound, *, actor, confirm_before_meeting: bool = False, early_reason: str = ""
) -> AssessmentRound:
    """Close voting, freeze the results and render the PDF. Refused while an assessed court lacks an
    indicator value or a value is out of range, before anyone has voted, while codes are unused and the
    chair has recorded no quorum decision, and before the meeting date unless `confirm_before_meeting`
    with a reason (recorded in the result and the audit log)."""
    from . import render

    _require_manager(actor, rnd.court, _("公布述职评议结果"))
    early_reason = (early_reason or "").strip()
    caller = rnd
    with transaction.atomic():
        rnd = _locked(rnd)
        if rnd.status != AssessmentRound.VOTING:
            raise ActionError(
                _("评议结果已公布")
                if rnd.status == AssessmentRound.PUBLISHED
                else _("尚未发放投票码，不能公布")
            )
        missing = queries.missing_values(rnd)
        if missing:
            raise ActionError(_("以下指标值尚未录入：%(list)s") % {"list": "、".join(missing)})
        counts = queries.ballot_counts(rnd)
        today = timezone.localdate()
        early = today < rnd.held_on
        refusals = rules.publish_refusals(
            issued=counts["issued"],
            used=counts["used"],
            quorum_decided=rnd.quorum_by_id is not None,
            today=today,
            held_on=rnd.held_on,
            early_confirmed=bool(confirm_before_meeting and early_reason),
        )
        if refusals:
            raise ActionError(refusals)
        try:
            results = queries.compute_results(rnd)
        except ValueError as exc:
            raise ActionError(str(exc))
        rnd.status = AssessmentRound.PUBLISHED
        rnd.published_on = today
        results["published_on"] = today.isoformat()
        results["issued"] = counts["issued"]
        results["quorum"] = (
            {
                "chair": str(rnd.quorum_by),
                "reason": rnd.quorum_reason,
                "ballots_cast": rnd.quorum_ballots,
            }
            if counts["used"] < counts["issued"]
            else None
        )
        results["before_meeting"] = (
            {"confirmed_by": str(actor) if actor is not None else "", "reason": early_reason}
            if early
            else None
        )
        rnd.results = results
        pdf = render.results_pdf(results)
        rnd.result_pdf = pdf
        rnd.result_sha256 = hashlib.sha256(pdf).hexdigest()
        rnd.save(update_fields=["status", "published_on", "results", "result_pdf", "result_sha256"])
        audit.append(
            "assessment_published",
            rnd,
            {
                "ballots_cast": results["ballots_cast"],
                "issued": counts["issued"],
                "quorum": results["quorum"],
                "before_meeting": results["before_meeting"],
                "pdf_sha256": rnd.result_sha256,
            },
            actor,
        )
    return _refresh(caller, rnd)
