"""Forms of the measures pages. They only parse and check input; the writes are the actions'
(zhixing.measures.actions), which check the permission and the rules of §5.3, §6.13–6.16 and §10.3
again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Equipment

TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
CHECK = {"class": "form-check-input"}
DATE = {**TEXT, "type": "date"}
DATETIME = {**TEXT, "type": "datetime-local"}
MONEY = {"max_digits": 18, "decimal_places": 2, "min_value": Decimal("0.01")}
# The field page is used on a phone: large inputs a thumb can hit.
BIG = {"class": "form-control form-control-lg"}
BIG_SELECT = {"class": "form-select form-select-lg"}


def _money(label: Any, attrs: dict | None = None, **kw: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        widget=forms.NumberInput(attrs={**(attrs or TEXT), "step": "0.01", "inputmode": "decimal"}),
        **MONEY,
        **kw,
    )


def _text(
    label: Any, max_length: int = 200, required: bool = True, attrs: dict | None = None
) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=forms.TextInput(attrs=attrs or TEXT)
    )


def _area(label: Any, max_length: int = 1000, required: bool = True, attrs: dict | None = None):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={**(attrs or TEXT), "rows": 2}),
    )


def _choices(rows: Any, label: Any = str) -> list[tuple[int, str]]:
    return [(r.pk, label(r)) for r in rows]


class EmptyForm(forms.Form):
    pass


# --- the case's measures --------------------------------------------------------------------------


class ObstructionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("妨害执行行为"), choices=rules.OBSTRUCTIONS, widget=forms.Select(attrs=SELECT)
    )
    occurred_on = forms.DateField(label=_("发生日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    description = _text(_("情况"), 500)
    party = forms.TypedChoiceField(
        label=_("当事人"), coerce=int, required=False, empty_value=None, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args: Any, parties: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [("", "—")] + _choices(parties, lambda p: p.name)


class ProposeForm(forms.Form):
    kind = forms.ChoiceField(label=_("措施"), choices=rules.MEASURE_KINDS, widget=forms.Select(attrs=SELECT))
    party = forms.TypedChoiceField(label=_("被执行人"), coerce=int, widget=forms.Select(attrs=SELECT))
    subject_role = forms.ChoiceField(
        label=_("身份"), choices=rules.SUBJECT_ROLES, initial=rules.PERSON, widget=forms.Select(attrs=SELECT)
    )
    subject_name = _text(_("被采取措施人（单位须填代表人姓名）"), 100, required=False)
    reason = _text(_("事由"), 500)
    obstructions = forms.TypedMultipleChoiceField(
        label=_("针对的妨害行为"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    amount = _money(_("金额（罚款、悬赏，元）"), required=False)
    days = forms.IntegerField(
        label=_("拘留天数"), required=False, min_value=1, widget=forms.NumberInput(attrs=TEXT)
    )
    detention_may_follow = forms.BooleanField(
        label=_("拘传后可能拘留（询问不超过24小时）"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )
    place = _text(_("搜查地点"), 200, required=False)
    channel = _text(_("悬赏公布渠道"), 200, required=False)

    def __init__(self, *args: Any, parties: Any = (), obstructions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = _choices(parties, lambda p: p.name)
        self.fields["obstructions"].choices = _choices(
            obstructions, lambda o: f"{o.get_kind_display()}（{o.occurred_on:%Y-%m-%d}）"
        )


class DecideForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("审批"),
        coerce=lambda v: v == "1",
        choices=[("1", _("批准")), ("0", _("不予批准"))],
        widget=forms.Select(attrs=SELECT),
    )
    note = _text(_("审批意见"), 300, required=False)


class CarryOutForm(forms.Form):
    place = _text(_("地点"), 200, required=False)
    record = _text(_("笔录或说明"), 1000, required=False)
    channel = _text(_("公布或通知渠道"), 200, required=False)

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only a search has a place and a record; only a reward notice is published somewhere.
        if kind and kind != rules.SEARCH:
            del self.fields["place"]
        if kind and kind != rules.REWARD:
            del self.fields["channel"]


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("结束事由"), widget=forms.Select(attrs=SELECT))
    note = _text(_("说明"), 300, required=False)

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(rules.END_REASONS)
        self.fields["reason"].choices = [(r, labels[r]) for r in rules.END_REASONS_OF.get(kind, ())]


class ReasonForm(forms.Form):
    reason = _text(_("理由"), 300)


class FineForm(forms.Form):
    amount = _money(_("缴纳金额（元）"))
    paid_on = forms.DateField(label=_("缴纳日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    reference = _text(_("缴款凭证号"), 60)


class InformantForm(forms.Form):
    name = _text(_("举报人"), 100)
    phone = _text(_("联系电话"), 20)
    lead = _text(_("线索"), 500)
    account = _text(_("收款账号"), 40, required=False)


class LeadForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("核实结果"),
        coerce=lambda v: v == "1",
        choices=[("1", _("线索属实")), ("0", _("线索不实"))],
        widget=forms.Select(attrs=SELECT),
    )


# --- referrals --------------------------------------------------------------------------------------


class DraftReferralForm(forms.Form):
    party = forms.TypedChoiceField(label=_("被执行人"), coerce=int, widget=forms.Select(attrs=SELECT))
    crime = forms.ChoiceField(label=_("涉嫌罪名"), choices=rules.CRIMES, widget=forms.Select(attrs=SELECT))
    suspects = _text(_("犯罪嫌疑人"), 200, required=False)
    police_unit = _text(_("公安机关"), 100)
    facts = _area(_("涉嫌犯罪事实"), 5000)
    obstructions = forms.TypedMultipleChoiceField(
        label=_("针对的妨害行为"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    agency = forms.TypedChoiceField(
        label=_("经接口移送至"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(
        self, *args: Any, parties: Any = (), obstructions: Any = (), agencies: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = _choices(parties, lambda p: p.name)
        self.fields["obstructions"].choices = _choices(
            obstructions, lambda o: f"{o.get_kind_display()}（{o.occurred_on:%Y-%m-%d}）"
        )
        # Blank: the letter is delivered by hand and the police's answers are recorded on the page.
        self.fields["agency"].choices = [("", _("（当面送达）"))] + _choices(agencies, lambda a: a.name)


class ReceiptForm(forms.Form):
    received_on = forms.DateField(
        label=_("公安接收日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    receipt_number = _text(_("受案回执号"), 60)
    complex_case = forms.BooleanField(
        label=_("重大疑难复杂（30日内决定）"), required=False, widget=forms.CheckboxInput(attrs=CHECK)
    )


class DecisionForm(forms.Form):
    decided_on = forms.DateField(
        label=_("公安决定日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    reason = _text(_("不立案理由"), 300, required=False)
    noticed_on = forms.DateField(
        label=_("收到告知日期"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


class EscalateForm(forms.Form):
    escalated_on = forms.DateField(label=_("提请日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    procuratorate = _text(_("检察机关"), 100)


class DayForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class OutcomeForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    note = _text(_("说明"), 300, required=False)


# --- equipment, duty and operations -------------------------------------------------------------------


class EquipmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"), choices=rules.EQUIPMENT_KINDS, widget=forms.Select(attrs=SELECT)
    )
    code = _text(_("编号或号牌"), 40)
    name = _text(_("名称"), 100)
    state = forms.ChoiceField(
        label=_("状态"),
        choices=Equipment.STATES,
        initial=Equipment.AVAILABLE,
        widget=forms.Select(attrs=SELECT),
    )
    note = _text(_("备注"), 200, required=False)


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), choices=Equipment.STATES, widget=forms.Select(attrs=SELECT))


class DutyForm(forms.Form):
    user = forms.TypedChoiceField(label=_("人员"), coerce=int, widget=forms.Select(attrs=SELECT))
    on = forms.DateField(label=_("值班日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    role = forms.ChoiceField(label=_("值班岗位"), choices=rules.DUTY_ROLES, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, users: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = _choices(users)


TARGET_ROWS = 4
WITNESS_ROWS = 3


class PlanForm(forms.Form):
    """An operation: its name, kind and hours, leader and team, up to four target cases (by case
    number) with their places, the equipment to book and up to three invited witnesses."""

    court = forms.TypedChoiceField(label=_("法院"), coerce=int, widget=forms.Select(attrs=SELECT))
    name = _text(_("行动名称"), 100)
    kind = forms.ChoiceField(
        label=_("行动类型"), choices=rules.OPERATION_KINDS, widget=forms.Select(attrs=SELECT)
    )
    campaign = _text(_("专项行动"), 40, required=False)
    starts_at = forms.DateTimeField(label=_("计划开始"), widget=forms.DateTimeInput(attrs=DATETIME))
    ends_at = forms.DateTimeField(label=_("计划结束"), widget=forms.DateTimeInput(attrs=DATETIME))
    leader = forms.TypedChoiceField(label=_("带队"), coerce=int, widget=forms.Select(attrs=SELECT))
    officers = forms.TypedMultipleChoiceField(
        label=_("执行人员"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    police = forms.TypedMultipleChoiceField(
        label=_("司法警察、书记员"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    equipment = forms.TypedMultipleChoiceField(
        label=_("预约装备"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    briefing = _area(_("行动方案"), 5000, required=False)

    def __init__(self, *args: Any, courts: Any = (), users: Any = (), equipment: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["court"].choices = _choices(courts, lambda c: c.name)
        people = _choices(users)
        self.fields["leader"].choices = people
        self.fields["officers"].choices = people
        self.fields["police"].choices = people
        self.fields["equipment"].choices = _choices(
            equipment, lambda e: f"{e.get_kind_display()} {e.name}（{e.code}）"
        )
        for i in range(1, TARGET_ROWS + 1):
            self.fields[f"case_{i}"] = _text(_("案号"), 60, required=False)
            self.fields[f"place_{i}"] = _text(_("地点"), 200, required=False)
            self.fields[f"task_{i}"] = _text(_("任务"), 200, required=False)
            self.fields[f"property_{i}"] = forms.BooleanField(
                label=_("可能收取款物"), required=False, initial=True, widget=forms.CheckboxInput(attrs=CHECK)
            )
        for i in range(1, WITNESS_ROWS + 1):
            self.fields[f"witness_{i}"] = _text(_("见证人"), 100, required=False)
            self.fields[f"witness_kind_{i}"] = forms.ChoiceField(
                label=_("身份"),
                choices=rules.WITNESS_KINDS,
                required=False,
                widget=forms.Select(attrs=SELECT),
            )
            self.fields[f"witness_unit_{i}"] = _text(_("单位或职务"), 100, required=False)

    def target_rows(self) -> list[list]:
        return [
            [self[f"case_{i}"], self[f"place_{i}"], self[f"task_{i}"], self[f"property_{i}"]]
            for i in range(1, TARGET_ROWS + 1)
        ]

    def witness_rows(self) -> list[list]:
        return [
            [self[f"witness_{i}"], self[f"witness_kind_{i}"], self[f"witness_unit_{i}"]]
            for i in range(1, WITNESS_ROWS + 1)
        ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("计划结束时间须晚于开始时间"))
        targets = []
        for i in range(1, TARGET_ROWS + 1):
            number, place = (data.get(f"case_{i}") or "").strip(), (data.get(f"place_{i}") or "").strip()
            if number and not place:
                self.add_error(f"place_{i}", _("须填写该案的行动地点"))
            if number:
                targets.append(
                    {
                        "number": number,
                        "place": place,
                        "task": data.get(f"task_{i}") or "",
                        "takes_property": bool(data.get(f"property_{i}")),
                    }
                )
        if not targets:
            self.add_error("case_1", _("至少列入一件案件"))
        data["targets"] = targets
        data["witnesses"] = [
            {
                "name": data[f"witness_{i}"].strip(),
                "kind": data.get(f"witness_kind_{i}") or "other",
                "unit": data.get(f"witness_unit_{i}") or "",
            }
            for i in range(1, WITNESS_ROWS + 1)
            if (data.get(f"witness_{i}") or "").strip()
        ]
        return data


class CloseForm(forms.Form):
    summary = _area(_("行动小结"), 5000, required=False, attrs=BIG)


class HandoverForm(forms.Form):
    late_reason = _text(_("未当日移交的理由"), 200, required=False)


# --- the field page (a phone) -------------------------------------------------------------------------


def _case_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=_("案件"), coerce=int, widget=forms.Select(attrs=BIG_SELECT))


class CheckInForm(forms.Form):
    case = forms.TypedChoiceField(
        label=_("案件"), coerce=int, required=False, empty_value=None, widget=forms.Select(attrs=BIG_SELECT)
    )
    place = _text(_("地点"), 200, required=False, attrs=BIG)

    def __init__(self, *args: Any, cases: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", _("（不针对具体案件）"))] + _choices(
            cases, lambda c: c.case_number
        )


class FindingForm(forms.Form):
    case = _case_field()
    text = _area(_("现场情况"), 1000, attrs=BIG)
    place = _text(_("地点"), 200, required=False, attrs=BIG)

    def __init__(self, *args: Any, cases: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = _choices(cases, lambda c: c.case_number)


class CashForm(forms.Form):
    case = _case_field()
    amount = _money(_("金额（元）"), attrs=BIG)
    receipt_number = _text(_("收据号"), 40, attrs=BIG)
    payer_name = _text(_("交款人"), 100, attrs=BIG)
    officers = forms.TypedMultipleChoiceField(
        label=_("在场执行人员（至少两名）"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, cases: Any = (), officers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = _choices(cases, lambda c: c.case_number)
        self.fields["officers"].choices = _choices(officers)


class PhotoForm(forms.Form):
    case = _case_field()
    title = _text(_("说明"), 200, attrs=BIG)
    file = forms.FileField(
        label=_("照片"),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "visually-hidden",
                "accept": "image/*",
                "capture": "environment",
            }
        ),
    )

    def __init__(self, *args: Any, cases: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = _choices(cases, lambda c: c.case_number)


class SupersedeForm(forms.Form):
    """A wrong evidence file is never edited or deleted: a new file replaces it, with the reason."""

    reason = _text(_("替代理由"), 200)
    title = _text(_("说明"), 200)
    file = forms.FileField(label=_("新文件"), widget=forms.ClearableFileInput(attrs=TEXT))


class SeizeForm(forms.Form):
    party = forms.TypedChoiceField(label=_("被执行人"), coerce=int, widget=forms.Select(attrs=BIG_SELECT))
    asset_type = forms.ChoiceField(label=_("财产类型"), widget=forms.Select(attrs=BIG_SELECT))
    description = _text(_("财产描述"), 200, attrs=BIG)
    value = _money(_("估计价值（元）"), attrs=BIG, required=False)

    def __init__(self, *args: Any, parties: Any = (), **kwargs: Any) -> None:
        from zhixing.inquiry import rules as inquiry_rules

        super().__init__(*args, **kwargs)
        self.fields["party"].choices = _choices(parties, lambda p: f"{p.name}（{p.case.case_number}）")
        self.fields["asset_type"].choices = inquiry_rules.ASSET_TYPES
