"""Campaigns (专项行动 / 集中执行, rules §10.1): set one up, enrol the cases its rules take (in bulk),
enrol or remove a case by hand (removal needs a reason). Each action asks its permissions.check_*
first, runs in one transaction, writes the case events and the audit entry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError, setting, today
from zhixing.cases.models import Case, CaseEvent, Party
from zhixing.core import audit
from zhixing.courts.models import Court

from .. import events, permissions, rules, settings_keys
from ..models import Campaign, CampaignCase

PAGE = 1000  # cases read per query when enrolling by the rules
CODE_RE = re.compile(r"^[A-Za-z0-9\u4e00-\u9fff_\-]{2,40}$")
CENT = Decimal("0.01")


def _money(value: Any, label: str, problems: list[str]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        problems.append(_("%(label)s应为金额") % {"label": label})
        return None
    if amount < 0:
        problems.append(_("%(label)s不能为负数") % {"label": label})
    return amount


@transaction.atomic
def create_campaign(
    court: Court,
    code: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    court_ids: Iterable[int],
    kinds: Iterable[str],
    target_closed: int | None = None,
    target_amount: Decimal | str | None = None,
    note: str = "",
    *,
    actor: Any,
) -> Campaign:
    """A campaign organised by `court` over the courts `court_ids` (the organising court and courts
    below it), targeting `kinds` (rules.KINDS) within [starts_on, ends_on], with its targets."""
    permissions.check_manage_campaign(actor, court)
    code, name, note = (code or "").strip(), (name or "").strip(), (note or "").strip()
    kinds = list(dict.fromkeys(kinds))
    ids = sorted({int(i) for i in court_ids})
    problems: list[str] = []
    if not CODE_RE.match(code):
        problems.append(_("行动代号应为2至40个字母、数字、汉字、连字符或下划线"))
    elif code.lower() == "new":
        problems.append(_("行动代号不能为“new”"))
    elif Campaign.objects.filter(code=code).exists():
        problems.append(_("行动代号“%(code)s”已被使用") % {"code": code})
    if not name:
        problems.append(_("请填写行动名称"))
    if not starts_on or not ends_on:
        problems.append(_("请填写行动起止日期"))
    elif ends_on < starts_on:
        problems.append(_("结束日期不能早于开始日期"))
    unknown = [k for k in kinds if k not in rules.KINDS]
    if unknown:
        problems.append(_("未知的案件类型：%(kinds)s") % {"kinds": "、".join(unknown)})
    if not kinds:
        problems.append(_("请至少选择一种重点案件类型"))
    courts = list(court.subtree().filter(pk__in=ids))
    if not ids:
        problems.append(_("请至少选择一个参加法院"))
    elif len(courts) != len(ids):
        problems.append(_("参加法院只能是组织法院及其下级法院"))
    if target_closed not in (None, "") and int(target_closed) < 0:
        problems.append(_("目标结案数不能为负数"))
    amount = _money(target_amount, _("目标执行到位金额"), problems)
    if problems:
        raise ActionError(problems)
    campaign = Campaign.objects.create(
        code=code,
        name=name[:100],
        court=court,
        starts_on=starts_on,
        ends_on=ends_on,
        kinds=kinds,
        target_closed=int(target_closed) if target_closed not in (None, "") else None,
        target_amount=amount,
        note=note[:500],
        created_by=actor,
    )
    campaign.courts.set(courts)
    audit.append("relief.campaign", campaign, {"campaign": code, "courts": len(courts)}, actor)
    return campaign


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update(of=("self",)).select_related("court").get(pk=campaign.pk)


def in_window(campaign: Campaign) -> Q:
    """Cases pending at some point in the campaign's window: filed by its last day and not closed
    before its first."""
    return Q(filed_on__lte=campaign.ends_on) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=campaign.starts_on)
    )


def _facts(case: Case, debtors: list[Party]) -> rules.CaseFacts:
    return rules.CaseFacts(
        type_code=case.type_code,
        is_livelihood=case.is_livelihood,
        is_migrant_wage=case.is_migrant_wage,
        applied_amount=case.applied_amount,
        debtor_names=tuple(p.name for p in debtors),
        debtor_units=tuple(p.kind == Party.UNIT for p in debtors),
    )


class _Settings:
    """The campaign rules' settings per court (a court may override them), read once per court."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self.cache: dict[int, tuple] = {}

    def __call__(self, court: Court) -> tuple[Decimal, list[str], list[str]]:
        if court.pk not in self.cache:
            self.cache[court.pk] = (
                Decimal(str(setting(settings_keys.SMALL_AMOUNT, court, self.on))),
                list(setting(settings_keys.GOVERNMENT_WORDS, court, self.on) or []),
                list(setting(settings_keys.SOE_WORDS, court, self.on) or []),
            )
        return self.cache[court.pk]


