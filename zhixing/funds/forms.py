"""Forms of the case-funds pages. They only parse and check input; the writes are the actions'
(zhixing.funds.actions), which check permission and the rules again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhixing.cases.actions.common import today

from .models import Hold

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}


def _money(label):
    return forms.DecimalField(
        label=label,
        max_digits=18,
        decimal_places=2,
        min_value=0.01,
        widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}),
    )


def _text(label, max_length=100, required=True):
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=forms.TextInput(attrs=TEXT)
    )


class PayoutRequestForm(forms.Form):
    prefix = "payout"
    amount = _money(_("发放金额（元）"))
    payee_name = _text(_("收款人户名"))
    payee_account = _text(_("收款账号"), 40)
    payee_bank = _text(_("收款行"))
    account_confirmed = forms.BooleanField(
        label=_("收款账户已经申请执行人书面确认"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )
    # Shown only when the case has several applicants: who this payout is for (their share is checked).
    party = forms.ModelChoiceField(label=_("收款的申请执行人"), queryset=None, required=False)

    def __init__(self, *args, applicants=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = applicants if applicants is not None else _no_parties()
        if len(people) <= 1:  # one applicant: the payout is theirs, nothing to choose
            del self.fields["party"]
            return
        self.fields["party"].queryset = people
        self.fields["party"].required = True
        self.fields["party"].widget.attrs.update({"class": "form-select form-select-sm"})


class PayoutDecisionForm(forms.Form):
    payout_id = forms.IntegerField(widget=forms.HiddenInput)
    approved = forms.TypedChoiceField(
        choices=[("1", _("同意")), ("0", _("不同意"))], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )
    note = _text(_("审批意见"), 200, required=False)


class PayoutSendForm(forms.Form):
    payout_id = forms.IntegerField(widget=forms.HiddenInput)


class DirectPaymentForm(forms.Form):
    prefix = "direct"
    amount = _money(_("金额（元）"))
    paid_on = forms.DateField(label=_("支付日期"), initial=today, widget=DATE)
    payer = _text(_("付款人"))
    payee = _text(_("收款人"))
    evidence = _text(_("证据（收条、转账凭证或申请执行人确认）"), 200)


class CashForm(forms.Form):
    prefix = "cash"
    amount = _money(_("金额（元）"))
    received_on = forms.DateField(label=_("收取日期"), initial=today, widget=DATE)
    receipt_number = _text(_("现场收据号"), 40)
    payer_name = _text(_("交款人"))
    officers: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("在场执行人员（至少两名）"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 4}),
    )

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = officers
        self.fields["officers"].label_from_instance = lambda u: str(u)

    def clean_officers(self):
        chosen = self.cleaned_data["officers"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("现场收取现金须有两名以上执行人员在场"))
        return chosen


class HoldDecisionForm(forms.Form):
    hold_id = forms.IntegerField(widget=forms.HiddenInput)


class HoldRequestForm(forms.Form):
    prefix = "hold"
    reason = forms.ChoiceField(label=_("暂存事由"), choices=Hold.REASONS, widget=forms.Select(attrs=SELECT))
    start_on = forms.DateField(label=_("开始日期"), initial=today, widget=DATE)
    note = _text(_("说明"), 200, required=False)


class ClaimForm(forms.Form):
    receipt_id = forms.IntegerField(widget=forms.HiddenInput)
    case_number = _text(_("案号"), 60)
    note = _text(_("认领说明"), 200, required=False)


class ClaimDecisionForm(forms.Form):
    receipt_id = forms.IntegerField(widget=forms.HiddenInput)
    approved = forms.TypedChoiceField(
        choices=[("1", _("同意")), ("0", _("不同意"))], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )
    note = _text(_("审批意见"), 200, required=False)


class InterestForm(forms.Form):
    """GET: the last day of the performance period for the late-performance interest (rules §5.16)."""

    last_day = forms.DateField(label=_("履行期间届满日"), widget=DATE)


def _no_parties():
    from zhixing.cases.models import Party

    return Party.objects.none()
