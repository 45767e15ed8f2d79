"""The reference price (确定参考价, rules §8 "Reference price", 法释〔2018〕15号): the methods in the
law's order — party agreement, directed inquiry, network inquiry, entrusted valuation — each with its
clock, and the parties' objection to the result.

- `start_price` opens one procedure by one method (rules.method_problem against the earlier ones).
  The first one records the case's `disposal_reference_price` node; every one starts the case's
  excluded period "valuation" (rules §3.1.5) if none is open, which ends when the price is set.
- agreement: `record_agreement`. directed / valuation: `record_report` (due directed_days /
  valuation_days after the start) or `fail_procedure`.
- network: every active Platform is asked (connector.ask_price), one PriceReport each, due in 3 days
  (rules.report_due). `collect_reports` (also run by the scan: `collect_open_reports`) pulls each
  platform's signed report and verifies it under the platform's recorded key: a report that does not
  verify is refused (audit `disposal.refuse_message`) and the platform counts as not having reported.
  A platform's report pushed as a message (accept_message, helper B) is applied by
  `receive_price_report`. Once every platform has reported or its day has passed, the price is the
  average of the valid reports (rules.network_price); none valid → the procedure fails and the next
  method is valuation.
- When a procedure is done its report goes to the parties (`reported_on` = today) and they may object
  until `objection_due_on` (price_objection_days, a rule setting; not for an agreed price, which the
  parties made themselves). The reading used: the disposal's reference price is set at once; an
  objection recorded in time (`object_price`) and upheld (`rule_price_objection`) clears it and fails
  the procedure, so the next method runs (a valuation whose objection is upheld is done again).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError, setting, today
from zhixing.cases.actions.nodes import record_node
from zhixing.cases.actions.periods import end_excluded_period, start_excluded_period
from zhixing.core import audit
from zhixing.courts.actors import is_system
from zhixing.inquiry import signing
from zhixing.inquiry.actions.common import database_tag

from .. import connector, events, permissions, rules, settings_keys
from ..actors import DISPOSAL_SCAN, PLATFORM
from ..models import Disposal, Platform, PriceProcedure, PriceReport
from .disposals import REFERENCE_NODE

EXCLUDED_KIND = "valuation"  # cases.rules.EXCLUDED_KIND_LABELS: 评估、鉴定、审计 (rules §3.1.5)
CLOSED = (PriceProcedure.DONE, PriceProcedure.FAILED, PriceProcedure.SKIPPED)
METHOD_LABELS = dict(rules.METHODS)
CENT = Decimal("0.01")


def method_label(method: str) -> str:
    return str(METHOD_LABELS.get(method, method))


def inquiry_id(report: PriceReport) -> str:
    """The id a platform files a network inquiry under: unique across databases (inquiry's tag), as a
    platform remembers every inquiry it was ever asked."""
    return f"{database_tag()}-PR{report.pk}"


def _report_of(inquiry: str) -> PriceReport | None:
    tag, _sep, rest = str(inquiry).partition("-PR")
    if tag != database_tag() or not rest.isdigit():
        return None
    return PriceReport.objects.select_related("procedure", "platform").filter(pk=int(rest)).first()


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError, TypeError) as err:
        raise ActionError(_("价格格式不正确")) from err
    if amount <= 0:
        raise ActionError(_("价格应大于零"))
    return amount


def _days(key: str, court: Any) -> int:
    return int(setting(key, court))


def _open_period(case: Any) -> Any:
    return case.excluded_periods.filter(kind=EXCLUDED_KIND, end_on__isnull=True).first()


def _lock(procedure: PriceProcedure) -> PriceProcedure:
    return PriceProcedure.objects.select_for_update().select_related("disposal__case").get(pk=procedure.pk)


def _require_open(procedure: PriceProcedure, *methods: str) -> None:
    if procedure.status != PriceProcedure.OPEN:
        raise ActionError(_("该确定参考价程序已结束"))
    if methods and procedure.method not in methods:
        raise ActionError(_("“%(m)s”程序不能这样记录结果") % {"m": method_label(procedure.method)})


# --- starting ---------------------------------------------------------------------------------------


@transaction.atomic
def start_price(
    disposal: Disposal, method: str, *, actor: Any, note: str = "", valuation_required: bool = False
) -> PriceProcedure:
    """Open a reference-price procedure of `method` (rules §8: agreement → directed → network →
    valuation; `valuation_required` where law requires a valuation or both parties ask for one)."""
    disposal = Disposal.objects.select_for_update().select_related("case", "asset").get(pk=disposal.pk)
    case = disposal.case
    permissions.check_handle_disposal(actor, case)
    if disposal.status != Disposal.PRICING or disposal.reference_price is not None:
        raise ActionError(_("该财产的参考价已确定"))
    procedures = list(disposal.procedures.all())
    if any(p.status == PriceProcedure.OPEN for p in procedures):
        raise ActionError(_("尚有进行中的确定参考价程序"))
    previous = [
        p.method
        for p in procedures
        if p.status in CLOSED
        # A valuation whose objection was upheld is done again (the agency corrects its report).
        and not (method == p.method == rules.VALUATION and p.objection_ruling == PriceProcedure.UPHELD)
    ]
    problem = rules.method_problem(method, previous, valuation_required)
    if problem:
        raise ActionError(problem)
    on = today()
    platforms: list[Platform] = []
    due: dt.date | None = None
    if method == rules.DIRECTED:
        due = rules.report_due(on, _days(settings_keys.DIRECTED_DAYS, case.court)).on
    elif method == rules.VALUATION:
        due = rules.report_due(on, _days(settings_keys.VALUATION_DAYS, case.court)).on
    elif method == rules.NETWORK:
        platforms = list(Platform.objects.filter(active=True).order_by("code"))
        if not platforms:
            raise ActionError(_("尚无名单库内的网络司法拍卖平台，不能网络询价"))
        due = rules.report_due(on).on
    procedure = PriceProcedure.objects.create(
        disposal=disposal, method=method, started_on=on, due_on=due, note=(note or "")[:300]
    )
    if not procedures:  # the first procedure: the 30-day node of the seizure is done
        record_node(case, REFERENCE_NODE, on, actor=actor, checked=True, note=disposal.description)
    if _open_period(case) is None:
        start_excluded_period(case, EXCLUDED_KIND, on, note=disposal.description[:100], actor=actor)
    label = method_label(method)
    case_events.emit(case, events.PRICE_STARTED, actor, asset=disposal.description, method=label)
    audit.append(
        "disposal.price_start",
        procedure,
        {"case": case.case_number, "asset": disposal.description, "method": method},
        actor,
    )
    if platforms:
        _ask_platforms(procedure, platforms, on, due)
    return procedure


def _asset_body(disposal: Disposal) -> dict[str, Any]:
    asset = disposal.asset
    return {
        "type": asset.type,
        "description": disposal.description,
        "value_hint": str((asset.value or Decimal(0)).quantize(CENT)),
    }


def _ask(report: PriceReport, court: Any, asset: dict[str, Any]) -> None:
    """Ask one platform; a failure is noted on the report and the ask is repeated by collect_reports."""
    try:
        connector.ask_price(report.platform, court, inquiry_id(report), asset)
        report.reason = ""
    except connector.ConnectorError as err:
        report.reason = (_("询价请求未送达：%(err)s") % {"err": err})[:200]
    report.save(update_fields=["reason"])


def _ask_platforms(
    procedure: PriceProcedure, platforms: list[Platform], on: dt.date, due: dt.date | None
) -> None:
    disposal = procedure.disposal
    court, asset = disposal.case.court, _asset_body(disposal)
    for platform in platforms:
        report = PriceReport.objects.create(
            procedure=procedure, platform=platform, source=platform.name, asked_on=on, due_on=due
        )
        _ask(report, court, asset)


# --- results -----------------------------------------------------------------------------------------


def _done(procedure: PriceProcedure, price: Decimal, actor: Any) -> PriceProcedure:
    disposal = Disposal.objects.select_for_update().select_related("case").get(pk=procedure.disposal_id)
    case = disposal.case
    on = today()
    procedure.status, procedure.price, procedure.reported_on, procedure.ended_on = (
        PriceProcedure.DONE,
        price,
        on,
        on,
    )
    if procedure.method != rules.AGREEMENT:
        days = _days(settings_keys.PRICE_OBJECTION_DAYS, case.court)
        procedure.objection_due_on = rules.report_due(on, days).on
    procedure.save()
    disposal.reference_price, disposal.reference_method, disposal.reference_on = price, procedure.method, on
    disposal.status = Disposal.AUCTION
    disposal.save(update_fields=["reference_price", "reference_method", "reference_on", "status"])
    period = _open_period(case)
    if period is not None:
        end_excluded_period(period, on, actor=actor)
    case_events.emit(
        case,
        events.PRICE_SET,
        actor,
        asset=disposal.description,
        method=method_label(procedure.method),
        price=str(price),
    )
    audit.append(
        "disposal.price_set",
        procedure,
        {"case": case.case_number, "asset": disposal.description, "method": procedure.method, "price": price},
        actor,
    )
    procedure.disposal = disposal
    return procedure


def _failed(procedure: PriceProcedure, reason: str, actor: Any) -> PriceProcedure:
    case = procedure.disposal.case
    procedure.status, procedure.ended_on = PriceProcedure.FAILED, today()
    procedure.note = (reason or procedure.note)[:300]
    procedure.save(update_fields=["status", "ended_on", "note"])
    case_events.emit(
        case,
        events.PRICE_FAILED,
        actor,
        asset=procedure.disposal.description,
        method=method_label(procedure.method),
        reason=reason,
    )
    audit.append(
        "disposal.price_fail",
        procedure,
        {"case": case.case_number, "method": procedure.method, "reason": reason},
        actor,
    )
    return procedure


def _report_audit(report: PriceReport, actor: Any) -> None:
    audit.append(
        "disposal.price_report",
        report,
        {
            "case": report.procedure.disposal.case.case_number,
            "source": report.source,
            "price": report.price,
            "valid": report.valid,
        },
        actor,
    )


@transaction.atomic
def record_agreement(procedure: PriceProcedure, price: Any, *, actor: Any) -> PriceProcedure:
    """The parties agreed on the price (议价): it is the reference price."""
    procedure = _lock(procedure)
    permissions.check_handle_disposal(actor, procedure.disposal.case)
    _require_open(procedure, rules.AGREEMENT)
    amount = _money(price)
    on = today()
    report = PriceReport.objects.create(
        procedure=procedure,
        source=_("当事人议价"),
        price=amount,
        asked_on=procedure.started_on,
        reported_on=on,
    )
    _report_audit(report, actor)
    return _done(procedure, amount, actor)


@transaction.atomic
def record_report(procedure: PriceProcedure, source: str, price: Any, *, actor: Any) -> PriceProcedure:
    """The directed inquiry's answer (定向询价) or the valuation report (委托评估) from `source`."""
    procedure = _lock(procedure)
    permissions.check_handle_disposal(actor, procedure.disposal.case)
    _require_open(procedure, rules.DIRECTED, rules.VALUATION)
    source = (source or "").strip()
    if not source:
        raise ActionError(_("请填写出具机构"))
    amount = _money(price)
    report = PriceReport.objects.create(
        procedure=procedure,
        source=source[:100],
        price=amount,
        asked_on=procedure.started_on,
        due_on=procedure.due_on,
        reported_on=today(),
    )
    _report_audit(report, actor)
    return _done(procedure, amount, actor)


@transaction.atomic
def fail_procedure(procedure: PriceProcedure, reason: str, *, actor: Any) -> PriceProcedure:
    """The method gave no price (no tax base for a directed inquiry, the agency declined…): the next
    method in the order may start."""
    procedure = _lock(procedure)
    permissions.check_handle_disposal(actor, procedure.disposal.case)
    _require_open(procedure)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("请填写未能确定参考价的原因"))
    return _failed(procedure, reason, actor)


