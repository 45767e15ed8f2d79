"""Forms of the staff pages. They only parse and check input; the writes are the actions'
(zhixing.cases.actions), which check permission and the rules again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhixing.core.identity import check_identity
from zhixing.core.rules import validate_name

from . import rules
from .actions.common import today
from .models import Party

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def _date_field(label, required=True, initial=today):
    return forms.DateField(label=label, required=required, initial=initial, widget=DATE)


def _identity_problem(number: str, on) -> str:
    number = (number or "").strip()
    if not number:
        return ""
    res = check_identity(number, on)
    return "" if res.valid else res.error


# --- Filters of the list pages ---------------------------------------------------------------------


class FilterForm(forms.Form):
    """The form of a list page's FilterSet (zhixing.cases.filters): its fields come from the filters;
    this only styles them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update(SELECT if isinstance(field.widget, forms.Select) else TEXT)


# --- Filing ----------------------------------------------------------------------------------------


class FilingForm(forms.Form):
    court = forms.ModelChoiceField(label=_("执行法院"), queryset=None, empty_label=None)
    type_code = forms.ChoiceField(
        label=_("类型代字"), choices=[(k, f"{k}（{v}）") for k, v in rules.ENFORCEMENT_TYPES.items()]
    )
    filed_on = _date_field(_("立案日期"))
    applied_amount = forms.DecimalField(
        label=_("申请执行标的金额（元）"), max_digits=18, decimal_places=2, min_value=0
    )
    basis_number = forms.CharField(label=_("执行依据文号"), max_length=80, required=False)
    cause = forms.CharField(label=_("案由"), max_length=60, required=False)
    non_litigation = forms.BooleanField(label=_("非诉执行案件"), required=False)
    handler = forms.ModelChoiceField(
        label=_("承办人"), queryset=None, required=False, empty_label=_("暂不分配")
    )
    applicant_name = forms.CharField(label=_("申请执行人"), max_length=100, validators=[validate_name])
    applicant_id = forms.CharField(label=_("申请执行人证件号码"), max_length=20, required=False)
    debtor_name = forms.CharField(label=_("被执行人"), max_length=100, validators=[validate_name])
    debtor_id = forms.CharField(label=_("被执行人证件号码"), max_length=20, required=False)

    def __init__(self, *args, courts=None, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts
        self.fields["handler"].queryset = officers
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.update({"class": "form-check-input"})
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.update(SELECT)
            else:
                field.widget.attrs.setdefault("class", "form-control")

    def clean_filed_on(self):
        filed_on = self.cleaned_data["filed_on"]
        if filed_on > today():
            raise forms.ValidationError(_("立案日期不能晚于今天"))
        return filed_on

    def clean(self):
        data = super().clean()
        on = data.get("filed_on") or today()
        for field in ("applicant_id", "debtor_id"):
            problem = _identity_problem(data.get(field, ""), on)
            if problem:
                self.add_error(field, problem)
        handler, court = data.get("handler"), data.get("court")
        if handler is not None and court is not None:
            from zhixing.courts.queries import has_role

            from .permissions import HANDLING_ROLES

            if not has_role(handler, HANDLING_ROLES, court):
                self.add_error("handler", _("所选承办人不是该法院的执行员"))
        return data


class ExtraPartyForm(forms.Form):
    """One more applicant or debtor on the filing form; a row without a name is ignored."""

    role = forms.ChoiceField(label=_("诉讼地位"), choices=Party.ROLES)
    name = forms.CharField(label=_("名称"), max_length=100, required=False, validators=[validate_name])
    id_number = forms.CharField(label=_("证件号码"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].widget.attrs.update(SELECT)
        self.fields["name"].widget.attrs.update(TEXT)
        self.fields["id_number"].widget.attrs.update(TEXT)

    def clean(self):
        data = super().clean()
        if data.get("id_number") and not data.get("name"):
            self.add_error("name", _("填写了证件号码的当事人须填写名称"))
        problem = _identity_problem(data.get("id_number", ""), today())
        if problem:
            self.add_error("id_number", problem)
        return data


ExtraPartyFormSet = forms.formset_factory(ExtraPartyForm, extra=2, max_num=20)


# --- Actions on the case page ----------------------------------------------------------------------
# Each form has its own prefix: several share the case page, and field ids must not collide.


class RecordNodeForm(forms.Form):
    prefix = "node"
    kind = forms.ChoiceField(label=_("节点"))
    done_on = _date_field(_("完成日期"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)
        self.fields["kind"].widget.attrs.update(SELECT)
        self.fields["note"].widget.attrs.update(TEXT)


class AssignForm(forms.Form):
    prefix = "assign"
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=None, empty_label=_("请选择执行员"))
    on = _date_field(_("分案日期"))

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = officers
        self.fields["handler"].widget.attrs.update(SELECT)


class SelfAssignForm(forms.Form):
    prefix = "take"
    on = _date_field(_("分案日期"))


class ClosureRequestForm(forms.Form):
    prefix = "req"
    method = forms.ChoiceField(label=_("结案方式"), choices=list(rules.CLOSURE_LABELS.items()))
    closed_on = _date_field(_("结案日期"))
    reason = forms.CharField(label=_("结案理由"), max_length=500, required=False)
    shortfall = forms.ChoiceField(
        label=_("差额原因（执行完毕但到位金额少于申请标的时填写）"),
        choices=[("", "—"), *rules.SHORTFALL_LABELS.items()],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].widget.attrs.update(SELECT)
        self.fields["shortfall"].widget.attrs.update(SELECT)
        self.fields["reason"].widget.attrs.update(TEXT)


class DecideClosureForm(forms.Form):
    prefix = "decide"
    request_id = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("审批意见"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs.update(TEXT)


class StartPeriodForm(forms.Form):
    prefix = "period"
    kind = forms.ChoiceField(label=_("扣除事由"), choices=list(rules.EXCLUDED_KIND_LABELS.items()))
    start_on = _date_field(_("起始日"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs.update(SELECT)
        self.fields["note"].widget.attrs.update(TEXT)


class EndPeriodForm(forms.Form):
    prefix = "end"
    period_id = forms.IntegerField(widget=forms.HiddenInput)
    end_on = _date_field(_("终止日"))


class ExtensionForm(forms.Form):
    prefix = "ext"
    months = forms.IntegerField(label=_("延长月数"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("延长理由"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].widget.attrs.update(TEXT)
        self.fields["reason"].widget.attrs.update(TEXT)


class ResumeForm(forms.Form):
    prefix = "resume"
    filed_on = _date_field(_("立案日期"))
    reason = forms.CharField(label=_("恢复执行理由"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs.update(TEXT)
