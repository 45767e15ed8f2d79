"""Forms of the network inquiry pages. They only parse and check input; the writes are the actions'
(zhixing.inquiry.actions), which check permission and the rules again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import InquiryBatch

TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}

# The scopes a person may start a court-wide batch for (a one-case inquiry starts from the case page).
BATCH_SCOPES = [
    (InquiryBatch.OPEN, _("在执案件（全部未结案件）")),
    (InquiryBatch.TERMINATED_DUE, _("终本到期复查（终本案件定期复查）")),
]


# The register's forms sit inline in a table cell: narrow inputs, the label as the placeholder.
NARROW = {**TEXT, "style": "width: 7.5rem"}


def _money(label, required=True):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=18,
        decimal_places=2,
        min_value=0.01,
        widget=forms.NumberInput(
            attrs={**NARROW, "step": "0.01", "placeholder": _("金额（元）"), "aria-label": label}
        ),
    )


def _days(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=3 * 366,
        widget=forms.NumberInput(
            attrs={
                **NARROW,
                "style": "width: 6.5rem",
                "placeholder": _("天数"),
                "title": _("留空为规则允许的最长期限"),
                "aria-label": label,
            }
        ),
    )


class BatchForm(forms.Form):
    court = forms.ChoiceField(label=_("法院"), widget=forms.Select(attrs=SELECT))
    scope = forms.ChoiceField(label=_("范围"), choices=BATCH_SCOPES, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, courts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].choices = [(c.code, c.name) for c in courts]


class FreezeForm(forms.Form):
    """冻结/查封/扣押 an asset: the amount (money only; the outstanding claim by default) and the term."""

    amount = _money(_("金额（元）"), required=False)
    days = _days(_("期限（日）"))


class RenewForm(forms.Form):
    days = _days(_("续行期限（日）"))


class ReleaseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("解除原因"),
        choices=rules.RELEASE_REASONS,
        widget=forms.Select(attrs={**SELECT, "style": "width: auto", "aria-label": _("解除原因")}),
    )


class DeductForm(forms.Form):
    amount = _money(_("扣划金额（元）"))