# --- network inquiry -----------------------------------------------------------------------------------


def _refuse(platform: Platform, message_id: str, reason: str, actor: Any) -> None:
    audit.append(
        "disposal.refuse_message",
        platform,
        {"platform": platform.code, "message": message_id[:64], "reason": reason},
        actor,
    )


def _apply_report(report: PriceReport, data: dict[str, Any], actor: Any) -> bool:
    """Record a verified report body on its row; False when it is not a report of this inquiry."""
    if data.get("kind") != "price_report" or data.get("inquiry_id") != inquiry_id(report):
        return False
    if report.reported_on is not None:
        return True  # already applied: the same report fetched or pushed again
    valid = bool(data.get("valid"))
    price: Decimal | None = None
    if valid:
        try:
            price = _money(data.get("price"))
        except ActionError:
            valid = False
    report.valid, report.price = valid, price if valid else None
    report.reason = "" if valid else (str(data.get("reason") or _("平台未给出有效结果")))[:200]
    report.message_id = str(data.get("message_id") or "")[:64]
    report.reported_on = today()
    report.save(update_fields=["valid", "price", "reason", "message_id", "reported_on"])
    _report_audit(report, actor)
    return True


def _verified_body(platform: Platform, raw: bytes, headers: Any, actor: Any) -> dict[str, Any] | None:
    try:
        signing.verify(headers, raw, platform.public_key, platform.code)
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except signing.BadSignature as err:
        _refuse(platform, _message_id(raw), str(err), actor)
        return None
    except ValueError:
        _refuse(platform, "", _("询价报告不是 JSON 对象"), actor)
        return None
    return data


