"""The filing form (立案): court, type, basis, amount, handler and the parties; the case number comes
from file_case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import actions, permissions, queries
from ..forms import ExtraPartyFormSet, FilingForm
from ..models import Party
from .base import REFUSALS, refusal_messages, render_page, staff_view

filing_officers = permissions.filing_officers


def _parties(form: FilingForm, extra) -> list[actions.PartyInput]:
    d = form.cleaned_data
    parties = [
        actions.PartyInput(Party.APPLICANT, d["applicant_name"], d.get("applicant_id", "")),
        actions.PartyInput(Party.DEBTOR, d["debtor_name"], d.get("debtor_id", "")),
    ]
    for row in extra.cleaned_data:
        if row.get("name"):
            parties.append(actions.PartyInput(row["role"], row["name"], row.get("id_number", "")))
    return parties


@staff_view
def file_case(request):
    courts = list(queries.filing_courts(request.user))
    if not courts:
        raise PermissionDenied(_("只有立案员、执行员或院领导可以立案"))
    kwargs = {"courts": queries.filing_courts(request.user), "officers": filing_officers(courts)}
    if request.method == "POST":
        form = FilingForm(request.POST, **kwargs)
        extra = ExtraPartyFormSet(request.POST, prefix="party")
        if form.is_valid() and extra.is_valid():
            d = form.cleaned_data
            try:
                case = actions.file_case(
                    court=d["court"],
                    type_code=d["type_code"],
                    filed_on=d["filed_on"],
                    applied_amount=d["applied_amount"],
                    parties=_parties(form, extra),
                    basis_number=d["basis_number"],
                    cause=d["cause"],
                    non_litigation=d["non_litigation"],
                    handler=d["handler"],
                    actor=request.user,
                )
            except REFUSALS as exc:
                for text in refusal_messages(exc):
                    form.add_error(None, text)
            else:
                messages.success(request, _("立案成功，案号：%(number)s") % {"number": case.case_number})
                return redirect("cases:detail", pk=case.pk)
    else:
        form = FilingForm(initial={"court": courts[0] if len(courts) == 1 else None}, **kwargs)
        extra = ExtraPartyFormSet(prefix="party")
    return render_page(request, "cases/file.html", {"form": form, "extra": extra}, active="file")
