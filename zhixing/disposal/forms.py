"""Forms of the disposal page. They only parse and check input; the writes are the actions'
(zhixing.disposal.actions), which check the permission and the rules of §8 again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules

TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
CHECK = {"class": "form-check-input"}
DATE = {**TEXT, "type": "date"}
DATETIME = {**TEXT, "type": "datetime-local"}
MONEY = {"max_digits": 18, "decimal_places": 2, "min_value": Decimal("0.01")}


def _money(label: Any, **kw: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}), **MONEY, **kw
    )


class StartDisposalForm(forms.Form):
    measure = forms.TypedChoiceField(label=_("查封扣押措施"), coerce=int, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, measures: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [
            (
                m.pk,
                f"{m.asset.get_type_display()} {m.asset.description or m.asset.asset_id}（{m.get_kind_display()}）",
            )
            for m in measures
        ]


class StartPriceForm(forms.Form):
    method = forms.ChoiceField(
        label=_("确定参考价方式"), choices=rules.METHODS, widget=forms.Select(attrs=SELECT)
    )
    note = forms.CharField(
        label=_("说明"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT)
    )
    valuation_required = forms.BooleanField(
        label=_("法律、行政法规规定必须委托评估"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )


class AgreementForm(forms.Form):
    price = _money(_("议定价格（元）"))


class ReportForm(forms.Form):
    source = forms.CharField(label=_("出具机构"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    price = _money(_("价格（元）"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=300, widget=forms.TextInput(attrs=TEXT))


class ObjectionForm(forms.Form):
    by = forms.CharField(label=_("异议人"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    reason = forms.CharField(label=_("异议理由"), max_length=500, widget=forms.TextInput(attrs=TEXT))


class RulingForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("处理结果"),
        coerce=lambda v: v == "1",
        choices=[("0", _("异议驳回")), ("1", _("异议成立"))],
        widget=forms.Select(attrs=SELECT),
    )


class ProposeAuctionForm(forms.Form):
    start = _money(_("起拍价（元）；变卖可不填，按规定计算"), required=False)
    increment = _money(_("加价幅度（元）"))
    deposit = _money(_("保证金（元）"))
    notice_on = forms.DateField(label=_("公告日"), widget=forms.DateInput(attrs=DATE))
    bidding_starts_at = forms.DateTimeField(label=_("竞价开始"), widget=forms.DateTimeInput(attrs=DATETIME))
    bidding_ends_at = forms.DateTimeField(label=_("竞价结束"), widget=forms.DateTimeInput(attrs=DATETIME))
    parties_notified_on = forms.DateField(
        label=_("通知当事人及优先购买权人日"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    preemption = forms.CharField(
        label=_("优先购买权人（每行：姓名,顺位,依据）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )
    platform = forms.TypedChoiceField(
        label=_("拍卖平台"), coerce=int, required=False, empty_value=None, widget=forms.Select(attrs=SELECT)
    )
    platform_chosen_by = forms.ChoiceField(
        label=_("平台选定方式"),
        choices=[("applicant", _("申请执行人选定")), ("court", _("法院指定"))],
        initial="applicant",
        required=False,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, platforms: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = [("", _("（沿用已选平台）"))] + [(p.pk, p.name) for p in platforms]

    def clean_preemption(self) -> list[dict[str, Any]]:
        holders = []
        for n, line in enumerate((self.cleaned_data.get("preemption") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            try:
                rank = int(parts[1]) if len(parts) > 1 and parts[1] else n
            except ValueError as exc:
                raise forms.ValidationError(_("第 %(n)d 行的顺位应为整数") % {"n": n}) from exc
            holders.append({"name": parts[0], "rank": rank, "basis": parts[2] if len(parts) > 2 else ""})
        return holders

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for key in ("bidding_starts_at", "bidding_ends_at"):
            value = data.get(key)
            if isinstance(value, dt.datetime) and timezone.is_naive(value):
                data[key] = timezone.make_aware(value)
        return data


class VoteForm(forms.Form):
    opinion = forms.CharField(
        label=_("意见"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT)
    )


class ResumeForm(forms.Form):
    cause_ended_on = forms.DateField(
        label=_("暂缓事由消失日"), required=False, widget=forms.DateInput(attrs=DATE)
    )


class PayeeForm(forms.Form):
    """Where each creditor's share is paid (pay_distribution's payees): for every line with a share
    (the costs' optional), fields payee_name_<line>, payee_account_<line>, payee_bank_<line> and
    payee_confirmed_<line>, built from the plan's lines."""

    def __init__(self, *args: Any, lines: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = [line for line in lines if line.share > 0]
        for line in self.lines:
            needed = line.category != rules.COSTS
            self.fields[f"payee_name_{line.pk}"] = forms.CharField(
                label=_("%(c)s 收款人") % {"c": line.creditor},
                max_length=100,
                required=needed,
                initial=line.creditor,
                widget=forms.TextInput(attrs=TEXT),
            )
            self.fields[f"payee_account_{line.pk}"] = forms.CharField(
                label=_("账号"), max_length=40, required=needed, widget=forms.TextInput(attrs=TEXT)
            )
            self.fields[f"payee_bank_{line.pk}"] = forms.CharField(
                label=_("开户行"), max_length=100, required=needed, widget=forms.TextInput(attrs=TEXT)
            )
            self.fields[f"payee_confirmed_{line.pk}"] = forms.BooleanField(
                label=_("已书面确认"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
            )


class ServeForm(forms.Form):
    served_on = forms.DateField(label=_("送达日"), widget=forms.DateInput(attrs=DATE))


class DrawForm(forms.Form):
    costs = forms.DecimalField(
        label=_("执行费用（元）"),
        max_digits=18,
        decimal_places=2,
        min_value=Decimal("0"),
        initial=Decimal("0.00"),
        widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}),
    )
    priority = forms.CharField(
        label=_("优先受偿债权（每行：债权人,金额,依据）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )

    def clean_priority(self) -> list[tuple[None, str, Decimal, str]]:
        rows = []
        for n, line in enumerate((self.cleaned_data.get("priority") or "").splitlines(), start=1):
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if not parts[0]:
                continue
            try:
                amount = Decimal(parts[1]).quantize(Decimal("0.01"))
            except (IndexError, ArithmeticError, ValueError) as exc:
                raise forms.ValidationError(_("第 %(n)d 行的金额有误") % {"n": n}) from exc
            rows.append((None, parts[0], amount, parts[2] if len(parts) > 2 else ""))
        return rows


class DistributionObjectionForm(forms.Form):
    creditor = forms.CharField(label=_("异议人"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    reason = forms.CharField(label=_("异议理由"), max_length=500, widget=forms.TextInput(attrs=TEXT))


class RuleDistributionObjectionForm(RulingForm):
    objection = forms.IntegerField(widget=forms.HiddenInput)


class EmptyForm(forms.Form):
    pass