def _message_id(raw: bytes) -> str:
    try:
        return str(json.loads(raw).get("message_id") or "")
    except (ValueError, AttributeError):
        return ""


def _finish_if_ready(procedure: PriceProcedure, actor: Any) -> PriceProcedure:
    """When every platform has reported or its day has passed: the average of the valid reports, or
    the procedure fails (none valid: the court entrusts a valuation)."""
    on = today()
    reports = list(procedure.reports.select_related("platform"))
    waiting = [r for r in reports if r.reported_on is None and (r.due_on is None or on <= r.due_on)]
    if waiting:
        return procedure
    for r in reports:
        if r.reported_on is None:  # its 3 days passed: ignored
            r.valid, r.price = False, None
            r.reason = _("未在期限内出具询价报告")
            r.save(update_fields=["valid", "price", "reason"])
    price = rules.network_price([r.price for r in reports if r.valid and r.reported_on is not None])
    if price is None:
        return _failed(procedure, _("网络询价无有效结果，应委托评估"), actor)
    return _done(procedure, price, actor)


@transaction.atomic
def collect_reports(procedure: PriceProcedure, *, actor: Any) -> PriceProcedure:
    """Pull each platform's report of a network inquiry (connector.price_report), verify and record
    it; ask again a platform the first ask did not reach; finish the procedure when it is ready."""
    procedure = _lock(procedure)
    case = procedure.disposal.case
    if not is_system(actor):
        permissions.check_handle_disposal(actor, case)
    _require_open(procedure, rules.NETWORK)
    asset = None
    for report in procedure.reports.select_related("platform").filter(reported_on__isnull=True):
        platform = report.platform
        if platform is None:
            continue
        try:
            got = connector.price_report(platform, case.court, inquiry_id(report))
        except connector.ConnectorError:
            continue  # unreachable now: asked again at the next collection, ignored after its day
        if got is None:
            if report.reason:  # the ask never arrived: ask again
                asset = asset or _asset_body(procedure.disposal)
                _ask(report, case.court, asset)
            continue
        raw, headers = got
        data = _verified_body(platform, raw, headers, actor)
        if data is not None and not _apply_report(report, data, actor):
            _refuse(platform, str(data.get("message_id") or ""), _("报告的询价编号与询价不符"), actor)
    return _finish_if_ready(procedure, actor)


