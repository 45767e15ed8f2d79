"""Measures on the asset register (rules §6.5–6.8): freeze, seal or seize with amount and term; renew;
release on payment, on closing or by ruling; deduct frozen money into the case account. Each action
checks permission and rules, writes the measure and its outbox instruction, and appends a case event
and an audit entry, in one transaction; delivery.py sends the instruction and results.py applies the
answer. The scan marks unrenewed measures lapsed and raises renewal reminders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError
from zhixing.core import audit
from zhixing.core.identity import mask_account
from zhixing.core.money import format_yuan
from zhixing.core.rulesettings import rule_setting
from zhixing.courts.actors import require_actor
from zhixing.documents.rules import CONTROL_RULING
from zhixing.funds.matching import sub_account_for
from zhixing.funds.models import PooledAccount

from .. import events, permissions, rules, rulings, settings_keys
from ..actors import MEASURE_SCAN
from ..connectors import LegalDocument, deduct_item, freeze_item, release_item, renew_item
from ..models import Asset, InquiryRequest, Institution, Measure
from .common import enqueue, request_key, today
from .results import asset_label

_CN = "〇一二三四五六七八九"


def _asset_words(asset: Asset) -> str:
    """The asset as a ruling names it: the debtor, the institution and the asset with its masked number."""
    what = asset.description or asset.get_type_display()
    return _("被执行人%(name)s在%(inst)s的%(what)s（%(acc)s）") % {
        "name": asset.party.name,
        "inst": asset.institution.name,
        "what": what,
        "acc": mask_account(asset.account) if asset.account else "",
    }


def _ruling(measure: Measure, order: str, actor: Any) -> LegalDocument:
    """Issue the ruling of one instruction on the measure's case (rulings.issue)."""
    return rulings.issue(measure.case, [order], actor=actor)


def _terms(case: Any) -> dict[str, int]:
    return dict(rule_setting(settings_keys.MAX_TERM_DAYS, case.court, today()))


@transaction.atomic
def freeze(asset: Asset, *, actor: Any, days: int | None = None, amount: Decimal | None = None) -> Measure:
    """Freeze (deposits, provident fund, securities), seal (real estate) or seize (vehicles) an asset
    found by the inquiry. `days` defaults to the longest term rules §6.8 allows; `amount` (money only)
    to the case's outstanding claim."""
    asset = Asset.objects.select_related("case__court", "party", "institution").get(pk=asset.pk)
    permissions.check_freeze(actor, asset)
    case = asset.case
    days = days or rules.max_term_days(asset.type, _terms(case))
    why = rules.term_problem(asset.type, days, _terms(case))
    if why:
        raise ActionError(why)
    if asset.type in rules.MONEY_ASSETS:
        amount = (
            amount if amount is not None else max(case.applied_amount - case.realized_amount, Decimal("0.01"))
        )
        if amount <= 0:
            raise ValidationError(_("冻结金额必须大于零"))
    else:
        amount = None
    measure = Measure.objects.create(
        case=case,
        asset=asset,
        kind=rules.measure_kind(asset.type),
        amount=amount,
        days=days,
        officer=None if getattr(actor, "pk", None) is None else actor,
        document_number="",
        document_sha256="",
        created_at=timezone.now(),
    )
    word = dict(rules.MEASURE_KINDS)[measure.kind]
    limit = _("，以 %(a)s 元为限") % {"a": format_yuan(amount)} if amount is not None else ""
    document = _ruling(
        measure,
        _("%(word)s%(asset)s%(limit)s，期限 %(days)d 日。")
        % {"word": word, "asset": _asset_words(asset), "limit": limit, "days": days},
        actor,
    )
    measure.document_number, measure.document_sha256 = document.number, document.sha256
    measure.save(update_fields=["document_number", "document_sha256"])
    enqueue(
        key=request_key(case.court, "f", measure.pk),
        court=case.court,
        institution=asset.institution,
        action=InquiryRequest.FREEZE,
        items=[freeze_item(f"M{measure.pk}", asset.asset_id, asset.type, amount, days, case.case_number)],
        actor=actor,
        measure=measure,
        document=document,
    ).save()
    label = asset_label(asset.type, asset.account)
    case_events.emit(
        case,
        events.MEASURE_REQUESTED,
        actor,
        measure=measure.get_kind_display(),
        asset=label,
        amount=str(amount) if amount is not None else "",
        days=days,
        document=measure.document_number,
    )
    audit.append(
        "inquiry.measure",
        measure,
        {
            "case": case.case_number,
            "kind": measure.kind,
            "asset": label,
            "amount": str(amount) if amount is not None else "",
            "days": days,
            "document": measure.document_number,
            "sha256": measure.document_sha256,
        },
        actor,
    )
    return measure


