"""Forms of the credit panel on the case page. They only parse and check input; the writes are the
actions' (zhixing.credit.actions), which check permission and the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .actions.corrections import CORRECTABLE

TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
CHECK = {"class": "form-check-input"}
DATE = {**TEXT, "type": "date"}

GROUND_CHOICES = [(n, f"（{'一二三四五六'[n - 1]}）{text}") for n, text in rules.GROUNDS.items()]
GRACE_CHOICES = [(0, _("不设宽限期"))] + [(m, _("%(m)d 个月") % {"m": m}) for m in rules.GRACE_MONTHS]
EXTENSION_CHOICES = [(0, _("不延长"))] + [(y, _("延长 %(y)d 年") % {"y": y}) for y in rules.EXTENSION_YEARS]
DECISIONS = [("approve", _("批准并签发")), ("refuse", _("不予批准"))]
BOUND_ROWS = 4  # the four capacities of addendum §4.9, one row each at most


def _debtors(case: Any) -> list[tuple[int, str]]:
    from zhixing.cases.models import Party

    return [(p.pk, p.name) for p in case.parties.all() if p.role == Party.DEBTOR]


class DebtorForm(forms.Form):
    """A form about one debtor of the case: the choice is the case's debtors."""

    party = forms.TypedChoiceField(label=_("被执行人"), coerce=int, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = _debtors(case) if case is not None else []


class ProposeListingForm(DebtorForm):
    ground = forms.TypedChoiceField(
        label=_("失信情形"), coerce=int, choices=GROUND_CHOICES, widget=forms.Select(attrs=SELECT)
    )
    facts = forms.CharField(
        label=_("失信事实"), required=False, max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )
    grace_months = forms.TypedChoiceField(
        label=_("宽限期"), coerce=int, choices=GRACE_CHOICES, initial=0, widget=forms.Select(attrs=SELECT)
    )
    extension_years = forms.TypedChoiceField(
        label=_("期限延长（第二至六项）"),
        coerce=int,
        choices=EXTENSION_CHOICES,
        initial=0,
        widget=forms.Select(attrs=SELECT),
    )
    exclusions = forms.MultipleChoiceField(
        label=_("存在的排除情形（第一项，勾选即不得纳入）"),
        required=False,
        choices=list(rules.EXCLUSIONS.items()),
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
    )
    no_exclusion = forms.BooleanField(
        label=_("本人确认不存在上述排除情形（以第一项纳入时必须确认）"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    applicant_requested = forms.BooleanField(
        label=_("依申请执行人申请"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )
    rep_name = forms.CharField(
        label=_("法定代表人或负责人姓名（单位）"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs=TEXT),
    )
    rep_id = forms.CharField(
        label=_("法定代表人或负责人身份证号码（单位）"),
        required=False,
        max_length=18,
        widget=forms.TextInput(attrs=TEXT),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("ground") == rules.NO_TERM_GROUND:
            if not data.get("exclusions") and not data.get("no_exclusion"):
                self.add_error(
                    "no_exclusion",
                    _("以第一项纳入，须确认不存在排除情形，或勾选存在的情形"),
                )
            if data.get("extension_years"):
                self.add_error("extension_years", _("第一项情形没有期限，不能延长"))
        return data


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("审批"), choices=DECISIONS, widget=forms.Select(attrs=SELECT))
    reason = forms.CharField(
        label=_("不予批准理由"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("不予批准须说明理由"))
        return data


class TriggerForm(forms.Form):
    trigger = forms.ChoiceField(label=_("删除事由"), widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, ground: int = rules.NO_TERM_GROUND, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keys = list(dict.fromkeys((*rules.triggers_for(ground), *rules.EARLY_REMOVAL)))
        self.fields["trigger"].choices = [(k, rules.REMOVAL_TRIGGERS[k]) for k in keys]


class RemoveForm(TriggerForm):
    """Removing: the trigger already noted is used when none is chosen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trigger"].required = False
        self.fields["trigger"].choices = [("", _("（已记录的删除事由）"))] + list(
            self.fields["trigger"].choices
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=200, widget=forms.TextInput(attrs=TEXT))


class CorrectionForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("纠正事由"), choices=list(rules.CORRECTION_GROUNDS.items()), widget=forms.Select(attrs=SELECT)
    )
    statement = forms.CharField(label=_("申请理由"), max_length=2000, widget=forms.TextInput(attrs=TEXT))
    filed_on = forms.DateField(label=_("申请日期"), required=False, widget=forms.DateInput(attrs=DATE))


class DecideCorrectionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("审查结果"),
        choices=[("founded", _("理由成立")), ("rejected", _("驳回"))],
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("审查意见"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT)
    )


class ServeForm(forms.Form):
    served_on = forms.DateField(label=_("送达日期"), widget=forms.DateInput(attrs=DATE))


class ReconsiderationFiledForm(forms.Form):
    filed_on = forms.DateField(label=_("复议申请日期"), required=False, widget=forms.DateInput(attrs=DATE))


class ReconsiderationDecidedForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("复议结果"),
        choices=[("upheld", _("维持驳回")), ("overturned", _("撤销驳回"))],
        widget=forms.Select(attrs=SELECT),
    )
    decided_on = forms.DateField(label=_("复议决定日期"), required=False, widget=forms.DateInput(attrs=DATE))


class CorrectFieldsForm(forms.Form):
    """The published fields a correction may rewrite; the ones left empty stay as they are."""

    def __init__(self, *args: Any, record: dict | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(rules.PUBLISHED_FIELDS)
        for key in CORRECTABLE:
            self.fields[key] = forms.CharField(
                label=labels[key],
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={**TEXT, "placeholder": (record or {}).get(key, "")}),
            )

    def changes(self) -> dict[str, str]:
        return {k: v.strip() for k, v in self.cleaned_data.items() if k in CORRECTABLE and v and v.strip()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.changes():
            raise forms.ValidationError(_("请至少填写一项更正后的内容"))
        return data


class ProposeRestrictionForm(DebtorForm):
    reason = forms.CharField(
        label=_("理由"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT)
    )
    applicant_requested = forms.BooleanField(
        label=_("依申请执行人申请"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        capacities = [("", "—")] + list(rules.BOUND_CAPACITIES.items())
        for i in range(BOUND_ROWS):
            self.fields[f"capacity_{i}"] = forms.ChoiceField(
                label=_("约束人员身份"), required=False, choices=capacities, widget=forms.Select(attrs=SELECT)
            )
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("约束人员姓名"), required=False, max_length=100, widget=forms.TextInput(attrs=TEXT)
            )
            self.fields[f"id_{i}"] = forms.CharField(
                label=_("约束人员身份证号码"),
                required=False,
                max_length=18,
                widget=forms.TextInput(attrs=TEXT),
            )

    def rows(self) -> list[dict[str, Any]]:
        """The bound-person rows as bound fields, for the template."""
        return [
            {"capacity": self[f"capacity_{i}"], "name": self[f"name_{i}"], "id": self[f"id_{i}"]}
            for i in range(BOUND_ROWS)
        ]

    def persons(self) -> list[tuple[str, str, str]]:
        d = self.cleaned_data
        out = []
        for i in range(BOUND_ROWS):
            capacity, name, code = d.get(f"capacity_{i}", ""), d.get(f"name_{i}", ""), d.get(f"id_{i}", "")
            if capacity or name.strip() or code.strip():
                out.append((capacity, name, code))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for i in range(BOUND_ROWS):
            if (data.get(f"name_{i}") or data.get(f"id_{i}")) and not data.get(f"capacity_{i}"):
                self.add_error(f"capacity_{i}", _("请选择约束人员身份"))
        return data


class LiftForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("解除事由"), choices=list(rules.LIFT_REASONS.items()), widget=forms.Select(attrs=SELECT)
    )


class PermitForm(forms.Form):
    person = forms.TypedChoiceField(
        label=_("申请人"), coerce=int, required=False, empty_value=None, widget=forms.Select(attrs=SELECT)
    )
    reason = forms.ChoiceField(
        label=_("事由"), choices=list(rules.PERMIT_REASONS.items()), widget=forms.Select(attrs=SELECT)
    )
    item = forms.CharField(label=_("消费事项"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    detail = forms.CharField(
        label=_("说明"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT)
    )
    valid_from = forms.DateField(label=_("有效期自"), widget=forms.DateInput(attrs=DATE))
    valid_to = forms.DateField(label=_("有效期至"), widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args: Any, restriction: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        persons = list(restriction.persons.all()) if restriction is not None else []
        debtor = restriction.party.name if restriction is not None else ""
        self.fields["person"].choices = [("", _("被执行人本人（%(n)s）") % {"n": debtor})] + [
            (p.pk, f"{rules.BOUND_CAPACITIES.get(p.capacity, p.capacity)} {p.name}") for p in persons
        ]


class PermitDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("审批"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("准许")), ("no", _("不予准许"))],
        widget=forms.Select(attrs=SELECT),
    )


class CertificateForm(DebtorForm):
    confirmed_on = forms.DateField(label=_("申请执行人确认日期"), widget=forms.DateInput(attrs=DATE))
    confirmation = forms.CharField(
        label=_("确认方式与内容"), max_length=300, widget=forms.TextInput(attrs=TEXT)
    )