@transaction.atomic
def receive_price_report(
    platform: Platform, data: dict[str, Any], *, actor: Any = PLATFORM
) -> PriceReport | None:
    """A platform's report that arrived as a message (accept_message has verified its signature):
    recorded on its inquiry, and the procedure finished when ready. None when it matches no open
    inquiry of this platform (refused, audited)."""
    report = _report_of(str(data.get("inquiry_id") or ""))
    if report is None or report.platform_id != platform.pk:
        _refuse(platform, str(data.get("message_id") or ""), _("报告不对应本平台的询价"), actor)
        return None
    procedure = _lock(report.procedure)
    if procedure.status != PriceProcedure.OPEN:
        return report  # too late or already decided: kept as it was
    report = PriceReport.objects.select_for_update(of=("self",)).select_related("platform").get(pk=report.pk)
    report.procedure = procedure
    if not _apply_report(report, data, actor):
        _refuse(platform, str(data.get("message_id") or ""), _("报告的询价编号与询价不符"), actor)
        return None
    _finish_if_ready(procedure, actor)
    return report


def collect_open_reports(*, actor: Any = DISPOSAL_SCAN) -> int:
    """The scan's part: collect every open network inquiry (each in its own transaction, so one
    platform's trouble does not hold the others). How many procedures ended."""
    ended = 0
    for procedure in PriceProcedure.objects.filter(method=rules.NETWORK, status=PriceProcedure.OPEN).order_by(
        "pk"
    ):
        try:
            if collect_reports(procedure, actor=actor).status != PriceProcedure.OPEN:
                ended += 1
        except ActionError:
            continue  # a closed case: nothing to collect
    return ended