def _locked(measure: Measure) -> Measure:
    return (
        Measure.objects.select_for_update(of=("self",))
        .select_related("case__court", "asset__institution", "asset__party")
        .get(pk=measure.pk)
    )


def _instruct(
    measure: Measure, action: str, item: dict[str, Any], key_part: str, actor: Any, document: LegalDocument
) -> None:
    enqueue(
        key=request_key(measure.case.court, key_part, measure.pk, measure.instructions.count()),
        court=measure.case.court,
        institution=measure.asset.institution,
        action=action,
        items=[item],
        actor=actor,
        measure=measure,
        document=document,
    ).save()
    Measure.objects.filter(pk=measure.pk).update(pending=action)


@transaction.atomic
def renew(measure: Measure, *, actor: Any, days: int | None = None) -> Measure:
    """续行 before expiry (rules §6.8): each renewal no longer than the same maximum term."""
    measure = _locked(measure)
    permissions.check_renew(actor, measure)
    days = days or rules.max_term_days(measure.asset.type, _terms(measure.case))
    why = rules.term_problem(measure.asset.type, days, _terms(measure.case))
    if why:
        raise ActionError(why)
    if measure.expiry is not None and rules.lapsed(measure.expiry, today()):
        raise ActionError(_("措施已于 %(d)s 到期，不能续行") % {"d": measure.expiry})
    word = measure.get_kind_display()
    document = _ruling(
        measure,
        _("继续%(word)s%(asset)s，期限 %(days)d 日（续行）。")
        % {"word": word, "asset": _asset_words(measure.asset), "days": days},
        actor,
    )
    item = renew_item(f"M{measure.pk}", measure.measure_id, days)
    _instruct(measure, InquiryRequest.RENEW, item, "r", actor, document)
    label = asset_label(measure.asset.type, measure.asset.account)
    audit.append(
        "inquiry.renew", measure, {"case": measure.case.case_number, "asset": label, "days": days}, actor
    )
    return measure


@transaction.atomic
def release(measure: Measure, reason: str, *, actor: Any) -> Measure:
    """Lift a measure: the debt paid, the case closed, or by ruling (issue 10 item 5)."""
    if reason not in dict(rules.RELEASE_REASONS):
        raise ValidationError(_("解除原因不正确"))
    measure = _locked(measure)
    permissions.check_release(actor, measure)
    if measure.case.is_closed:
        # Released because the case closed: the closing is the ground, and a closed case takes no new
        # document; the instruction names the ruling that took the measure.
        document = LegalDocument(measure.document_number, CONTROL_RULING, measure.document_sha256)
    else:
        word = measure.get_kind_display()
        document = _ruling(
            measure,
            _("解除%(word)s%(asset)s。") % {"word": word, "asset": _asset_words(measure.asset)},
            actor,
        )
    item = release_item(f"M{measure.pk}", measure.measure_id)
    _instruct(measure, InquiryRequest.RELEASE, item, "x", actor, document)
    Measure.objects.filter(pk=measure.pk).update(release_reason=reason)
    label = asset_label(measure.asset.type, measure.asset.account)
    audit.append(
        "inquiry.release",
        measure,
        {"case": measure.case.case_number, "asset": label, "reason": reason},
        actor,
    )
    return measure


