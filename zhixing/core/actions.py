"""Writes to the shared kernel's tables: the holiday calendar and the rule settings (ARCHITECTURE §2).

Each action checks that the actor is an administrator (core.permissions.is_administrator: roles
reach down the court hierarchy, ARCHITECTURE §10), validates, writes and appends an audit entry in
one transaction. The calendar and nationwide settings belong to no one court, so they need the
administrator role on a top court (a court with no court above it); a court's own settings need it
on that court or above. A named system actor (core.actors: a migration, a command) passes; actor None
is refused (TypeError): there is no "no actor".

The `*_problems` functions are the validation alone, so that forms can show the same sentences
beside the field before anything is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, calendar, stamps
from .holiday_notice import Notice
from .models import CalendarYear, Holiday, RuleSetting
from .permissions import is_administrator

MIN_YEAR, MAX_YEAR = 1990, 2100


# --- permission -------------------------------------------------------------------------------------


def require_administrator(actor: Any, court: Any = None) -> None:
    if not is_administrator(actor, court):
        if court is None:
            raise PermissionDenied(_("只有最高一级法院的管理员可以修改全国适用的日历和规则参数"))
        raise PermissionDenied(_("只有%(court)s或其上级法院的管理员可以进行此操作") % {"court": court.name})


def _refuse(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems)


# --- calendar ----------------------------------------------------------------------------------------


def holiday_problems(date: Any, kind: str) -> list[str]:
    problems = []
    if not isinstance(date, dt.date):
        problems.append(_("请填写日期"))
    if kind not in (Holiday.HOLIDAY, Holiday.WORKDAY):
        problems.append(_("类型应为法定节假日或调休工作日"))
    # A make-up working day is a weekend day that is worked; a weekday is worked anyway (rules §14.4).
    if isinstance(date, dt.date) and kind == Holiday.WORKDAY and date.weekday() < 5:
        problems.append(_("调休工作日应为周六或周日：%(date)s 本来就是工作日") % {"date": date.isoformat()})
    return problems


@transaction.atomic
def set_holiday(date: dt.date, kind: str, name: str = "", *, actor: Any) -> Holiday:
    """Record that `date` is a public holiday or a make-up working day (rules §14.4–14.6), replacing
    what the table said of that date before."""
    require_administrator(actor)
    _refuse(holiday_problems(date, kind))
    row = Holiday.objects.select_for_update().filter(date=date).first()
    before = {"kind": row.kind, "name": row.name} if row else {}
    if row is None:
        row = Holiday(date=date)
    row.kind, row.name = kind, (name or "").strip()
    row.save()  # save(), not update(): the calendar drops its cache on post_save
    audit.append(
        "calendar.set_holiday",
        row,
        {
            "date": date.isoformat(),
            **audit.changes(before, {"kind": kind, "name": row.name}, always=["kind"]),
        },
        actor,
    )
    return row


@transaction.atomic
def remove_holiday(date: dt.date, *, actor: Any) -> None:
    """The date becomes an ordinary day again (a weekday worked, a weekend day off)."""
    require_administrator(actor)
    row = Holiday.objects.select_for_update().filter(date=date).first()
    if row is None:
        raise ValidationError(_("%(date)s 不在节假日表中") % {"date": date.isoformat()})
    audit.append(
        "calendar.remove_holiday", row, {"date": date.isoformat(), "kind": row.kind, "name": row.name}, actor
    )
    row.delete()


def calendar_year_problems(year: Any) -> list[str]:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        return [_("年份应在 %(lo)d 至 %(hi)d 之间") % {"lo": MIN_YEAR, "hi": MAX_YEAR}]
    # Every year has at least New Year's Day off: a year with no rows has not been entered yet, and
    # declaring it complete would make the calendar guess (ARCHITECTURE §4).
    if not Holiday.objects.filter(date__year=year, kind=Holiday.HOLIDAY).exists():
        return [_("%(year)d 年尚未录入任何法定节假日，请先录入该年安排再确认其完整") % {"year": year}]
    return []


@transaction.atomic
def add_calendar_year(year: int, source: str = "", *, actor: Any) -> CalendarYear:
    """Declare `year`'s holiday table complete (after the State Council's notice is entered), so the
    calendar answers for dates in it instead of refusing."""
    require_administrator(actor)
    _refuse(calendar_year_problems(year))
    row, created = CalendarYear.objects.get_or_create(year=year, defaults={"source": source.strip()})
    before = row.source
    if not created and row.source != source.strip():
        row.source = source.strip()
        row.save()
    # A corrected source reads {"old": …, "new": …}; an unchanged one as it is.
    detail = {"year": year, "source": row.source, **audit.changes({"source": before}, {"source": row.source})}
    audit.append("calendar.add_year", row, {**detail, "new": created}, actor)
    if created:
        calendar.year_declared.send(sender=CalendarYear, year=year, actor=actor)
    return row


@transaction.atomic
def declare_year(notice: Notice, actor: Any) -> CalendarYear:
    """Enter a year's State Council notice (core.holiday_notice, already checked whole) and declare the
    year complete, in one transaction: its holiday rows replace any partial ones entered day by day,
    and every provisional deadline counted across the year is recomputed (calendar.year_declared)."""
    require_administrator(actor)
    year = notice.year
    problems = calendar_year_problems(year) if not notice.festivals else []
    if not MIN_YEAR <= year <= MAX_YEAR:
        problems = [_("年份应在 %(lo)d 至 %(hi)d 之间") % {"lo": MIN_YEAR, "hi": MAX_YEAR}]
    if CalendarYear.objects.filter(year=year).exists():
        problems.append(
            _("%(year)d 年已发布；如需更正，请在“节假日”中逐日调整，或先撤销该年再重新录入") % {"year": year}
        )
    _refuse(problems)
    replaced = Holiday.objects.filter(date__year=year).count()
    Holiday.objects.filter(date__year=year).delete()
    Holiday.objects.bulk_create(
        [Holiday(date=d, kind=Holiday.HOLIDAY, name=name) for d, name in notice.holidays()]
        + [Holiday(date=d, kind=Holiday.WORKDAY, name=name) for d, name in notice.workdays()]
    )
    # bulk_create sends no post_save: drop this process's copy and tell the others.
    calendar.clear_cache()
    stamps.bump("calendar")
    row = CalendarYear.objects.create(year=year, source=notice.source)
    audit.append(
        "calendar.declare_year",
        row,
        {
            "year": year,
            "source": notice.source,
            "festivals": [
                {
                    "name": f.name,
                    "start": f.start.isoformat(),
                    "end": f.end.isoformat(),
                    "workdays": [d.isoformat() for d in f.workdays],
                }
                for f in notice.festivals
            ],
            "replaced_rows": replaced,
        },
        actor,
    )
    calendar.year_declared.send(sender=CalendarYear, year=year, actor=actor)
    return row


@transaction.atomic
def remove_calendar_year(year: int, *, actor: Any) -> None:
    """Withdraw the declaration: the calendar refuses the year again until it is re-confirmed."""
    require_administrator(actor)
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if row is None:
        raise ValidationError(_("%(year)d 年未列入已发布年度日历") % {"year": year})
    audit.append("calendar.remove_year", row, {"year": year, "source": row.source}, actor)
    row.delete()


# --- rule settings -----------------------------------------------------------------------------------


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def rule_setting_problems(key: str, value: Any, effective_from: Any, court: Any = None) -> list[str]:
    problems = []
    if not (key or "").strip():
        problems.append(_("请填写规则键"))
    if not isinstance(effective_from, dt.date):
        problems.append(_("请填写生效日期"))
    if value is None:
        problems.append(_("请填写取值"))
    elif (key or "").strip():
        # The code reading a setting expects one type (a number of days, a yes/no, a list of roles);
        # a version of another type would break it at the next deadline computed.
        kinds = {
            _json_kind(v) for v in RuleSetting.objects.filter(key=key.strip()).values_list("value", flat=True)
        }
        if kinds and _json_kind(value) not in kinds:
            problems.append(
                _("取值类型与该规则键已有版本不一致（已有：%(old)s，本次：%(new)s）")
                % {"old": "、".join(sorted(kinds)), "new": _json_kind(value)}
            )
    return problems


@transaction.atomic
def set_rule_setting(
    key: str,
    value: Any,
    effective_from: dt.date,
    court: Any = None,
    description: str = "",
    *,
    actor: Any,
    source: str = "",
) -> RuleSetting:
    """Add a version of setting `key` for `court` (None: nationwide) from `effective_from`, or correct
    the version with exactly that key, date and scope. Earlier versions stay: a deadline computed
    under them can be explained later (ARCHITECTURE §1)."""
    require_administrator(actor, court)
    key = (key or "").strip()
    _refuse(rule_setting_problems(key, value, effective_from, court))
    row = (
        RuleSetting.objects.select_for_update()
        .filter(key=key, effective_from=effective_from, court=court)
        .first()
    )
    # What this changes: the version corrected, or the one a new version supersedes in that scope.
    before: dict[str, Any] = dict(
        {"value": row.value, "description": row.description}
        if row
        else RuleSetting.objects.filter(key=key, court=court, effective_from__lt=effective_from)
        .order_by("-effective_from")
        .values("value", "description")
        .first()
        or {}
    )
    if row is None:
        row = RuleSetting(key=key, effective_from=effective_from, court=court)
    row.value, row.description = value, (description or "").strip()
    if source:
        row.source = source.strip()
    row.save()  # save(), not update(): rulesettings drops its cache on post_save
    audit.append(
        "rulesetting.set",
        row,
        {
            "key": key,
            "effective_from": effective_from.isoformat(),
            "court": court.code if court is not None else None,
            **audit.changes(before, {"value": value, "description": row.description}, always=["value"]),
        },
        actor,
    )
    return row


@transaction.atomic
def remove_rule_setting(setting: RuleSetting, *, actor: Any) -> None:
    """Withdraw a version that has not taken effect yet. One already in effect stays, because
    deadlines were computed with it; supersede it with a newer version instead."""
    require_administrator(actor, setting.court)
    if setting.effective_from <= timezone.localdate():
        raise ValidationError(_("已生效的规则参数不能删除（其他期限依此计算）；请新增一个生效日期更晚的版本"))
    audit.append(
        "rulesetting.remove",
        setting,
        {
            "key": setting.key,
            "value": setting.value,
            "effective_from": setting.effective_from.isoformat(),
            "court": setting.court.code if setting.court is not None else None,
        },
        actor,
    )
    setting.delete()
