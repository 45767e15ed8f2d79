"""The administrator's pages for the calendar, the rule settings and the audit log (Django admin).

Nothing here saves a model: save_model/delete_model call zhixing.core.actions, which check the
administrator role, write and append the audit entry (ARCHITECTURE §2). Forms run the actions'
validation first, so a refusal shows beside the field instead of failing after "save".

Access is by role, not by Django's staff flag and model permissions: a user holding 管理员 on any
court may open these pages (ARCHITECTURE §10, permissions are data); what they may change depends
on where the role is held.
"""

from __future__ import annotations

import json

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from zhixing.core import actions as core_actions
from zhixing.core import audit, permissions
from zhixing.core.models import AuditEntry, CalendarYear, Holiday, RuleSetting
from zhixing.core.permissions import holds_admin_role

WEEKDAYS = "一二三四五六日"

__all__ = ["ActionAdmin", "NationwideAdmin", "VersionedAdmin", "holds_admin_role"]


def _site_permission(request) -> bool:
    return request.user.is_active and (request.user.is_staff or holds_admin_role(request.user))


class AdminLoginForm(AdminAuthenticationForm):
    """Lets a 管理员 in without the staff flag, which our user actions do not manage. courts, which
    keeps the users and the sign-in throttle, installs it as the site's login form with the throttle's
    Chinese refusal added (courts.seams), so that core need not import courts."""

    def confirm_login_allowed(self, user):
        if holds_admin_role(user):
            AuthenticationForm.confirm_login_allowed(self, user)
            return
        super().confirm_login_allowed(user)


admin.site.site_header = _("执行平台管理")
admin.site.site_title = _("执行平台管理")
admin.site.index_title = _("系统管理")
admin.site.has_permission = _site_permission  # type: ignore[method-assign]
# Permissions are roles held per court (courts.RoleGrant, ARCHITECTURE §10), not Django's groups and
# model permissions, whose names Django stores in English: the groups page is not offered.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