@transaction.atomic
def deduct(measure: Measure, amount: Decimal, *, actor: Any) -> Measure:
    """扣划 frozen money into the case's own sub-account of the court's pooled account (rules §6.5, §6.7);
    the money is booked when the institution answers (results.py), once per its transaction id."""
    measure = _locked(measure)
    permissions.check_deduct(actor, measure)
    amount = Decimal(amount).quantize(Decimal("0.01"))
    why = rules.deduction_problem(amount, measure.amount or Decimal("0"))
    if why:
        raise ActionError(why)
    pooled = PooledAccount.objects.filter(court_id=measure.case.court_id).first()
    if pooled is None:
        raise ActionError(_("本院尚未开立执行款专户，不能扣划"))
    item = deduct_item(
        f"M{measure.pk}",
        measure.measure_id,
        amount,
        pooled.account_number,
        sub_account_for(pooled.account_number, measure.case_id),
    )
    document = _ruling(
        measure,
        _("扣划%(asset)s存款 %(amount)s 元，划至本院执行款专户本案子账户。")
        % {"asset": _asset_words(measure.asset), "amount": format_yuan(amount)},
        actor,
    )
    _instruct(measure, InquiryRequest.DEDUCT, item, "d", actor, document)
    label = asset_label(measure.asset.type, measure.asset.account)
    audit.append(
        "inquiry.deduct",
        measure,
        {"case": measure.case.case_number, "asset": label, "amount": str(amount)},
        actor,
    )
    return measure


def scan_measures(on: dt.date | None = None, *, actor: Any = MEASURE_SCAN) -> tuple[int, int]:
    """Mark every active measure past its expiry lapsed (rules §6.8: it never lapses silently) and raise
    the renewal reminder of every one within the lead of its expiry, each once (a conditional UPDATE
    per measure, so several workers scanning together mark each one once). Returns (lapsed, reminded)."""
    require_actor(actor)
    on = on or today()
    lapsed = reminded = 0
    for measure in Measure.objects.filter(status=Measure.ACTIVE, expiry__lt=on).select_related(
        "asset", "case"
    ):
        with transaction.atomic():
            if Measure.objects.filter(pk=measure.pk, status=Measure.ACTIVE).update(
                status=Measure.LAPSED, lapsed_on=on
            ):
                lapsed += 1
                case_events.emit(
                    measure.case,
                    events.MEASURE_LAPSED,
                    actor,
                    measure=measure.get_kind_display(),
                    asset=asset_label(measure.asset.type, measure.asset.account),
                    expiry=measure.expiry.isoformat() if measure.expiry else "",
                )
    leads: dict[int, int] = {}
    candidates = Measure.objects.filter(
        status=Measure.ACTIVE,
        renewal_due_since__isnull=True,
        expiry__gte=on,
        expiry__lte=on + dt.timedelta(days=366),
    ).select_related("asset", "case__court")
    for measure in candidates:
        court = measure.case.court
        if court.pk not in leads:
            leads[court.pk] = int(rule_setting(settings_keys.RENEWAL_LEAD_DAYS, court, on))
        assert measure.expiry is not None
        if not rules.renewal_due(measure.expiry, leads[court.pk], on):
            continue
        with transaction.atomic():
            if Measure.objects.filter(
                pk=measure.pk, renewal_due_since__isnull=True, status=Measure.ACTIVE
            ).update(renewal_due_since=on):
                reminded += 1
                case_events.emit(
                    measure.case,
                    events.RENEWAL_DUE,
                    actor,
                    measure=measure.get_kind_display(),
                    asset=asset_label(measure.asset.type, measure.asset.account),
                    expiry=measure.expiry.isoformat(),
                )
    if lapsed or reminded:
        audit.append(
            "inquiry.scan_measures", None, {"on": on, "lapsed": lapsed, "reminders": reminded}, actor
        )
    # A measure that took effect after its case closed (its freeze was awaiting the answer) is
    # released here, as the closing released the others (case_effects; imported here: it uses release).
    from .case_effects import release_on_closing

    release_on_closing()
    return lapsed, reminded


