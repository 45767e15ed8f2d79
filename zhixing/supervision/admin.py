"""The administrator's page for indicator definitions (Django admin), built like zhixing/core/admin.py.

Nothing here saves a model: save_model calls actions.save_definition, which checks the 管理员 role,
checks that the definition can be computed, writes the version and appends the audit entry
(ARCHITECTURE §2). The form runs the same checks first, so a refusal shows beside the field instead
of failing after "save".

A version is never deleted: a stored bulletin may have been computed from it, and a new version with
a later effective date is how a definition changes.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhixing.core.admin import VersionedAdmin

from . import permissions
from .definition_fields import DATE_FIELDS
from .models import IndicatorDefinition

_DATE_LABELS = {
    "closed_on": _("结案日期（closed_on）"),
    "filed_on": _("立案日期（filed_on）"),
    "statutory_due_on": _("法定期限届满日（statutory_due_on）"),
}
# The choices are the columns definitions.check accepts, so the two cannot drift apart.
DATE_FIELD_CHOICES = [(f, _DATE_LABELS.get(f, f)) for f in DATE_FIELDS]

_TRIVIAL = {"set": "all"}  # a part that always builds, to find which part of a definition fails


may_define = permissions.may_save_definition  # the permission of actions.save_definition


def _problem(kind, scope, numerator, denominator, date_field) -> str | None:
    """definitions.check's refusal in Chinese, or None when the definition can be computed."""
    from . import definitions as defs  # Ibis: loaded when a definition is checked, not at start-up

    try:
        defs.check(kind, scope, numerator, denominator, date_field)
    except ValidationError as e:  # check turns every failure into one, in Chinese
        return "；".join(e.messages)
    return None


class IndicatorDefinitionForm(forms.ModelForm):
    user = None  # set by IndicatorDefinitionAdmin.get_form

    date_field = forms.ChoiceField(
        label=_("日期字段"),
        choices=DATE_FIELD_CHOICES,
        help_text=_("决定“已结”集合中案件按哪个日期落入统计期间，通常为结案日期"),
    )

    class Meta:
        model = IndicatorDefinition
        fields = [
            "key",
            "name",
            "kind",
            "scope",
            "numerator",
            "denominator",
            "date_field",
            "higher_is_better",
            "position",
            "effective_from",
            "court",
        ]
        help_texts = {
            "key": _("例如 closure_rate；同一代码的新版本替代旧版本"),
            "scope": _('JSON 列表，案件类型代字，例如 ["执"] 或 ["执", "执恢"]'),
            "numerator": _(
                'JSON 对象，例如执行完毕率的分子：{"set": "closed", "where": {"closure_method": '
                '["completed"]}}；集合可为 received、carried_over、accepted、closed、pending、all，'
                '度量可为 "count"（默认）或 {"sum": "realized_amount"}'
            ),
            "denominator": _(
                'JSON 对象，例如结案率的分母：{"set": "accepted"}；比率和平均值指标必填，件数和金额指标留空'
            ),
            "position": _("在通报中的顺序，与全国定义相同则位置不变"),
            "effective_from": _(
                "自该日起适用。已保存的版本不能删除（已生成的通报可能用过它）：要改变定义，请新增一个生效日期更晚的版本"
            ),
            "court": _("留空表示全国适用（须由最高一级法院的管理员设置）；选择法院则该院及其下级法院适用"),
        }

    def clean(self):
        data = super().clean()
        inst = self.instance
        saved = inst.pk is not None
        key = data.get("key", inst.key if saved else "")
        court = data.get("court") if "court" in data else (inst.court if saved else None)
        effective_from = data.get("effective_from", inst.effective_from if saved else None)
        if not may_define(self.user, court):
            self.add_error(
                "court" if "court" in self.fields else None,
                _("您不是该范围的管理员：全国适用的指标定义须由最高一级法院的管理员设置"),
            )
        if not saved and key and effective_from is not None and self._exists(key, court, effective_from):
            # Django's own unique check skips a blank court; a version is replaced from its own page.
            self.add_error("effective_from", _("该指标在此范围和生效日期已有版本：请在列表中打开它修改"))
        parts = ("kind", "scope", "numerator", "denominator", "date_field")
        if all(p in data for p in parts):  # a missing field already has its own error
            self._check(**{p: data[p] for p in parts})
        return data

    @staticmethod
    def _exists(key, court, effective_from) -> bool:
        return IndicatorDefinition.objects.filter(
            key=key, court=court, effective_from=effective_from
        ).exists()

    def _check(self, kind, scope, numerator, denominator, date_field) -> None:
        problem = _problem(kind, scope, numerator, denominator, date_field)
        if problem is None:
            return
        # Show the refusal beside the one part that, replaced by something that builds, cures it.
        candidates = {
            "scope": (kind, ["执"], numerator, denominator, date_field),
            "numerator": (kind, scope, _TRIVIAL, denominator, date_field),
            "denominator": (kind, scope, numerator, _TRIVIAL, date_field),
        }
        field = next((f for f, args in candidates.items() if _problem(*args) is None), None)
        self.add_error(field, problem)


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(VersionedAdmin):
    form = IndicatorDefinitionForm
    list_display = ["key", "name", "kind", "court", "effective_from", "date_field"]
    list_filter = ["court", "kind"]
    search_fields = ["key", "name"]

    def may_change(self, user, court) -> bool:
        return may_define(user, court)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a stored bulletin may have used the version (module docstring)

    def save_model(self, request, obj, form, change):
        # Imported here: supervision.actions pulls in the bulletin engine (Ibis, PyArrow), about 1.5 s
        # that every `zhixing` command would otherwise pay when Django loads the admin.
        from . import actions

        saved = actions.save_definition(
            key=obj.key,
            name=obj.name,
            kind=obj.kind,
            scope=obj.scope,
            numerator=obj.numerator,
            denominator=obj.denominator,
            effective_from=obj.effective_from,
            court=obj.court,
            date_field=obj.date_field,
            higher_is_better=obj.higher_is_better,
            position=obj.position,
            actor=request.user,
        )
        obj.pk = saved.pk