class ActionAdmin(admin.ModelAdmin):
    """Base for our admin classes: role-based access, and no writes of Django's own admin history
    (the audit log, written by the actions, is the record)."""

    def has_module_permission(self, request) -> bool:
        return holds_admin_role(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return holds_admin_role(request.user)

    def log_addition(self, request, obj, message):
        return None

    def log_change(self, request, obj, message):
        return None

    def log_deletion(self, request, obj, object_repr):
        return None

    def log_deletions(self, request, queryset):
        return None


class NationwideAdmin(ActionAdmin):
    """Tables that belong to no one court: changes need 管理员 on a top court."""

    def has_add_permission(self, request) -> bool:
        return core_actions.is_administrator(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return core_actions.is_administrator(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return core_actions.is_administrator(request.user)


class KeyedNationwideAdmin(NationwideAdmin):
    """A nationwide table whose rows are known by one field (a holiday's date, a calendar year):
    the field cannot change once saved (to move a row, delete it and add the new one), and every
    save and delete goes through the core action named by `store` / `remove`, one row at a time."""

    key_field: str

    def store(self, obj, actor):
        raise NotImplementedError

    def remove(self, key, actor) -> None:
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        return [self.key_field] if obj is not None else []

    def save_model(self, request, obj, form, change):
        obj.pk = self.store(obj, actor=request.user).pk

    def delete_model(self, request, obj):
        self.remove(getattr(obj, self.key_field), actor=request.user)

    def delete_queryset(self, request, queryset):
        for key in list(queryset.values_list(self.key_field, flat=True)):
            self.remove(key, actor=request.user)


def _add_problems(form: forms.Form, problems: list[str], field: str | None = None) -> None:
    for p in problems:
        form.add_error(field, p)


# --- calendar ----------------------------------------------------------------------------------------


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "kind", "name"]

    def clean(self):
        data = super().clean()
        date = data.get("date", self.instance.date if self.instance.pk else None)
        if date is not None and data.get("kind"):  # a missing field already has its own error
            _add_problems(self, core_actions.holiday_problems(date, data["kind"]))
        return data


class YearFilter(admin.SimpleListFilter):
    title = _("年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = sorted({d.year for d in Holiday.objects.dates("date", "year")}, reverse=True)
        return [(str(y), str(y)) for y in years]

    def queryset(self, request, queryset):
        return queryset.filter(date__year=int(self.value())) if self.value() else queryset


@admin.register(Holiday)
class HolidayAdmin(KeyedNationwideAdmin):
    form = HolidayForm
    list_display = ["date", "weekday", "kind", "name"]
    list_filter = [YearFilter, "kind"]
    search_fields = ["name"]
    ordering = ["-date"]
    list_per_page = 50

    @admin.display(description=_("星期"))
    def weekday(self, obj: Holiday) -> str:
        return f"周{WEEKDAYS[obj.date.weekday()]}"

    key_field = "date"  # the row's identity: to move a holiday, delete it and add the new date

    def store(self, obj: Holiday, actor) -> Holiday:
        return core_actions.set_holiday(obj.date, obj.kind, obj.name, actor=actor)

    def remove(self, key, actor) -> None:
        core_actions.remove_holiday(key, actor=actor)


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "source"]
        help_texts = {"source": _("例如：国务院办公厅关于该年部分节假日安排的通知")}

    def clean(self):
        data = super().clean()
        year = data.get("year", self.instance.year if self.instance.pk else None)
        if year is not None:
            _add_problems(self, core_actions.calendar_year_problems(year))
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(KeyedNationwideAdmin):
    form = CalendarYearForm
    key_field = "year"
    list_display = ["year", "source", "holiday_days", "workdays"]
    ordering = ["-year"]
    change_list_template = "admin/core/calendaryear/change_list.html"

    def get_urls(self):
        from django.urls import path

        from zhixing.core.calendar_declare import declare_view

        view = self.admin_site.admin_view(lambda request: declare_view(self, request))
        return [path("declare/", view, name="core_calendaryear_declare"), *super().get_urls()]

    def get_queryset(self, request):
        # Counted in the list's one query, not one query per year.
        def days(kind: str):
            rows = Holiday.objects.filter(date__year=OuterRef("year"), kind=kind).order_by()
            return Coalesce(Subquery(rows.values("kind").annotate(n=Count("id")).values("n")), 0)

        return (
            super()
            .get_queryset(request)
            .annotate(n_holidays=days(Holiday.HOLIDAY), n_workdays=days(Holiday.WORKDAY))
        )

    @admin.display(description=_("放假天数"))
    def holiday_days(self, obj: CalendarYear) -> int:
        return obj.n_holidays  # type: ignore[attr-defined]  # annotated in get_queryset

    @admin.display(description=_("调休上班天数"))
    def workdays(self, obj: CalendarYear) -> int:
        return obj.n_workdays  # type: ignore[attr-defined]

    def store(self, obj: CalendarYear, actor) -> CalendarYear:
        return core_actions.add_calendar_year(obj.year, obj.source, actor=actor)

    def remove(self, key, actor) -> None:
        core_actions.remove_calendar_year(key, actor=actor)


# --- rule settings -----------------------------------------------------------------------------------


class RuleSettingForm(forms.ModelForm):
    user = None  # set by RuleSettingAdmin.get_form

    class Meta:
        model = RuleSetting
        fields = ["key", "value", "effective_from", "court", "description", "source"]
        help_texts = {
            "value": _('JSON 取值，例如 7、true、"文本" 或 ["judge", "leader"]'),
            "court": _("留空表示全国适用；选择法院则该院及其下级法院适用"),
        }

    def clean(self):
        data = super().clean()
        inst = self.instance
        key = data.get("key", inst.key if inst.pk else "")
        court = data.get("court") if "court" in data else (inst.court if inst.pk else None)
        effective_from = data.get("effective_from", inst.effective_from if inst.pk else None)
        if not core_actions.is_administrator(self.user, court):
            self.add_error(
                "court" if "court" in self.fields else None,
                _("您不是该范围的管理员：全国适用的参数须由最高一级法院的管理员设置"),
            )
        if "value" in data:
            _add_problems(
                self, core_actions.rule_setting_problems(key, data.get("value"), effective_from, court)
            )
        return data


class VersionedAdmin(ActionAdmin):
    """Base for configuration kept in versions by key, effective date and court scope (rule
    settings, indicator definitions): the form knows its user, offers only the courts where the user
    is 管理员, and a saved version's identity is read-only (another key, date or scope is a new
    version). `may_change(user, court)` says who may edit a version of that scope."""

    list_select_related = ["court"]
    ordering = ["key", "-effective_from"]

    def may_change(self, user, court) -> bool:
        return core_actions.is_administrator(user, court)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        if "court" in form.base_fields and not request.user.is_superuser:
            form.base_fields["court"].queryset = permissions.ask("admin_courts", request.user)
        return form

    def get_readonly_fields(self, request, obj=None):
        return ["key", "effective_from", "court"] if obj is not None else []

    def has_add_permission(self, request) -> bool:
        return holds_admin_role(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return holds_admin_role(request.user)
        return self.may_change(request.user, obj.court)


@admin.register(RuleSetting)
class RuleSettingAdmin(VersionedAdmin):
    form = RuleSettingForm
    list_display = ["key", "value", "effective_from", "court", "description"]
    list_filter = ["court"]
    search_fields = ["key", "description"]

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is None:
            return holds_admin_role(request.user)
        return obj.effective_from > timezone.localdate() and core_actions.is_administrator(
            request.user, obj.court
        )

    def save_model(self, request, obj, form, change):
        saved = core_actions.set_rule_setting(
            obj.key,
            obj.value,
            obj.effective_from,
            obj.court,
            obj.description,
            actor=request.user,
            source=obj.source,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        core_actions.remove_rule_setting(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for setting in list(queryset.select_related("court")):
            core_actions.remove_rule_setting(setting, actor=request.user)


# --- audit log ---------------------------------------------------------------------------------------


class AuditActionFilter(admin.SimpleListFilter):
    title = _("操作")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(code, str(kind.label)) for code, kind in audit.KINDS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ActionAdmin):
    """Read-only: the log is append-only, and the actions are its only writers. Actions, object types
    and detail keys show by their Chinese names as declared (core.audit.declare); the stored codes stay
    searchable."""

    list_display = ["id", "at", "actor_label", "action_label", "object_label", "object_id"]
    list_filter = [AuditActionFilter]
    search_fields = ["action", "object_id"]
    list_select_related = ["actor"]
    readonly_fields = fields = (
        "at",
        "actor_label",
        "action_label",
        "object_label",
        "object_id",
        "detail_text",
        "previous_hash",
        "own_hash",
    )
    ordering = ["-id"]

    @admin.display(description=_("操作人"), ordering="actor")
    def actor_label(self, obj: AuditEntry) -> str:
        """The user, or where there is none the named system actor (系统·导入 …) as recorded."""
        if obj.actor_id is not None:
            return str(obj.actor)
        return obj.system_actor or "-"

    @admin.display(description=_("操作"), ordering="action")
    def action_label(self, obj: AuditEntry) -> str:
        return audit.label(obj.action)

    @admin.display(description=_("对象类型"), ordering="object_type")
    def object_label(self, obj: AuditEntry) -> str:
        try:
            return str(apps.get_model(obj.object_type)._meta.verbose_name) if obj.object_type else ""
        except (LookupError, ValueError):
            return obj.object_type

    @admin.display(description=_("内容"))
    def detail_text(self, obj: AuditEntry) -> str:
        if not isinstance(obj.detail, dict):
            return json.dumps(obj.detail, ensure_ascii=False)
        return format_html_join("", "<div>{}：{}</div>", audit.describe(obj.action, obj.detail))

    @admin.display(description=_("前一条哈希"))
    def previous_hash(self, obj: AuditEntry) -> str:
        return obj.prev_hash

    @admin.display(description=_("本条哈希"))
    def own_hash(self, obj: AuditEntry) -> str:
        return obj.hash

    def has_view_permission(self, request, obj=None) -> bool:
        # The log covers every court: only nationwide administrators read it.
        return core_actions.is_administrator(request.user)

    def has_module_permission(self, request) -> bool:
        return core_actions.is_administrator(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
