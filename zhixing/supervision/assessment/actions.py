"""The write path of the annual assessment (ARCHITECTURE §2): every change checks permission, writes
and appends an audit entry in one transaction.

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
from zhixing.courts.models import Court
from zhixing.supervision.models import AssessmentRound, AssessmentVote, BallotCode

from . import queries, rules

MAX_PANEL = 200
_rng = secrets.SystemRandom()


def _require_manager(actor, court: Court, what: str) -> None:
    """A leader or an administrator of the high court (system actors, None, pass: the bulletin job)."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    from zhixing.courts.queries import has_role

    if not has_role(actor, queries.MANAGER_ROLES, court):
        raise PermissionDenied(
            _("%(what)s需要在%(court)s具有院领导或管理员角色") % {"what": what, "court": court.name}
        )


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
    actor=None,
) -> AssessmentRound:
    """A new round run by a high court over intermediate courts below it (all of them by default)."""
    _require_manager(actor, court, _("组织述职评议"))
    if court.level != court_rules.HIGH:
        raise ActionError(_("述职评议由高级人民法院组织"))
    indicator_config = dict(indicator_config or rules.DEFAULT_INDICATORS)
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
    return rnd


def set_indicator_values(rnd: AssessmentRound, values: Mapping[str, Mapping[str, object]], actor=None):
    """Merge {court_code: {indicator_key: value}} into the round's input table (an administrator's entry
    or, later, the bulletin engine's figures). Refused once the round is published."""
    _require_manager(actor, rnd.court, _("录入考核指标值"))
    caller = rnd
    with transaction.atomic():
        rnd = _locked(rnd)
        if rnd.status == AssessmentRound.PUBLISHED:
            raise ActionError(_("评议结果已公布，不能再修改指标值"))
        codes = set(rnd.courts.values_list("code", flat=True))
        problems = []
        table = {k: dict(v) for k, v in rnd.indicator_values.items()}
        for code, row in values.items():
            if code not in codes:
                problems.append(_("%(code)s 不是本轮被考核的法院") % {"code": code})
                continue
            for key, raw in row.items():
                if key not in rnd.indicator_config:
                    problems.append(_("%(key)s 不是本轮的考核指标") % {"key": key})
                    continue
                if raw in (None, ""):
                    table.setdefault(code, {}).pop(key, None)
                    continue
                try:
                    value = rules._dec(raw)
                except ValueError:
                    problems.append(_("%(code)s 的 %(key)s 不是数字") % {"code": code, "key": key})
                    continue
                if value < 0:
                    problems.append(_("%(code)s 的 %(key)s 不能为负数") % {"code": code, "key": key})
                    continue
                table.setdefault(code, {})[key] = str(value)
        if problems:
            raise ActionError(problems)
        rnd.indicator_values = table
        rnd.save(update_fields=["indicator_values"])
        audit.append("assessment_values_set", rnd, {"values": {k: dict(v) for k, v in values.items()}}, actor)
    return _refresh(caller, rnd)


def issue_codes(rnd: AssessmentRound, panel_size: int, actor=None) -> list[str]:
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
        audit.append("assessment_vote_cast", rnd, {}, actor=None)
    return len(votes)


def publish_round(rnd: AssessmentRound, actor=None) -> AssessmentRound:
    """Close voting, freeze the results and render the PDF. Refused while an assessed court lacks an
    indicator value or before anyone has voted."""
    from . import render

    _require_manager(actor, rnd.court, _("公布述职评议结果"))
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
        if not BallotCode.objects.filter(round=rnd, used=True).exists():
            raise ActionError(_("尚无人投票，不能公布结果"))
        rnd.status = AssessmentRound.PUBLISHED
        rnd.published_on = timezone.localdate()
        results = queries.compute_results(rnd)
        results["published_on"] = rnd.published_on.isoformat()
        rnd.results = results
        pdf = render.results_pdf(results)
        rnd.result_pdf = pdf
        rnd.result_sha256 = hashlib.sha256(pdf).hexdigest()
        rnd.save(update_fields=["status", "published_on", "results", "result_pdf", "result_sha256"])
        audit.append(
            "assessment_published",
            rnd,
            {"ballots_cast": results["ballots_cast"], "pdf_sha256": rnd.result_sha256},
            actor,
        )
    return _refresh(caller, rnd)