# Property an officer can seal or seize on the spot (a vehicle found in the street, a flat entered):
# money and rights are frozen through their institution, never in the field.
ON_SITE_TYPES = (rules.VEHICLE, rules.REAL_ESTATE)


@transaction.atomic
def seize_on_site(
    case: Any, party: Any, asset_type: str, description: str, *, actor: Any, value: Decimal | None = None
) -> Measure:
    """A seizure (扣押) or seal (查封) made in the field (issue 13): the property is entered on the
    register and the measure is in force at once, by its ruling, with no instruction to an institution
    (the officers took it themselves). Its term is the longest rules §6.8 allows for the type, from
    today, so the renewal reminder and the lapse scan watch it like any other. The register names the
    institution that keeps the type's title (the vehicle or real-estate registry), where the court
    would later register the measure."""
    permissions._measuring(actor, case, _("现场查封、扣押"))
    if party.case_id != case.pk or party.role != party.DEBTOR:
        raise ActionError(_("只能查封、扣押本案被执行人的财产"))
    if asset_type not in ON_SITE_TYPES:
        raise ActionError(_("现场只能扣押车辆或查封不动产；存款等财产应通过网络冻结"))
    description = description.strip()
    if not description:
        raise ActionError(_("须写明查封、扣押的财产"))
    if value is not None and value < 0:
        raise ActionError(_("财产价值不能为负数"))
    institution = Institution.objects.filter(kind=asset_type, active=True).order_by("-link", "code").first()
    if institution is None:
        raise ActionError(
            _("平台尚未登记%(kind)s，不能登记现场查封、扣押")
            % {"kind": dict(rules.INSTITUTION_KINDS)[asset_type]}
        )
    now = timezone.now()
    on = today()
    seq = Asset.objects.filter(case=case, asset_id__startswith="FIELD-").count() + 1
    asset = Asset.objects.create(
        case=case,
        party=party,
        institution=institution,
        type=asset_type,
        asset_id=f"FIELD-{case.pk}-{seq}",
        description=description[:200],
        value=value,
        found_at=now,
        last_seen=now,
    )
    days = rules.max_term_days(asset_type, _terms(case))
    measure = Measure.objects.create(
        case=case,
        asset=asset,
        kind=rules.measure_kind(asset_type),
        days=days,
        start=on,
        expiry=rules.expiry(on, days),
        status=Measure.ACTIVE,
        officer=None if getattr(actor, "pk", None) is None else actor,
        document_number="",
        document_sha256="",
        created_at=now,
    )
    word = measure.get_kind_display()
    document = _ruling(
        measure,
        _("%(word)s被执行人%(name)s的%(what)s，期限 %(days)d 日。")
        % {"word": word, "name": party.name, "what": description, "days": days},
        actor,
    )
    measure.document_number, measure.document_sha256 = document.number, document.sha256
    measure.save(update_fields=["document_number", "document_sha256"])
    label = f"{asset_label(asset.type, asset.account)} {description[:60]}"
    case_events.emit(
        case,
        events.MEASURE_TAKEN,
        actor,
        measure=word,
        asset=label,
        expiry=measure.expiry.isoformat() if measure.expiry else "",
        position="",
    )
    audit.append(
        "inquiry.measure",
        measure,
        {
            "case": case.case_number,
            "kind": measure.kind,
            "asset": label,
            "amount": "",
            "days": days,
            "document": measure.document_number,
            "sha256": measure.document_sha256,
        },
        actor,
    )
    return measure