def case_kinds(campaign: Campaign, case: Case, debtors: list[Party], settings: _Settings) -> list[str]:
    small, government, soe = settings(case.court)
    return rules.matched_kinds(_facts(case, debtors), campaign.kinds, small, government, soe)


@transaction.atomic
def enrol_by_rules(campaign: Campaign, *, actor: Any) -> int:
    """Enrol every case of a participating court pending at some point in the window that matches the
    campaign's kinds and is not in it yet. Read a page of cases per query (their debtors with it),
    written with bulk_create; returns how many cases were added."""
    campaign = _lock(campaign)
    permissions.check_manage_campaign(actor, campaign.court)
    on = today()
    settings = _Settings(on)
    court_ids = list(campaign.courts.values_list("pk", flat=True))
    base = (
        Case.objects.filter(in_window(campaign), court_id__in=court_ids)
        .exclude(campaign_entries__campaign=campaign)
        .select_related("court")
        .prefetch_related(
            Prefetch("parties", Party.objects.filter(role=Party.DEBTOR).order_by("id"), to_attr="debtors")
        )
        .order_by("id")
    )
    added = 0
    last = 0
    now = timezone.now()
    actor_cols = case_events.actor_fields(actor)
    while True:
        page = list(base.filter(pk__gt=last)[:PAGE])
        if not page:
            break
        last = page[-1].pk
        entries, evts = [], []
        for case in page:
            kinds = case_kinds(campaign, case, case.debtors, settings)
            if not kinds:
                continue
            entries.append(
                CampaignCase(
                    campaign=campaign,
                    case=case,
                    source=CampaignCase.RULE,
                    kinds=kinds,
                    added_on=on,
                    added_by=actor,
                )
            )
            evts.append(
                CaseEvent(
                    case=case,
                    kind=events.CAMPAIGN_ENTERED,
                    at=now,
                    data={"campaign": campaign.name, "source": str(_("按规则纳入"))},
                    **actor_cols,
                )
            )
        CampaignCase.objects.bulk_create(entries)
        case_events.emit_many(evts)
        added += len(entries)
    audit.append("relief.campaign_enrol", campaign, {"campaign": campaign.code, "cases": added}, actor)
    return added


@transaction.atomic
def enrol_case(campaign: Campaign, case: Case, *, actor: Any) -> CampaignCase:
    """Put one case into the campaign by hand (the kinds it matches are recorded, if any)."""
    campaign = _lock(campaign)
    case = Case.objects.select_related("court").get(pk=case.pk)
    permissions.check_enrol_case(actor, campaign, case)
    if CampaignCase.objects.filter(campaign=campaign, case=case).exists():
        raise ActionError(_("案件 %(number)s 已在该专项行动中") % {"number": case.case_number})
    if not Case.objects.filter(in_window(campaign), pk=case.pk).exists():
        raise ActionError(_("案件 %(number)s 在行动期间内未处于执行中") % {"number": case.case_number})
    debtors = list(case.parties.filter(role=Party.DEBTOR).order_by("id"))
    entry = CampaignCase.objects.create(
        campaign=campaign,
        case=case,
        source=CampaignCase.HAND,
        kinds=case_kinds(campaign, case, debtors, _Settings(today())),
        added_on=today(),
        added_by=actor,
    )
    case_events.emit(case, events.CAMPAIGN_ENTERED, actor, campaign=campaign.name, source=str(_("人工纳入")))
    audit.append("relief.campaign_enrol", campaign, {"campaign": campaign.code, "cases": 1}, actor)
    return entry


@transaction.atomic
def remove_case(campaign: Campaign, case: Case, reason: str, *, actor: Any) -> None:
    """Take a case out of the campaign; the reason is required and kept in the case's events."""
    campaign = _lock(campaign)
    case = Case.objects.select_related("court").get(pk=case.pk)
    permissions.check_enrol_case(actor, campaign, case)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("移出专项行动须说明理由"))
    entry = CampaignCase.objects.select_for_update().filter(campaign=campaign, case=case).first()
    if entry is None:
        raise ActionError(_("案件 %(number)s 不在该专项行动中") % {"number": case.case_number})
    entry.delete()
    case_events.emit(case, events.CAMPAIGN_LEFT, actor, campaign=campaign.name, reason=reason[:200])
    audit.append(
        "relief.campaign_remove", campaign, {"campaign": campaign.code, "case": case.case_number}, actor
    )
