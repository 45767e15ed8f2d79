"""The forms of the settlement tab: the agreement with its instalment rows (blank rows are skipped),
the suit on the agreement, the resumption (with an anticipatory breach box)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Settlement

ROWS = 6  # instalment rows offered on the page (at least three)
CONTROL = {"class": "form-control form-control-sm"}


def day_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", **CONTROL})


def text_input() -> forms.TextInput:
    return forms.TextInput(attrs=CONTROL)


def number_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "0.01", **CONTROL})


class SettlementForm(forms.Form):
    agreed_on = forms.DateField(label=_("和解协议签订日期"), widget=day_input())
    parties = forms.TypedMultipleChoiceField(
        label=_("协议当事人"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    agreed_amount = forms.DecimalField(
        label=_("和解金额（元）"),
        max_digits=18,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=number_input(),
    )
    mode = forms.ChoiceField(
        label=_("和解后程序"),
        choices=Settlement.MODES,
        initial=Settlement.SUSPEND,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    guarantee = forms.CharField(label=_("担保"), max_length=300, required=False, widget=text_input())
    terms = forms.CharField(
        label=_("其他约定"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **CONTROL}),
    )

    def __init__(self, *args: Any, parties: Any = (), rows: int = ROWS, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["parties"].choices = [(p.pk, f"{p.get_role_display()}：{p.name}") for p in parties]
        self.rows = rows
        for n in range(1, rows + 1):
            self.fields[f"due_{n}"] = forms.DateField(
                label=_("第%(n)s期履行日期") % {"n": n},
                required=False,
                widget=day_input(),
            )
            self.fields[f"amount_{n}"] = forms.DecimalField(
                label=_("第%(n)s期金额") % {"n": n},
                required=False,
                max_digits=18,
                decimal_places=2,
                widget=number_input(),
            )

    def instalment_rows(self) -> list[tuple[int, Any, Any]]:
        return [(n, self[f"due_{n}"], self[f"amount_{n}"]) for n in range(1, self.rows + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        schedule = []
        for n in range(1, self.rows + 1):
            due, amount = data.get(f"due_{n}"), data.get(f"amount_{n}")
            if due is None and amount is None:
                continue
            if due is None or amount is None:
                raise forms.ValidationError(_("第%(n)s期须同时填写履行日期和金额") % {"n": n})
            schedule.append((due, amount))
        if not schedule:
            raise forms.ValidationError(_("和解协议应至少约定一期履行"))
        data["instalments"] = schedule
        return data


class SuitForm(forms.Form):
    sued_on = forms.DateField(label=_("起诉日期"), widget=day_input())
    note = forms.CharField(label=_("起诉情况"), max_length=500, required=False, widget=text_input())


class ResumeForm(forms.Form):
    on = forms.DateField(label=_("恢复执行日期"), required=False, widget=day_input())
    anticipatory = forms.BooleanField(label=_("被执行人明确表示不履行（预期违约）"), required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), required=False)
    end = forms.DateField(label=_("截止日期"), required=False)
