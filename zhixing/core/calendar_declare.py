"""The administrator's page for declaring a year from the State Council's notice (issue 7).

A paste box for the notice as a short table (festival ranges and make-up working days, read by
core.holiday_notice), checked whole before anything is saved; then core.actions.declare_year writes the
year and recomputes every provisional deadline in one audited transaction. Mounted under the
calendar years' admin (core.admin.CalendarYearAdmin.get_urls).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import actions, holiday_notice

EXAMPLE = "名称,放假开始,放假结束,调休上班\n元旦,YYYY-01-01,YYYY-01-01,\n春节,YYYY-MM-DD,YYYY-MM-DD,YYYY-MM-DD YYYY-MM-DD"


class DeclareYearForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("年份"), min_value=actions.MIN_YEAR, max_value=actions.MAX_YEAR
    )
    source = forms.CharField(
        label=gettext_lazy("来源"),
        max_length=80,
        help_text=gettext_lazy("通知的标题和文号，例如：国务院办公厅关于某年部分节假日安排的通知"),
    )
    notice = forms.CharField(
        label=gettext_lazy("节假日安排"),
        max_length=holiday_notice.MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80, "placeholder": EXAMPLE}),
        help_text=gettext_lazy(
            "按通知逐项填写，每行一个节日：名称,放假开始,放假结束,调休上班（多个调休日以空格分隔）。"
            "放假区间内的周末也算放假；调休上班日须是周末。可从表格直接粘贴，也可粘贴 YAML。"
        ),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["parsed"] = holiday_notice.parse(data["notice"], year=data["year"], source=data["source"])
        except ValidationError as exc:
            self.add_error("notice", exc)
        return data


def declare_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    initial = {"year": timezone.localdate().year + 1}
    form = DeclareYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notice = form.cleaned_data["parsed"]
        try:
            actions.declare_year(notice, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(
                request,
                _("已发布 %(year)d 年日历：放假 %(h)d 天，调休上班 %(w)d 天；暂定期限已按新日历重算。")
                % {"year": notice.year, "h": len(notice.holidays()), "w": len(notice.workdays())},
            )
            return redirect("admin:core_calendaryear_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("按国务院通知录入年度日历"),
        "form": form,
    }
    return TemplateResponse(request, "admin/core/calendaryear/declare.html", context)