# --- objections ----------------------------------------------------------------------------------------


@transaction.atomic
def object_price(procedure: PriceProcedure, by: str, reason: str, *, actor: Any) -> PriceProcedure:
    """A party's objection to the report (法释〔2018〕15号), recorded by the handler, within the window."""
    procedure = _lock(procedure)
    case = procedure.disposal.case
    permissions.check_handle_disposal(actor, case)
    by, reason = (by or "").strip(), (reason or "").strip()
    if not by or not reason:
        raise ActionError(_("请填写异议人和异议理由"))
    if procedure.status != PriceProcedure.DONE or procedure.objection_due_on is None:
        raise ActionError(_("该参考价不接受异议"))
    if procedure.objection:
        raise ActionError(_("已有异议"))
    on = today()
    if on > procedure.objection_due_on:
        raise ActionError(_("异议期限已于 %(on)s 届满") % {"on": procedure.objection_due_on})
    procedure.objection_by, procedure.objection, procedure.objection_on = by[:100], reason[:500], on
    procedure.save(update_fields=["objection_by", "objection", "objection_on"])
    pending = _("待处理")
    case_events.emit(
        case, events.PRICE_OBJECTION, actor, asset=procedure.disposal.description, by=by, ruling=pending
    )
    audit.append(
        "disposal.price_objection", procedure, {"case": case.case_number, "by": by, "ruling": ""}, actor
    )
    return procedure


@transaction.atomic
def rule_price_objection(procedure: PriceProcedure, upheld: bool, *, actor: Any) -> PriceProcedure:
    """A judge who is not the handler rules on the objection. Upheld: the reference price is cleared,
    the procedure fails and the next method (or a new valuation) runs. Rejected: the price stands."""
    procedure = _lock(procedure)
    permissions.check_rule_price_objection(actor, procedure)
    disposal = Disposal.objects.select_for_update().select_related("case").get(pk=procedure.disposal_id)
    case = disposal.case
    if upheld and disposal.auctions.exclude(status="cancelled").exists():
        raise ActionError(_("拍卖方案已提出，参考价异议应在此之前处理"))
    procedure.objection_ruling = PriceProcedure.UPHELD if upheld else PriceProcedure.REJECTED
    procedure.objection_ruled_by = None if is_system(actor) else actor
    procedure.save(update_fields=["objection_ruling", "objection_ruled_by"])
    ruling = str(dict(PriceProcedure.RULINGS)[procedure.objection_ruling])
    case_events.emit(
        case,
        events.PRICE_OBJECTION,
        actor,
        asset=disposal.description,
        by=procedure.objection_by,
        ruling=ruling,
    )
    audit.append(
        "disposal.price_objection",
        procedure,
        {"case": case.case_number, "by": procedure.objection_by, "ruling": procedure.objection_ruling},
        actor,
    )
    if upheld:
        disposal.reference_price, disposal.reference_method, disposal.reference_on = None, "", None
        disposal.status = Disposal.PRICING
        disposal.save(update_fields=["reference_price", "reference_method", "reference_on", "status"])
        procedure.disposal = disposal
        _failed(procedure, _("参考价异议成立"), actor)
    return procedure
